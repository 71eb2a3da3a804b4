/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sPAPR hypercalls: numbers and return codes as PAPR (and Linux's
 * asm/hvcall.h) name them, and the table each hcall_*.c file contributes to.
 * A handler gets r4..r12 in args[] and may write results back there (they
 * return to r4..r12); its return value goes to r3.  Arguments are guest
 * input: every one is checked.
 */
#pragma once

#include <stdint.h>

#include "devices/platform.h"

/* Return codes. */
#define H_SUCCESS          0
#define H_BUSY             1
#define H_HARDWARE        -1
#define H_FUNCTION        -2
#define H_PRIVILEGE       -3
#define H_PARAMETER       -4
#define H_NOT_FOUND       -7
#define H_RESOURCE       -16
#define H_P2             -55
#define H_P3             -56
#define H_P4             -57
#define H_UNSUPPORTED    -67
#define H_UNSUPPORTED_FLAG -256

/* Hypercall numbers. */
#define H_SET_SPRG0          0x24
#define H_SET_DABR           0x28
#define H_PAGE_INIT          0x2c
#define H_LOGICAL_CI_LOAD    0x3c
#define H_LOGICAL_CI_STORE   0x40
#define H_GET_TERM_CHAR      0x54
#define H_PUT_TERM_CHAR      0x58
#define H_EOI                0x64
#define H_CPPR               0x68
#define H_IPI                0x6c
#define H_IPOLL              0x70
#define H_XIRR               0x74
#define H_REGISTER_VPA       0xdc
#define H_CEDE               0xe0
#define H_CONFER             0xe4
#define H_PROD               0xe8
#define H_VIO_SIGNAL         0x104
#define H_SET_XDABR          0x134
#define H_XIRR_X             0x2fc
#define H_RANDOM             0x300
#define H_SET_MODE           0x31c
#define H_REGISTER_PROC_TBL  0x37c
#define KVMPPC_H_RTAS        0xf000

struct hcall_ctx {
        struct platform *p;
        struct vcpu *vcpu;
        unsigned index;            /* the calling vcpu's index */
        uint64_t *args;            /* r4..r12, in and out */
};

typedef int64_t (*hcall_fn)(struct hcall_ctx *c);

struct hcall_def {
        uint64_t nr;
        const char *name;
        hcall_fn fn;
};

/* Each file's table, ending with { 0, NULL, NULL }.  hcall.c lists them. */
extern const struct hcall_def hcalls_term[];      /* hcall_term.c */
extern const struct hcall_def hcalls_mode[];      /* hcall_mode.c */
extern const struct hcall_def hcalls_page[];      /* hcall_page.c */
extern const struct hcall_def hcalls_vpa[];       /* hcall_vpa.c */
extern const struct hcall_def hcalls_misc[];      /* hcall_misc.c */
extern const struct hcall_def hcalls_xics[];      /* hcall_xics.c */
extern const struct hcall_def hcalls_rtas[];      /* rtas.c */
extern const struct hcall_def hcalls_mmu[];       /* hcall_mmu.c */

/* The hashed page table (hcall_mmu.c): the size QEMU's pseries gives a
 * guest with ram_size bytes (log2, 18..46), and allocating a zeroed one of
 * that size in the backend for the partition of vcpu (any vcpu of it), which
 * also forgets any registered process table (the MMU's power-on state: call
 * it at every boot and reset).  The machine advertises *ret_shift as
 * "ibm,pft-size" = <0 shift> on every cpu node. */
unsigned hcall_mmu_hpt_shift(uint64_t ram_size);
int hcall_mmu_alloc_hpt(struct vcpu *vcpu, uint64_t ram_size, unsigned *ret_shift);

const struct hcall_def *hcall_lookup(uint64_t nr);
/* One step of vcpu index's VPA yield count (cede or wake; hcall_vpa.c). */
void vpa_dispatch_count(struct platform *p, unsigned index);
/* Runs hypercall nr with args (r4..r12) on vcpu `index`; returns r3. */
int64_t hcall_dispatch(struct platform *p, struct vcpu *vcpu, uint64_t nr, uint64_t args[9]);
