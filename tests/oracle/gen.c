/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Random instruction sequences for the oracle.  One class per mnemonic (or
 * per small family sharing a form); each class builds a group.  Classes whose
 * words the emulator does not decode yet are skipped and reported, so the
 * oracle grows stricter as instruction handlers land.
 *
 * Register conventions: r1 is the harness's stack pointer, r13 its thread
 * pointer and r31 the scratch base (ORACLE_SCRATCH_BASE + 256); none of them
 * is ever a destination.  Every other GPR and every FPR is fair game.
 *
 * README.md lists every exclusion and cleanup with the ISA section behind it.
 */
#include <stdio.h>
#include <string.h>

#include "encode.h"
#include "gen.h"
#include "vcpu/emu/cpu.h"

/* ---- random numbers: splitmix64 ---- */

void rng_seed(struct rng *r, uint64_t seed) { r->s = seed; }

uint64_t rng_next(struct rng *r)
{
        uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
}

unsigned rng_below(struct rng *r, unsigned n) { return n ? (unsigned)(rng_next(r) % n) : 0; }

/* ---- generation context ---- */

struct gctx {
        struct rng *r;
        const struct gen_opts *o;
        struct group *g;
};

static unsigned rnd(struct gctx *c, unsigned n) { return rng_below(c->r, n); }
static bool coin(struct gctx *c) { return rng_next(c->r) & 1; }

static bool reserved_gpr(unsigned r) { return r == 1 || r == 13 || r == ORACLE_SCRATCH_REG; }

/* A destination GPR: anything but r1, r13, r31. */
static unsigned dst(struct gctx *c)
{
        unsigned r;
        do r = rnd(c, 32); while (reserved_gpr(r));
        return r;
}

/* A source GPR: r31 holds a known address, so it may be read. */
static unsigned src(struct gctx *c)
{
        unsigned r;
        do r = rnd(c, 32); while (r == 1 || r == 13);
        return r;
}

/* A destination other than the given registers (and never r0 if no0). */
static unsigned dst_not(struct gctx *c, unsigned a, unsigned b, bool no0)
{
        unsigned r;
        do r = dst(c); while (r == a || r == b || (no0 && r == 0));
        return r;
}

static void emit(struct gctx *c, uint32_t w)
{
        if (c->g->n < GROUP_MAXW)
                c->g->w[c->g->n++] = w;
}

/* Emits the instruction under test. */
static void emit_main(struct gctx *c, uint32_t w)
{
        c->g->main = c->g->n;
        emit(c, w);
}

/*
 * A displacement from r31 for an access of size bytes that stays inside the
 * scratch buffer; aligned to align (a power of two) most of the time, and
 * always to dsmask+1 (DS forms need multiples of 4).
 */
static int32_t scratch_disp(struct gctx *c, unsigned size, unsigned align, unsigned dsmask)
{
        int32_t lo = -(ORACLE_SCRATCH_SIZE / 2), hi = ORACLE_SCRATCH_SIZE / 2 - (int32_t)size;
        int32_t d = lo + (int32_t)rnd(c, (unsigned)(hi - lo + 1));
        if (rnd(c, 4) != 0)
                d &= ~(int32_t)(align - 1);
        d &= ~(int32_t)dsmask;
        return d;
}

/* ---- classes ---- */

enum undef_kind {
        U_NONE,
        U_DIVW, U_DIVWU, U_DIVD, U_DIVDU,
        U_DIVWE, U_DIVWEU, U_DIVDE, U_DIVDEU,
        U_FNM,          /* QEMU difference: fnmadd/fnmsub round after negating */
};

enum cls_flags {
        C_NO_OE     = 1u << 0,   /* XO form without OE (mulhw, mulhd...) */
        C_NO_RB     = 1u << 1,   /* addme, addze, subfme, subfze, neg */
        C_NO_RC     = 1u << 2,
        C_HI_UNDEF  = 1u << 3,   /* RT[0:31] undefined: clear it afterwards */
        C_MULTI     = 1u << 4,   /* multiple/string: alignment interrupt when LE */
        C_FAULTS    = 1u << 5,   /* ends the sequence (privileged, illegal, trap) */
        C_SINGLE    = 1u << 6,   /* FP: opcode 59 */
        C_NO_FPRF   = 1u << 7,   /* QEMU leaves FPRF unset: clear it afterwards */
        C_FMA       = 1u << 8,   /* fmadd family: inf * 0 + SNaN (README) */
};

struct oclass;
typedef void (*gen_fn)(struct gctx *c, const struct oclass *k);

struct oclass {
        const char *name;
        gen_fn gen;
        uint32_t op;         /* primary opcode */
        uint32_t xo;         /* extended opcode (form dependent) */
        unsigned size;       /* memory access size / misc parameter */
        unsigned flags;
        enum undef_kind undef;
        unsigned weight;
};

/* XO form arithmetic: add, subf, mul, div and friends. */
static void g_xo(struct gctx *c, const struct oclass *k)
{
        unsigned rt = dst(c), ra = src(c), rb = (k->flags & C_NO_RB) ? 0 : src(c);
        unsigned oe = (k->flags & C_NO_OE) ? 0 : coin(c), rc = coin(c);

        emit_main(c, enc_xo(rt, ra, rb, oe, k->xo, rc));
        if (k->flags & C_HI_UNDEF) {
                emit(c, CLRLDI(rt, rt, 32));
                if (rc)
                        emit(c, CMPWI(0, rt, 0));
        }
}

/* X form with RT, RA, RB and no Rc (modsw, cmpb, ...). */
static void g_x_trr(struct gctx *c, const struct oclass *k)
{
        unsigned rt = dst(c);
        emit_main(c, enc_x(31, rt, src(c), src(c), k->xo, 0));
        if (k->flags & C_HI_UNDEF)
                emit(c, CLRLDI(rt, rt, 32));
}

/* X form logical: RA = RS op RB, optional Rc. */
static void g_x_logic(struct gctx *c, const struct oclass *k)
{
        unsigned rc = (k->flags & C_NO_RC) ? 0 : coin(c);
        emit_main(c, enc_x(31, src(c), dst(c), (k->flags & C_NO_RB) ? 0 : src(c), k->xo, rc));
}

/* D form arithmetic: addi, addis, addic, addic., subfic, mulli. */
static void g_d_arith(struct gctx *c, const struct oclass *k)
{
        uint32_t imm = coin(c) ? (uint32_t)rnd(c, 65536) : (uint32_t)(rnd(c, 33) - 16);
        emit_main(c, enc_d(k->op, dst(c), src(c), imm));
}

/* D form logical: RA = RS op UI. */
static void g_d_logic(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_d(k->op, src(c), dst(c), rnd(c, 65536)));
}

/* Compares: BF, L, RA, RB or immediate. */
static void g_cmp(struct gctx *c, const struct oclass *k)
{
        unsigned bfl = (rnd(c, 8) << 2) | coin(c);
        if (k->op == 31)
                emit_main(c, enc_x(31, bfl, src(c), src(c), k->xo, 0));
        else
                emit_main(c, enc_d(k->op, bfl, src(c), coin(c) ? rnd(c, 65536) : rnd(c, 33) - 16));
}

/* cmprb (L random), cmpeqb: BF, RA, RB. */
static void g_cmp_byte(struct gctx *c, const struct oclass *k)
{
        unsigned l = k->xo == 192 ? coin(c) : 0;
        emit_main(c, enc_x(31, (rnd(c, 8) << 2) | l, src(c), src(c), k->xo, 0));
}

static void g_rlw(struct gctx *c, const struct oclass *k)
{
        unsigned sh = k->op == 23 ? src(c) : rnd(c, 32);
        emit_main(c, enc_m(k->op, src(c), dst(c), sh, rnd(c, 32), rnd(c, 32), coin(c)));
}

static void g_rld(struct gctx *c, const struct oclass *k)
{
        if (k->xo >= 8)
                emit_main(c, enc_mds(src(c), dst(c), src(c), rnd(c, 64), k->xo, coin(c)));
        else
                emit_main(c, enc_md(src(c), dst(c), rnd(c, 64), rnd(c, 64), k->xo, coin(c)));
}

static void g_xs(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_xs(src(c), dst(c), rnd(c, 64), k->xo, coin(c)));
}

static void g_srawi(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_x(31, src(c), dst(c), rnd(c, 32), k->xo, coin(c)));
}

/* maddhd, maddhdu, maddld: VA form (opcode 4). */
static void g_va(struct gctx *c, const struct oclass *k)
{
        emit_main(c, (4u << 26) | (dst(c) << 21) | (src(c) << 16) | (src(c) << 11) |
                         (src(c) << 6) | k->xo);
}

static void g_isel(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_a(31, dst(c), src(c), src(c), rnd(c, 32), 15, 0));
}

/* addpcis: DX form, d split into d0 (bits 16-25), d1 (11-15), d2 (31). */
static void g_addpcis(struct gctx *c, const struct oclass *k)
{
        unsigned d = rnd(c, 65536);
        emit_main(c, (19u << 26) | (dst(c) << 21) | ((d & 0x3e) << 15) | ((d >> 6) << 6) |
                         (2u << 1) | (d & 1));
}

static void g_setb(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_x(31, dst(c), rnd(c, 8) << 2, 0, k->xo, 0));
}

static void g_mcrxrx(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_x(31, rnd(c, 8) << 2, 0, 0, k->xo, 0));
}

