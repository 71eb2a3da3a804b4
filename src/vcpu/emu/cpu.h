/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The emulated POWER9 vcpu: architected state, the decoded-instruction form,
 * and the helpers instruction handlers use.
 *
 * Handler contract
 *   int handler(struct emu_cpu *cpu, const struct emu_insn *in)
 *   - on entry cpu->nip is the address of this instruction;
 *   - return EMU_NEXT to fall through (the loop advances nip by 4);
 *   - return EMU_JUMP after setting cpu->nip (taken branch, rfid, an interrupt
 *     raised with emu_raise()/emu_program(), or any change of MSR[IR/DR/LE/PR]
 *     or of code: the loop looks the next instruction up afresh);
 *   - return EMU_EXIT after filling cpu->run for an exit to the host, with
 *     cpu->nip already at the instruction to resume at.
 * A handler never touches host memory outside cpu/vm state except through
 * the emu_load/emu_store family, which checks every guest address.
 */
#pragma once

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "vcpu/vcpu.h"

/* Big-endian bit numbering of the ISA -> masks. */
#define PPC_BIT(n)      (1ull << (63 - (n)))
#define PPC_BIT32(n)    (1u << (31 - (n)))

/* MSR */
#define MSR_SF   PPC_BIT(0)
#define MSR_HV   PPC_BIT(3)
#define MSR_TS   (PPC_BIT(29) | PPC_BIT(30))
#define MSR_TM   PPC_BIT(31)
#define MSR_VEC  PPC_BIT(38)
#define MSR_VSX  PPC_BIT(40)
#define MSR_EE   PPC_BIT(48)
#define MSR_PR   PPC_BIT(49)
#define MSR_FP   PPC_BIT(50)
#define MSR_ME   PPC_BIT(51)
#define MSR_FE0  PPC_BIT(52)
#define MSR_SE   PPC_BIT(53)
#define MSR_BE   PPC_BIT(54)
#define MSR_FE1  PPC_BIT(55)
#define MSR_IR   PPC_BIT(58)
#define MSR_DR   PPC_BIT(59)
#define MSR_PMM  PPC_BIT(61)
#define MSR_RI   PPC_BIT(62)
#define MSR_LE   PPC_BIT(63)

/* Interrupt vectors. */
#define EXC_SYSTEM_RESET     0x100
#define EXC_MACHINE_CHECK    0x200
#define EXC_DATA_STORAGE     0x300
#define EXC_DATA_SEGMENT     0x380
#define EXC_INSN_STORAGE     0x400
#define EXC_INSN_SEGMENT     0x480
#define EXC_EXTERNAL         0x500
#define EXC_ALIGNMENT        0x600
#define EXC_PROGRAM          0x700
#define EXC_FP_UNAVAILABLE   0x800
#define EXC_DECREMENTER      0x900
#define EXC_SYSCALL          0xc00
#define EXC_TRACE            0xd00
#define EXC_PERF_MONITOR     0xf00
#define EXC_VMX_UNAVAILABLE  0xf20
#define EXC_VSX_UNAVAILABLE  0xf40
#define EXC_FAC_UNAVAILABLE  0xf60

/* SRR1 cause bits of the program interrupt. */
#define SRR1_PROGRAM_FP       PPC_BIT(43)   /* 0x00100000 FP enabled exception */
#define SRR1_PROGRAM_ILLEGAL  PPC_BIT(44)   /* 0x00080000 */
#define SRR1_PROGRAM_PRIV     PPC_BIT(45)   /* 0x00040000 */
#define SRR1_PROGRAM_TRAP     PPC_BIT(46)   /* 0x00020000 */
#define SRR1_PROGRAM_NEXT     PPC_BIT(47)   /* 0x00010000 SRR0 holds the next insn */

/* XER bits as mfxer shows them. */
#define XER_SO    PPC_BIT(32)
#define XER_OV    PPC_BIT(33)
#define XER_CA    PPC_BIT(34)
#define XER_OV32  PPC_BIT(44)
#define XER_CA32  PPC_BIT(45)
#define XER_BC    0x7full

/* CR field bits (within a 4-bit field). */
#define CR_LT 8u
#define CR_GT 4u
#define CR_EQ 2u
#define CR_SO 1u

