/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The oracle's ppcvmd side: runs an assembled sequence in the emulator in
 * problem state, two ways.
 *   step  a loop of our own over emu_decode and the handlers, fetching from
 *         RAM, that can look at every instruction before it runs (to find
 *         results the ISA leaves undefined);
 *   run   the backend's run() (vcpu_emu_ops), the real execution loop with
 *         its decoded-page cache; the sequence ends in a store outside RAM
 *         (an MMIO exit), and every interrupt vector holds the same store.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "gen.h"

/* Normalised outcome of a sequence, the same for both sides. */
enum fault_kind {
        FAULT_NONE,
        FAULT_ILLEGAL,    /* program interrupt, illegal instruction / SIGILL ILL_ILLOPC */
        FAULT_PRIV,       /* program interrupt, privileged / SIGILL ILL_PRVOPC */
        FAULT_TRAP,       /* program interrupt, trap / SIGTRAP */
        FAULT_FP,         /* program interrupt, FP enabled / SIGFPE */
        FAULT_ALIGN,      /* alignment interrupt / SIGBUS */
        FAULT_STORAGE,    /* DSI, ISI, machine check / SIGSEGV */
        FAULT_OTHER,
};
const char *fault_name(unsigned kind);

struct emurun;

int emurun_new(bool le, struct emurun **ret);
void emurun_free(struct emurun *e);

/*
 * Runs c from s->init with the step loop.  out->sig holds an enum fault_kind
 * and out->sig_pc the faulting address.  If gen_undefined() fires, returns 1
 * with *ret_group set and out unspecified.  Returns 0 when done, or -EIO with
 * a message in err (the emulator exited, ran away, fetched outside RAM).
 */
/* *ret_group: the group, | EMURUN_AFTER when gen_qemu_differs_after() fired,
 * else | (gen_undefined()'s value << 20). */
#define EMURUN_AFTER 0x10000u
int emurun_step(struct emurun *e, const struct seq *s, const struct code *c,
                struct oracle_state *out, unsigned *ret_group, char *err, size_t errlen);

/* Runs c from s->init through vcpu_emu_ops.run().  0 or -errno (err says). */
int emurun_backend(struct emurun *e, const struct seq *s, const struct code *c,
                   struct oracle_state *out, char *err, size_t errlen);
