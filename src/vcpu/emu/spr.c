/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Special-purpose registers of a POWER9 partition guest (Power ISA 3.0
 * Book III, "Move To/From System Register Instructions", and the SPR
 * tables of Books I-III): who may read and write each, how wide it is,
 * which facility gates it, and what a write does.
 *
 * Access rules, for the guest (MSR[HV]=0):
 *   - an SPR with spr[4] = 1 in its number (0x10) is privileged; from problem
 *     state it causes a privileged-instruction program interrupt;
 *   - hypervisor-only SPRs (LPCR, HSPRGn, ...) and undefined numbers are
 *     no-ops in supervisor state (mfspr leaves RT alone), except numbers 0,
 *     4, 5 and 6, which cause a hypervisor emulation assistance interrupt
 *     (as every such access does when the partition sets LPCR[EVIRT]);
 *     from problem state an undefined number with spr[4] = 0 also causes
 *     one.  KVM reflects that interrupt to the guest as a program interrupt
 *     with the illegal-instruction cause, and so does ppcvmd.
 *     KVM PR's SPR emulation applies the same rule to SPRs it does not
 *     implement.  QEMU 7.2 differs: it gives a privileged-instruction
 *     program interrupt for guest access to hypervisor SPRs such as LPCR.
 *   - some user SPRs are gated in problem state by an FSCR bit (DSCR, TAR,
 *     EBB) or by MMCR0[PMCC] (the PMU): a facility unavailable interrupt.
 *   - transactional memory is not offered (MSR[TM] stays 0), so its SPRs
 *     always raise the facility unavailable interrupt, cause TM.
 * Aliases (DSCR 3/17, AMR 13/29, SPRG3 259/275, the problem-state PMU
 * numbers, PPR32, the BESCR set/reset forms) share one slot of cpu->spr[].
 *
 * The performance monitor's registers are here; pmu.c counts with them, and
 * writes to MMCR0 and MMCR1 tell it (emu_pmu_update).
 */
#include <errno.h>

#include "cpu.h"
#include "emu.h"
#include "pmu.h"

enum spr_access {
        NONE = 0,   /* not defined for this direction */
        USER,       /* problem and supervisor state */
        PRIV,       /* supervisor state */
        HYP,        /* hypervisor only: outside the guest's reach */
};

enum spr_facility {
        FAC_NONE = 0,
        FAC_DSCR,       /* FSCR[DSCR], problem state */
        FAC_TAR,        /* FSCR[TAR], problem state */
        FAC_EBB,        /* FSCR[EBB], problem state */
        FAC_TM,         /* MSR[TM], and FSCR[TM] in problem state */
        FAC_PMU_A,      /* MMCR0[PMCC] group A: MMCR0/2/A, PMC1-4 */
        FAC_PMU_A56,    /* group A, but PMC5-6 leave the PMU with PMCC=0b11 */
        FAC_PMU_B,      /* MMCR0[PMCC] group B: MMCR1, SIAR, SDAR, SIER */
};

/* Who is asking: write rules differ for problem state, supervisor state
 * and the host. */
enum spr_level { LVL_USER, LVL_PRIV, LVL_HOST };

/* FSCR (bits as 1 << LG, the interrupt cause FSCR[IC] is LG). */
#define FSCR_DSCR_LG  2
#define FSCR_PM_LG    3
#define FSCR_TM_LG    5
#define FSCR_EBB_LG   7
#define FSCR_TAR_LG   8
#define FSCR_IC       (0xffull << 56)
/* FSCR bits POWER9 has: SCV, LM, MSGP, TAR, EBB, TM, BHRB, PM, DSCR. */
#define FSCR_IMPL     (FSCR_IC | 0x1dbcull)

/* The MMCR0 bits problem state may write (with PMCC = 0b10 or 0b11). */
#define MMCR0_UREG    (MMCR0_FC | MMCR0_PMAE | MMCR0_PMAO)

#define CTRL_RUN      PPC_BIT(63)
#define LPCR_EVIRT    PPC_BIT(42)           /* undefined SPRs: emulation assistance */
#define PPR_PRI_SHIFT 50                    /* bits 11:13 */
#define PPR_PRI       (7ull << PPR_PRI_SHIFT)
#define PPR_PRI_MEDIUM 4ull