/* SPR numbers used across files (the SPR table in spr.c has them all). */
#define SPR_XER     1
#define SPR_DSCR_U  3
#define SPR_LR      8
#define SPR_CTR     9
#define SPR_DSCR    17
#define SPR_DSISR   18
#define SPR_DAR     19
#define SPR_DEC     22
#define SPR_SRR0    26
#define SPR_SRR1    27
#define SPR_CFAR    28
#define SPR_AMR     29
#define SPR_PID     48
#define SPR_IAMR    61
#define SPR_FSCR    153
#define SPR_UAMOR   157
#define SPR_CTRL_R  136
#define SPR_CTRL_W  152
#define SPR_VRSAVE  256
#define SPR_TBL_R   268
#define SPR_TBU_R   269
#define SPR_SPRG0   272
#define SPR_SPRG1   273
#define SPR_SPRG2   274
#define SPR_SPRG3   275
#define SPR_PVR     287
#define SPR_LPCR    318
#define SPR_TAR     815
#define SPR_PPR     896
#define SPR_PPR32   898
#define SPR_PIR     1023

/* LPCR fields the guest platform uses (set through H_SET_MODE). */
#define LPCR_ILE        PPC_BIT(38)
#define LPCR_AIL_SHIFT  (63 - 40)
#define LPCR_AIL        (3ull << LPCR_AIL_SHIFT)
#define LPCR_LD         PPC_BIT(46)   /* large decrementer */
#define LPCR_GTSE       PPC_BIT(53)   /* guest may use tlbie/tlbsync */

#define EMU_PVR_POWER9  0x004e1200u
#define EMU_TB_FREQ     512000000ull
#define EMU_DCBZ_SIZE   128u
#define EMU_SLB_ENTRIES 32u           /* POWER9 */

enum emu_result {
        EMU_NEXT = 0,
        EMU_JUMP = 1,
        EMU_EXIT = 2,
};

struct emu_cpu;
struct emu_insn;
typedef int (*emu_handler_fn)(struct emu_cpu *cpu, const struct emu_insn *in);

/* An instruction, decoded once.  32 bytes. */
struct emu_insn {
        emu_handler_fn fn;
        uint32_t word;
        uint8_t rt, ra, rb, rc;   /* bits 6-10, 11-15, 16-20, 21-25 */
        int64_t imm;              /* default: sign-extended bits 16-31 */
        uint64_t aux;             /* per-handler: rotate mask, branch target, ... */
};

/* Instruction-word fields (ISA bit numbering in the names' comments). */
#define EMU_OPCD(w)  ((w) >> 26)                   /* 0-5 */
#define EMU_XO10(w)  (((w) >> 1) & 0x3ffu)         /* 21-30 */
#define EMU_XO9(w)   (((w) >> 1) & 0x1ffu)         /* 22-30 (XO-form) */
#define EMU_XO5(w)   (((w) >> 1) & 0x1fu)          /* 26-30 (A-form) */
#define EMU_RC(w)    ((w) & 1u)                    /* 31 */
#define EMU_OE(w)    (((w) >> 10) & 1u)            /* 21 */

/* One entry of an instruction table: (word & mask) == match selects it. */
struct emu_opdesc {
        const char *name;          /* ISA mnemonic, e.g. "addic." */
        uint32_t mask, match;
        emu_handler_fn fn;
        void (*decode)(struct emu_insn *in);   /* optional: fill imm/aux */
};

/* Instruction tables, one per file, each ending with an entry whose fn is
 * NULL.  decode.c lists them all. */
