/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Supervisor instructions of a partition guest (Power ISA 3.0 Book III):
 * MSR moves, rfid, SPR moves, sc, synchronisation, and the TLB/SLB
 * management a guest may do.
 *
 * Privilege: a privileged instruction in problem state causes the
 * privileged-instruction program interrupt.  A hypervisor-privileged one
 * (hrfid, stop, tlbie without LPCR[GTSE]) in supervisor state causes a
 * hypervisor emulation assistance interrupt, which the hypervisor reflects
 * to the guest as an illegal-instruction program interrupt (as KVM does).
 * doze, nap, sleep and rvwinkle are gone from ISA 3.0: they decode as
 * illegal, as does attn.
 *
 * CR moves (mfcr, mtcrf, mfocrf, mtocrf) live in op_cr.c.
 */
#include "cpu.h"
#include "emu.h"

#define HANDLER(name) static int name(struct emu_cpu *cpu, const struct emu_insn *in)

/* The next instruction after this one, for handlers that return EMU_JUMP. */
static int jump_next(struct emu_cpu *cpu)
{
        cpu->nip = emu_nia(cpu, cpu->nip + 4);
        return EMU_JUMP;
}

static int hv_emulation(struct emu_cpu *cpu)
{
        return emu_program(cpu, SRR1_PROGRAM_ILLEGAL);
}

/* A hypervisor-privileged instruction: privileged from problem state,
 * an emulation assistance interrupt (-> illegal) from supervisor state. */
HANDLER(op_hyp_only)
{
        (void)in;
        EMU_REQUIRE_SUPERVISOR(cpu);
        return hv_emulation(cpu);
}

/* ---- MSR ---- */

HANDLER(op_mfmsr)
{
        EMU_REQUIRE_SUPERVISOR(cpu);
        cpu->gpr[in->rt] = cpu->msr;
        return EMU_NEXT;
}

/* Bits whose change the loop must see before the next instruction:
 * translation, endianness, privilege and mode change how code is fetched. */
#define MSR_REFETCH (MSR_SF | MSR_PR | MSR_IR | MSR_DR | MSR_LE)

static int msr_set(struct emu_cpu *cpu, uint64_t msr)
{
        uint64_t old = cpu->msr;

        cpu->msr = msr;
        /* Setting EE lets a pending interrupt in: the loop delivers pending
         * interrupts when an instruction returns EMU_JUMP; setting SE or BE
         * makes it step from the next instruction on (trace.c). */
        if (((old ^ msr) & MSR_REFETCH) || (~old & msr & (MSR_EE | MSR_SE | MSR_BE)))
                return jump_next(cpu);
        return EMU_NEXT;
}

/* mtmsr RS,L (31/146) and mtmsrd RS,L (31/178): L is bit 15. */
#define MTMSR_L  PPC_BIT32(15)

HANDLER(op_mtmsr)
{
        EMU_REQUIRE_SUPERVISOR(cpu);
        return msr_set(cpu, emu_msr_after_mtmsr(cpu->msr, cpu->gpr[in->rt], true,
                                                in->word & MTMSR_L));
}

HANDLER(op_mtmsrd)
{
        EMU_REQUIRE_SUPERVISOR(cpu);
        return msr_set(cpu, emu_msr_after_mtmsr(cpu->msr, cpu->gpr[in->rt], false,
                                                in->word & MTMSR_L));
}

/*
 * rfid: MSR from SRR1 (HV and ME kept, PR forcing EE/IR/DR), NIA from
 * SRR0 with its low 2 bits cleared and, in 32-bit mode, its high word.
 * rfid is a branch for CFAR, and loses the reservation.
 */
HANDLER(op_rfid)
{
        (void)in;
        EMU_REQUIRE_SUPERVISOR(cpu);
        cpu->spr[SPR_CFAR] = cpu->nip;
        cpu->msr = emu_msr_after_rfid(cpu->msr, cpu->spr[SPR_SRR1]);
        cpu->nip = emu_nia(cpu, cpu->spr[SPR_SRR0] & ~3ull);
        emu_resv_clear(cpu);
        return EMU_JUMP;
}