#define W64  (~0ull)
#define W32  0xffffffffull
#define SPR_PRIV_BIT  0x10u                 /* spr[4]: privileged number */

#define SPR_TFHAR   128
#define SPR_TFIAR   129
#define SPR_TEXASR  130
#define SPR_TEXASRU 131
#define SPR_TIDR    144
#define SPR_PSPB    159
#define SPR_DPDES   176
#define SPR_SPRG3_U 259
#define SPR_SPURR   308
#define SPR_PURR    309
#define SPR_IC      350
#define SPR_VTB     351
#define SPR_UPMU_OFFSET 16                  /* user PMU number = privileged - 16 */
#define SPR_BESCRS  800
#define SPR_BESCRSU 801
#define SPR_BESCRR  802
#define SPR_BESCRRU 803
#define SPR_EBBHR   804
#define SPR_EBBRR   805
#define SPR_BESCR   806
#define SPR_PSSCR_PR 823

struct spr_def;
typedef uint64_t (*spr_read_fn)(struct emu_cpu *cpu, const struct spr_def *d);
#define READER(name) static uint64_t name(struct emu_cpu *cpu, const struct spr_def *d)
typedef void (*spr_write_fn)(struct emu_cpu *cpu, const struct spr_def *d, uint64_t val,
                             enum spr_level lvl);

struct spr_def {
        const char *name;
        uint8_t rd, wr;         /* enum spr_access of mfspr and mtspr */
        uint8_t fac;            /* enum spr_facility */
        uint16_t slot;          /* its cpu->spr[] slot (aliases share one) */
        uint64_t width;         /* the bits that exist */
        spr_read_fn read;       /* NULL: cpu->spr[slot] */
        spr_write_fn write;     /* NULL: cpu->spr[slot] = val & width */
};

/* ---- reads and writes with side effects ---- */

READER(rd_xer) { (void)d; return emu_get_xer(cpu); }
READER(rd_lr) { (void)d; return cpu->lr; }
READER(rd_ctr) { (void)d; return cpu->ctr; }
/* PVR: the vcpu's (set_sregs may change it), else the VM's model. */
READER(rd_pvr)
{
        (void)d;
        return cpu->spr[SPR_PVR] ? (uint32_t)cpu->spr[SPR_PVR] : cpu->vm->pvr;
}
READER(rd_tb) { (void)d; return emu_read_tb(cpu->vm); }
READER(rd_tbu) { (void)d; return emu_read_tb(cpu->vm) >> 32; }
/* The loop adds to cpu->insns when it stops, so IC lags within a run. */
READER(rd_ic) { (void)d; return cpu->insns; }
/* No directed privileged doorbells (msgsndp) yet: nothing is ever pending. */
READER(rd_zero) { (void)cpu; (void)d; return 0; }
/* The width of DEC (32 bits, or LPCR[LD]'s large decrementer) is timebase.c's. */
READER(rd_dec) { (void)d; return emu_dec_read(cpu); }
/* The upper word of a 64-bit register (TEXASRU, BESCRSU/RU, PPR32). */
READER(rd_hi32) { return cpu->spr[d->slot] >> 32; }

static void wr_xer(struct emu_cpu *cpu, const struct spr_def *d, uint64_t v, enum spr_level l)
{
        (void)d, (void)l;
        emu_set_xer(cpu, v);
}

static void wr_lr(struct emu_cpu *cpu, const struct spr_def *d, uint64_t v, enum spr_level l)
{
        (void)d, (void)l;
        cpu->lr = v;
}

static void wr_ctr(struct emu_cpu *cpu, const struct spr_def *d, uint64_t v, enum spr_level l)
{
        (void)d, (void)l;
        cpu->ctr = v;
}

static void wr_dec(struct emu_cpu *cpu, const struct spr_def *d, uint64_t v, enum spr_level l)
{
        (void)d, (void)l;
        emu_dec_write(cpu, v);
}

static void wr_hi32(struct emu_cpu *cpu, const struct spr_def *d, uint64_t v, enum spr_level l)
{
        (void)l;
        cpu->spr[d->slot] = (cpu->spr[d->slot] & W32) | (v << 32);
}