extern const struct emu_opdesc emu_ops_int[];      /* op_int.c: fixed point */
extern const struct emu_opdesc emu_ops_branch[];   /* op_branch.c: branch, CR */
extern const struct emu_opdesc emu_ops_muldiv[];   /* op_muldiv.c: multiply, divide */
extern const struct emu_opdesc emu_ops_logic[];    /* op_logic.c: logical, count, extend */
extern const struct emu_opdesc emu_ops_compare[];  /* op_compare.c: compare, trap, isel */
extern const struct emu_opdesc emu_ops_rotate[];   /* op_rotate.c: rotate, shift */
extern const struct emu_opdesc emu_ops_cr[];       /* op_cr.c: CR logical, CR moves */
extern const struct emu_opdesc emu_ops_ldst[];     /* op_ldst.c: loads, stores */
extern const struct emu_opdesc emu_ops_string[];   /* op_string.c: load/store multiple, string */
extern const struct emu_opdesc emu_ops_atomic[];   /* op_atomic.c: larx, stcx. */
extern const struct emu_opdesc emu_ops_cache[];    /* op_cache.c: cache management */
extern const struct emu_opdesc emu_ops_amo[];      /* op_amo.c: atomic memory operations */
extern const struct emu_opdesc emu_ops_fp[];       /* op_fp.c: floating point */
extern const struct emu_opdesc emu_ops_system[];   /* system.c: supervisor */
extern const struct emu_opdesc emu_ops_vector[];   /* op_vector.c: VMX/VSX */
extern const struct emu_opdesc emu_ops_hint[];     /* op_hint.c: data-stream hints */
extern const struct emu_opdesc emu_ops_scv[];      /* op_scv.c: scv, rfscv */
extern const struct emu_opdesc emu_ops_vmx_ldst[]; /* op_vmx_ldst.c: VMX loads/stores */
extern const struct emu_opdesc emu_ops_vmx_int[];  /* op_vmx_int.c: VMX integer arithmetic */
extern const struct emu_opdesc emu_ops_vmx_perm[]; /* op_vmx_perm.c: VMX permutes, packs, sums */
extern const struct emu_opdesc emu_ops_vmx_crypto[]; /* op_vmx_crypto.c: AES, SHA-2, pmsum */
extern const struct emu_opdesc emu_ops_vmx_fp[];   /* op_vmx_fp.c: VMX floating point */
extern const struct emu_opdesc emu_ops_vsx_ldst[]; /* op_vsx_ldst.c: VSX loads/stores */
extern const struct emu_opdesc emu_ops_vsx_move[]; /* op_vsx_move.c: VSX moves, logical, permutes */
extern const struct emu_opdesc emu_ops_vsx_fp[];   /* op_vsx_fp.c: VSX floating point */

/* Decoding: emu_decode never fails; an unknown word decodes to a handler
 * raising the illegal-instruction program interrupt. */
int emu_decode_init(void);
void emu_decode(uint32_t word, struct emu_insn *ret);
const struct emu_opdesc *emu_lookup(uint32_t word);
int emu_op_illegal(struct emu_cpu *cpu, const struct emu_insn *in);

/* Guest RAM, as registered with set_memory_region. */
#define EMU_MAX_SLOTS 8
struct emu_slot {
        uint64_t gpa, size;
        uint8_t *host;
        /* One word per 4 KiB page: bit 0 "holds decoded code", upper bits a
         * generation bumped by every store to a page that holds code. */
        _Atomic uint32_t *pageinfo;
};

/* One entry of a vcpu's soft TLB for data (mem.c): a RAM page's host
 * address, tagged with its guest page address | 1 (0 never matches). */
struct emu_tlb_entry {
        uint64_t tag;
        uintptr_t addend;                /* host = addend + guest address */
        _Atomic uint32_t *pageinfo;      /* the page's word in its slot */
};
/* 2048 entries map 8 MiB: a working set of a few MiB (random access over
 * arrays) stays on the inline path; 48 KiB per vcpu, flushed only when the
 * memory map changes. */
#define EMU_TLB_ENTRIES 2048

/*
 * Partition-wide translation state (mmu.c).  The process table is the
 * partition-table dword 1 H_REGISTER_PROCESS_TABLE gave (PATE1_GR selects
 * radix); the hashed page table lives in host memory the backend allocates
 * (as KVM_PPC_ALLOCATE_HTAB), never in guest RAM.  gen is bumped by every
 * invalidation that reaches all vcpus (tlbie, hash hcalls, registration);
 * full_gen only by those that drop every translation, the others (tlbie of
 * one page) are in the inv ring for each vcpu to apply to its own cache.
 */
/* A recent invalidation of one page by effective address (tlbie IS=0):
 * [ea, ea + 2^shift), valid while seq holds its number (mmu_inval.c). */
struct emu_mmu_inv {
        _Atomic uint64_t seq;
        _Atomic uint64_t ea;
        _Atomic unsigned shift;
};
#define EMU_MMU_INV_RING 64

struct emu_mmu_vm {
        _Atomic uint64_t patb;
        uint8_t *hpt;                   /* big-endian HPTEs, 16 bytes each */
        uint64_t hpt_size;              /* bytes, a power of two; 0: none */
        atomic_uint hpt_lock;           /* serialises the hash hcalls */
        atomic_uint gen;                /* bumped by every invalidation */
        atomic_uint full_gen;           /* bumped by those that drop everything */
        /* The last EMU_MMU_INV_RING invalidations by EA, numbered from 1
         * (inv_head is the latest); writers serialised by inv_lock. */
        _Atomic uint64_t inv_head;
        atomic_uint inv_lock;
        struct emu_mmu_inv inv[EMU_MMU_INV_RING];
};

