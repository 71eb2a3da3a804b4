/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The step loop and the trace interrupt (Power ISA 3.0B Book III 6.5.15).
 *
 * While MSR[SE] or MSR[BE] is set, or the performance monitor counts or
 * has an alert pending (pmu.c), the execution loop hands over to
 * emu_exec_step(), which fetches, decodes and runs one instruction at a
 * time, so that an interrupt can follow any single instruction.  It does
 * not use the decoded-page cache: every fetch reads guest memory afresh
 * (always coherent, slow, and only while tracing or counting).
 *
 * Trace interrupt, after an instruction completes:
 *  - single-step (MSR[SE] = 1 when the instruction starts): every
 *    instruction except the returns rfid, hrfid, rfscv and rfebb (never
 *    traced), sc and scv (which always end in an interrupt or a hypercall
 *    returning as if through hrfid) and any instruction that caused an
 *    interrupt (it did not complete).  mtmsr(d) is traced, also when it
 *    clears MSR[SE] (SRR1 then shows SE = 0), as QEMU and microwatt do;
 *    Linux's kprobes refuse to step it for their own reasons;
 *  - branch trace (MSR[BE] = 1): every branch (b, bc, bclr, bcctr, bctar),
 *    taken or not.
 *  SRR0 is the next instruction, SRR1[33] = 1, SRR1[35] = 1 after a load
 *  (or icbi, icbt, dcbt, dcbst, dcbf), SRR1[36] = 1 after a store (or
 *  dcbz, dcbtst), SRR1's other bits 34:36 and 42:47 are 0 and the rest is
 *  the MSR; SIAR gets the traced instruction's address.  SDAR (the
 *  storage operand's address) is not set.  The new MSR is that of any
 *  interrupt (SE and BE cleared, LPCR[AIL] applies).
 *  Priority: the trace interrupt comes before any asynchronous one
 *  (external, performance monitor, decrementer) pending at that point.
 *  An instruction that ends in an MMIO exit is traced when the next run
 *  has completed it, before the next instruction; but an external or
 *  decrementer interrupt that run() delivers before entering the loop
 *  supersedes that trace interrupt (a known difference from the ISA's
 *  priority, for MMIO with MSR[EE] = 1 only).
 *
 * QEMU 7.2 differs (tests/guests/trace.c does not print these): it sets
 * SRR1[33:36] = 0 and leaves SIAR alone.
 */
#include <string.h>

#include "emu.h"
#include "pmu.h"

#define SRR1_TRACE        PPC_BIT(33)
#define SRR1_TRACE_LOAD   PPC_BIT(35)
#define SRR1_TRACE_STORE  PPC_BIT(36)

#define OP_SC       17u
#define OP_BC       16u
#define OP_B        18u
#define OP_XL       19u
#define XL_BCLR     16u
#define XL_RFID     18u
#define XL_RFSCV    82u
#define XL_RFEBB    146u
#define XL_HRFID    274u
#define XL_BCCTR    528u
#define XL_BCTAR    560u

static bool is_branch(uint32_t w)
{
        unsigned op = EMU_OPCD(w), xo = EMU_XO10(w);

        if (op == OP_B || op == OP_BC)
                return true;
        return op == OP_XL && (xo == XL_BCLR || xo == XL_BCCTR || xo == XL_BCTAR);
}

static bool never_traced(uint32_t w)
{
        unsigned op = EMU_OPCD(w), xo = EMU_XO10(w);

        if (op == OP_SC)
                return true;
        return op == OP_XL && (xo == XL_RFID || xo == XL_HRFID || xo == XL_RFSCV || xo == XL_RFEBB);
}

static bool traced(uint32_t w, uint64_t msr)
{
        if ((msr & MSR_SE) && !never_traced(w))
                return true;
        return (msr & MSR_BE) && is_branch(w);
}

/* SRR1[35] / SRR1[36]: the traced instruction accessed storage as a load
 * or a store.  The instruction tables' mnemonics tell: l* (but the
 * immediate and permute-control forms li, lis, lvsl, lvsr) and the cache
 * operations the ISA lists with loads; st* (but stop) and dcbz, dcbtst. */
static uint64_t storage_bits(uint32_t w)
{
        static const char *const not_loads[] = { "li", "lis", "lvsl", "lvsr" };
        static const char *const like_loads[] = { "icbi", "icbt", "dcbt", "dcbst", "dcbf" };
        const struct emu_opdesc *d = emu_lookup(w);

        if (!d || !d->name)
                return 0;
        for (size_t i = 0; i < sizeof(like_loads) / sizeof(like_loads[0]); i++)
                if (!strcmp(d->name, like_loads[i]))
                        return SRR1_TRACE_LOAD;
        if (!strcmp(d->name, "dcbz") || !strcmp(d->name, "dcbtst"))
                return SRR1_TRACE_STORE;
        if (!strncmp(d->name, "st", 2))
                return strcmp(d->name, "stop") ? SRR1_TRACE_STORE : 0;
        if (d->name[0] != 'l')
                return 0;
        for (size_t i = 0; i < sizeof(not_loads) / sizeof(not_loads[0]); i++)
                if (!strcmp(d->name, not_loads[i]))
                        return 0;
        return SRR1_TRACE_LOAD;
}

