/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sPAPR hypercalls (`sc 1`, r3 = number, r4.. = arguments, PAPR 14.5). */
#pragma once

#include <stdint.h>

/* Return codes. */
#define H_SUCCESS               0
#define H_BUSY                  1
#define H_HARDWARE              (-1)
#define H_FUNCTION              (-2)
#define H_PRIVILEGE             (-3)
#define H_PARAMETER             (-4)
#define H_RESOURCE              (-16)
#define H_BAD_MODE              (-5)
#define H_NOT_FOUND             (-7)
#define H_P2                    (-55)
#define H_P3                    (-56)
#define H_P4                    (-57)
#define H_UNSUPPORTED_FLAG      (-256)

/* Hypercall numbers. */
#define H_SET_SPRG0             0x24
#define H_SET_DABR              0x28
#define H_PAGE_INIT             0x2c
#define H_LOGICAL_CI_LOAD       0x3c
#define H_LOGICAL_CI_STORE      0x40
#define H_GET_TERM_CHAR         0x54
#define H_PUT_TERM_CHAR         0x58
#define H_EOI                   0x64
#define H_CPPR                  0x68
#define H_IPI                   0x6c
#define H_IPOLL                 0x70
#define H_XIRR                  0x74
#define H_REGISTER_VPA          0xdc
#define H_CEDE                  0xe0
#define H_CONFER                0xe4
#define H_PROD                  0xe8
#define H_XIRR_X                0x2fc
#define H_RANDOM                0x300
#define H_SET_MODE              0x31c
#define KVMPPC_H_RTAS           0xf000

/* H_PAGE_INIT flags (PAPR: bits 48 and 49 of the flags doubleword). */
#define H_ZERO_PAGE             (1ull << (63 - 48))
#define H_COPY_PAGE             (1ull << (63 - 49))
#define H_ICACHE_INVALIDATE     (1ull << (63 - 40))
#define H_ICACHE_SYNCHRONIZE    (1ull << (63 - 41))

/* H_REGISTER_VPA subfunctions (flags bits 16..18). */
#define H_VPA_FUNC_SHIFT        (63 - 18)
#define H_VPA_REG_VPA           (1ull << H_VPA_FUNC_SHIFT)
#define H_VPA_REG_DTL           (2ull << H_VPA_FUNC_SHIFT)
#define H_VPA_REG_SLB           (3ull << H_VPA_FUNC_SHIFT)
#define H_VPA_DEREG_VPA         (5ull << H_VPA_FUNC_SHIFT)
#define H_VPA_DEREG_DTL         (6ull << H_VPA_FUNC_SHIFT)
#define H_VPA_DEREG_SLB         (7ull << H_VPA_FUNC_SHIFT)

/* H_SET_MODE resources. */
#define H_SET_MODE_RESOURCE_ADDR_TRANS_MODE 3
#define H_SET_MODE_RESOURCE_LE  4
#define H_SET_MODE_ENDIAN_BIG   0
#define H_SET_MODE_ENDIAN_LITTLE 1

/* XICS: the interprocessor interrupt source number. */
#define XICS_IPI                2

/* r3 = status; ret[0..8] = r4..r12 after the call.  In rt/entry.S. */
long rt_hcall(unsigned long nr, const unsigned long args[9], unsigned long ret[9]);

static inline long hcall(unsigned long nr, unsigned long *ret, unsigned long a0,
                         unsigned long a1, unsigned long a2, unsigned long a3)
{
        unsigned long args[9] = { a0, a1, a2, a3 };
        unsigned long scratch[9];

        return rt_hcall(nr, args, ret ? ret : scratch);
}

#define hcall0(nr)                      hcall((nr), 0, 0, 0, 0, 0)
#define hcall1(nr, a)                   hcall((nr), 0, (a), 0, 0, 0)
#define hcall2(nr, a, b)                hcall((nr), 0, (a), (b), 0, 0)
#define hcall3(nr, a, b, c)             hcall((nr), 0, (a), (b), (c), 0)
#define hcall4(nr, a, b, c, d)          hcall((nr), 0, (a), (b), (c), (d))