/*
 * AMR: problem state changes only the bits UAMOR allows; supervisor state
 * the bits AMOR allows, and the hypervisor (ppcvmd) gives its guest an AMOR
 * of all ones, as KVM does.
 */
static void wr_amr(struct emu_cpu *cpu, const struct spr_def *d, uint64_t v, enum spr_level l)
{
        uint64_t allowed = l == LVL_USER ? cpu->spr[SPR_UAMOR] : W64;

        cpu->spr[d->slot] = (cpu->spr[d->slot] & ~allowed) | (v & allowed);
}

/*
 * PPR: only the priority field exists.  Problem state may set low, medium
 * low and medium (2-4), supervisor state very low to high (1-6); a priority
 * the writer may not set leaves PPR unchanged.
 */
static void ppr_store(struct emu_cpu *cpu, uint64_t v, enum spr_level l)
{
        uint64_t pri = (v & PPR_PRI) >> PPR_PRI_SHIFT;
        bool ok = l == LVL_HOST || (l == LVL_USER ? pri >= 2 && pri <= 4 : pri >= 1 && pri <= 6);

        if (ok)
                cpu->spr[SPR_PPR] = v & PPR_PRI;
}

static void wr_ppr(struct emu_cpu *cpu, const struct spr_def *d, uint64_t v, enum spr_level l)
{
        (void)d;
        ppr_store(cpu, v, l);
}

/* PPR32 is PPR's upper word. */
static void wr_ppr32(struct emu_cpu *cpu, const struct spr_def *d, uint64_t v, enum spr_level l)
{
        (void)d;
        ppr_store(cpu, (cpu->spr[SPR_PPR] & W32) | (v << 32), l);
}

/* BESCRS/BESCRSU set the 1 bits written, BESCRR/BESCRRU clear them; the
 *U forms, which read the upper word, also write the upper word. */
static void wr_bescr_set(struct emu_cpu *cpu, const struct spr_def *d, uint64_t v,
                         enum spr_level l)
{
        (void)l;
        cpu->spr[SPR_BESCR] |= d->read == rd_hi32 ? (v & W32) << 32 : v;
}

static void wr_bescr_reset(struct emu_cpu *cpu, const struct spr_def *d, uint64_t v,
                           enum spr_level l)
{
        (void)l;
        cpu->spr[SPR_BESCR] &= ~(d->read == rd_hi32 ? (v & W32) << 32 : v);
}

static void wr_mmcr0(struct emu_cpu *cpu, const struct spr_def *d, uint64_t v, enum spr_level l)
{
        uint64_t allowed = l == LVL_USER ? MMCR0_UREG : d->width;

        cpu->spr[SPR_MMCR0] = (cpu->spr[SPR_MMCR0] & ~allowed) | (v & allowed);
        emu_pmu_update(cpu);
}

/* MMCR1 selects PMC1-4's events: whether they may count changes. */
static void wr_mmcr1(struct emu_cpu *cpu, const struct spr_def *d, uint64_t v, enum spr_level l)
{
        (void)l;
        cpu->spr[SPR_MMCR1] = v & d->width;
        emu_pmu_update(cpu);
}

/* ---- the table ---- */

#define S(num, nm, r, w, f, sl, wd, rf, wf) \
        [num] = { .name = nm, .rd = r, .wr = w, .fac = f, .slot = sl, .width = wd, \
                  .read = rf, .write = wf }
#define PLAIN(num, nm, r, w, wd)  S(num, nm, r, w, FAC_NONE, num, wd, NULL, NULL)
#define HYPERVISOR(num, nm)       S(num, nm, HYP, HYP, FAC_NONE, num, W64, NULL, NULL)
#define UPMU(num, nm, w, f, wd, wf) S(num, nm, USER, w, f, num + SPR_UPMU_OFFSET, wd, NULL, wf)

