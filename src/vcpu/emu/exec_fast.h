/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Specialised handlers that the execution loop (exec.c, the only includer)
 * puts in a slot after decoding, in place of the table's handler, for the
 * hottest instructions of compiled code.  Each does the common case in
 * fewer host instructions and hands anything else to the table's handler,
 * so behaviour is the table's:
 *
 *  - mtlr, mtctr, mflr, mfctr: the generic mtspr/mfspr look the SPR up,
 *    check privilege and facility and call a write hook (about 90 host
 *    instructions); LR and CTR are problem-state registers with no facility
 *    bit and no side effect, so the access is a move.
 *  - loads and stores (D, DS and X forms, with and without update, and
 *    the FP doubleword ones when MSR[FP] is on): the
 *    real-mode soft-TLB hit of mem_inline.h, else a tail call of the
 *    table's handler, whose pointer is kept in the slot's aux (unused by
 *    these instructions).  The tail call keeps the fast path free of the
 *    stack frame and register saves that the slow path's call costs.
 */
#pragma once

#include <pthread.h>

#include "ldst.h"

static int op_mtlr_fast(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->lr = cpu->gpr[in->rt];
        return EMU_NEXT;
}

static int op_mtctr_fast(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->ctr = cpu->gpr[in->rt];
        return EMU_NEXT;
}

static int op_mflr_fast(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->rt] = cpu->lr;
        return EMU_NEXT;
}

static int op_mfctr_fast(struct emu_cpu *cpu, const struct emu_insn *in)
{
        cpu->gpr[in->rt] = cpu->ctr;
        return EMU_NEXT;
}

static inline int fast_fallback(struct emu_cpu *cpu, const struct emu_insn *in)
{
        return ((emu_handler_fn)(uintptr_t)in->aux)(cpu, in);
}

/* load: RT = mem[EA]. */
#define FAST_LOAD(mn, form, size, flags)                                             \
        static int op_##mn##_fast(struct emu_cpu *cpu, const struct emu_insn *in)    \
        {                                                                            \
                uint64_t v;                                                          \
                if (__builtin_expect(emu_load_real_fast(cpu, emu_ldst_ea_##form(cpu, in), \
                                                        size, flags, &v), 1)) {      \
                        cpu->gpr[in->rt] = v;                                        \
                        return EMU_NEXT;                                             \
                }                                                                    \
                return fast_fallback(cpu, in);                                       \
        }

/* load with update: RA = 0 or RA = RT is the table handler's (invalid) case. */
#define FAST_LOAD_U(mn, form, size, flags)                                           \
        static int op_##mn##_fast(struct emu_cpu *cpu, const struct emu_insn *in)    \
        {                                                                            \
                uint64_t v, ea = emu_ldst_ea_##form(cpu, in);                        \
                if (__builtin_expect(in->ra != 0 && in->ra != in->rt &&              \
                                     emu_load_real_fast(cpu, ea, size, flags, &v), 1)) { \
                        cpu->gpr[in->rt] = v;                                        \
                        cpu->gpr[in->ra] = ea;                                       \
                        return EMU_NEXT;                                             \
                }                                                                    \
                return fast_fallback(cpu, in);                                       \
        }

#define FAST_STORE(mn, form, size)                                                   \
        static int op_##mn##_fast(struct emu_cpu *cpu, const struct emu_insn *in)    \
        {                                                                            \
                if (__builtin_expect(emu_store_real_fast(cpu, emu_ldst_ea_##form(cpu, in), \
                                                         size, 0, cpu->gpr[in->rt]), 1)) \
                        return EMU_NEXT;                                             \
                return fast_fallback(cpu, in);                                       \
        }

/* store with update: RA = RS stores the old RS, then RA receives the EA. */
#define FAST_STORE_U(mn, form, size)                                                 \
        static int op_##mn##_fast(struct emu_cpu *cpu, const struct emu_insn *in)    \
        {                                                                            \
                uint64_t ea = emu_ldst_ea_##form(cpu, in);                           \
                if (__builtin_expect(in->ra != 0 &&                                  \
                                     emu_store_real_fast(cpu, ea, size, 0,           \
                                                         cpu->gpr[in->rt]), 1)) {    \
                        cpu->gpr[in->ra] = ea;                                       \
                        return EMU_NEXT;                                             \
                }                                                                    \
                return fast_fallback(cpu, in);                                       \
        }

