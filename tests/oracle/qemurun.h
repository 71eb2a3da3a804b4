/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The oracle's QEMU side: one qemu-ppc64(le)-static process runs a whole
 * batch of cases through the harness (tests/oracle/harness).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "gen.h"

struct qemu_side {
        const char *qemu;      /* qemu-ppc64-static or qemu-ppc64le-static */
        const char *harness;   /* the harness built for the same byte order */
        bool le;
};

/*
 * Runs n cases; out[i] receives case i's final state with sig already
 * normalised to an enum fault_kind and sig_pc the faulting address.
 * 0, or -errno with a message in err.
 */
int qemu_run_batch(const struct qemu_side *q, unsigned n, const struct seq *const *seqs,
                   const struct code *const *codes, struct oracle_state *out,
                   char *err, size_t errlen);