static const struct spr_def spr_table[1024] = {
        S(SPR_XER, "XER", USER, USER, FAC_NONE, 0, W64, rd_xer, wr_xer),
        S(SPR_DSCR_U, "DSCR(U)", USER, USER, FAC_DSCR, SPR_DSCR, W64, NULL, NULL),
        S(SPR_LR, "LR", USER, USER, FAC_NONE, 0, W64, rd_lr, wr_lr),
        S(SPR_CTR, "CTR", USER, USER, FAC_NONE, 0, W64, rd_ctr, wr_ctr),
        S(13, "AMR(U)", USER, USER, FAC_NONE, SPR_AMR, W64, NULL, wr_amr),
        PLAIN(SPR_DSCR, "DSCR", PRIV, PRIV, W64),
        PLAIN(SPR_DSISR, "DSISR", PRIV, PRIV, W32),
        PLAIN(SPR_DAR, "DAR", PRIV, PRIV, W64),
        S(SPR_DEC, "DEC", PRIV, PRIV, FAC_NONE, SPR_DEC, W64, rd_dec, wr_dec),
        PLAIN(SPR_SRR0, "SRR0", PRIV, PRIV, W64),
        PLAIN(SPR_SRR1, "SRR1", PRIV, PRIV, W64),
        PLAIN(SPR_CFAR, "CFAR", PRIV, PRIV, ~3ull),
        S(SPR_AMR, "AMR", PRIV, PRIV, FAC_NONE, SPR_AMR, W64, NULL, wr_amr),
        PLAIN(SPR_PID, "PID", PRIV, PRIV, W32),
        PLAIN(SPR_IAMR, "IAMR", PRIV, PRIV, W64),
        S(SPR_TFHAR, "TFHAR", USER, USER, FAC_TM, SPR_TFHAR, W64, NULL, NULL),
        S(SPR_TFIAR, "TFIAR", USER, USER, FAC_TM, SPR_TFIAR, W64, NULL, NULL),
        S(SPR_TEXASR, "TEXASR", USER, USER, FAC_TM, SPR_TEXASR, W64, NULL, NULL),
        S(SPR_TEXASRU, "TEXASRU", USER, USER, FAC_TM, SPR_TEXASR, W64, rd_hi32, wr_hi32),
        S(SPR_CTRL_R, "CTRL", USER, NONE, FAC_NONE, SPR_CTRL_R, CTRL_RUN, NULL, NULL),
        PLAIN(SPR_TIDR, "TIDR", PRIV, PRIV, W64),
        S(SPR_CTRL_W, "CTRL", NONE, PRIV, FAC_NONE, SPR_CTRL_R, CTRL_RUN, NULL, NULL),
        PLAIN(SPR_FSCR, "FSCR", PRIV, PRIV, FSCR_IMPL),
        PLAIN(SPR_UAMOR, "UAMOR", PRIV, PRIV, W64),
        PLAIN(SPR_PSPB, "PSPB", PRIV, PRIV, W32),
        S(SPR_DPDES, "DPDES", PRIV, HYP, FAC_NONE, SPR_DPDES, W64, rd_zero, NULL),
        HYPERVISOR(180, "DAWR0"),
        HYPERVISOR(186, "RPR"),
        HYPERVISOR(187, "CIABR"),
        HYPERVISOR(188, "DAWRX0"),
        HYPERVISOR(190, "HFSCR"),
        PLAIN(SPR_VRSAVE, "VRSAVE", USER, USER, W32),
        S(SPR_SPRG3_U, "SPRG3(U)", USER, NONE, FAC_NONE, SPR_SPRG3, W64, NULL, NULL),
        S(SPR_TBL_R, "TB", USER, NONE, FAC_NONE, 0, W64, rd_tb, NULL),
        S(SPR_TBU_R, "TBU", USER, NONE, FAC_NONE, 0, W64, rd_tbu, NULL),
        PLAIN(SPR_SPRG0, "SPRG0", PRIV, PRIV, W64),
        PLAIN(SPR_SPRG1, "SPRG1", PRIV, PRIV, W64),
        PLAIN(SPR_SPRG2, "SPRG2", PRIV, PRIV, W64),
        PLAIN(SPR_SPRG3, "SPRG3", PRIV, PRIV, W64),
        S(284, "TBL(W)", NONE, HYP, FAC_NONE, 284, W64, NULL, NULL),
        S(285, "TBU(W)", NONE, HYP, FAC_NONE, 285, W64, NULL, NULL),
        S(286, "TBU40", NONE, HYP, FAC_NONE, 286, W64, NULL, NULL),
        S(SPR_PVR, "PVR", PRIV, NONE, FAC_NONE, 0, W32, rd_pvr, NULL),
        HYPERVISOR(304, "HSPRG0"),
        HYPERVISOR(305, "HSPRG1"),
        HYPERVISOR(306, "HDSISR"),
        HYPERVISOR(307, "HDAR"),
        /* One vcpu thread that always runs: PURR and SPURR advance with TB. */
        S(SPR_SPURR, "SPURR", PRIV, HYP, FAC_NONE, SPR_SPURR, W64, rd_tb, NULL),
        S(SPR_PURR, "PURR", PRIV, HYP, FAC_NONE, SPR_PURR, W64, rd_tb, NULL),
        HYPERVISOR(310, "HDEC"),
        HYPERVISOR(313, "HRMOR"),
        HYPERVISOR(314, "HSRR0"),
        HYPERVISOR(315, "HSRR1"),
        HYPERVISOR(316, "MMCRH"),
        HYPERVISOR(SPR_LPCR, "LPCR"),
        HYPERVISOR(319, "LPIDR"),
        HYPERVISOR(336, "HMER"),
        HYPERVISOR(337, "HMEER"),
        HYPERVISOR(338, "PCR"),
        HYPERVISOR(339, "HEIR"),
        HYPERVISOR(349, "AMOR"),
        S(SPR_IC, "IC", PRIV, HYP, FAC_NONE, SPR_IC, W64, rd_ic, NULL),
        S(SPR_VTB, "VTB", PRIV, HYP, FAC_NONE, SPR_VTB, W64, rd_tb, NULL),
        HYPERVISOR(464, "PTCR"),
        UPMU(768, "SIER(U)", NONE, FAC_PMU_B, W64, NULL),
        UPMU(769, "MMCR2(U)", USER, FAC_PMU_A, W64, NULL),
        UPMU(770, "MMCRA(U)", USER, FAC_PMU_A, W64, NULL),
        UPMU(771, "PMC1(U)", USER, FAC_PMU_A, W32, NULL),
        UPMU(772, "PMC2(U)", USER, FAC_PMU_A, W32, NULL),
        UPMU(773, "PMC3(U)", USER, FAC_PMU_A, W32, NULL),
        UPMU(774, "PMC4(U)", USER, FAC_PMU_A, W32, NULL),
        UPMU(775, "PMC5(U)", USER, FAC_PMU_A56, W32, NULL),
        UPMU(776, "PMC6(U)", USER, FAC_PMU_A56, W32, NULL),
        UPMU(779, "MMCR0(U)", USER, FAC_PMU_A, W32, wr_mmcr0),
        UPMU(780, "SIAR(U)", NONE, FAC_PMU_B, W64, NULL),
        UPMU(781, "SDAR(U)", NONE, FAC_PMU_B, W64, NULL),
        UPMU(782, "MMCR1(U)", NONE, FAC_PMU_B, W64, NULL),
        PLAIN(SPR_SIER, "SIER", PRIV, PRIV, W64),
        PLAIN(SPR_MMCR2, "MMCR2", PRIV, PRIV, W64),
        PLAIN(SPR_MMCRA, "MMCRA", PRIV, PRIV, W64),
        PLAIN(SPR_PMC1, "PMC1", PRIV, PRIV, W32),
        PLAIN(SPR_PMC1 + 1, "PMC2", PRIV, PRIV, W32),
        PLAIN(SPR_PMC1 + 2, "PMC3", PRIV, PRIV, W32),
        PLAIN(SPR_PMC1 + 3, "PMC4", PRIV, PRIV, W32),
        PLAIN(SPR_PMC1 + 4, "PMC5", PRIV, PRIV, W32),
        PLAIN(SPR_PMC1 + 5, "PMC6", PRIV, PRIV, W32),
        S(SPR_MMCR0, "MMCR0", PRIV, PRIV, FAC_NONE, SPR_MMCR0, W32, NULL, wr_mmcr0),
        PLAIN(SPR_SIAR, "SIAR", PRIV, PRIV, W64),
        PLAIN(SPR_SDAR, "SDAR", PRIV, PRIV, W64),
        S(SPR_MMCR1, "MMCR1", PRIV, PRIV, FAC_NONE, SPR_MMCR1, W64, NULL, wr_mmcr1),
        S(SPR_BESCRS, "BESCRS", USER, USER, FAC_EBB, SPR_BESCR, W64, NULL, wr_bescr_set),
        S(SPR_BESCRSU, "BESCRSU", USER, USER, FAC_EBB, SPR_BESCR, W64, rd_hi32, wr_bescr_set),
        S(SPR_BESCRR, "BESCRR", USER, USER, FAC_EBB, SPR_BESCR, W64, NULL, wr_bescr_reset),
        S(SPR_BESCRRU, "BESCRRU", USER, USER, FAC_EBB, SPR_BESCR, W64, rd_hi32, wr_bescr_reset),
        S(SPR_EBBHR, "EBBHR", USER, USER, FAC_EBB, SPR_EBBHR, ~3ull, NULL, NULL),
        S(SPR_EBBRR, "EBBRR", USER, USER, FAC_EBB, SPR_EBBRR, ~3ull, NULL, NULL),
        S(SPR_BESCR, "BESCR", USER, USER, FAC_EBB, SPR_BESCR, W64, NULL, NULL),
        S(SPR_TAR, "TAR", USER, USER, FAC_TAR, SPR_TAR, W64, NULL, NULL),
        HYPERVISOR(816, "ASDR"),
        PLAIN(SPR_PSSCR_PR, "PSSCR(PR)", PRIV, PRIV, W64),
        HYPERVISOR(855, "PSSCR"),
        S(SPR_PPR, "PPR", USER, USER, FAC_NONE, SPR_PPR, PPR_PRI, NULL, wr_ppr),
        S(SPR_PPR32, "PPR32", USER, USER, FAC_NONE, SPR_PPR, W64, rd_hi32, wr_ppr32),
        S(SPR_PIR, "PIR", PRIV, NONE, FAC_NONE, SPR_PIR, W32, NULL, NULL),
};