/* addex with CY=0 (CY!=0 is reserved): Z23 form XO 170, CY in bits 21-22. */
static void g_addex(struct gctx *c, const struct oclass *k)
{
        emit_main(c, (31u << 26) | (dst(c) << 21) | (src(c) << 16) | (src(c) << 11) | (170u << 1));
}

/* ---- CR and SPR moves ---- */

static void g_crlogic(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_xl(rnd(c, 32), rnd(c, 32), rnd(c, 32), k->xo, 0));
}

static void g_mcrf(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_xl(rnd(c, 8) << 2, rnd(c, 8) << 2, 0, 0, 0));
}

static void g_mfcr(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_x(31, dst(c), 0, 0, 19, 0));
}

/* mfocrf: only the selected field is defined; keep just that field. */
static void g_mfocrf(struct gctx *c, const struct oclass *k)
{
        unsigned f = rnd(c, 8), rt = dst(c);
        emit_main(c, (31u << 26) | (rt << 21) | (1u << 20) | ((0x80u >> f) << 12) | (19u << 1));
        emit(c, enc_m(21, rt, rt, 0, 4 * f, 4 * f + 3, 0));
}

static void g_mtcrf(struct gctx *c, const struct oclass *k)
{
        unsigned one = k->xo == 1;
        unsigned fxm = one ? 0x80u >> rnd(c, 8) : rnd(c, 256);
        emit_main(c, (31u << 26) | (src(c) << 21) | (one << 20) | (fxm << 12) | (144u << 1));
}

/* XER from a value with only defined bits (SO OV CA OV32 CA32, byte count). */
static void emit_set_xer(struct gctx *c, unsigned tmp, unsigned bc)
{
        static const uint32_t bits[] = { 0x8000, 0x4000, 0x2000, 0x0008, 0x0004 };
        uint32_t hi = 0;
        for (unsigned i = 0; i < 5; i++)
                if (coin(c))
                        hi |= bits[i];
        emit(c, LI(tmp, bc));
        emit(c, ORIS(tmp, tmp, hi));
        emit(c, MTSPR(SPR_XER, tmp));
}

static void g_mtxer(struct gctx *c, const struct oclass *k)
{
        unsigned t = dst(c);
        emit_set_xer(c, t, rnd(c, 128));
        c->g->main = c->g->n - 1;
}

static void g_mfspr(struct gctx *c, const struct oclass *k)
{
        emit_main(c, MFSPR(dst(c), k->size));
}

static void g_mtspr(struct gctx *c, const struct oclass *k)
{
        emit_main(c, MTSPR(k->size, src(c)));
}

/* ---- branches (always forward, within the sequence) ---- */

/* Canonical BO values: z bits zero, no reserved "at" hint (01). */
static const uint8_t bo_any[] = { 0, 2, 4, 6, 7, 8, 10, 12, 14, 15, 16, 18, 20, 24, 25, 26, 27 };
static const uint8_t bo_nodec[] = { 4, 6, 7, 12, 14, 15, 20 };

static void set_branch(struct gctx *c, unsigned kind, unsigned patch, unsigned anchor)
{
        c->g->kind = kind;
        c->g->patch = patch;
        c->g->anchor = anchor;
        c->g->fwd = rnd(c, 4) == 0 ? 0 : rnd(c, 6);
}

static void g_b(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_b(0, coin(c)));
        set_branch(c, PATCH_B, c->g->main, 0);
}

static void g_bc(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_bc(bo_any[rnd(c, sizeof(bo_any))], rnd(c, 32), 0, coin(c)));
        set_branch(c, PATCH_BC, c->g->main, 0);
}

/* bclr / bcctr: the target address is built in LR or CTR first. */
static void g_bcreg(struct gctx *c, const struct oclass *k)
{
        bool ctr = k->xo == 528;
        unsigned t = dst_not(c, 99, 99, true);     /* addi from r0 would mean 0 */
        unsigned bo = ctr ? bo_nodec[rnd(c, sizeof(bo_nodec))] : bo_any[rnd(c, sizeof(bo_any))];

        emit(c, BCL_NEXT);
        emit(c, MFSPR(t, SPR_LR));
        emit(c, ADDI(t, t, 0));
        emit(c, MTSPR(ctr ? SPR_CTR : SPR_LR, t));
        emit_main(c, enc_xl(bo, rnd(c, 32), 0, k->xo, coin(c)));
        set_branch(c, PATCH_ADDI, 2, 0);
}

/* ---- traps, privileged and illegal instructions (each ends a sequence
 * when it fires) ---- */

static void g_trap(struct gctx *c, const struct oclass *k)
{
        unsigned to = rnd(c, 32);
        if (k->op == 31)
                emit_main(c, enc_x(31, to, src(c), src(c), k->xo, 0));
        else
                emit_main(c, enc_d(k->op, to, src(c), rnd(c, 65536)));
}

static const uint16_t priv_sprs[] = { SPR_SRR0, SPR_SRR1, SPR_SPRG0, SPR_SPRG3, SPR_DAR, SPR_DSISR };

static void g_priv(struct gctx *c, const struct oclass *k)
{
        switch (rnd(c, 4)) {
        case 0: emit_main(c, enc_x(31, dst(c), 0, 0, 83, 0)); break;                  /* mfmsr */
        case 1: emit_main(c, enc_x(31, src(c), 0, 0, 178, 0)); break;                 /* mtmsrd */
        case 2: emit_main(c, MFSPR(dst(c), priv_sprs[rnd(c, 6)])); break;
        default: emit_main(c, MTSPR(priv_sprs[rnd(c, 6)], src(c))); break;
        }
}

static void g_illegal(struct gctx *c, const struct oclass *k)
{
        emit_main(c, coin(c) ? 0 : (1u << 26) | (uint32_t)(rng_next(c->r) & 0x3ffffff));
}

/* ---- loads and stores ---- */

/* D/DS form, optionally with update (then via a copy of the base). */
static void g_ld_d(struct gctx *c, const struct oclass *k)
{
        bool upd = k->flags & 0x100, store = k->flags & 0x200, fp = k->flags & 0x400;
        unsigned dsmask = k->xo != 0xffff ? 3 : 0;
        int32_t d = scratch_disp(c, k->size, k->size, dsmask);
        unsigned rt = fp ? rnd(c, 32) : store ? src(c) : dst(c);
        unsigned ra = ORACLE_SCRATCH_REG;
        uint32_t imm;

        if (upd) {
                int32_t pre = (int32_t)(rnd(c, 64) * 4) - 128;
                ra = fp || store ? dst_not(c, 99, 99, true) : dst_not(c, rt, rt, true);
                emit(c, ADDI(ra, ORACLE_SCRATCH_REG, pre));
                d -= pre;
        }
        imm = (uint32_t)d & 0xffff;
        if (k->xo != 0xffff)
                imm = (imm & ~3u) | k->xo;
        emit_main(c, enc_d(k->op, rt, ra, imm));
}

/* X form: EA = (RA|0) + RB, optionally with update. */
static void g_ld_x(struct gctx *c, const struct oclass *k)
{
        bool upd = k->flags & 0x100, store = k->flags & 0x200, fp = k->flags & 0x400;
        int32_t d = scratch_disp(c, k->size, k->size, 0);
        unsigned rt = fp ? rnd(c, 32) : store ? src(c) : dst(c);
        unsigned rb = dst_not(c, fp ? 99 : rt, 99, false);
        unsigned ra;

        if (upd || coin(c)) {
                ra = dst_not(c, fp ? 99 : rt, rb, true);
                if (store && !fp && !upd && coin(c))
                        ra = ORACLE_SCRATCH_REG;
                else
                        emit(c, ADDI(ra, ORACLE_SCRATCH_REG, 0));
                emit(c, LI(rb, d));
                if (coin(c) && !upd) {      /* swap RA and RB: the sum is the same */
                        unsigned t = ra; ra = rb; rb = t;
                }
        } else {
                ra = 0;
                emit(c, ADDI(rb, ORACLE_SCRATCH_REG, d));
        }
        emit_main(c, enc_x(31, rt, ra, rb, k->xo, 0));
        (void)store;
}

/* lmw / stmw: registers rt..r31 from/to d(RA).  lmw reloads r31 last, so the
 * scratch base is rebuilt after it. */
static void g_multiple(struct gctx *c, const struct oclass *k)
{
        bool load = k->op == 46;
        unsigned rt = load ? 14 + rnd(c, 17) : 2 + rnd(c, 30);     /* never r1 */
        unsigned size = (32 - rt) * 4;
        int32_t d = scratch_disp(c, size, 4, 3);
        unsigned ra = ORACLE_SCRATCH_REG;

        if (load) {
                ra = 2 + rnd(c, rt - 2);
                if (ra == 13)
                        ra = 12;
                emit(c, ADDI(ra, ORACLE_SCRATCH_REG, 0));
        }
        emit_main(c, enc_d(k->op, rt, ra, (uint32_t)d));
        if (load) {
                emit(c, LIS(ORACLE_SCRATCH_REG, (ORACLE_SCRATCH_BASE >> 16)));
                emit(c, ORI(ORACLE_SCRATCH_REG, ORACLE_SCRATCH_REG, ORACLE_SCRATCH_SIZE / 2));
        }
}