/* The trace interrupt after the instruction `w` at `cia`; cpu->nip is the
 * next instruction. */
static void raise_trace(struct emu_cpu *cpu, uint32_t w, uint64_t cia)
{
        cpu->spr[SPR_SIAR] = cia;
        emu_raise(cpu, EXC_TRACE, cpu->nip, SRR1_TRACE | storage_bits(w));
}

/* ---- fetch ---- */

/* The instruction word at cpu->nip: EMU_NEXT, or EMU_JUMP after an
 * interrupt (storage, machine check), or EMU_EXIT when the guest cannot
 * go on (v->run says why). */
static int fetch(struct emu_vcpu *v, uint32_t *ret)
{
        struct emu_cpu *cpu = &v->cpu;
        const uint8_t *p;
        uint64_t ra, from;

        cpu->nip &= ~3ull;
        from = cpu->nip;
        if (cpu->msr & MSR_IR) {
                if (emu_mmu_xlate(cpu, cpu->nip, EMU_ACCESS_EXEC, &ra) != EMU_NEXT)
                        return EMU_JUMP;
        } else {
                ra = cpu->nip & EMU_REAL_MASK;
        }
        p = emu_ram_ptr(cpu->vm, ra, 4);
        if (!p) {
                /* Outside RAM: a machine check, as the block loop does;
                 * at the machine check vector itself the guest is lost. */
                emu_raise(cpu, EXC_MACHINE_CHECK, from, 0);
                if (cpu->nip == from) {
                        emu_internal_error(v, "instruction fetch outside guest RAM at the machine check vector");
                        return EMU_EXIT;
                }
                return EMU_JUMP;
        }
        if (cpu->msr & MSR_LE)
                *ret = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                       (uint32_t)p[3] << 24;
        else
                *ret = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        return EMU_NEXT;
}

/* ---- the loop ---- */

static bool stepping(const struct emu_cpu *cpu)
{
        return (cpu->msr & (MSR_SE | MSR_BE)) || cpu->pmu_step;
}

/*
 * Interrupts that may come between two instructions, in the order Book III
 * gives them: a trace interrupt owed by an instruction an MMIO exit ended,
 * then (with MSR[EE]) external, performance monitor, decrementer.  The
 * external and decrementer ones are the block loop's (emu_service_requests).
 * True when run() must return (a kick).
 */
static bool between_instructions(struct emu_vcpu *v)
{
        struct emu_cpu *cpu = &v->cpu;
        unsigned req;

        if (cpu->trace_pending) {
                cpu->trace_pending = false;
                cpu->spr[SPR_SIAR] = cpu->trace_cia;
                emu_raise(cpu, EXC_TRACE, cpu->nip, cpu->trace_srr1);
                return false;
        }
        req = atomic_load_explicit(&v->req, memory_order_acquire);
        if (req & EMU_REQ_KICK)
                return true;
        if (!(cpu->msr & MSR_EE))
                return false;
        if (!(req & EMU_REQ_EXT) && emu_pmu_alert(cpu)) {
                emu_raise(cpu, EXC_PERF_MONITOR, cpu->nip, 0);
                return false;
        }
        return req && emu_service_requests(v);
}

/* Runs one instruction; EMU_EXIT when run() must return. */
static int step_one(struct emu_vcpu *v)
{
        struct emu_cpu *cpu = &v->cpu;
        struct emu_insn in;
        uint64_t cia = cpu->nip, msr = cpu->msr;
        unsigned raised, counting;
        uint32_t w;
        int r = fetch(v, &w);

        if (r != EMU_NEXT)
                return r;
        emu_decode(w, &in);
        raised = cpu->nraised;
        counting = emu_pmu_counting(cpu);
        r = in.fn(cpu, &in);
        cpu->insns++;
        if (r == EMU_NEXT)
                cpu->nip = emu_nia(cpu, cpu->nip + 4);
        else if (r != EMU_JUMP && r != EMU_EXIT) {
                emu_internal_error(v, "instruction handler returned an unknown result");
                return EMU_EXIT;
        }
        if (cpu->nraised != raised)
                return r;                       /* it did not complete */
        counting &= emu_pmu_counting(cpu);
        if (counting)
                emu_pmu_tick(cpu, counting, cia);
        if (!traced(w, msr))
                return r;
        if (r == EMU_EXIT) {
                /* nip is already past it; the next run completes it. */
                cpu->trace_pending = true;
                cpu->trace_cia = cia;
                cpu->trace_srr1 = SRR1_TRACE | storage_bits(w);
                return r;
        }
        raise_trace(cpu, w, cia);
        return EMU_JUMP;
}

bool emu_exec_step(struct emu_vcpu *v)
{
        struct emu_cpu *cpu = &v->cpu;

        do {
                if (between_instructions(v)) {
                        v->run.exit_reason = KVM_EXIT_INTR;
                        return true;
                }
                if (!stepping(cpu))
                        break;
                if (step_one(v) == EMU_EXIT)
                        return true;
        } while (stepping(cpu) || cpu->trace_pending);
        return false;
}