static const struct spr_def *spr_find(unsigned spr)
{
        if (spr >= 1024 || !spr_table[spr].name)
                return NULL;
        return &spr_table[spr];
}

/* ---- access checks ---- */

/*
 * An SPR the guest cannot reach: undefined for this direction, or the
 * hypervisor's.  *ret_do stays false: a no-op unless an interrupt is raised.
 */
static int out_of_reach(struct emu_cpu *cpu, unsigned spr)
{
        if (cpu->msr & MSR_PR)
                return emu_program(cpu, (spr & SPR_PRIV_BIT) ? SRR1_PROGRAM_PRIV
                                                             : SRR1_PROGRAM_ILLEGAL);
        if (spr == 0 || spr == 4 || spr == 5 || spr == 6 ||
            (atomic_load_explicit(&cpu->vm->lpcr, memory_order_relaxed) & LPCR_EVIRT))
                return emu_program(cpu, SRR1_PROGRAM_ILLEGAL);
        return EMU_NEXT;
}

static bool fscr_has(const struct emu_cpu *cpu, unsigned lg)
{
        return cpu->spr[SPR_FSCR] & (1ull << lg);
}

/* A facility FSCR enables for problem state (supervisor state always has
 * it). */
static int fscr_gate(struct emu_cpu *cpu, unsigned lg)
{
        if ((cpu->msr & MSR_PR) && !fscr_has(cpu, lg))
                return emu_facility_unavailable(cpu, lg);
        return EMU_NEXT;
}