/* One translation the MMU cached: tag = EA page | epoch << 2 | MSR[PR] << 1
 * | 1 (see emu_mmu_tlb.tag_bits), real address = EA + delta; for a RAM page
 * also its host address (host = addend + EA) and code-tracking word, else
 * addend 0. */
struct emu_xlate_entry {
        uint64_t tag;
        uint64_t delta;
        uintptr_t addend;
        _Atomic uint32_t *pageinfo;
};
#define EMU_XLATE_ENTRIES 1024

/* Per-vcpu translation cache, one table per access kind (read, write,
 * execute): valid while gen, pid, amr and iamr match what it was filled
 * under (amr/iamr only matter once an entry depended on them). */
struct emu_mmu_tlb {
        unsigned gen;
        unsigned full_gen;              /* vm->mmu.full_gen at the last flush */
        uint64_t inv_seen;              /* the last vm->mmu.inv[] entry applied */
        unsigned changes;               /* entries dropped one by one (emu_mmu_epoch) */
        unsigned mem_gen;               /* vm->mem_gen the host addresses belong to */
        unsigned epoch;                 /* bumped by every flush of this table */
        uint64_t tag_bits;              /* (epoch mod 1024) << 2: older entries never match */
        bool amr_used;
        uint64_t pid, amr, iamr;
        struct emu_xlate_entry e[3][EMU_XLATE_ENTRIES];
};

struct emu_vcpu;
struct emu_vm {
        struct vcpu_vm base;
        struct emu_slot slots[EMU_MAX_SLOTS];
        unsigned nslots;
        uint32_t pvr;
        _Atomic uint64_t lpcr;          /* per partition; H_SET_MODE */
        /* Reservations: stcx. and stores that may hit another vcpu's
         * reservation take resv_lock while nresv != 0. */
        pthread_mutex_t resv_lock;
        atomic_uint nresv;
        uint64_t tb_base_ns;            /* host CLOCK_MONOTONIC at TB = 0 */
        unsigned max_vcpus;
        struct emu_vcpu **vcpus;
        pthread_mutex_t lock;           /* vcpu list, timers */
        struct vcpu_pvinfo pvinfo;
        _Atomic int64_t tb_offset;      /* guest TB - host TB (VCPU_REG_TB_OFFSET) */
        atomic_uint mem_gen;            /* bumped when slots change: caches flush */
        struct emu_mmu_vm mmu;          /* translation state of the partition (mmu.c) */
};

struct emu_vsr { uint64_t hi, lo; };   /* hi is doubleword 0 (the FPR) */

struct emu_cpu {
        /* problem-state registers, hot */
        uint64_t gpr[32];
        uint64_t nip;
        uint64_t msr;
        uint64_t lr, ctr;
        uint32_t cr;                     /* CR0 in bits 31-28 */
        uint8_t so, ov, ca, ov32, ca32;  /* XER bits, each 0 or 1 */
        uint8_t xer_bc;                  /* XER[57:63] byte count */
        uint64_t fpscr;
        struct emu_vsr vsr[64];          /* FPR i = vsr[i].hi; VR i = vsr[32+i] */
        uint32_t vscr;

        /* every other SPR, by number; spr.c knows widths and privileges */
        uint64_t spr[1024];

        /* lwarx/ldarx reservation */
        bool resv_valid;
        uint64_t resv_addr;              /* real address, granule aligned */
        uint64_t resv_val;               /* value loaded, for the stcx. compare */
        uint64_t resv_val2;              /* lqarx: the quadword's second host doubleword */
        unsigned resv_size;

        /* an MMIO load waiting for the host's data (completed by the next run) */
        bool mmio_pending;
        uint32_t mmio_target;            /* EMU_TGT(kind, reg) */
        unsigned mmio_flags, mmio_len;

        struct emu_vm *vm;
        struct vcpu_run *run;
        uint64_t insns;                  /* instructions executed */

        /* Tracing and the performance monitor (trace.c, pmu.c): pmu_step
         * makes the execution loop step one instruction at a time while
         * the counters may run or an alert is pending; trace_pending holds
         * the trace interrupt owed by an instruction an MMIO exit ended. */
        bool pmu_step;
        bool trace_pending;
        uint64_t trace_cia, trace_srr1;
        unsigned nraised;                /* interrupts raised (interrupt.c) */