/*
 * String loads: nb bytes into ceil(nb/4) registers from rt, wrapping after
 * r31.  The range must not hold RA or RB (invalid form) nor r1, r13, r31,
 * so it is taken from r14..r30 or r2..r12.
 */
static void string_range(struct gctx *c, unsigned nb, unsigned *rt)
{
        unsigned nr = (nb + 3) / 4;
        if (nr <= 11 && coin(c))
                *rt = 2 + rnd(c, 11 - nr + 1);
        else
                *rt = 14 + rnd(c, 17 - nr + 1);
}

static void g_string(struct gctx *c, const struct oclass *k)
{
        bool load = k->xo == 597 || k->xo == 533, imm = k->xo == 597 || k->xo == 725;
        unsigned nb = 1 + rnd(c, 32);
        int32_t d = scratch_disp(c, nb, 1, 0);
        unsigned rt, ra, rb = 0;

        if (load) {
                string_range(c, nb, &rt);
                unsigned nr = (nb + 3) / 4;
                /* RA (and RB) outside rt..rt+nr-1: pick below r14 or above. */
                do ra = dst_not(c, 99, 99, true); while (ra >= rt && ra < rt + nr);
                do rb = dst_not(c, ra, 99, false); while (rb >= rt && rb < rt + nr);
        } else {
                string_range(c, nb, &rt);       /* never r1: its value is the harness's */
                ra = dst_not(c, 99, 99, true);
                rb = dst_not(c, ra, 99, false);
        }
        if (imm) {
                emit(c, ADDI(ra, ORACLE_SCRATCH_REG, d));
                emit_main(c, enc_x(31, rt, ra, nb & 31, k->xo, 0));
        } else {
                emit_set_xer(c, rb, nb);
                emit(c, ADDI(ra, ORACLE_SCRATCH_REG, 0));
                emit(c, LI(rb, d));
                emit_main(c, enc_x(31, rt, ra, rb, k->xo, 0));
        }
}

/* larx, an optional change of the value, stcx. to the same address. */
static void g_atomic(struct gctx *c, const struct oclass *k)
{
        static const unsigned stcx[] = { [1] = 694, [2] = 726, [4] = 150, [8] = 214 };
        int32_t d = scratch_disp(c, k->size, k->size, 0);
        unsigned rb = dst_not(c, 99, 99, true);
        unsigned rt = dst_not(c, rb, 99, false);
        unsigned eh = rnd(c, 4) == 0;

        if (rnd(c, 8) == 0)
                d |= 1;                       /* misaligned: alignment interrupt */
        emit(c, ADDI(rb, ORACLE_SCRATCH_REG, d));
        emit_main(c, enc_x(31, rt, 0, rb, k->xo, eh));
        if (rnd(c, 8) != 0) {
                if (coin(c))
                        emit(c, ADDI(rt, rt, rnd(c, 33) - 16));
                emit(c, enc_x(31, coin(c) ? rt : src(c), 0, rb, stcx[k->size], 1));
        }
}

/*
 * Atomic memory operations (Book II 4.5): lwat/ldat RT,RA,FC read RT+1 and
 * RT+2 (mod 32) as operands and write RT; stwat/stdat RS,RA,FC read RS.  The
 * registers must not reach r1 (the harness's stack pointer) or r13, RT not
 * r31.  Function codes where QEMU 7.2 differs from the ISA (signed max/min
 * of the word forms, the bounded fetch codes; README) are not generated.
 */
static void g_amo(struct gctx *c, const struct oclass *k)
{
        static const uint8_t lw_fc[] = { 0, 1, 2, 3, 4, 6, 8, 16 };
        static const uint8_t ld_fc[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 16 };
        static const uint8_t stw_fc[] = { 0, 1, 2, 3, 4, 6, 24 };
        static const uint8_t std_fc[] = { 0, 1, 2, 3, 4, 5, 6, 7, 24 };
        bool load = k->xo == 582 || k->xo == 614, word = k->size == 4;
        const uint8_t *fcs = load ? (word ? lw_fc : ld_fc) : (word ? stw_fc : std_fc);
        unsigned nfc = load ? (word ? sizeof(lw_fc) : sizeof(ld_fc)) : (word ? sizeof(stw_fc) : sizeof(std_fc));
        unsigned fc = fcs[rnd(c, nfc)];
        unsigned rt, ra;
        int32_t d = scratch_disp(c, 2 * k->size, k->size, 0) & ~(int32_t)(k->size - 1);

        for (;;) {
                rt = 2 + rnd(c, 27);       /* r2..r28: RT+2 <= r30 */
                if (!(rt <= 13 && rt + 2 >= 13))
                        break;
        }
        do ra = dst_not(c, 99, 99, true); while (ra >= rt && ra <= rt + 2);
        emit(c, ADDI(ra, ORACLE_SCRATCH_REG, d));
        emit_main(c, enc_x(31, rt, ra, fc, k->xo, 0));
}

/*
 * Self-modifying code: run a nop once, store a new instruction over it,
 * make it visible with the ISA's sequence (dcbst, sync, icbi, isync) and
 * branch back to run it.  The step loop fetches every word afresh; run()
 * has decoded the page already and must notice the store.  Both must agree,
 * and with QEMU.  A flag register (rf) makes the loop run twice only.
 *
 *   0 bcl 20,31,$+4      6 P: nop            11 dcbst 0,rb
 *   1 mflr rb            7 cmpwi crF,rf,0    12 sync
 *   2 addi rb,rb,20      8 bne crF,end       13 icbi 0,rb
 *   3 lis rx,w@h         9 li rf,1           14 isync
 *   4 ori rx,rx,w@l     10 stw rx,0(rb)      15 b P
 *   5 li rf,0                                16 end:
 */
static void g_smc(struct gctx *c, const struct oclass *k)
{
        unsigned rb = dst_not(c, 99, 99, true), rx = dst_not(c, rb, 99, false);
        unsigned rf = dst_not(c, rb, rx, false), rt, crf = rnd(c, 8);
        uint32_t w;

        do rt = dst(c); while (rt == rb || rt == rx || rt == rf);
        switch (rnd(c, 4)) {
        case 0: w = ADDI(rt, src(c), rnd(c, 65536)); break;
        case 1: w = enc_xo(rt, src(c), src(c), coin(c), 266, coin(c)); break;   /* add[o][.] */
        case 2: w = enc_m(21, src(c), rt, rnd(c, 32), rnd(c, 32), rnd(c, 32), coin(c)); break;
        default: w = enc_x(31, src(c), rt, src(c), 316, coin(c)); break;     /* xor[.] */
        }
        emit(c, BCL_NEXT);
        emit(c, MFSPR(rb, SPR_LR));
        emit(c, ADDI(rb, rb, 4 * 5));
        emit(c, LIS(rx, w >> 16));
        emit(c, ORI(rx, rx, w & 0xffff));
        emit(c, LI(rf, 0));
        emit(c, NOP);
        emit(c, CMPWI(crf, rf, 0));
        emit(c, enc_bc(4, 4 * crf + 2, 4 * 8, 0));
        emit(c, LI(rf, 1));
        emit_main(c, enc_d(36, rx, rb, 0));
        emit(c, enc_x(31, 0, 0, rb, 54, 0));
        emit(c, enc_x(31, 0, 0, 0, 598, 0));
        emit(c, enc_x(31, 0, 0, rb, 982, 0));
        emit(c, enc_xl(0, 0, 0, 150, 0));
        emit(c, enc_b(-4 * 9, 0));
}

static void g_cache(struct gctx *c, const struct oclass *k)
{
        unsigned rb = dst_not(c, 99, 99, true);
        emit(c, ADDI(rb, ORACLE_SCRATCH_REG, scratch_disp(c, 1, 1, 0)));
        emit_main(c, enc_x(31, 0, 0, rb, k->xo, 0));
}

static void g_sync(struct gctx *c, const struct oclass *k)
{
        if (k->op == 19)
                emit_main(c, enc_xl(0, 0, 0, 150, 0));                  /* isync */
        else
                emit_main(c, enc_x(31, k->size, 0, 0, k->xo, 0));       /* sync L / eieio */
}

/* ---- floating point ---- */

static unsigned fr(struct gctx *c) { return rnd(c, 32); }

static void g_fa(struct gctx *c, const struct oclass *k)
{
        unsigned op = (k->flags & C_SINGLE) ? 59 : 63;
        unsigned frt = fr(c), fra = fr(c), frb = fr(c), frc = fr(c);

        /* fadd/fsub/fdiv have no FRC; fmul has no FRB; fsqrt has neither FRA nor FRC. */
        if (k->xo == 18 || k->xo == 20 || k->xo == 21)
                frc = 0;
        if (k->xo == 25)
                frb = 0;
        if (k->xo == 22 || k->xo == 24 || k->xo == 26)
                fra = frc = 0;
        if (k->xo == 24 || k->xo == 26) {         /* estimates: see README */
                while (frt == frb)
                        frt = fr(c);
                emit(c, MTFSB1(0));
                emit(c, MTFSB1(6));
                emit_main(c, enc_a(op, frt, fra, frb, frc, k->xo, coin(c)));
                emit(c, FMR(frt, frb));
                emit(c, MTFSB0(13));
                emit(c, MTFSB0(14));
                emit(c, MTFSB0(15));
                emit(c, MTFSFI(4, 0));
                return;
        }
        emit_main(c, enc_a(op, frt, fra, frb, frc, k->xo, coin(c)));
}

