/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The atomic memory operations of Power ISA 3.0 (Book II, 4.5): lwat, ldat
 * (fetch-and-<op>) and stwat, stdat (store-<op>), selected by the function
 * code FC in bits 16-20.
 *
 * The operand at EA is read, combined with RT+1 (and RT+2; registers wrap
 * mod 32) or RS, and written back atomically with respect to every other
 * larx/stcx./AMO of the VM (a compare-and-store loop over emu_resv_set and
 * emu_resv_store), so they kill other reservations and invalidate decoded
 * code like any store.  They also drop this vcpu's
 * own reservation (the ISA allows a reservation to be lost at any time).
 * Function codes not defined by ISA 3.0 are invalid forms (illegal), as in
 * QEMU; an unaligned EA raises the alignment interrupt; outside RAM they
 * raise the data storage interrupt with DSISR_BADACCESS | DSISR_ISSTORE
 * (as for larx/stcx.: the ISA's outcome on caching-inhibited storage).  The bounded/twin codes
 * that read EA+s treat that second location as a plain access.
 * Where QEMU 7.2 differs, the ISA is followed: the signed max/min codes of
 * lwat/stwat compare the words as signed 32-bit values, and a bounded code
 * that hits its bound returns 0x0000_0000_8000_0000 for lwat (QEMU compares
 * zero-extended words and sign-extends that value).
 */
#include "ldst.h"
#include "mem_internal.h"

enum amo_fc {
        FC_ADD = 0, FC_XOR = 1, FC_OR = 2, FC_AND = 3,
        FC_MAXU = 4, FC_MAXS = 5, FC_MINU = 6, FC_MINS = 7,
        FC_SWAP = 8,                     /* loads only */
        FC_CSWAP_NE = 16,                /* loads only */
        FC_INC_BOUNDED = 24,             /* loads; store twin for stores */
        FC_INC_EQUAL = 25,
        FC_DEC_BOUNDED = 28,
};
#define FC_STORE_TWIN 24

static unsigned amo_fc(const struct emu_insn *in)
{
        return in->rb;   /* the FC field occupies bits 16-20 */
}

static int64_t amo_signed(uint64_t v, unsigned size)
{
        return size == 4 ? (int64_t)(int32_t)v : (int64_t)v;
}

/* The fetch-and-<op> and store-<op> combinations (FC 0-7), on size-byte
 * values; returns false for an undefined FC. */
static bool amo_combine(unsigned fc, unsigned size, uint64_t old, uint64_t src, uint64_t *ret)
{
        uint64_t mask = size == 4 ? 0xffffffffull : ~0ull;

        src &= mask;
        switch (fc) {
        case FC_ADD:  *ret = (old + src) & mask; return true;
        case FC_XOR:  *ret = old ^ src; return true;
        case FC_OR:   *ret = old | src; return true;
        case FC_AND:  *ret = old & src; return true;
        case FC_MAXU: *ret = old > src ? old : src; return true;
        case FC_MAXS: *ret = amo_signed(old, size) > amo_signed(src, size) ? old : src; return true;
        case FC_MINU: *ret = old < src ? old : src; return true;
        case FC_MINS: *ret = amo_signed(old, size) < amo_signed(src, size) ? old : src; return true;
        default:      return false;
        }
}

/* What one AMO does to memory and to RT, given the old value at EA and,
 * for the bounded/twin codes, the value at EA+s. */
struct amo_step {
        uint64_t old, next;              /* operand at EA */
        uint64_t rt;                     /* result for RT (loads) */
        bool write;                      /* store next at EA */
        bool write_twin;                 /* store twin at EA+s too */
        uint64_t twin;
};

static bool amo_load_step(unsigned fc, unsigned size, uint64_t src1, uint64_t src2,
                          uint64_t bound, struct amo_step *s)
{
        uint64_t mask = size == 4 ? 0xffffffffull : ~0ull;
        uint64_t limit = 1ull << (8 * size - 1);

        s->rt = s->old;
        s->write = true;
        switch (fc) {
        case FC_SWAP:
                s->next = src1 & mask;
                return true;
        case FC_CSWAP_NE:
                s->next = s->old != (src1 & mask) ? src2 & mask : s->old;
                s->write = s->old != (src1 & mask);
                return true;
        case FC_INC_BOUNDED:
        case FC_INC_EQUAL:
        case FC_DEC_BOUNDED: {
                bool go = fc == FC_INC_EQUAL ? s->old == bound : s->old != bound;
                s->write = go;
                s->next = go ? (s->old + (fc == FC_DEC_BOUNDED ? mask : 1)) & mask : s->old;
                s->rt = go ? s->old : limit;
                return true;
        }
        default:
                return amo_combine(fc, size, s->old, src1, &s->next);
        }
}

static bool amo_needs_bound(unsigned fc)
{
        return fc == FC_INC_BOUNDED || fc == FC_INC_EQUAL || fc == FC_DEC_BOUNDED;
}

/* Does the operation read (and for store twin, write) the operand at EA+s? */
static bool amo_uses_second(unsigned fc, bool is_load)
{
        return is_load ? amo_needs_bound(fc) : fc == FC_STORE_TWIN;
}

/* One attempt's effect, from s->old and the operand at EA+s. */
static void amo_compute(const struct emu_cpu *cpu, const struct emu_insn *in, unsigned size,
                        bool is_load, uint64_t second, struct amo_step *s)
{
        uint64_t rs = cpu->gpr[in->rt];

        s->write_twin = false;
        if (is_load) {
                amo_load_step(amo_fc(in), size, cpu->gpr[(in->rt + 1) & 31],
                              cpu->gpr[(in->rt + 2) & 31], second, s);
        } else if (amo_fc(in) == FC_STORE_TWIN) {
                s->write = s->write_twin = s->old == second;
                s->next = s->twin = rs;
        } else {
                s->write = true;
                amo_combine(amo_fc(in), size, s->old, rs, &s->next);
        }
}

/* One operand (naturally aligned, so within a page) must translate for a
 * store and be RAM. */
static int amo_operand(struct emu_cpu *cpu, uint64_t ea, unsigned size)
{
        uint64_t ra;
        int r = emu_xlate_data(cpu, ea, true, &ra);

        if (r == EMU_NEXT && !emu_ram_ptr(cpu->vm, ra, size))
                return emu_mem_bad_access(cpu, ea, true);
        return r;
}

/* Alignment, then every byte the operation may touch must be RAM. */
static int amo_check(struct emu_cpu *cpu, uint64_t ea, uint64_t ea2, unsigned size, bool second)
{
        int r;

        if (ea & (size - 1))
                return emu_alignment(cpu, ea);
        r = amo_operand(cpu, ea, size);
        if (r == EMU_NEXT && second)
                r = amo_operand(cpu, ea2, size);
        return r;
}

/*
 * Applies one AMO at ea atomically: load, compute, then a conditional store
 * (emu_resv_store) that succeeds only if memory still holds the loaded
 * value under the reservation lock, retried until it does.
 */
static int amo_run(struct emu_cpu *cpu, uint64_t ea, unsigned size, bool is_load,
                   const struct emu_insn *in, struct amo_step *s)
{
        bool second = amo_uses_second(amo_fc(in), is_load);
        uint64_t ea2 = emu_ea(cpu, ea + size), ra;
        int r;

        r = amo_check(cpu, ea, ea2, size, second);
        if (r == EMU_NEXT)
                r = emu_xlate_data(cpu, ea, true, &ra);
        if (r != EMU_NEXT)
                return r;
        for (;;) {
                uint64_t v2 = 0;
                bool ok;

                r = emu_load(cpu, ea, size, 0, EMU_TGT_NONE, &s->old);
                if (r == EMU_NEXT && second)
                        r = emu_load(cpu, ea2, size, 0, EMU_TGT_NONE, &v2);
                if (r != EMU_NEXT)
                        return r;
                amo_compute(cpu, in, size, is_load, v2, s);
                if (!s->write)
                        return EMU_NEXT;
                emu_resv_set(cpu, ra, size, s->old);
                if (emu_resv_store(cpu, ra, size, 0, s->next, &ok) < 0)
                        return emu_ldst_invalid(cpu);   /* not RAM: excluded above */
                if (ok)
                        break;
        }
        if (s->write_twin)
                return emu_store(cpu, ea2, size, 0, s->twin);
        return EMU_NEXT;
}

static bool amo_load_fc_defined(unsigned fc)
{
        return fc <= FC_SWAP || fc == FC_CSWAP_NE || amo_needs_bound(fc);
}

static bool amo_store_fc_defined(unsigned fc)
{
        return fc <= FC_MINS || fc == FC_STORE_TWIN;
}

static int amo_load(struct emu_cpu *cpu, const struct emu_insn *in, unsigned size)
{
        struct amo_step s;
        int r;

        if (!amo_load_fc_defined(amo_fc(in)))
                return emu_ldst_invalid(cpu);
        r = amo_run(cpu, emu_ea(cpu, emu_ldst_base(cpu, in->ra)), size, true, in, &s);
        if (r == EMU_NEXT)
                cpu->gpr[in->rt] = s.rt;
        return r;
}

static int amo_store(struct emu_cpu *cpu, const struct emu_insn *in, unsigned size)
{
        struct amo_step s;

        if (!amo_store_fc_defined(amo_fc(in)))
                return emu_ldst_invalid(cpu);
        return amo_run(cpu, emu_ea(cpu, emu_ldst_base(cpu, in->ra)), size, false, in, &s);
}

static int op_lwat(struct emu_cpu *cpu, const struct emu_insn *in) { return amo_load(cpu, in, 4); }
static int op_ldat(struct emu_cpu *cpu, const struct emu_insn *in) { return amo_load(cpu, in, 8); }
static int op_stwat(struct emu_cpu *cpu, const struct emu_insn *in) { return amo_store(cpu, in, 4); }
static int op_stdat(struct emu_cpu *cpu, const struct emu_insn *in) { return amo_store(cpu, in, 8); }

#define X(xo)  0xfc0007feu, ((31u << 26) | ((uint32_t)(xo) << 1))

const struct emu_opdesc emu_ops_amo[] = {
        { "lwat",  X(582), op_lwat,  NULL },
        { "ldat",  X(614), op_ldat,  NULL },
        { "stwat", X(710), op_stwat, NULL },
        { "stdat", X(742), op_stdat, NULL },
        { NULL, 0, 0, NULL, NULL },
};