        /* segment lookaside buffer (system.c: slbmte, slbie, slbia, ...) */
        struct emu_slbe { uint64_t esid, vsid; } slb[EMU_SLB_ENTRIES];

        /* backend state (emu.h); NULL for a bare cpu, as in unit tests */
        struct emu_vcpu *owner;
        /* decrementer: the guest TB value at which DEC reads 0 (timebase.c) */
        uint64_t dec_zero;
        /* soft TLB for data in real mode, valid while tlb_mem_gen == vm->mem_gen */
        unsigned tlb_mem_gen;
        struct emu_tlb_entry tlb[EMU_TLB_ENTRIES];
        /* translations with MSR[IR/DR] set (mmu.c) */
        struct emu_mmu_tlb mmu_tlb;
};

/* Field helpers. */
static inline uint64_t emu_fpr(const struct emu_cpu *cpu, unsigned i) { return cpu->vsr[i].hi; }
static inline void emu_set_fpr(struct emu_cpu *cpu, unsigned i, uint64_t v) { cpu->vsr[i].hi = v; }

static inline unsigned emu_get_crf(const struct emu_cpu *cpu, unsigned field)
{
        return (cpu->cr >> (28 - 4 * field)) & 0xfu;
}

static inline void emu_set_crf(struct emu_cpu *cpu, unsigned field, unsigned val)
{
        unsigned sh = 28 - 4 * field;
        cpu->cr = (cpu->cr & ~(0xfu << sh)) | ((val & 0xfu) << sh);
}

static inline bool emu_sf(const struct emu_cpu *cpu) { return cpu->msr & MSR_SF; }

/* An effective address as the current mode sees it (32-bit mode truncates). */
static inline uint64_t emu_ea(const struct emu_cpu *cpu, uint64_t ea)
{
        return emu_sf(cpu) ? ea : (uint32_t)ea;
}

/* The next instruction address after a branch to target. */
static inline uint64_t emu_nia(const struct emu_cpu *cpu, uint64_t target)
{
        return emu_sf(cpu) ? target : (uint32_t)target;
}

/* CR0 from a result: compares as 64-bit in 64-bit mode, as the low 32 bits
 * sign-extended in 32-bit mode; SO copied from XER. */
static inline void emu_update_cr0(struct emu_cpu *cpu, uint64_t result)
{
        int64_t v = emu_sf(cpu) ? (int64_t)result : (int64_t)(int32_t)result;
        unsigned f = v < 0 ? CR_LT : v > 0 ? CR_GT : CR_EQ;
        emu_set_crf(cpu, 0, f | cpu->so);
}

uint64_t emu_get_xer(const struct emu_cpu *cpu);
void emu_set_xer(struct emu_cpu *cpu, uint64_t xer);

/* Interrupts (interrupt.c).  Each returns EMU_JUMP, for handlers to return. */
int emu_raise(struct emu_cpu *cpu, uint32_t vector, uint64_t srr0, uint64_t srr1_bits);
int emu_program(struct emu_cpu *cpu, uint64_t srr1_bits);         /* SRR0 = nip */
int emu_fp_unavailable(struct emu_cpu *cpu);
int emu_vmx_unavailable(struct emu_cpu *cpu);
int emu_vsx_unavailable(struct emu_cpu *cpu);
int emu_alignment(struct emu_cpu *cpu, uint64_t ea);
int emu_facility_unavailable(struct emu_cpu *cpu, unsigned fscr_bit);

#define EMU_REQUIRE_SUPERVISOR(cpu) \
        do { if ((cpu)->msr & MSR_PR) return emu_program((cpu), SRR1_PROGRAM_PRIV); } while (0)
#define EMU_REQUIRE_FP(cpu) \
        do { if (!((cpu)->msr & MSR_FP)) return emu_fp_unavailable(cpu); } while (0)
#define EMU_REQUIRE_VEC(cpu) \
        do { if (!((cpu)->msr & MSR_VEC)) return emu_vmx_unavailable(cpu); } while (0)
#define EMU_REQUIRE_VSX(cpu) \
        do { if (!((cpu)->msr & MSR_VSX)) return emu_vsx_unavailable(cpu); } while (0)