/* X form FP with FRT, FRB (frsp, fneg, fcfid, fri*, ...). */
static void g_fx(struct gctx *c, const struct oclass *k)
{
        unsigned op = (k->flags & C_SINGLE) ? 59 : 63;
        emit_main(c, enc_x(op, fr(c), 0, fr(c), k->xo, coin(c)));
        if (k->flags & C_NO_FPRF) {
                emit(c, MTFSB0(15));
                emit(c, MTFSFI(4, 0));
        }
}

static void g_fcpsgn(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_x(63, fr(c), fr(c), fr(c), k->xo, coin(c)));
}

/*
 * fcti*: FPRF is undefined (cleared afterwards); the word forms leave
 * FRT[0:31] undefined, so the low word goes through memory and comes back
 * zero-extended (stfiwx, lfiwzx).
 */
static void g_fcti(struct gctx *c, const struct oclass *k)
{
        unsigned frt = fr(c);
        emit_main(c, enc_x(63, frt, 0, fr(c), k->xo, coin(c)));
        emit(c, MTFSB0(15));
        emit(c, MTFSFI(4, 0));
        if (k->flags & C_HI_UNDEF) {
                emit(c, enc_x(31, frt, 0, ORACLE_SCRATCH_REG, 983, 0));   /* stfiwx */
                emit(c, enc_x(31, frt, 0, ORACLE_SCRATCH_REG, 887, 0));   /* lfiwzx */
        }
}

/* FI is cleared first: QEMU clears it on a compare, the ISA leaves it (README). */
static void g_fcmp(struct gctx *c, const struct oclass *k)
{
        emit(c, MTFSB0(14));
        emit_main(c, enc_x(63, rnd(c, 8) << 2, fr(c), fr(c), k->xo, 0));
        emit(c, MTFSB0(15));     /* QEMU sets C on an invalid compare */
}

static void g_ftest(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_x(63, rnd(c, 8) << 2, k->xo == 128 ? fr(c) : 0, fr(c), k->xo, 0));
}

/* FR is cleared before the FPSCR is read: QEMU never sets it (README). */
static void g_mffs(struct gctx *c, const struct oclass *k)
{
        emit(c, MTFSB0(13));
        emit_main(c, enc_x(63, fr(c), 0, 0, 583, coin(c)));
}

/* The mffs family of ISA 3.0B, told apart by the RA field: mffsce (1),
 * mffscrn (22, RN from FRB), mffscrni (23, RN immediate), mffsl (24). */
static void g_mffsx(struct gctx *c, const struct oclass *k)
{
        unsigned rb = k->size == 22 ? fr(c) : k->size == 23 ? rnd(c, 4) << 1 : 0;
        emit(c, MTFSB0(13));
        emit_main(c, enc_x(63, fr(c), k->size, rb, 583, 0));
}

static void g_mcrfs(struct gctx *c, const struct oclass *k)
{
        unsigned bfa = 1 + rnd(c, 7);
        if (bfa == 5)            /* field 5 holds reserved bit 52 */
                bfa = 4;
        if (bfa == 3)
                emit(c, MTFSB0(13));
        emit_main(c, enc_x(63, rnd(c, 8) << 2, bfa << 2, 0, 64, 0));
}

/* The rounding mode (and, rarely, an exception enable) through mtfsfi;
 * never NI (non-IEEE mode is implementation dependent). */
static void g_mtfsfi(struct gctx *c, const struct oclass *k)
{
        unsigned bf = 7, u = rnd(c, 4);
        if (rnd(c, 8) == 0) {
                bf = 6;
                u = 1u << rnd(c, 4);     /* VE, OE, UE or ZE */
        } else if (rnd(c, 8) == 0) {
                bf = 1 + rnd(c, 4);      /* sticky bits of fields 1-4 */
                u = rnd(c, 16);
        }
        emit_main(c, MTFSFI(bf, u) | coin(c));
        if (bf >= 1 && bf <= 4)
                emit(c, MTFSB1(0));      /* keep FX set with the exception bits */
}

static void g_mtfsb(struct gctx *c, const struct oclass *k)
{
        static const uint8_t bits[] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                        17, 18, 19, 21, 22, 23, 30, 31 };
        static const uint8_t enables[] = { 24, 25, 26, 27, 28 };
        unsigned bt = bits[rnd(c, sizeof(bits))];
        if (k->xo == 38 && rnd(c, 4) == 0)
                bt = enables[rnd(c, 5)];
        /* Setting an exception bit sets FX; QEMU misses that for some bits,
         * so FX is set first (README). */
        if (k->xo == 38 && ((bt >= 3 && bt <= 12) || (bt >= 21 && bt <= 23)))
                emit(c, MTFSB1(0));
        emit_main(c, enc_x(63, bt, 0, 0, k->xo, coin(c)));
}

/* mtfsf from a random FPR: never field 7 (NI), 5 (reserved bit 52) nor 0
 * (FX: see README); field 6 (the enables) rarely. */
static void g_mtfsf(struct gctx *c, const struct oclass *k)
{
        unsigned flm = rnd(c, 256) & 0x7a;
        if (rnd(c, 8) != 0)
                flm &= ~0x02u;
        if (flm == 0)
                flm = 0x40;
        emit_main(c, (63u << 26) | (flm << 17) | (fr(c) << 11) | (711u << 1) | coin(c));
        emit(c, MTFSB1(0));      /* keep FX set with the exception bits */
}

static void g_fsel(struct gctx *c, const struct oclass *k)
{
        emit_main(c, enc_a(63, fr(c), fr(c), fr(c), fr(c), 23, coin(c)));
}

/* ---- the table ---- */

#define XO(n, x, f, u, w)   { n, g_xo, 31, x, 0, f, u, w }
#define LDD(n, op, sz, f, w)     { n, g_ld_d, op, 0xffff, sz, f, U_NONE, w }
#define LDDS(n, op, xo, sz, f, w) { n, g_ld_d, op, xo, sz, f, U_NONE, w }
#define LDX(n, xo, sz, f, w)     { n, g_ld_x, 31, xo, sz, f, U_NONE, w }
#define UPD 0x100
#define ST  0x200
#define FP  0x400

