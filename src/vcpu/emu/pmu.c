/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The performance monitor's counting (Power ISA 3.0B Book III chapter 9,
 * with the events QEMU 7.2's pseries POWER9 counts):
 *
 *  - PMC5 counts instructions completed and PMC6 cycles, unless MMCR0[FC56];
 *  - PMC1-4 count the event MMCR1 selects for them (PMC1 bits 32:39, PMC2
 *    40:47, PMC3 48:55, PMC4 56:63), unless MMCR0[FC14]: 0x02 instructions
 *    completed (also 0xfe on PMC1, and 0xfa on PMC4 while CTRL[RUN] = 1),
 *    0x1e cycles (also 0xf0 on PMC1); any other event never happens here;
 *  - every counter is frozen by MMCR0[FC], by MMCR0[FCS] in supervisor
 *    state, by MMCR0[FCP] in problem state (whatever FCPC says: for a
 *    partition with MSR[HV] = 0 every FCP/FCPC combination that freezes
 *    at all freezes problem state), and by MMCR0[FCM1]/[FCM0] while
 *    MSR[PMM] is 1/0; and PMCn alone by MMCR2[FCnS] in supervisor state
 *    and MMCR2[FCnP] in problem state (what Linux's perf uses to exclude
 *    kernel or user; MMCR2's other per-counter bits are kept, unused).
 *
 * Cycles: one per instruction completed (an in-order, one instruction per
 * cycle model).  QEMU counts host nanoseconds instead, which no guest can
 * compare; this rule keeps PMC6 deterministic, and a cycle overflow is as
 * precise as an instruction overflow.
 *
 * What counts as completed: an instruction that raised no interrupt, and
 * only when the counters it advances run both before and after it, so the
 * mtspr MMCR0 that starts or stops counting is never counted (QEMU 7.2
 * counts neither either).
 *
 * Alerts: a counter becoming negative (bit 32 from 0 to 1) is an enabled
 * condition when MMCR0[PMC1CE] (PMC1) or MMCR0[PMCjCE] (PMC2-6) is set.
 * It freezes the counters when MMCR0[FCECE] is set (FC=1, FCECE=0), and
 * with MMCR0[PMAE] it is a performance monitor alert: PMAO=1, PMAE=0, SIAR
 * = the instruction's address.  The exception exists while MMCR0[PMAO] is
 * 1, also when software sets it, and interrupts (0xf00) when MSR[EE] is 1.
 * Counters keep counting past 0x80000000 and wrap at 2^32 as the ISA says
 * (QEMU 7.2 holds a counter at 0x80000000 instead, and never delivers the
 * interrupt, only event-based branches).  The time-base alert (TBEE),
 * MMCR0[TRIGGER], event-based branches and SDAR/SIER sampling are not
 * implemented: those bits are kept, nothing acts on them.
 *
 * Precision: while the counters run or an alert is pending, the execution
 * loop steps one instruction at a time (trace.c), so counts are exact at
 * every mfspr and the interrupt is taken before the next instruction.  The
 * ISA allows the interrupt to be imprecise; exactness costs speed only
 * while a guest counts (Linux freezes the counters unless perf runs).
 */
#include "emu.h"
#include "pmu.h"

#define CTRL_RUN       PPC_BIT(63)

/* Events of MMCR1's selectors. */
#define EV_INSNS       0x02u
#define EV_CYCLES      0x1eu
#define EV_PMC1_INSNS  0xfeu
#define EV_PMC1_CYCLES 0xf0u
#define EV_PMC4_RUN_INSNS 0xfau

/* The event MMCR1 selects for PMCi (i = 1..4). */
static unsigned pmc_event(uint64_t mmcr1, unsigned i)
{
        return (unsigned)(mmcr1 >> (8 * (4 - i))) & 0xffu;
}

/* Does PMCi (1..4) count in this state?  Cycles and instructions advance
 * alike under the one-cycle-per-instruction rule. */
static bool pmc14_counts(const struct emu_cpu *cpu, unsigned i)
{
        unsigned ev = pmc_event(cpu->spr[SPR_MMCR1], i);

        if (ev == EV_INSNS || ev == EV_CYCLES)
                return true;
        if (i == 1)
                return ev == EV_PMC1_INSNS || ev == EV_PMC1_CYCLES;
        if (i == 4 && ev == EV_PMC4_RUN_INSNS)
                return cpu->spr[SPR_CTRL_R] & CTRL_RUN;
        return false;
}

/* Freeze conditions of MMCR0 that depend on the machine state. */
static bool frozen_in(uint64_t mmcr0, uint64_t msr)
{
        bool pr = msr & MSR_PR, pmm = msr & MSR_PMM;

        if (mmcr0 & MMCR0_FC)
                return true;
        if ((mmcr0 & MMCR0_FCS) && !pr)
                return true;
        if ((mmcr0 & MMCR0_FCP) && pr)
                return true;
        return (mmcr0 & (pmm ? MMCR0_FCM1 : MMCR0_FCM0)) != 0;
}

/* The counters MMCR2 freezes in this state (bit i: PMCi+1). */
static unsigned mmcr2_frozen(uint64_t mmcr2, uint64_t msr)
{
        unsigned mask = 0;

        if (!mmcr2)
                return 0;
        for (unsigned n = 1; n <= EMU_PMCS; n++)
                if (mmcr2 & ((msr & MSR_PR) ? MMCR2_FCP(n) : MMCR2_FCS(n)))
                        mask |= 1u << (n - 1);
        return mask;
}

unsigned emu_pmu_counting(const struct emu_cpu *cpu)
{
        uint64_t mmcr0 = cpu->spr[SPR_MMCR0];
        unsigned mask = 0;

        if (frozen_in(mmcr0, cpu->msr))
                return 0;
        if (!(mmcr0 & MMCR0_FC14))
                for (unsigned i = 1; i <= 4; i++)
                        if (pmc14_counts(cpu, i))
                                mask |= 1u << (i - 1);
        if (!(mmcr0 & MMCR0_FC56))
                mask |= 3u << 4;
        return mask & ~mmcr2_frozen(cpu->spr[SPR_MMCR2], cpu->msr);
}

/* Could any counter run in some state, or is an alert pending?  Then the
 * execution loop steps (see the top of this file). */
void emu_pmu_update(struct emu_cpu *cpu)
{
        uint64_t mmcr0 = cpu->spr[SPR_MMCR0];
        bool may_count = !(mmcr0 & MMCR0_FC) &&
                         (!(mmcr0 & MMCR0_FC56) ||
                          (!(mmcr0 & MMCR0_FC14) && cpu->spr[SPR_MMCR1] != 0));

        cpu->pmu_step = may_count || (mmcr0 & MMCR0_PMAO);
}

static bool condition_enabled(uint64_t mmcr0, unsigned i)
{
        return mmcr0 & (i == 0 ? MMCR0_PMC1CE : MMCR0_PMCJCE);
}

/* PMCi+1 just became negative. */
static void enabled_condition(struct emu_cpu *cpu, uint64_t cia)
{
        uint64_t mmcr0 = cpu->spr[SPR_MMCR0];

        if (mmcr0 & MMCR0_FCECE)
                mmcr0 = (mmcr0 & ~MMCR0_FCECE) | MMCR0_FC;
        if (mmcr0 & MMCR0_PMAE) {
                mmcr0 = (mmcr0 & ~MMCR0_PMAE) | MMCR0_PMAO;
                cpu->spr[SPR_SIAR] = cia;
        }
        cpu->spr[SPR_MMCR0] = mmcr0;
        emu_pmu_update(cpu);
}

void emu_pmu_tick(struct emu_cpu *cpu, unsigned mask, uint64_t cia)
{
        bool condition = false;

        for (unsigned i = 0; i < EMU_PMCS; i++) {
                uint64_t *pmc = &cpu->spr[SPR_PMC1 + i];
                uint64_t old = *pmc & 0xffffffffull;

                if (!(mask & (1u << i)))
                        continue;
                *pmc = (old + 1) & 0xffffffffull;
                if (!(old & PMC_NEGATIVE) && (*pmc & PMC_NEGATIVE) &&
                    condition_enabled(cpu->spr[SPR_MMCR0], i))
                        condition = true;
        }
        if (condition)
                enabled_condition(cpu, cia);
}