/*
 * Problem-state PMU access by MMCR0[PMCC] (Book III, Performance Monitor
 * Facility; the same model as QEMU's): 0b01 closes the PMU (facility
 * unavailable); 0b00 lets group A be read but not written; 0b10 and 0b11
 * open group A for writing, 0b11 without PMC5-6; group B is read-only.
 */
static int pmu_check(struct emu_cpu *cpu, enum spr_facility fac, bool write)
{
        unsigned pmcc = (unsigned)(cpu->spr[SPR_MMCR0] >> MMCR0_PMCC_SHIFT) & 3u;

        if (pmcc == 1 || (pmcc == 3 && fac == FAC_PMU_A56))
                return emu_facility_unavailable(cpu, FSCR_PM_LG);
        if (write && pmcc == 0)
                return emu_program(cpu, SRR1_PROGRAM_ILLEGAL);
        return EMU_NEXT;
}

static int facility_check(struct emu_cpu *cpu, enum spr_facility fac, bool write)
{
        bool pr = cpu->msr & MSR_PR;

        switch (fac) {
        case FAC_TM:
                if (!(cpu->msr & MSR_TM) || (pr && !fscr_has(cpu, FSCR_TM_LG)))
                        return emu_facility_unavailable(cpu, FSCR_TM_LG);
                return EMU_NEXT;
        case FAC_DSCR:
                return fscr_gate(cpu, FSCR_DSCR_LG);
        case FAC_TAR:
                return fscr_gate(cpu, FSCR_TAR_LG);
        case FAC_EBB:
                return fscr_gate(cpu, FSCR_EBB_LG);
        case FAC_PMU_A:
        case FAC_PMU_A56:
        case FAC_PMU_B:
                return pr ? pmu_check(cpu, fac, write) : EMU_NEXT;
        default:
                return EMU_NEXT;
        }
}