static const struct oclass classes[] = {
        /* fixed-point arithmetic (ISA 3.0 Book I 3.3.9) */
        XO("add", 266, 0, U_NONE, 4), XO("addc", 10, 0, U_NONE, 3), XO("adde", 138, 0, U_NONE, 3),
        XO("addme", 234, C_NO_RB, U_NONE, 2), XO("addze", 202, C_NO_RB, U_NONE, 2),
        XO("subf", 40, 0, U_NONE, 4), XO("subfc", 8, 0, U_NONE, 3), XO("subfe", 136, 0, U_NONE, 3),
        XO("subfme", 232, C_NO_RB, U_NONE, 2), XO("subfze", 200, C_NO_RB, U_NONE, 2),
        XO("neg", 104, C_NO_RB, U_NONE, 2),
        XO("mullw", 235, 0, U_NONE, 3), XO("mulld", 233, 0, U_NONE, 3),
        XO("mulhw", 75, C_NO_OE | C_HI_UNDEF, U_NONE, 2), XO("mulhwu", 11, C_NO_OE | C_HI_UNDEF, U_NONE, 2),
        XO("mulhd", 73, C_NO_OE, U_NONE, 2), XO("mulhdu", 9, C_NO_OE, U_NONE, 2),
        XO("divw", 491, C_HI_UNDEF, U_DIVW, 3), XO("divwu", 459, C_HI_UNDEF, U_DIVWU, 3),
        XO("divd", 489, 0, U_DIVD, 3), XO("divdu", 457, 0, U_DIVDU, 3),
        XO("divwe", 427, C_HI_UNDEF, U_DIVWE, 2), XO("divweu", 395, C_HI_UNDEF, U_DIVWEU, 2),
        XO("divde", 425, 0, U_DIVDE, 2), XO("divdeu", 393, 0, U_DIVDEU, 2),
        { "modsw", g_x_trr, 31, 779, 0, C_HI_UNDEF, U_DIVW, 2 },
        { "moduw", g_x_trr, 31, 267, 0, C_HI_UNDEF, U_DIVWU, 2 },
        { "modsd", g_x_trr, 31, 777, 0, 0, U_DIVD, 2 },
        { "modud", g_x_trr, 31, 265, 0, 0, U_DIVDU, 2 },
        { "addi", g_d_arith, 14, 0, 0, 0, U_NONE, 3 }, { "addis", g_d_arith, 15, 0, 0, 0, U_NONE, 2 },
        { "addic", g_d_arith, 12, 0, 0, 0, U_NONE, 2 }, { "addic.", g_d_arith, 13, 0, 0, 0, U_NONE, 2 },
        { "subfic", g_d_arith, 8, 0, 0, 0, U_NONE, 2 }, { "mulli", g_d_arith, 7, 0, 0, 0, U_NONE, 2 },
        { "addpcis", g_addpcis, 19, 2, 0, 0, U_NONE, 1 },
        { "addex", g_addex, 31, 170, 0, 0, U_NONE, 1 },
        { "maddhd", g_va, 4, 48, 0, 0, U_NONE, 1 }, { "maddhdu", g_va, 4, 49, 0, 0, U_NONE, 1 },
        { "maddld", g_va, 4, 51, 0, 0, U_NONE, 1 },
        /* compare (3.3.10) */
        { "cmp", g_cmp, 31, 0, 0, 0, U_NONE, 3 }, { "cmpl", g_cmp, 31, 32, 0, 0, U_NONE, 3 },
        { "cmpi", g_cmp, 11, 0, 0, 0, U_NONE, 3 }, { "cmpli", g_cmp, 10, 0, 0, 0, U_NONE, 3 },
        { "cmprb", g_cmp_byte, 31, 192, 0, 0, U_NONE, 1 }, { "cmpeqb", g_cmp_byte, 31, 224, 0, 0, U_NONE, 1 },
        { "setb", g_setb, 31, 128, 0, 0, U_NONE, 1 }, { "isel", g_isel, 31, 15, 0, 0, U_NONE, 2 },
        /* logical (3.3.12) */
        { "andi.", g_d_logic, 28, 0, 0, 0, U_NONE, 2 }, { "andis.", g_d_logic, 29, 0, 0, 0, U_NONE, 2 },
        { "ori", g_d_logic, 24, 0, 0, 0, U_NONE, 2 }, { "oris", g_d_logic, 25, 0, 0, 0, U_NONE, 2 },
        { "xori", g_d_logic, 26, 0, 0, 0, U_NONE, 2 }, { "xoris", g_d_logic, 27, 0, 0, 0, U_NONE, 2 },
        { "and", g_x_logic, 31, 28, 0, 0, U_NONE, 2 }, { "andc", g_x_logic, 31, 60, 0, 0, U_NONE, 2 },
        { "or", g_x_logic, 31, 444, 0, 0, U_NONE, 2 }, { "orc", g_x_logic, 31, 412, 0, 0, U_NONE, 2 },
        { "xor", g_x_logic, 31, 316, 0, 0, U_NONE, 2 }, { "nand", g_x_logic, 31, 476, 0, 0, U_NONE, 2 },
        { "nor", g_x_logic, 31, 124, 0, 0, U_NONE, 2 }, { "eqv", g_x_logic, 31, 284, 0, 0, U_NONE, 2 },
        { "extsb", g_x_logic, 31, 954, 0, C_NO_RB, U_NONE, 1 },
        { "extsh", g_x_logic, 31, 922, 0, C_NO_RB, U_NONE, 1 },
        { "extsw", g_x_logic, 31, 986, 0, C_NO_RB, U_NONE, 1 },
        { "cntlzw", g_x_logic, 31, 26, 0, C_NO_RB, U_NONE, 1 },
        { "cntlzd", g_x_logic, 31, 58, 0, C_NO_RB, U_NONE, 1 },
        { "cnttzw", g_x_logic, 31, 538, 0, C_NO_RB, U_NONE, 1 },
        { "cnttzd", g_x_logic, 31, 570, 0, C_NO_RB, U_NONE, 1 },
        { "popcntb", g_x_logic, 31, 122, 0, C_NO_RB | C_NO_RC, U_NONE, 1 },
        { "popcntw", g_x_logic, 31, 378, 0, C_NO_RB | C_NO_RC, U_NONE, 1 },
        { "popcntd", g_x_logic, 31, 506, 0, C_NO_RB | C_NO_RC, U_NONE, 1 },
        { "prtyw", g_x_logic, 31, 154, 0, C_NO_RB | C_NO_RC, U_NONE, 1 },
        { "prtyd", g_x_logic, 31, 186, 0, C_NO_RB | C_NO_RC, U_NONE, 1 },
        { "cmpb", g_x_logic, 31, 508, 0, C_NO_RC, U_NONE, 1 },
        { "bpermd", g_x_logic, 31, 252, 0, C_NO_RC, U_NONE, 1 },
        /* rotate and shift (3.3.14) */
        { "rlwinm", g_rlw, 21, 0, 0, 0, U_NONE, 3 }, { "rlwimi", g_rlw, 20, 0, 0, 0, U_NONE, 2 },
        { "rlwnm", g_rlw, 23, 0, 0, 0, U_NONE, 2 },
        { "rldicl", g_rld, 30, 0, 0, 0, U_NONE, 2 }, { "rldicr", g_rld, 30, 1, 0, 0, U_NONE, 2 },
        { "rldic", g_rld, 30, 2, 0, 0, U_NONE, 2 }, { "rldimi", g_rld, 30, 3, 0, 0, U_NONE, 2 },
        { "rldcl", g_rld, 30, 8, 0, 0, U_NONE, 2 }, { "rldcr", g_rld, 30, 9, 0, 0, U_NONE, 2 },
        { "slw", g_x_logic, 31, 24, 0, 0, U_NONE, 2 }, { "srw", g_x_logic, 31, 536, 0, 0, U_NONE, 2 },
        { "sraw", g_x_logic, 31, 792, 0, 0, U_NONE, 2 }, { "srawi", g_srawi, 31, 824, 0, 0, U_NONE, 2 },
        { "sld", g_x_logic, 31, 27, 0, 0, U_NONE, 2 }, { "srd", g_x_logic, 31, 539, 0, 0, U_NONE, 2 },
        { "srad", g_x_logic, 31, 794, 0, 0, U_NONE, 2 }, { "sradi", g_xs, 31, 413, 0, 0, U_NONE, 2 },
        { "extswsli", g_xs, 31, 445, 0, 0, U_NONE, 1 },
        /* CR and SPR moves (2.5, 3.3.16) */
        { "crand", g_crlogic, 19, 257, 0, 0, U_NONE, 1 }, { "crandc", g_crlogic, 19, 129, 0, 0, U_NONE, 1 },
        { "creqv", g_crlogic, 19, 289, 0, 0, U_NONE, 1 }, { "crnand", g_crlogic, 19, 225, 0, 0, U_NONE, 1 },
        { "crnor", g_crlogic, 19, 33, 0, 0, U_NONE, 1 }, { "cror", g_crlogic, 19, 449, 0, 0, U_NONE, 1 },
        { "crorc", g_crlogic, 19, 417, 0, 0, U_NONE, 1 }, { "crxor", g_crlogic, 19, 193, 0, 0, U_NONE, 1 },
        { "mcrf", g_mcrf, 19, 0, 0, 0, U_NONE, 1 }, { "mcrxrx", g_mcrxrx, 31, 576, 0, 0, U_NONE, 1 },
        { "mfcr", g_mfcr, 31, 19, 0, 0, U_NONE, 1 }, { "mfocrf", g_mfocrf, 31, 19, 0, 0, U_NONE, 1 },
        { "mtcrf", g_mtcrf, 31, 0, 0, 0, U_NONE, 1 }, { "mtocrf", g_mtcrf, 31, 1, 0, 0, U_NONE, 1 },
        { "mtxer", g_mtxer, 31, 467, 0, 0, U_NONE, 1 }, { "mfxer", g_mfspr, 31, 339, SPR_XER, 0, U_NONE, 1 },
        { "mflr", g_mfspr, 31, 339, SPR_LR, 0, U_NONE, 1 }, { "mfctr", g_mfspr, 31, 339, SPR_CTR, 0, U_NONE, 1 },
        { "mtlr", g_mtspr, 31, 467, SPR_LR, 0, U_NONE, 1 }, { "mtctr", g_mtspr, 31, 467, SPR_CTR, 0, U_NONE, 1 },
        /* branches (2.4) */
        { "b", g_b, 18, 0, 0, 0, U_NONE, 2 }, { "bc", g_bc, 16, 0, 0, 0, U_NONE, 4 },
        { "bclr", g_bcreg, 19, 16, 0, 0, U_NONE, 2 }, { "bcctr", g_bcreg, 19, 528, 0, 0, U_NONE, 2 },
        /* traps, privileged, illegal: each may end the sequence */
        { "tw", g_trap, 31, 4, 0, C_FAULTS, U_NONE, 1 }, { "td", g_trap, 31, 68, 0, C_FAULTS, U_NONE, 1 },
        { "twi", g_trap, 3, 0, 0, C_FAULTS, U_NONE, 1 }, { "tdi", g_trap, 2, 0, 0, C_FAULTS, U_NONE, 1 },
        { "privileged", g_priv, 31, 0, 0, C_FAULTS, U_NONE, 1 },
        { "illegal", g_illegal, 0, 0, 0, C_FAULTS, U_NONE, 1 },
        /* loads and stores (3.3.2 - 3.3.7) */
        LDD("lbz", 34, 1, 0, 2), LDD("lbzu", 35, 1, UPD, 1), LDD("lhz", 40, 2, 0, 2),
        LDD("lhzu", 41, 2, UPD, 1), LDD("lha", 42, 2, 0, 2), LDD("lhau", 43, 2, UPD, 1),
        LDD("lwz", 32, 4, 0, 2), LDD("lwzu", 33, 4, UPD, 1),
        LDDS("ld", 58, 0, 8, 0, 2), LDDS("ldu", 58, 1, 8, UPD, 1), LDDS("lwa", 58, 2, 4, 0, 2),
        LDD("stb", 38, 1, ST, 2), LDD("stbu", 39, 1, ST | UPD, 1), LDD("sth", 44, 2, ST, 2),
        LDD("sthu", 45, 2, ST | UPD, 1), LDD("stw", 36, 4, ST, 2), LDD("stwu", 37, 4, ST | UPD, 1),
        LDDS("std", 62, 0, 8, ST, 2), LDDS("stdu", 62, 1, 8, ST | UPD, 1),
        LDX("lbzx", 87, 1, 0, 1), LDX("lbzux", 119, 1, UPD, 1), LDX("lhzx", 279, 2, 0, 1),
        LDX("lhzux", 311, 2, UPD, 1), LDX("lhax", 343, 2, 0, 1), LDX("lhaux", 375, 2, UPD, 1),
        LDX("lwzx", 23, 4, 0, 1), LDX("lwzux", 55, 4, UPD, 1), LDX("lwax", 341, 4, 0, 1),
        LDX("lwaux", 373, 4, UPD, 1), LDX("ldx", 21, 8, 0, 1), LDX("ldux", 53, 8, UPD, 1),
        LDX("stbx", 215, 1, ST, 1), LDX("stbux", 247, 1, ST | UPD, 1), LDX("sthx", 407, 2, ST, 1),
        LDX("sthux", 439, 2, ST | UPD, 1), LDX("stwx", 151, 4, ST, 1), LDX("stwux", 183, 4, ST | UPD, 1),
        LDX("stdx", 149, 8, ST, 1), LDX("stdux", 181, 8, ST | UPD, 1),
        LDX("lhbrx", 790, 2, 0, 1), LDX("lwbrx", 534, 4, 0, 1), LDX("ldbrx", 532, 8, 0, 1),
        LDX("sthbrx", 918, 2, ST, 1), LDX("stwbrx", 662, 4, ST, 1), LDX("stdbrx", 660, 8, ST, 1),
        { "lmw", g_multiple, 46, 0, 0, C_MULTI, U_NONE, 1 },
        { "stmw", g_multiple, 47, 0, 0, C_MULTI, U_NONE, 1 },
        { "lswi", g_string, 31, 597, 0, C_MULTI, U_NONE, 1 },
        { "lswx", g_string, 31, 533, 0, C_MULTI, U_NONE, 1 },
        { "stswi", g_string, 31, 725, 0, C_MULTI, U_NONE, 1 },
        { "stswx", g_string, 31, 661, 0, C_MULTI, U_NONE, 1 },
        { "lbarx", g_atomic, 31, 52, 1, 0, U_NONE, 1 }, { "lharx", g_atomic, 31, 116, 2, 0, U_NONE, 1 },
        { "lwarx", g_atomic, 31, 20, 4, 0, U_NONE, 1 }, { "ldarx", g_atomic, 31, 84, 8, 0, U_NONE, 1 },
        { "lwat", g_amo, 31, 582, 4, 0, U_NONE, 1 }, { "ldat", g_amo, 31, 614, 8, 0, U_NONE, 1 },
        { "stwat", g_amo, 31, 710, 4, 0, U_NONE, 1 }, { "stdat", g_amo, 31, 742, 8, 0, U_NONE, 1 },
        { "smc", g_smc, 36, 0, 0, 0, U_NONE, 1 },
        { "dcbz", g_cache, 31, 1014, 0, 0, U_NONE, 1 }, { "dcbt", g_cache, 31, 278, 0, 0, U_NONE, 1 },
        { "dcbtst", g_cache, 31, 246, 0, 0, U_NONE, 1 }, { "dcbf", g_cache, 31, 86, 0, 0, U_NONE, 1 },
        { "dcbst", g_cache, 31, 54, 0, 0, U_NONE, 1 }, { "icbi", g_cache, 31, 982, 0, 0, U_NONE, 1 },
        { "sync", g_sync, 31, 598, 0, 0, U_NONE, 1 }, { "lwsync", g_sync, 31, 598, 1, 0, U_NONE, 1 },
        { "eieio", g_sync, 31, 854, 0, 0, U_NONE, 1 }, { "isync", g_sync, 19, 150, 0, 0, U_NONE, 1 },
        /* floating-point loads and stores (4.6.2, 4.6.3) */
        LDD("lfs", 48, 4, FP, 2), LDD("lfsu", 49, 4, FP | UPD, 1), LDD("lfd", 50, 8, FP, 2),
        LDD("lfdu", 51, 8, FP | UPD, 1), LDD("stfs", 52, 4, FP | ST, 2), LDD("stfsu", 53, 4, FP | ST | UPD, 1),
        LDD("stfd", 54, 8, FP | ST, 2), LDD("stfdu", 55, 8, FP | ST | UPD, 1),
        LDX("lfsx", 535, 4, FP, 1), LDX("lfsux", 567, 4, FP | UPD, 1), LDX("lfdx", 599, 8, FP, 1),
        LDX("lfdux", 631, 8, FP | UPD, 1), LDX("stfsx", 663, 4, FP | ST, 1),
        LDX("stfsux", 695, 4, FP | ST | UPD, 1), LDX("stfdx", 727, 8, FP | ST, 1),
        LDX("stfdux", 759, 8, FP | ST | UPD, 1), LDX("stfiwx", 983, 4, FP | ST, 1),
        LDX("lfiwax", 855, 4, FP, 1), LDX("lfiwzx", 887, 4, FP, 1),
        /* floating-point arithmetic (4.6.6 - 4.6.8) */
        { "fadd", g_fa, 63, 21, 0, 0, U_NONE, 3 }, { "fsub", g_fa, 63, 20, 0, 0, U_NONE, 3 },
        { "fmul", g_fa, 63, 25, 0, 0, U_NONE, 3 }, { "fdiv", g_fa, 63, 18, 0, 0, U_NONE, 3 },
        { "fsqrt", g_fa, 63, 22, 0, 0, U_NONE, 2 }, { "fmadd", g_fa, 63, 29, 0, C_FMA, U_NONE, 2 },
        { "fmsub", g_fa, 63, 28, 0, C_FMA, U_NONE, 2 }, { "fnmadd", g_fa, 63, 31, 0, C_FMA, U_FNM, 2 },
        { "fnmsub", g_fa, 63, 30, 0, C_FMA, U_FNM, 2 },
        { "fre", g_fa, 63, 24, 0, 0, U_NONE, 1 }, { "frsqrte", g_fa, 63, 26, 0, 0, U_NONE, 1 },
        { "fadds", g_fa, 59, 21, 0, C_SINGLE, U_NONE, 3 }, { "fsubs", g_fa, 59, 20, 0, C_SINGLE, U_NONE, 3 },
        { "fmuls", g_fa, 59, 25, 0, C_SINGLE, U_NONE, 3 }, { "fdivs", g_fa, 59, 18, 0, C_SINGLE, U_NONE, 3 },
        { "fsqrts", g_fa, 59, 22, 0, C_SINGLE, U_NONE, 2 },
        { "fmadds", g_fa, 59, 29, 0, C_SINGLE | C_FMA, U_NONE, 2 }, { "fmsubs", g_fa, 59, 28, 0, C_SINGLE | C_FMA, U_NONE, 2 },
        { "fnmadds", g_fa, 59, 31, 0, C_SINGLE | C_FMA, U_FNM, 2 }, { "fnmsubs", g_fa, 59, 30, 0, C_SINGLE | C_FMA, U_FNM, 2 },
        { "fres", g_fa, 59, 24, 0, C_SINGLE, U_NONE, 1 }, { "frsqrtes", g_fa, 59, 26, 0, C_SINGLE, U_NONE, 1 },
        { "fsel", g_fsel, 63, 23, 0, 0, U_NONE, 1 },
        { "fmr", g_fx, 63, 72, 0, 0, U_NONE, 1 }, { "fneg", g_fx, 63, 40, 0, 0, U_NONE, 1 },
        { "fabs", g_fx, 63, 264, 0, 0, U_NONE, 1 }, { "fnabs", g_fx, 63, 136, 0, 0, U_NONE, 1 },
        { "fcpsgn", g_fcpsgn, 63, 8, 0, 0, U_NONE, 1 },
        { "frsp", g_fx, 63, 12, 0, 0, U_NONE, 3 },
        { "frin", g_fx, 63, 392, 0, 0, U_NONE, 1 }, { "friz", g_fx, 63, 424, 0, 0, U_NONE, 1 },
        { "frip", g_fx, 63, 456, 0, 0, U_NONE, 1 }, { "frim", g_fx, 63, 488, 0, 0, U_NONE, 1 },
        { "fcfid", g_fx, 63, 846, 0, C_NO_FPRF, U_NONE, 2 }, { "fcfidu", g_fx, 63, 974, 0, C_NO_FPRF, U_NONE, 1 },
        { "fcfids", g_fx, 59, 846, 0, C_SINGLE | C_NO_FPRF, U_NONE, 1 },
        { "fcfidus", g_fx, 59, 974, 0, C_SINGLE | C_NO_FPRF, U_NONE, 1 },
        { "fctiw", g_fcti, 63, 14, 0, C_HI_UNDEF, U_NONE, 2 }, { "fctiwz", g_fcti, 63, 15, 0, C_HI_UNDEF, U_NONE, 2 },
        { "fctiwu", g_fcti, 63, 142, 0, C_HI_UNDEF, U_NONE, 1 },
        { "fctiwuz", g_fcti, 63, 143, 0, C_HI_UNDEF, U_NONE, 1 },
        { "fctid", g_fcti, 63, 814, 0, 0, U_NONE, 2 }, { "fctidz", g_fcti, 63, 815, 0, 0, U_NONE, 2 },
        { "fctidu", g_fcti, 63, 942, 0, 0, U_NONE, 1 }, { "fctiduz", g_fcti, 63, 943, 0, 0, U_NONE, 1 },
        { "fcmpu", g_fcmp, 63, 0, 0, 0, U_NONE, 2 }, { "fcmpo", g_fcmp, 63, 32, 0, 0, U_NONE, 2 },
        { "ftdiv", g_ftest, 63, 128, 0, 0, U_NONE, 1 }, { "ftsqrt", g_ftest, 63, 160, 0, 0, U_NONE, 1 },
        /* FPSCR (4.6.10) */
        { "mffs", g_mffs, 63, 583, 0, 0, U_NONE, 1 },
        { "mffsce", g_mffsx, 63, 583, 1, 0, U_NONE, 1 }, { "mffscrn", g_mffsx, 63, 583, 22, 0, U_NONE, 1 },
        { "mffscrni", g_mffsx, 63, 583, 23, 0, U_NONE, 1 }, { "mffsl", g_mffsx, 63, 583, 24, 0, U_NONE, 1 }, { "mcrfs", g_mcrfs, 63, 64, 0, 0, U_NONE, 1 },
        { "mtfsfi", g_mtfsfi, 63, 134, 0, 0, U_NONE, 2 }, { "mtfsf", g_mtfsf, 63, 711, 0, 0, U_NONE, 1 },
        { "mtfsb0", g_mtfsb, 63, 70, 0, 0, U_NONE, 1 }, { "mtfsb1", g_mtfsb, 63, 38, 0, 0, U_NONE, 1 },
};