/* Floating-point doubleword loads and stores: MSR[FP] off (the FP
 * unavailable interrupt) and update forms with RA = 0 go to the table. */
#define FAST_LFD(mn, form, update)                                                   \
        static int op_##mn##_fast(struct emu_cpu *cpu, const struct emu_insn *in)    \
        {                                                                            \
                uint64_t v, ea = emu_ldst_ea_##form(cpu, in);                        \
                if (__builtin_expect((cpu->msr & MSR_FP) && (!(update) || in->ra != 0) && \
                                     emu_load_real_fast(cpu, ea, 8, 0, &v), 1)) {    \
                        if (update)                                                  \
                                cpu->gpr[in->ra] = ea;                               \
                        emu_set_fpr(cpu, in->rt, v);                                 \
                        return EMU_NEXT;                                             \
                }                                                                    \
                return fast_fallback(cpu, in);                                       \
        }

#define FAST_STFD(mn, form, update)                                                  \
        static int op_##mn##_fast(struct emu_cpu *cpu, const struct emu_insn *in)    \
        {                                                                            \
                uint64_t ea = emu_ldst_ea_##form(cpu, in);                           \
                if (__builtin_expect((cpu->msr & MSR_FP) && (!(update) || in->ra != 0) && \
                                     emu_store_real_fast(cpu, ea, 8, 0,              \
                                                         emu_fpr(cpu, in->rt)), 1)) { \
                        if (update)                                                  \
                                cpu->gpr[in->ra] = ea;                               \
                        return EMU_NEXT;                                             \
                }                                                                    \
                return fast_fallback(cpu, in);                                       \
        }

FAST_LOAD(lbz, d, 1, 0)
FAST_LOAD(lhz, d, 2, 0)
FAST_LOAD(lha, d, 2, EMU_MEM_SEXT)
FAST_LOAD(lwz, d, 4, 0)
FAST_LOAD(lwa, d, 4, EMU_MEM_SEXT)
FAST_LOAD(ld, d, 8, 0)
FAST_LOAD(lbzx, x, 1, 0)
FAST_LOAD(lhzx, x, 2, 0)
FAST_LOAD(lwzx, x, 4, 0)
FAST_LOAD(lwax, x, 4, EMU_MEM_SEXT)
FAST_LOAD(ldx, x, 8, 0)
FAST_LOAD_U(lbzu, d, 1, 0)
FAST_LOAD_U(lwzu, d, 4, 0)
FAST_LOAD_U(ldu, d, 8, 0)
FAST_STORE(stb, d, 1)
FAST_STORE(sth, d, 2)
FAST_STORE(stw, d, 4)
FAST_STORE(std, d, 8)
FAST_STORE(stbx, x, 1)
FAST_STORE(sthx, x, 2)
FAST_STORE(stwx, x, 4)
FAST_STORE(stdx, x, 8)
FAST_STORE_U(stbu, d, 1)
FAST_STORE_U(stwu, d, 4)
FAST_STORE_U(stdu, d, 8)
FAST_LFD(lfd, d, false)
FAST_LFD(lfdu, d, true)
FAST_LFD(lfdx, x, false)
FAST_STFD(stfd, d, false)
FAST_STFD(stfdu, d, true)
FAST_STFD(stfdx, x, false)

/* One substitution: the table's handler for `word` (any instruction of
 * that kind) is replaced by `fast`; with_fallback: the table's handler is
 * kept in aux for the uncommon cases. */
struct fast_sub {
        uint32_t word;
        emu_handler_fn fast;
        bool with_fallback;
        emu_handler_fn generic;         /* filled in by fast_init() */
};

