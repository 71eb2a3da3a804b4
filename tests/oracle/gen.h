/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The oracle's generator: random instruction sequences made of groups.  A
 * group is the instruction under test plus the few words that set up its
 * operands (an index register, XER's byte count, a branch target in LR) and
 * the words that overwrite results the ISA leaves undefined.  Shrinking
 * deletes whole groups; branches name their target as a number of groups to
 * skip, so a sequence stays well formed whatever is deleted.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "proto.h"

struct emu_cpu;

struct rng { uint64_t s; };
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
unsigned rng_below(struct rng *r, unsigned n);

#define GROUP_MAXW 16
#define SEQ_MAXG   256

enum patch_kind {
        PATCH_NONE,
        PATCH_B,        /* I form: LI = target - address of word `patch` */
        PATCH_BC,       /* B form: BD = target - address of word `patch` */
        PATCH_ADDI,     /* D form: SI = target - (address of word `anchor` + 4) */
};

struct group {
        uint16_t cls;
        uint8_t n;           /* words */
        uint8_t main;        /* index of the instruction under test */
        uint8_t patch, anchor, kind, fwd;
        uint8_t repaired;    /* REPAIRED_* cleanups already added */
        uint8_t repaired_after;   /* gen_repair_after() already applied */
        uint32_t w[GROUP_MAXW];
};

struct seq {
        struct oracle_state init;
        unsigned ng;
        struct group g[SEQ_MAXG];
};

/* An assembled sequence and where each word came from. */
struct code {
        unsigned n;
        uint32_t w[ORACLE_MAX_WORDS];
        uint16_t group[ORACLE_MAX_WORDS];
        uint8_t idx[ORACLE_MAX_WORDS];
};

struct gen_opts {
        bool le;
        unsigned groups;     /* per sequence */
        const char *only;    /* generate only classes whose name contains this */
        const char *skip;    /* comma-separated class names not to generate */
};

/* Is word known to the emulator's decoder?  (emu_lookup != NULL) */
typedef bool (*decodable_fn)(uint32_t word);

void gen_init(decodable_fn decodable);
void gen_seq(struct rng *r, const struct gen_opts *o, struct seq *s);
void seq_assemble(const struct seq *s, struct code *c);
void seq_delete(struct seq *s, unsigned g);

/* Called before each instruction the emulator runs: non-zero (a REPAIRED_*
 * value) when group g's instruction under test is about to produce a result
 * the ISA leaves undefined, or one where QEMU is known to differ, and the
 * group has no cleanup for it yet. */
#define REPAIRED_UNDEF 1u
#define REPAIRED_FMA   2u
unsigned gen_undefined(const struct group *g, unsigned idx, const struct emu_cpu *cpu);
/* Adds group g's cleanup for what gen_undefined() returned. */
void gen_repair(struct group *g, unsigned what);
/* Called after each instruction: true when the result is one where QEMU
 * is known to differ from the ISA; gen_repair_after() hides it. */
bool gen_qemu_differs_after(const struct group *g, unsigned idx, const struct emu_cpu *cpu);
void gen_repair_after(struct group *g);

const char *gen_class_name(unsigned cls);
/* Prints per-class counts: generated, and classes skipped because a word of
 * theirs does not decode yet. */
void gen_report(void *file);
void gen_dump_classes(struct rng *r, const struct gen_opts *o, void *file);
