/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Instruction decoding.  Every op_*.c file contributes a table of
 * (mask, match, handler) entries; at start-up they are indexed by the primary
 * opcode and bits 21-30 of the word, which covers every extended-opcode
 * position Power ISA 3.0 uses (X, XO, XL, XFX, A, MD, MDS, DS, ...).  A word
 * is then decoded by scanning the few entries of its (opcode, bits 21-30)
 * bucket, most specific mask first.  Decoding happens once per instruction
 * per decoded page, never in the execution loop.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "cpu.h"

/* Tables whose files declare nothing else: op_vsx_qp.c (VSX quad precision),
 * op_vmx_bcd.c (decimal). */
extern const struct emu_opdesc emu_ops_vsx_qp[];
extern const struct emu_opdesc emu_ops_vmx_bcd[];

static const struct emu_opdesc *const op_tables[] = {
        emu_ops_int,
        emu_ops_branch,
        emu_ops_muldiv, emu_ops_logic, emu_ops_compare, emu_ops_rotate, emu_ops_cr,
        emu_ops_ldst, emu_ops_string, emu_ops_atomic, emu_ops_amo, emu_ops_cache,
        emu_ops_fp,
        emu_ops_system,
        emu_ops_vector,
        emu_ops_hint,
        emu_ops_scv,
        emu_ops_vmx_ldst, emu_ops_vmx_int, emu_ops_vmx_perm, emu_ops_vmx_crypto, emu_ops_vmx_fp,
        emu_ops_vsx_ldst, emu_ops_vsx_move, emu_ops_vsx_fp,
        emu_ops_vsx_qp, emu_ops_vmx_bcd,
};

#define NBUCKETS (64u * 1024u)

static uint32_t *bucket_start;          /* NBUCKETS + 1 offsets into entries */
static const struct emu_opdesc **entries;
static int init_result;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static unsigned bucket_of(uint32_t word)
{
        return (EMU_OPCD(word) << 10) | EMU_XO10(word);
}

/* Does desc match some word of this bucket? */
static bool desc_in_bucket(const struct emu_opdesc *d, unsigned b)
{
        uint32_t word = ((uint32_t)(b >> 10) << 26) | ((b & 0x3ffu) << 1);
        uint32_t keymask = 0xfc0007feu;
        return ((word ^ d->match) & d->mask & keymask) == 0;
}

static int popcount32(uint32_t v) { return __builtin_popcount(v); }

static void build_tables(void)
{
        size_t total = 0;
        uint32_t *count = calloc(NBUCKETS + 1, sizeof(*count));

        if (!count) {
                init_result = -ENOMEM;
                return;
        }
        /* Counting pass. */
        for (size_t t = 0; t < sizeof(op_tables) / sizeof(op_tables[0]); t++) {
                const struct emu_opdesc *tab = op_tables[t];
                for (; tab->fn; tab++) {
                        unsigned op = tab->match >> 26;
                        for (unsigned x = 0; x < 1024; x++) {
                                unsigned b = (op << 10) | x;
                                if (desc_in_bucket(tab, b)) {
                                        count[b]++;
                                        total++;
                                }
                        }
                }
        }
        bucket_start = calloc(NBUCKETS + 1, sizeof(*bucket_start));
        entries = calloc(total + 1, sizeof(*entries));
        if (!bucket_start || !entries) {
                free(bucket_start);
                free(entries);
                bucket_start = NULL;
                entries = NULL;
                free(count);
                init_result = -ENOMEM;
                return;
        }
        for (unsigned b = 0; b < NBUCKETS; b++)
                bucket_start[b + 1] = bucket_start[b] + count[b];
        /* Filling pass: insertion keeps each bucket sorted by mask width. */
        for (unsigned b = 0; b < NBUCKETS; b++)
                count[b] = 0;
        for (size_t t = 0; t < sizeof(op_tables) / sizeof(op_tables[0]); t++) {
                const struct emu_opdesc *tab = op_tables[t];
                for (; tab->fn; tab++) {
                        unsigned op = tab->match >> 26;
                        for (unsigned x = 0; x < 1024; x++) {
                                unsigned b = (op << 10) | x;
                                if (!desc_in_bucket(tab, b))
                                        continue;
                                const struct emu_opdesc **e = entries + bucket_start[b];
                                unsigned n = count[b]++;
                                while (n > 0 && popcount32(e[n - 1]->mask) < popcount32(tab->mask)) {
                                        e[n] = e[n - 1];
                                        n--;
                                }
                                e[n] = tab;
                        }
                }
        }
        free(count);
        init_result = 0;
}

int emu_decode_init(void)
{
        pthread_once(&init_once, build_tables);
        return init_result;
}

const struct emu_opdesc *emu_lookup(uint32_t word)
{
        if (emu_decode_init() < 0)
                return NULL;
        unsigned b = bucket_of(word);
        for (uint32_t i = bucket_start[b]; i < bucket_start[b + 1]; i++)
                if ((word & entries[i]->mask) == entries[i]->match)
                        return entries[i];
        return NULL;
}

void emu_decode(uint32_t word, struct emu_insn *ret)
{
        const struct emu_opdesc *d = emu_lookup(word);

        ret->word = word;
        ret->rt = (word >> 21) & 31;
        ret->ra = (word >> 16) & 31;
        ret->rb = (word >> 11) & 31;
        ret->rc = (word >> 6) & 31;
        ret->imm = (int16_t)(word & 0xffff);
        ret->aux = 0;
        ret->fn = d ? d->fn : emu_op_illegal;
        if (d && d->decode)
                d->decode(ret);
}

int emu_op_illegal(struct emu_cpu *cpu, const struct emu_insn *in)
{
        (void)in;
        return emu_program(cpu, SRR1_PROGRAM_ILLEGAL);
}