/* Encodings with RT=3, RA=4, RB=5 / D=0. */
static struct fast_sub fast_subs[] = {
        { 0x88640000u, op_lbz_fast, true, NULL },
        { 0xa0640000u, op_lhz_fast, true, NULL },
        { 0xa8640000u, op_lha_fast, true, NULL },
        { 0x80640000u, op_lwz_fast, true, NULL },
        { 0xe8640002u, op_lwa_fast, true, NULL },
        { 0xe8640000u, op_ld_fast, true, NULL },
        { 0x7c6428aeu, op_lbzx_fast, true, NULL },
        { 0x7c642a2eu, op_lhzx_fast, true, NULL },
        { 0x7c64282eu, op_lwzx_fast, true, NULL },
        { 0x7c642aaau, op_lwax_fast, true, NULL },
        { 0x7c64282au, op_ldx_fast, true, NULL },
        { 0x8c640000u, op_lbzu_fast, true, NULL },
        { 0x84640000u, op_lwzu_fast, true, NULL },
        { 0xe8640001u, op_ldu_fast, true, NULL },
        { 0x98640000u, op_stb_fast, true, NULL },
        { 0xb0640000u, op_sth_fast, true, NULL },
        { 0x90640000u, op_stw_fast, true, NULL },
        { 0xf8640000u, op_std_fast, true, NULL },
        { 0x7c6429aeu, op_stbx_fast, true, NULL },
        { 0x7c642b2eu, op_sthx_fast, true, NULL },
        { 0x7c64292eu, op_stwx_fast, true, NULL },
        { 0x7c64292au, op_stdx_fast, true, NULL },
        { 0x9c640000u, op_stbu_fast, true, NULL },
        { 0x94640000u, op_stwu_fast, true, NULL },
        { 0xf8640001u, op_stdu_fast, true, NULL },
        { 0xc8640000u, op_lfd_fast, true, NULL },
        { 0xcc640000u, op_lfdu_fast, true, NULL },
        { 0x7c642caeu, op_lfdx_fast, true, NULL },
        { 0xd8640000u, op_stfd_fast, true, NULL },
        { 0xdc640000u, op_stfdu_fast, true, NULL },
        { 0x7c642daeu, op_stfdx_fast, true, NULL },
};

#define WORD_MTLR_R0 0x7c0803a6u
#define WORD_MFLR_R0 0x7c0802a6u

static emu_handler_fn generic_mtspr, generic_mfspr;

static emu_handler_fn table_handler(uint32_t word)
{
        const struct emu_opdesc *d = emu_lookup(word);
        return d ? d->fn : NULL;
}

/* The table's handlers, found once through the words above. */
static void fast_init_once(void)
{
        generic_mtspr = table_handler(WORD_MTLR_R0);
        generic_mfspr = table_handler(WORD_MFLR_R0);
        for (size_t i = 0; i < sizeof(fast_subs) / sizeof(fast_subs[0]); i++)
                fast_subs[i].generic = table_handler(fast_subs[i].word);
}

static void fast_init(void)
{
        static pthread_once_t once = PTHREAD_ONCE_INIT;

        pthread_once(&once, fast_init_once);
}

/* Puts a specialised handler in a freshly decoded slot when there is one. */
static void fast_specialise(struct emu_insn *in)
{
        fast_init();
        if (!in->fn)
                return;
        if (in->fn == generic_mtspr) {
                if (in->aux == SPR_LR)
                        in->fn = op_mtlr_fast;
                else if (in->aux == SPR_CTR)
                        in->fn = op_mtctr_fast;
                return;
        }
        if (in->fn == generic_mfspr) {
                if (in->aux == SPR_LR)
                        in->fn = op_mflr_fast;
                else if (in->aux == SPR_CTR)
                        in->fn = op_mfctr_fast;
                return;
        }
        if (in->aux)
                return;
        for (size_t i = 0; i < sizeof(fast_subs) / sizeof(fast_subs[0]); i++) {
                if (in->fn == fast_subs[i].generic) {
                        in->aux = (uint64_t)(uintptr_t)fast_subs[i].generic;
                        in->fn = fast_subs[i].fast;
                        return;
                }
        }
}