/* ---- SPRs ---- */

/* The SPR number: instruction bits 16:20 are its low half, 11:15 its high. */
static void decode_spr(struct emu_insn *in)
{
        in->aux = ((in->word >> 16) & 0x1fu) | (((in->word >> 11) & 0x1fu) << 5);
}

/* mfspr and mftb (which reads TB and TBU the same way). */
HANDLER(op_mfspr)
{
        uint64_t v = cpu->gpr[in->rt];   /* a no-op access leaves RT alone */
        int r = emu_mfspr(cpu, (unsigned)in->aux, &v);

        if (r == EMU_NEXT)
                cpu->gpr[in->rt] = v;
        return r;
}

HANDLER(op_mtspr)
{
        bool pmu_step = cpu->pmu_step;
        int r = emu_mtspr(cpu, (unsigned)in->aux, cpu->gpr[in->rt]);

        /* A new DEC may raise or lower the decrementer exception: let the
         * loop look at pending interrupts.  So must a write that starts
         * the performance monitor's counting or raises its alert (pmu.c). */
        if (r == EMU_NEXT && (in->aux == SPR_DEC || cpu->pmu_step != pmu_step))
                return jump_next(cpu);
        return r;
}

/* ---- system call, synchronisation, waiting ---- */

HANDLER(op_sc)
{
        return emu_sc(cpu, (in->word >> 5) & 0x7fu);
}

/* isync: context synchronising; the loop re-validates decoded code at the
 * jump. */
HANDLER(op_isync)
{
        (void)in;
        return jump_next(cpu);
}

/* eieio: one vcpu thread performs its accesses in program order, and the
 * host (x86-64) keeps stores in order for other threads: nothing to do. */
HANDLER(op_nop)
{
        (void)cpu, (void)in;
        return EMU_NEXT;
}

/*
 * sync L: lwsync (L=1) orders everything but a store before a later load,
 * which the host's total store order already gives.  hwsync (L=0) and
 * ptesync (L=2) also order stores before later loads, which x86-64 lets a
 * load pass: a full fence.  Besides Dekker-style guest code, the
 * cross-modifying-code sequence relies on it (see icbi in op_cache.c).
 */
#define SYNC_L(w)  (((w) >> 21) & 3u)
#define SYNC_LWSYNC 1u

HANDLER(op_sync)
{
        (void)cpu;
        if (SYNC_L(in->word) != SYNC_LWSYNC)
                atomic_thread_fence(memory_order_seq_cst);
        return EMU_NEXT;
}

/*
 * wait WC (ISA 3.0): with WC=0 the thread sleeps until an exception exists
 * (enabled or not: with MSR[EE]=0 it resumes at the next instruction and
 * the interrupt stays pending), so the host thread sleeps as for H_CEDE.
 * Other WC values (resume on reservation loss, reserved ones) resume at
 * once, which the ISA allows as an implementation-dependent event; so does
 * a bare cpu without a backend vcpu.
 */
#define WAIT_WC(w) (((w) >> 21) & 3u)

HANDLER(op_wait)
{
        if (WAIT_WC(in->word) == 0 && cpu->owner)
                emu_vcpu_cede(cpu->owner);
        return jump_next(cpu);
}

/* ---- TLB and SLB management ---- */

/* tlbiel, and tlbie/tlbsync when LPCR[GTSE] lets the guest use them.
 * mmu_inval.c decides what goes: one page by EA alone, any other form
 * every cached translation (a superset of what the form names, which the
 * ISA allows); tlbiel in this vcpu, tlbie in every vcpu of the partition
 * before its next access. */
#define XO_TLBIE 306u

HANDLER(op_tlbiel)
{
        EMU_REQUIRE_SUPERVISOR(cpu);
        emu_mmu_tlbie(cpu, in->word, cpu->gpr[in->rb], false);
        return EMU_NEXT;
}