/* EMU_NEXT with *ret_do set when the access goes ahead; EMU_NEXT alone for
 * a no-op; EMU_JUMP when it raised an interrupt. */
static int guest_check(struct emu_cpu *cpu, unsigned spr, const struct spr_def *d, bool write,
                       bool *ret_do)
{
        unsigned acc = d ? (write ? d->wr : d->rd) : NONE;

        *ret_do = false;
        if (acc == NONE || acc == HYP)
                return out_of_reach(cpu, spr);
        if (acc == PRIV && (cpu->msr & MSR_PR))
                return emu_program(cpu, SRR1_PROGRAM_PRIV);
        if (facility_check(cpu, d->fac, write) != EMU_NEXT)
                return EMU_JUMP;
        *ret_do = true;
        return EMU_NEXT;
}

static uint64_t spr_read(struct emu_cpu *cpu, const struct spr_def *d)
{
        if (d->read)
                return d->read(cpu, d);
        return cpu->spr[d->slot] & d->width;
}

static void spr_write(struct emu_cpu *cpu, const struct spr_def *d, uint64_t val,
                      enum spr_level lvl)
{
        if (d->write)
                d->write(cpu, d, val, lvl);
        else
                cpu->spr[d->slot] = val & d->width;
}

int emu_mfspr(struct emu_cpu *cpu, unsigned spr, uint64_t *ret)
{
        const struct spr_def *d = spr_find(spr);
        bool go;
        int r = guest_check(cpu, spr, d, false, &go);

        if (r == EMU_NEXT && go)
                *ret = spr_read(cpu, d);
        return r;
}

int emu_mtspr(struct emu_cpu *cpu, unsigned spr, uint64_t val)
{
        const struct spr_def *d = spr_find(spr);
        bool go;
        int r = guest_check(cpu, spr, d, true, &go);

        if (r == EMU_NEXT && go)
                spr_write(cpu, d, val, (cpu->msr & MSR_PR) ? LVL_USER : LVL_PRIV);
        return r;
}

/* ---- host access ---- */

static bool guest_has(unsigned acc)
{
        return acc == USER || acc == PRIV;
}

int emu_spr_get(struct emu_cpu *cpu, unsigned spr, uint64_t *ret)
{
        const struct spr_def *d = spr_find(spr);

        if (!d || !guest_has(d->rd))
                return -ENOENT;
        *ret = spr_read(cpu, d);
        return 0;
}

int emu_spr_set(struct emu_cpu *cpu, unsigned spr, uint64_t val)
{
        const struct spr_def *d = spr_find(spr);

        if (!d || (!guest_has(d->rd) && !guest_has(d->wr)))
                return -ENOENT;
        if (!guest_has(d->wr))
                return -EPERM;
        spr_write(cpu, d, val, LVL_HOST);
        return 0;
}

void emu_spr_reset(struct emu_cpu *cpu, uint32_t pir)
{
        cpu->spr[SPR_PPR] = PPR_PRI_MEDIUM << PPR_PRI_SHIFT;
        cpu->spr[SPR_CTRL_R] = CTRL_RUN;
        cpu->spr[SPR_PIR] = pir;
        /* The counters start frozen, as on QEMU's pseries and in Linux's
         * expectations; running counters would make the loop step. */
        cpu->spr[SPR_MMCR0] = MMCR0_FC;
        emu_pmu_update(cpu);
}
