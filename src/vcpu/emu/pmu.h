/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The performance monitor of the emulated POWER9 (pmu.c): SPR numbers,
 * MMCR0/MMCR1 fields as Power ISA 3.0B Book III chapter 9 names them, and
 * what the SPR code and the step loop (trace.c) call.
 */
#pragma once

#include "cpu.h"

#define SPR_SIER    784
#define SPR_MMCR2   785
#define SPR_MMCRA   786
#define SPR_PMC1    787
#define SPR_PMC5    791
#define SPR_PMC6    792
#define SPR_MMCR0   795
#define SPR_SIAR    796
#define SPR_SDAR    797
#define SPR_MMCR1   798
#define EMU_PMCS    6

/* MMCR0, a 32-bit register: bit n of the ISA is PPC_BIT(n) of the SPR. */
#define MMCR0_FC      PPC_BIT(32)   /* freeze counters */
#define MMCR0_FCS     PPC_BIT(33)   /* ... in privileged (supervisor) state */
#define MMCR0_FCP     PPC_BIT(34)   /* ... in problem state */
#define MMCR0_FCM1    PPC_BIT(35)   /* ... while MSR[PMM] = 1 */
#define MMCR0_FCM0    PPC_BIT(36)   /* ... while MSR[PMM] = 0 */
#define MMCR0_PMAE    PPC_BIT(37)   /* performance monitor alert enable (PMXE before) */
#define MMCR0_FCECE   PPC_BIT(38)   /* freeze counters on enabled condition or event */
#define MMCR0_PMCC_SHIFT 18         /* bits 44:45, problem-state access */
#define MMCR0_PMC1CE  PPC_BIT(48)   /* PMC1 negative is an enabled condition */
#define MMCR0_PMCJCE  PPC_BIT(49)   /* PMC2-6 negative is an enabled condition */
#define MMCR0_PMAO    PPC_BIT(56)   /* performance monitor alert occurred */
#define MMCR0_FC14    PPC_BIT(58)   /* freeze PMC1-4 */
#define MMCR0_FC56    PPC_BIT(59)   /* freeze PMC5-6 */

/* MMCR2: nine freeze bits per counter, PMCn's from bit 9(n-1); of them
 * FCnS (offset 0, privileged state) and FCnP (offset 1, problem state). */
#define MMCR2_FCS(n)  PPC_BIT(9 * ((n) - 1))
#define MMCR2_FCP(n)  PPC_BIT(9 * ((n) - 1) + 1)

/* A 32-bit PMC is negative when its bit 32 (its most significant) is 1. */
#define PMC_NEGATIVE  0x80000000ull

/* Recomputes cpu->pmu_step after a write to MMCR0 or MMCR1 (spr.c). */
void emu_pmu_update(struct emu_cpu *cpu);

/* The counters (bit i: PMCi+1) an instruction completing in cpu's current
 * state would advance. */
unsigned emu_pmu_counting(const struct emu_cpu *cpu);

/* One instruction, at address cia, completed while the counters in mask
 * were counting: each advances by one (one instruction, and one cycle:
 * see pmu.c) and may raise a performance monitor alert. */
void emu_pmu_tick(struct emu_cpu *cpu, unsigned mask, uint64_t cia);

/* A performance monitor exception exists (MMCR0[PMAO] = 1). */
static inline bool emu_pmu_alert(const struct emu_cpu *cpu)
{
        return cpu->spr[SPR_MMCR0] & MMCR0_PMAO;
}