HANDLER(op_tlbie_gtse)
{
        EMU_REQUIRE_SUPERVISOR(cpu);
        if (!(atomic_load_explicit(&cpu->vm->lpcr, memory_order_relaxed) & LPCR_GTSE))
                return hv_emulation(cpu);
        if (EMU_XO10(in->word) == XO_TLBIE)
                emu_mmu_tlbie(cpu, in->word, cpu->gpr[in->rb], true);
        return EMU_NEXT;
}

/* SLB entry layout as slbmte takes it: RB = ESID(0:35) V(36) index(52:63),
 * RS = the VSID doubleword (B, VSID, Ks Kp N L C LP). */
#define SLB_ESID_MASK   0xfffffffff0000000ull
#define SLB_V           PPC_BIT(36)
#define SLB_INDEX_MASK  0xfffull
#define SLB_VSID_C      PPC_BIT(56)
#define SLB_VSID_B_SHIFT 62
#define SLB_B_1T        1u
#define SLB_ESID_MASK_1T 0xffffff0000000000ull

/* slbmte RS,RB: an index beyond the SLB leaves it unchanged (the ISA
 * leaves such an index undefined). */
HANDLER(op_slbmte)
{
        uint64_t rb = cpu->gpr[in->rb];
        uint64_t idx = rb & SLB_INDEX_MASK;

        EMU_REQUIRE_SUPERVISOR(cpu);
        if (idx < EMU_SLB_ENTRIES) {
                /* Filling an invalid entry only adds translations: the
                 * MMU's cache has nothing to drop then. */
                if (cpu->slb[idx].esid & SLB_V)
                        emu_mmu_flush(cpu);
                cpu->slb[idx].esid = rb & (SLB_ESID_MASK | SLB_V);
                cpu->slb[idx].vsid = cpu->gpr[in->rt];
        }
        return EMU_NEXT;
}

HANDLER(op_slbmfee)
{
        uint64_t idx = cpu->gpr[in->rb] & SLB_INDEX_MASK;

        EMU_REQUIRE_SUPERVISOR(cpu);
        cpu->gpr[in->rt] = idx < EMU_SLB_ENTRIES ? cpu->slb[idx].esid : 0;
        return EMU_NEXT;
}

HANDLER(op_slbmfev)
{
        uint64_t idx = cpu->gpr[in->rb] & SLB_INDEX_MASK;

        EMU_REQUIRE_SUPERVISOR(cpu);
        cpu->gpr[in->rt] = idx < EMU_SLB_ENTRIES ? cpu->slb[idx].vsid : 0;
        return EMU_NEXT;
}

/* The ESID bits an entry compares: 36 for a 256 MB segment, 24 for a
 * 1 TB one (VSID doubleword B field, bits 0:1, = 0b01). */
static uint64_t slb_esid_mask(const struct emu_slbe *e)
{
        return (e->vsid >> SLB_VSID_B_SHIFT) == SLB_B_1T ? SLB_ESID_MASK_1T : SLB_ESID_MASK;
}

static struct emu_slbe *slb_lookup(struct emu_cpu *cpu, uint64_t ea)
{
        for (unsigned i = 0; i < EMU_SLB_ENTRIES; i++) {
                struct emu_slbe *e = &cpu->slb[i];
                uint64_t m = slb_esid_mask(e);
                if ((e->esid & SLB_V) && (e->esid & m) == (ea & m))
                        return e;
        }
        return NULL;
}

HANDLER(op_slbie)
{
        struct emu_slbe *e;

        EMU_REQUIRE_SUPERVISOR(cpu);
        e = slb_lookup(cpu, cpu->gpr[in->rb]);
        if (e) {
                e->esid &= ~SLB_V;
                emu_mmu_flush(cpu);
        }
        return EMU_NEXT;
}