#define NCLASSES (sizeof(classes) / sizeof(classes[0]))

static decodable_fn decodable;
static unsigned long cls_made[NCLASSES], cls_missing[NCLASSES];

void gen_init(decodable_fn fn) { decodable = fn; }

const char *gen_class_name(unsigned cls) { return cls < NCLASSES ? classes[cls].name : "?"; }

static bool group_decodes(const struct group *g, const struct oclass *k)
{
        for (unsigned i = 0; i < g->n; i++)
                if (!decodable(g->w[i]) && !(k->gen == g_illegal && i == g->main))
                        return false;
        return true;
}

static bool in_list(const char *list, const char *name)
{
        size_t n = strlen(name);
        for (const char *p = list; p && *p;) {
                const char *e = strchr(p, ',');
                size_t len = e ? (size_t)(e - p) : strlen(p);
                if (len == n && !strncmp(p, name, n))
                        return true;
                p = e ? e + 1 : NULL;
        }
        return false;
}

static unsigned pick_class(struct gctx *c)
{
        static unsigned total;
        static unsigned weights[NCLASSES];
        static const char *only_seen;
        static bool le_seen, init;

        if (!init || only_seen != c->o->only || le_seen != c->o->le) {
                total = 0;
                for (unsigned i = 0; i < NCLASSES; i++) {
                        unsigned w = classes[i].weight * 4;
                        if (c->o->only && !strstr(classes[i].name, c->o->only))
                                w = 0;
                        if (in_list(c->o->skip, classes[i].name))
                                w = 0;
                        if (classes[i].flags & C_FAULTS)
                                w = w / 4;
                        /* Little-endian multiple/string: an alignment
                                 * interrupt, which qemu-ppc64le 7.2's user
                                 * mode aborts on ("Unknown exception 0x5"). */
                        if ((classes[i].flags & C_MULTI) && c->o->le)
                                w = 0;
                        weights[i] = w;
                        total += w;
                }
                init = true;
                only_seen = c->o->only;
                le_seen = c->o->le;
        }
        unsigned x = rnd(c, total ? total : 1);
        for (unsigned i = 0; i < NCLASSES; i++) {
                if (x < weights[i])
                        return i;
                x -= weights[i];
        }
        return 0;
}