/*
 * Guest data access (mem.c).
 *
 * ea is an effective address already passed through emu_ea().  Accesses use
 * the guest's byte order (MSR[LE]); EMU_MEM_BYTEREV reverses it (lwbrx...).
 * Loads return the value zero-extended, or sign-extended with EMU_MEM_SEXT.
 *
 * Return value: EMU_NEXT on success.  EMU_JUMP when an interrupt was raised
 * (alignment, storage, machine check): the handler returns it unchanged and
 * must not have changed any register.  EMU_EXIT when the access left RAM and
 * an MMIO exit was prepared (nip advanced past the instruction): a load
 * completes into `target` on the next run; the handler finishes the rest of
 * the instruction (e.g. the RA update of an update form) and returns EMU_EXIT.
 * A load with target EMU_TGT_NONE (string, multiple, vector halves, ...)
 * cannot complete through MMIO and raises a program interrupt instead.
 * Quadword, larx/stcx. and AMO accesses never get here outside RAM: they
 * raise the data storage interrupt with DSISR_BADACCESS (mem_internal.h).
 * An access crossing a page is performed, one MMIO exit, or the alignment
 * interrupt, with nothing accessed (mem.c).
 */
#define EMU_MEM_BYTEREV  0x1u
#define EMU_MEM_SEXT     0x2u
#define EMU_MEM_ALIGN    0x4u   /* natural alignment required: alignment interrupt */

enum emu_tgt_kind {
        EMU_TGT_NONE = 0,
        EMU_TGT_GPR,           /* zero- or sign-extended per flags */
        EMU_TGT_FPR,           /* 8 bytes as is */
        EMU_TGT_FPR_SINGLE,    /* 4 bytes single -> double (lfs) */
        EMU_TGT_FPR_IWA,       /* 4 bytes sign-extended to 64 (lfiwax) */
        EMU_TGT_FPR_IWZ,       /* 4 bytes zero-extended to 64 (lfiwzx) */
};
#define EMU_TGT(kind, reg)  (((uint32_t)(kind) << 8) | (reg))
#define EMU_TGT_KIND(t)     ((t) >> 8)
#define EMU_TGT_REG(t)      ((t) & 0xffu)

/* int emu_load(struct emu_cpu *cpu, uint64_t ea, unsigned size, unsigned flags,
 *              uint32_t target, uint64_t *ret);
 * int emu_store(struct emu_cpu *cpu, uint64_t ea, unsigned size, unsigned flags,
 *               uint64_t val);
 * are inline (their RAM fast path) in: */
#include "mem_inline.h"

/* Completes a pending MMIO load from cpu->run->mmio.data (the next run calls
 * it first).  -EINVAL if the exit data is unusable. */
int emu_complete_mmio(struct emu_cpu *cpu);

/* Reservations (mem.c).  The reservation granule is 128 bytes. */
#define EMU_RESV_GRANULE 128u
/* Sets cpu's reservation on the granule holding ra. */
void emu_resv_set(struct emu_cpu *cpu, uint64_t ra, unsigned size, uint64_t val);
/* Store-conditional: stores val if cpu still holds a reservation covering
 * [ra, ra+size) and memory still holds the reserved value; clears the
 * reservation either way.  *ret_ok tells which.  RAM only. */
int emu_resv_store(struct emu_cpu *cpu, uint64_t ra, unsigned size, unsigned flags,
                   uint64_t val, bool *ret_ok);
void emu_resv_clear(struct emu_cpu *cpu);

/* Host pointer for [ra, ra+len) of guest RAM, or NULL (not RAM, or crosses
 * a slot).  ra is a real address. */
void *emu_ram_ptr(struct emu_vm *vm, uint64_t ra, uint64_t len);
/* Effective -> real for data (real mode today; the MMU adds translation). */
int emu_xlate_data(struct emu_cpu *cpu, uint64_t ea, bool is_write, uint64_t *ret_ra);

/* Single-precision <-> double conversions as the FP loads/stores do them
 * (fpu.c): exact, no FPSCR effects. */
uint64_t emu_fp_single_to_double(uint32_t s);
uint32_t emu_fp_double_to_single(uint64_t d);

/* Timebase (timebase.c). */
uint64_t emu_read_tb(const struct emu_vm *vm);

/* System call `sc LEV` (paravirt.c), called by the sc handler with cpu->nip
 * at the sc: hypercalls, OSI and KVM paravirtual calls, or the system call
 * interrupt.  Returns the handler result. */
int emu_sc(struct emu_cpu *cpu, unsigned lev);

/* Drops every soft-TLB entry of cpu (mem.c): call on any change of
 * translation (tlbie, slbmte, ... once the MMU translates). */
void emu_tlb_flush(struct emu_cpu *cpu);