/*
 * slbia IH: every entry but entry 0 (which Linux keeps bolted), or with
 * IH=3 only those of class 1; IH=7 touches only lookaside copies, which
 * ppcvmd does not keep.
 */
HANDLER(op_slbia)
{
        unsigned ih = (in->word >> 21) & 7u;

        EMU_REQUIRE_SUPERVISOR(cpu);
        if (ih == 7) {
                emu_mmu_flush(cpu);   /* the lookaside copies are the MMU's cache */
                return EMU_NEXT;
        }
        for (unsigned i = 1; i < EMU_SLB_ENTRIES; i++)
                if (ih != 3 || (cpu->slb[i].vsid & SLB_VSID_C))
                        cpu->slb[i].esid &= ~SLB_V;
        emu_mmu_flush(cpu);
        return EMU_NEXT;
}

/* slbfee. RT,RB: the VSID doubleword of the entry translating RB, CR0[EQ]
 * when found. */
HANDLER(op_slbfee)
{
        struct emu_slbe *e;

        EMU_REQUIRE_SUPERVISOR(cpu);
        e = slb_lookup(cpu, cpu->gpr[in->rb]);
        cpu->gpr[in->rt] = e ? e->vsid : 0;
        emu_set_crf(cpu, 0, (e ? CR_EQ : 0) | cpu->so);
        return EMU_NEXT;
}

/* slbsync: orders SLB updates; nothing to order. */
HANDLER(op_slbsync)
{
        (void)in;
        EMU_REQUIRE_SUPERVISOR(cpu);
        return EMU_NEXT;
}

/* ---- the table ---- */

#define X_MASK   0xfc0007feu            /* opcode and bits 21-30 */
#define X(op, xo) (((uint32_t)(op) << 26) | ((uint32_t)(xo) << 1))

const struct emu_opdesc emu_ops_system[] = {
        { "mfmsr",   X_MASK, X(31, 83),  op_mfmsr,   NULL },
        { "mtmsr",   X_MASK, X(31, 146), op_mtmsr,   NULL },
        { "mtmsrd",  X_MASK, X(31, 178), op_mtmsrd,  NULL },
        { "rfid",    X_MASK, X(19, 18),  op_rfid,    NULL },
        { "hrfid",   X_MASK, X(19, 274), op_hyp_only, NULL },
        { "stop",    X_MASK, X(19, 370), op_hyp_only, NULL },
        { "mfspr",   X_MASK, X(31, 339), op_mfspr,   decode_spr },
        { "mftb",    X_MASK, X(31, 371), op_mfspr,   decode_spr },
        { "mtspr",   X_MASK, X(31, 467), op_mtspr,   decode_spr },
        { "sc",      0xfc000002u, 0x44000002u, op_sc, NULL },
        { "isync",   X_MASK, X(19, 150), op_isync,   NULL },
        { "sync",    X_MASK, X(31, 598), op_sync,    NULL },
        { "eieio",   X_MASK, X(31, 854), op_nop,     NULL },
        { "wait",    X_MASK, X(31, 30),  op_wait,    NULL },
        { "tlbie",   X_MASK, X(31, 306), op_tlbie_gtse, NULL },
        { "tlbsync", X_MASK, X(31, 566), op_tlbie_gtse, NULL },
        { "tlbiel",  X_MASK, X(31, 274), op_tlbiel,  NULL },
        { "slbmte",  X_MASK, X(31, 402), op_slbmte,  NULL },
        { "slbmfee", X_MASK, X(31, 915), op_slbmfee, NULL },
        { "slbmfev", X_MASK, X(31, 851), op_slbmfev, NULL },
        { "slbie",   X_MASK, X(31, 434), op_slbie,   NULL },
        { "slbia",   X_MASK, X(31, 498), op_slbia,   NULL },
        { "slbfee.", X_MASK | 1u, X(31, 979) | 1u, op_slbfee, NULL },
        { "slbsync", X_MASK, X(31, 338), op_slbsync, NULL },
        { NULL, 0, 0, NULL, NULL },
};