/* ---- initial state ---- */

static uint64_t special_gpr(struct gctx *c)
{
        static const uint64_t v[] = {
                0, 1, 2, 3, 0xffffffffffffffffull, 0x7fffffff, 0x80000000, 0xffffffff,
                0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffff80000000ull,
                0x100000000ull, 0xfffffffe, 0x8000, 0xffff, 0x80, 0x55555555aaaaaaaaull,
                0x0123456789abcdefull, 64, 63, 32, 31,
        };
        switch (rnd(c, 4)) {
        case 0: return v[rnd(c, sizeof(v) / sizeof(v[0]))];
        case 1: return (uint64_t)(int64_t)(int32_t)rng_next(c->r);
        case 2: return rnd(c, 128);
        default: return rng_next(c->r);
        }
}

static uint64_t special_fpr(struct gctx *c)
{
        static const uint64_t v[] = {
                0x0000000000000000ull, 0x8000000000000000ull,   /* +-0 */
                0x7ff0000000000000ull, 0xfff0000000000000ull,   /* +-inf */
                0x7ff8000000000000ull, 0xfff8000000000000ull,   /* QNaN */
                0x7ff4000000000000ull, 0xfff0000000000001ull,   /* SNaN */
                0x7ff80000deadbeefull, 0x7ff00000deadbeefull,   /* NaN payloads */
                0x0000000000000001ull, 0x800fffffffffffffull,   /* denormals */
                0x0010000000000000ull, 0x8010000000000000ull,   /* min normal */
                0x7fefffffffffffffull, 0xffefffffffffffffull,   /* max */
                0x3ff0000000000000ull, 0xbff0000000000000ull,   /* +-1 */
                0x3fe0000000000000ull, 0x4008000000000000ull,   /* 0.5, 3 */
                0x47efffffe0000000ull, 0x47f0000000000000ull,   /* single max, beyond */
                0x3810000000000000ull, 0x36a0000000000000ull,   /* single min normal, denormal */
                0x41dfffffffe00000ull, 0xc1e0000000000000ull,   /* 2^31-1, -2^31 */
                0x41dfffffffffffffull, 0x41efffffffffffffull,   /* just below 2^31, 2^32 */
                0x43e0000000000000ull, 0x43f0000000000000ull,   /* 2^63, 2^64 */
                0x4330000000000001ull, 0x3ff0000000000001ull,   /* 2^52+1, 1+ulp */
                0x4000000000000000ull, 0x3fb999999999999aull,   /* 2, 0.1 */
                0xc00921fb54442d18ull, 0x4004000000000000ull,   /* -pi, 2.5 */
        };
        switch (rnd(c, 4)) {
        case 0:
        case 1: return v[rnd(c, sizeof(v) / sizeof(v[0]))];
        case 2: {       /* a random single, as a double */
                uint32_t s = (uint32_t)rng_next(c->r);
                return emu_fp_single_to_double(s);
        }
        default: {      /* a random double of moderate exponent */
                uint64_t m = rng_next(c->r) & 0x800fffffffffffffull;
                return m | ((uint64_t)(1023 - 40 + rnd(c, 80)) << 52);
        }
        }
}

/*
 * The FPSCR a sequence starts with: a rounding mode and some sticky
 * exception bits, with VX and FEX consistent and no enables (an enabled
 * exception pending at mtfsf would fire in the harness's prologue).
 */
static uint64_t initial_fpscr(struct gctx *c)
{
        uint64_t f = rnd(c, 4);
        if (coin(c)) {
                /* FX OX UX ZX XX VXSNAN..VXVC (bits 32, 35-44), VXSOFT..VXCVI (53-55). */
                uint64_t sticky = 0x9ff80700ull & rng_next(c->r) & rng_next(c->r);
                f |= sticky;
        }
        if (f & 0x01f80700ull)
                f |= 0x20000000ull;     /* VX */
        if (f & 0x1ff80700ull)
                f |= 0x80000000ull;     /* FX, as any program would have it */
        return f;
}

static void gen_state(struct gctx *c, struct oracle_state *s)
{
        memset(s, 0, sizeof(*s));
        for (unsigned i = 0; i < 32; i++) {
                s->gpr[i] = special_gpr(c);
                s->fpr[i] = special_fpr(c);
        }
        s->gpr[1] = 0;
        s->gpr[13] = 0;
        s->gpr[ORACLE_SCRATCH_REG] = ORACLE_SCRATCH_BASE + ORACLE_SCRATCH_SIZE / 2;
        s->cr = (uint32_t)rng_next(c->r);
        s->xer = (rng_next(c->r) & (XER_SO | XER_OV | XER_CA | XER_OV32 | XER_CA32)) | rnd(c, 128);
        s->lr = special_gpr(c);
        s->ctr = rnd(c, 4) ? rnd(c, 8) : special_gpr(c);
        s->fpscr = initial_fpscr(c);
        for (unsigned i = 0; i < ORACLE_SCRATCH_SIZE; i += 8) {
                uint64_t v = rnd(c, 2) ? special_fpr(c) : special_gpr(c);
                memcpy(s->mem + i, &v, 8);
        }
}

void gen_seq(struct rng *r, const struct gen_opts *o, struct seq *s)
{
        struct gctx c = { .r = r, .o = o };
        unsigned want = o->groups < SEQ_MAXG ? o->groups : SEQ_MAXG;

        gen_state(&c, &s->init);
        s->ng = 0;
        for (unsigned tries = 0; s->ng < want && tries < want * 50; tries++) {
                unsigned k = pick_class(&c);
                struct group *g = &s->g[s->ng];

                memset(g, 0, sizeof(*g));
                g->cls = (uint16_t)k;
                c.g = g;
                classes[k].gen(&c, &classes[k]);
                if (!group_decodes(g, &classes[k])) {
                        cls_missing[k]++;
                        continue;
                }
                cls_made[k]++;
                s->ng++;
        }
}

