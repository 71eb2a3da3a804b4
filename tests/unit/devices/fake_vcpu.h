/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A fake vcpu backend for the machine and device tests: registers live in
 * plain fields, run() completes the previous exit like KVM does and then
 * asks a per-test script what the next exit is.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "vcpu/vcpu.h"

struct fake_vcpu {
        struct vcpu base;
        struct vcpu_run run;
        struct vcpu_regs regs;
        struct vcpu_fpu fpu;
        enum vcpu_mp_state mp;
        uint64_t spr[1024];
        uint64_t vpa;
        int line;                  /* 1 while the external line is up */
        unsigned edges;            /* VCPU_INTERRUPT_SET count */
        unsigned kicks;
        unsigned runs;
        bool kicked;
};

struct fake_vm {
        struct vcpu_vm base;
        uint64_t lpcr;
        void *ram;
        uint64_t ram_size;
        unsigned writes;               /* ram_written calls, the last range */
        uint64_t written_gpa, written_len;
};

/* What run() does after completing the last exit: fill v->run (return 0),
 * or return < 0.  NULL: a KVM_EXIT_INTR after a short sleep. */
extern int (*fake_script)(struct fake_vcpu *v);
extern const struct vcpu_backend_ops fake_vcpu_ops;

static inline struct fake_vcpu *fake_of(struct vcpu *v)
{
        return (struct fake_vcpu *)v;
}