/* ---- assembly, deletion ---- */

void seq_assemble(const struct seq *s, struct code *c)
{
        unsigned start[SEQ_MAXG + 1];
        unsigned n = 0;

        for (unsigned i = 0; i < s->ng; i++) {
                start[i] = n;
                n += s->g[i].n;
        }
        start[s->ng] = n;
        c->n = 0;
        for (unsigned i = 0; i < s->ng; i++) {
                const struct group *g = &s->g[i];
                unsigned t = i + 1 + g->fwd;
                uint64_t target = ORACLE_SEQ_BASE + 4ull * start[t < s->ng ? t : s->ng];

                for (unsigned j = 0; j < g->n && c->n < ORACLE_MAX_WORDS; j++) {
                        uint64_t here = ORACLE_SEQ_BASE + 4ull * c->n;
                        uint32_t w = g->w[j];

                        if (g->kind != PATCH_NONE && j == g->patch) {
                                if (g->kind == PATCH_B)
                                        w = enc_b((int32_t)(target - here), w & 1);
                                else if (g->kind == PATCH_BC)
                                        w = (w & ~0xfffcu) | ((uint32_t)(target - here) & 0xfffc);
                                else
                                        w = (w & ~0xffffu) | ((uint32_t)(target - (here - 4ull * (j - g->anchor) + 4)) & 0xffff);
                        }
                        c->w[c->n] = w;
                        c->group[c->n] = (uint16_t)i;
                        c->idx[c->n] = (uint8_t)j;
                        c->n++;
                }
        }
}

void seq_delete(struct seq *s, unsigned g)
{
        memmove(&s->g[g], &s->g[g + 1], (s->ng - g - 1) * sizeof(s->g[0]));
        s->ng--;
}

/* ---- undefined results ---- */

static void insert_words(struct group *g, unsigned at, const uint32_t *w, unsigned n);
static bool undefined_result(const struct oclass *k, uint64_t a, uint64_t b, const struct emu_cpu *cpu);

/*
 * After a single-precision instruction: QEMU 7.2 classifies its result as
 * a double, so a single-precision denormal gets FPRF class "normal" (C=0)
 * where the ISA says "denormalized" (C=1).  Such a group gets C cleared
 * after it (README).
 */
bool gen_qemu_differs_after(const struct group *g, unsigned idx, const struct emu_cpu *cpu)
{
        const struct oclass *k = &classes[g->cls];
        uint32_t w = g->w[g->main];

        if (g->repaired_after || idx != g->main)
                return false;
        if (!((k->flags & C_SINGLE) && k->gen == g_fa) && strcmp(k->name, "frsp") != 0)
                return false;
        uint64_t r = emu_fpr(cpu, (w >> 21) & 31);
        unsigned e = (r >> 52) & 0x7ff;
        return e != 0 && e < 1023 - 126;
}

void gen_repair_after(struct group *g)
{
        uint32_t c0 = MTFSB0(15);
        if (g->n + 1 > GROUP_MAXW)
                return;
        insert_words(g, g->main + 1, &c0, 1);
        g->repaired_after = 1;
}

unsigned gen_undefined(const struct group *g, unsigned idx, const struct emu_cpu *cpu)
{
        const struct oclass *k = &classes[g->cls];
        uint32_t w = g->w[g->main];
        uint64_t a = cpu->gpr[(w >> 16) & 31], b = cpu->gpr[(w >> 11) & 31];

        if (idx != g->main)
                return 0;
        if ((k->flags & C_FMA) && !(g->repaired & REPAIRED_FMA)) {
                uint64_t fa = emu_fpr(cpu, (w >> 16) & 31), fb = emu_fpr(cpu, (w >> 11) & 31);
                uint64_t fc = emu_fpr(cpu, (w >> 6) & 31);
                bool inf_a = (fa << 1) == 0xffe0000000000000ull, inf_c = (fc << 1) == 0xffe0000000000000ull;
                bool zero_a = (fa << 1) == 0, zero_c = (fc << 1) == 0;
                bool snan_b = ((fb >> 52) & 0x7ff) == 0x7ff && (fb & 0x000fffffffffffffull) &&
                              !(fb & 0x0008000000000000ull);
                if (snan_b && ((inf_a && zero_c) || (zero_a && inf_c)))
                        return REPAIRED_FMA;
        }
        if (g->repaired & REPAIRED_UNDEF)
                return 0;
        return undefined_result(k, a, b, cpu) ? REPAIRED_UNDEF : 0;
}

static bool undefined_result(const struct oclass *k, uint64_t a, uint64_t b, const struct emu_cpu *cpu)
{
        int32_t a32 = (int32_t)a, b32 = (int32_t)b;
        int64_t sa = (int64_t)a, sb = (int64_t)b;

        switch (k->undef) {
        case U_NONE:
                return false;
        case U_DIVW:
                return b32 == 0 || (a32 == INT32_MIN && b32 == -1);
        case U_DIVWU:
                return (uint32_t)b == 0;
        case U_DIVD:
                return b == 0 || (sa == INT64_MIN && sb == -1);
        case U_DIVDU:
                return b == 0;
        case U_DIVWE: {
                int64_t dividend = (int64_t)((uint64_t)(uint32_t)a32 << 32);
                if (b32 == 0 || (dividend == INT64_MIN && b32 == -1))
                        return true;
                int64_t q = dividend / b32;
                return q < INT32_MIN || q > INT32_MAX;
        }
        case U_DIVWEU:
                return (uint32_t)b == 0 || (uint32_t)a >= (uint32_t)b;
        case U_DIVDE: {
                __int128 dividend = (__int128)sa * ((__int128)1 << 64);
                if (sb == 0)
                        return true;
                __int128 q = dividend / sb;
                return q < INT64_MIN || q > INT64_MAX;
        }
        case U_DIVDEU:
                return b == 0 || a >= b;
        case U_FNM:
                return (cpu->fpscr & 3) >= 2;
        }
        return false;
}

static void insert_words(struct group *g, unsigned at, const uint32_t *w, unsigned n)
{
        memmove(&g->w[at + n], &g->w[at], (g->n - at) * 4);
        memcpy(&g->w[at], w, n * 4);
        g->n += n;
        if (g->kind != PATCH_NONE && g->patch >= at)
                g->patch += n;
        if (g->kind != PATCH_NONE && g->anchor >= at)
                g->anchor += n;
        if (g->main >= at)
                g->main += n;
}

/*
 * The result would be undefined: overwrite RT (and CR0 when Rc=1) right
 * after.  For fnmadd/fnmsub in a directed rounding mode, where QEMU rounds
 * the negated value, switch to round-toward-zero first.
 */
void gen_repair(struct group *g, unsigned what)
{
        uint32_t w = g->w[g->main];

        g->repaired |= what;
        if (g->n + 3 > GROUP_MAXW)
                return;
        /* inf * 0 + SNaN: QEMU reports VXIMZ only, the ISA both; set both
         * (and FX) beforehand so neither side changes them. */
        if (what == REPAIRED_FMA) {
                uint32_t pre[3] = { MTFSB1(0), MTFSB1(7), MTFSB1(11) };
                insert_words(g, g->main, pre, 3);
                return;
        }
        if (classes[g->cls].undef == U_FNM) {
                uint32_t rz = MTFSFI(7, 1);
                insert_words(g, g->main, &rz, 1);
                return;
        }
        /* QEMU 7.2 misses OV for some divdeo overflows (README): the
         * overflowing divde keeps OE=0. */
        if (classes[g->cls].undef == U_DIVDE)
                g->w[g->main] &= ~(1u << 10);
        unsigned rt = (w >> 21) & 31;
        uint32_t fix[2] = { LI(rt, 0), CMPWI(0, rt, 0) };
        unsigned nfix = (EMU_OPCD(w) == 31 && (w & 1)) ? 2 : 1;

        insert_words(g, g->main + 1, fix, nfix);
}

/* One main word per class, for checking the encoders against a disassembler. */
void gen_dump_classes(struct rng *r, const struct gen_opts *o, void *file)
{
        struct gctx c = { .r = r, .o = o };
        struct group g;

        for (unsigned k = 0; k < NCLASSES; k++) {
                memset(&g, 0, sizeof(g));
                c.g = &g;
                classes[k].gen(&c, &classes[k]);
                fprintf(file, "%s %08x\n", classes[k].name, g.w[g.main]);
        }
}

void gen_report(void *file)
{
        FILE *f = file;
        unsigned skipped = 0;

        fprintf(f, "# classes not generated (a word does not decode yet):");
        for (unsigned i = 0; i < NCLASSES; i++)
                if (cls_made[i] == 0 && cls_missing[i] > 0) {
                        fprintf(f, " %s", classes[i].name);
                        skipped++;
                }
        fprintf(f, "%s\n", skipped ? "" : " none");
        fprintf(f, "# classes partly skipped:");
        for (unsigned i = 0; i < NCLASSES; i++)
                if (cls_made[i] > 0 && cls_missing[i] > 0)
                        fprintf(f, " %s(%lu/%lu)", classes[i].name, cls_missing[i],
                                cls_missing[i] + cls_made[i]);
        fprintf(f, "\n");
}
