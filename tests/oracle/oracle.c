/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ppcvm-oracle: differential testing of the emulator against QEMU user mode.
 *
 *   ppcvm-oracle --endian be|le --qemu PATH --harness PATH [--count N]
 *                [--seed S] [--groups G] [--only NAME] [--no-backend]
 *                [--repro-dir DIR] [--max-report K] [--replay FILE]
 *
 * Sequence i of a run has seed splitmix(S, i), printed with any mismatch;
 * `--seq-seed X` (with the same --only/--skip/--groups) regenerates exactly
 * that sequence.  Every
 * sequence runs in the emulator's step loop (which also finds results the
 * ISA leaves undefined and appends their cleanup), through the backend's
 * run() (which must agree with the step loop), and batched in one qemu
 * process per batch.  A mismatch is shrunk by deleting groups while it
 * persists, then reported with the disassembly of what is left.
 *
 * Exit status: 0 all agree, 1 mismatches, 77 qemu or the harness missing
 * (meson's SKIP), 2 usage or infrastructure errors (also: a sequence qemu
 * could not run at all).
 */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "emurun.h"
#include "gen.h"
#include "qemurun.h"
#include "vcpu/emu/cpu.h"

struct opts {
        bool le, backend, quiet;
        const char *qemu, *harness, *objdump, *repro_dir, *replay;
        unsigned long count, first, batch;
        uint64_t seed, seq_seed;
        unsigned max_report;
        struct gen_opts gen;
};

struct stats {
        unsigned long seqs, words, repaired, faults[FAULT_OTHER + 1], mismatches, loop_mismatches;
        unsigned long qemu_errors;
};

static bool decodable(uint32_t w) { return emu_lookup(w) != NULL; }

static uint64_t seq_seed(uint64_t seed, unsigned long i)
{
        struct rng r;
        rng_seed(&r, seed ^ (0xa0761d6478bd642full * (i + 1)));
        return rng_next(&r);
}

/* ---- running both sides ---- */

struct item {
        struct seq seq;
        struct code code;
        struct oracle_state emu, qemu;
        uint64_t seed;
        bool broken;          /* the emulator side failed: reported already */
        char err[160];
};

/* Step loop with repairs until no undefined result is left, then run(). */
static int run_emu(struct emurun *e, const struct opts *o, struct item *it, struct stats *st)
{
        for (unsigned tries = 0; tries <= SEQ_MAXG; tries++) {
                unsigned g;
                seq_assemble(&it->seq, &it->code);
                int r = emurun_step(e, &it->seq, &it->code, &it->emu, &g, it->err, sizeof(it->err));
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                if (g & EMURUN_AFTER)
                        gen_repair_after(&it->seq.g[g & 0xffff]);
                else
                        gen_repair(&it->seq.g[g & 0xffff], g >> 20);
                if (st)
                        st->repaired++;
        }
        if (o->backend) {
                struct oracle_state b;
                int r = emurun_backend(e, &it->seq, &it->code, &b, it->err, sizeof(it->err));
                if (r < 0)
                        return r;
                if (memcmp(&b, &it->emu, sizeof(b)) != 0) {
                        snprintf(it->err, sizeof(it->err), "the backend's run() and the step loop disagree");
                        if (st)
                                st->loop_mismatches++;
                        it->qemu = b;       /* shown as the "other" side */
                        return -EPROTO;
                }
        }
        return 0;
}

/* ---- comparison ---- */

#define FPSCR_FR_BIT PPC_BIT(45)

static const char *const fpscr_bits[32] = {
        "FX", "FEX", "VX", "OX", "UX", "ZX", "XX", "VXSNAN", "VXISI", "VXIDI", "VXZDZ",
        "VXIMZ", "VXVC", "FR", "FI", "C", "FL", "FG", "FE", "FU", "b52", "VXSOFT",
        "VXSQRT", "VXCVI", "VE", "OE", "UE", "ZE", "XE", "NI", "RN0", "RN1",
};

/* Prints the differences; returns how many fields differ. */
static unsigned compare(const struct oracle_state *a, const struct oracle_state *b, FILE *f)
{
        unsigned n = 0;
#define DIFF(name, x, y) do { if ((x) != (y)) { n++; if (f) fprintf(f, "  %-8s emu %016llx  qemu %016llx\n", \
                name, (unsigned long long)(x), (unsigned long long)(y)); } } while (0)
        char nm[16];

        if (a->sig != b->sig || (a->sig && a->sig_pc != b->sig_pc)) {
                n++;
                if (f)
                        fprintf(f, "  outcome  emu %s at %#llx  qemu %s at %#llx\n",
                                fault_name((unsigned)a->sig), (unsigned long long)a->sig_pc,
                                fault_name((unsigned)b->sig), (unsigned long long)b->sig_pc);
        }
        for (unsigned i = 0; i < 32; i++) {
                if (i == 1)
                        continue;       /* the harness's stack pointer */
                snprintf(nm, sizeof(nm), "r%u", i);
                DIFF(nm, a->gpr[i], b->gpr[i]);
        }
        /*
         * At an FP enabled exception QEMU 7.2 raises SIGFPE before it
         * writes CR1, FPRF and (for some exceptions) the target FPR, the
         * rounded result and XX/FI; the ISA completes those first.  Only
         * the outcome, GPRs, other CR fields and memory are compared then
         * (README).
         */
        bool fpx = a->sig == FAULT_FP && b->sig == FAULT_FP;
        for (unsigned i = 0; i < 32 && !fpx; i++) {
                snprintf(nm, sizeof(nm), "f%u", i);
                DIFF(nm, a->fpr[i], b->fpr[i]);
        }
        uint64_t crmask = fpx ? ~0x0f000000ull : ~0ull;
        DIFF("cr", a->cr & crmask, b->cr & crmask);
        DIFF("xer", a->xer, b->xer);
        DIFF("lr", a->lr, b->lr);
        DIFF("ctr", a->ctr, b->ctr);
        /* FPSCR[FR] is not compared: QEMU 7.2 never sets it (README). */
        uint64_t fa = fpx ? 0 : a->fpscr & ~FPSCR_FR_BIT, fb = fpx ? 0 : b->fpscr & ~FPSCR_FR_BIT;
        DIFF("fpscr", fa, fb);
        if (fa != fb && f) {
                fprintf(f, "           bits:");
                for (unsigned i = 0; i < 32; i++)
                        if (((fa ^ fb) >> (31 - i)) & 1)
                                fprintf(f, " %s(emu %u)", fpscr_bits[i], (unsigned)(a->fpscr >> (31 - i)) & 1);
                fprintf(f, "\n");
        }
        for (unsigned i = 0; i < ORACLE_SCRATCH_SIZE; i += 8) {
                uint64_t x, y;
                memcpy(&x, a->mem + i, 8);
                memcpy(&y, b->mem + i, 8);
                if (x != y) {
                        snprintf(nm, sizeof(nm), "mem+%u", i);
                        n++;
                        if (f) {
                                fprintf(f, "  %-8s emu ", nm);
                                for (unsigned j = 0; j < 8; j++)
                                        fprintf(f, "%02x", a->mem[i + j]);
                                fprintf(f, "  qemu ");
                                for (unsigned j = 0; j < 8; j++)
                                        fprintf(f, "%02x", b->mem[i + j]);
                                fprintf(f, "  (byte order of memory)\n");
                        }
                }
        }
#undef DIFF
        return n;
}

/* ---- reporting ---- */

static void disassemble(const struct opts *o, const struct code *c, FILE *f)
{
        char path[256];
        const char *dir = getenv("TMPDIR");
        snprintf(path, sizeof(path), "%s/ppcvm-oracle-dis-XXXXXX", dir && *dir ? dir : "/tmp");
        int fd = mkstemp(path);
        if (fd < 0)
                return;
        for (unsigned i = 0; i < c->n; i++) {
                uint32_t w = o->le ? c->w[i] : __builtin_bswap32(c->w[i]);
                if (write(fd, &w, 4) != 4)
                        break;
        }
        close(fd);
        char cmd[1024];
        snprintf(cmd, sizeof(cmd),
                 "%s -D -b binary -m powerpc:common64 -M power9 %s --adjust-vma=%#x '%s' 2>/dev/null"
                 " | sed -n '/^ *[0-9a-f]*:/p'",
                 o->objdump, o->le ? "-EL" : "-EB", ORACLE_SEQ_BASE, path);
        fflush(f);
        FILE *p = popen(cmd, "r");
        char line[256];
        bool any = false;
        while (p && fgets(line, sizeof(line), p)) {
                fprintf(f, "   %s", line);
                any = true;
        }
        if (p)
                pclose(p);
        if (!any)
                for (unsigned i = 0; i < c->n; i++)
                        fprintf(f, "   %#x: %08x\n", ORACLE_SEQ_BASE + 4 * i, c->w[i]);
        unlink(path);
}

static void print_state(const struct oracle_state *s, FILE *f)
{
        for (unsigned i = 0; i < 32; i++)
                fprintf(f, "  r%-2u %016llx%s", i, (unsigned long long)s->gpr[i], i % 4 == 3 ? "\n" : "");
        for (unsigned i = 0; i < 32; i++)
                fprintf(f, "  f%-2u %016llx%s", i, (unsigned long long)s->fpr[i], i % 4 == 3 ? "\n" : "");
        fprintf(f, "  cr %08llx xer %016llx lr %016llx ctr %016llx fpscr %08llx\n",
                (unsigned long long)s->cr, (unsigned long long)s->xer, (unsigned long long)s->lr,
                (unsigned long long)s->ctr, (unsigned long long)s->fpscr);
}

/* A reproducer: the initial state and the words, replayable with --replay. */
static void save_repro(const struct opts *o, const struct item *it)
{
        char path[512];
        if (!o->repro_dir)
                return;
        snprintf(path, sizeof(path), "%s/%s-%016llx.repro", o->repro_dir, o->le ? "le" : "be",
                 (unsigned long long)it->seed);
        FILE *f = fopen(path, "w");
        if (!f)
                return;
        fprintf(f, "ppcvm-oracle-repro 1 %s %u\n", o->le ? "le" : "be", it->code.n);
        for (unsigned i = 0; i < it->code.n; i++)
                fprintf(f, "%08x\n", it->code.w[i]);
        fwrite(&it->seq.init, sizeof(it->seq.init), 1, f);
        fclose(f);
        printf("   reproducer: %s\n", path);
}

static void report(const struct opts *o, const struct item *it, const char *what)
{
        printf("not ok - %s: %s endian, seed %#018llx, %u words\n", what, o->le ? "little" : "big",
               (unsigned long long)it->seed, it->code.n);
        disassemble(o, &it->code, stdout);
        if (it->err[0])
                printf("  %s\n", it->err);
        if (!strstr(what, "failed") && !strstr(what, "cannot"))
                compare(&it->emu, &it->qemu, stdout);
        printf("  initial state:\n");
        print_state(&it->seq.init, stdout);
        save_repro(o, it);
        fflush(stdout);
}

/* ---- shrinking ---- */

static bool still_fails(struct emurun *e, const struct opts *o, const struct qemu_side *q,
                        struct item *it, bool loop_only)
{
        char err[160];
        if (run_emu(e, o, it, NULL) < 0)
                return loop_only;       /* still broken on the emulator side */
        if (loop_only)
                return false;
        const struct seq *sp = &it->seq;
        const struct code *cp = &it->code;
        if (qemu_run_batch(q, 1, &sp, &cp, &it->qemu, err, sizeof(err)) < 0)
                return false;
        return compare(&it->emu, &it->qemu, NULL) != 0;
}

/* Deletes groups, last first, while the failure persists. */
static void shrink(struct emurun *e, const struct opts *o, const struct qemu_side *q,
                   struct item *it, bool loop_only)
{
        struct item *t = malloc(sizeof(*t));
        if (!t)
                return;
        for (bool progress = true; progress;) {
                progress = false;
                for (unsigned g = it->seq.ng; g-- > 0;) {
                        *t = *it;
                        t->err[0] = 0;
                        seq_delete(&t->seq, g);
                        if (still_fails(e, o, q, t, loop_only)) {
                                *it = *t;
                                progress = true;
                        }
                }
        }
        /* Final run for the report. */
        it->err[0] = 0;
        if (run_emu(e, o, it, NULL) == 0) {
                const struct seq *sp = &it->seq;
                const struct code *cp = &it->code;
                qemu_run_batch(q, 1, &sp, &cp, &it->qemu, it->err, sizeof(it->err));
        }
        free(t);
}

/* ---- main loop ---- */

static int run_batch(struct emurun *e, const struct opts *o, const struct qemu_side *q,
                     struct item *items, unsigned n, unsigned long first, struct stats *st)
{
        const struct seq *seqs[n];
        const struct code *codes[n];
        struct oracle_state *res = calloc(n, sizeof(*res));
        unsigned m = 0;
        char err[256];

        if (!res)
                return -ENOMEM;
        for (unsigned i = 0; i < n; i++) {
                struct item *it = &items[i];
                struct rng r;
                it->seed = o->seq_seed ? o->seq_seed : seq_seed(o->seed, first + i);
                it->err[0] = 0;
                it->broken = false;
                rng_seed(&r, it->seed);
                gen_seq(&r, &o->gen, &it->seq);
                if (run_emu(e, o, it, st) < 0) {
                        it->broken = true;
                        st->mismatches++;
                        bool loop = it->err[0] && strstr(it->err, "disagree");
                        if (st->mismatches <= o->max_report) {
                                shrink(e, o, q, it, true);
                                if (!loop)
                                        memset(&it->qemu, 0, sizeof(it->qemu));
                                report(o, it, loop ? "run() differs from the step loop"
                                                   : "the emulator failed");
                        }
                        continue;
                }
                seqs[m] = &it->seq;
                codes[m] = &it->code;
                m++;
        }
        int r = m ? qemu_run_batch(q, m, seqs, codes, res, err, sizeof(err)) : 0;
        if (r < 0) {
                /* One case may have killed qemu: run them one by one, so
                 * the culprit is reported and the others still count. */
                fprintf(stderr, "ppcvm-oracle: %s; retrying the batch case by case\n", err);
                r = 0;
                for (unsigned k = 0; k < m; k++) {
                        if (qemu_run_batch(q, 1, &seqs[k], &codes[k], &res[k], err, sizeof(err)) == 0)
                                continue;
                        struct item *it = (struct item *)((char *)seqs[k] - offsetof(struct item, seq));
                        snprintf(it->err, sizeof(it->err), "qemu failed: %.140s", err);
                        it->broken = true;
                        st->qemu_errors++;
                        report(o, it, "qemu cannot run this sequence");
                }
        }
        for (unsigned i = 0, k = 0; i < n; i++) {
                struct item *it = &items[i];
                if (it->broken && it->err[0] && !strncmp(it->err, "qemu failed", 11)) {
                        k++;
                        continue;
                }
                if (it->broken)
                        continue;
                it->qemu = res[k++];
                st->seqs++;
                st->words += it->code.n;
                st->faults[it->emu.sig <= FAULT_OTHER ? it->emu.sig : FAULT_OTHER]++;
                if (compare(&it->emu, &it->qemu, NULL) == 0)
                        continue;
                st->mismatches++;
                if (st->mismatches <= o->max_report) {
                        shrink(e, o, q, it, false);
                        report(o, it, "emulator and QEMU differ");
                }
        }
        free(res);
        return 0;
}

static int replay(struct emurun *e, const struct opts *o, const struct qemu_side *q)
{
        FILE *f = fopen(o->replay, "r");
        struct item *it = calloc(1, sizeof(*it));
        char endian[8];
        unsigned n;

        if (!f || !it || fscanf(f, "ppcvm-oracle-repro 1 %7s %u\n", endian, &n) != 2 || n > SEQ_MAXG * GROUP_MAXW) {
                fprintf(stderr, "ppcvm-oracle: cannot read %s\n", o->replay);
                return 2;
        }
        /* One group per word: no cleanups are added and no branch is patched. */
        it->seq.ng = n;
        for (unsigned i = 0; i < n; i++) {
                it->seq.g[i].n = 1;
                if (fscanf(f, "%x\n", &it->seq.g[i].w[0]) != 1)
                        return 2;
                it->seq.g[i].repaired = REPAIRED_UNDEF | REPAIRED_FMA;
                it->seq.g[i].repaired_after = 1;
        }
        if (fread(&it->seq.init, sizeof(it->seq.init), 1, f) != 1)
                return 2;
        fclose(f);
        if (run_emu(e, o, it, NULL) < 0) {
                report(o, it, "the emulator failed");
                return 1;
        }
        const struct seq *sp = &it->seq;
        const struct code *cp = &it->code;
        if (qemu_run_batch(q, 1, &sp, &cp, &it->qemu, it->err, sizeof(it->err)) < 0) {
                fprintf(stderr, "ppcvm-oracle: %s\n", it->err);
                return 2;
        }
        if (compare(&it->emu, &it->qemu, NULL)) {
                report(o, it, "emulator and QEMU differ");
                return 1;
        }
        printf("ok - %s agrees\n", o->replay);
        return 0;
}

/*
 * The known-bugs file: one class name per line, then the reason; '#'
 * comments.  Those classes are not generated (the long run ignores the
 * file), so CI stays green while a reported emulator bug is open.
 */
static const char *read_known_bugs(const char *path)
{
        static char list[4096];
        char line[512], name[64];
        FILE *f = fopen(path, "r");

        list[0] = 0;
        while (f && fgets(line, sizeof(line), f)) {
                if (line[0] == '#' || sscanf(line, "%63s", name) != 1)
                        continue;
                if (strlen(list) + strlen(name) + 2 < sizeof(list)) {
                        strcat(list, list[0] ? "," : "");
                        strcat(list, name);
                }
        }
        if (f)
                fclose(f);
        if (list[0])
                printf("# known emulator bugs, not generated: %s\n", list);
        return list;
}

static void usage(void)
{
        fprintf(stderr, "usage: ppcvm-oracle --endian be|le --qemu PATH --harness PATH [--objdump PATH]\n"
                        "       [--count N] [--first I] [--seed S] [--groups G] [--batch B] [--only NAME]\n"
                        "       [--no-backend] [--max-report K] [--repro-dir DIR] [--replay FILE]\n"
                        "       [--skip CLASS,...] [--known-bugs FILE] [--seq-seed X]\n");
}

int main(int argc, char **argv)
{
        static const struct option lopts[] = {
                { "endian", 1, NULL, 'e' }, { "qemu", 1, NULL, 'q' }, { "harness", 1, NULL, 'h' },
                { "objdump", 1, NULL, 'd' }, { "count", 1, NULL, 'n' }, { "first", 1, NULL, 'f' },
                { "seed", 1, NULL, 's' }, { "groups", 1, NULL, 'g' }, { "batch", 1, NULL, 'b' },
                { "only", 1, NULL, 'o' }, { "no-backend", 0, NULL, 'B' }, { "max-report", 1, NULL, 'm' },
                { "repro-dir", 1, NULL, 'r' }, { "replay", 1, NULL, 'p' }, { "skip", 1, NULL, 'S' },
                { "known-bugs", 1, NULL, 'K' }, { "seq-seed", 1, NULL, 'Q' },
                { "dump-classes", 0, NULL, 'D' }, { NULL, 0, NULL, 0 },
        };
        struct opts o = {
                .backend = true, .count = 1000, .batch = 500, .seed = 1, .max_report = 5,
                .objdump = "powerpc64-linux-gnu-objdump", .gen = { .groups = 24 },
        };
        int c;

        while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
                switch (c) {
                case 'e': o.le = !strcmp(optarg, "le"); break;
                case 'q': o.qemu = optarg; break;
                case 'h': o.harness = optarg; break;
                case 'd': o.objdump = optarg; break;
                case 'n': o.count = strtoul(optarg, NULL, 0); break;
                case 'f': o.first = strtoul(optarg, NULL, 0); break;
                case 's': o.seed = strtoull(optarg, NULL, 0); break;
                case 'g': o.gen.groups = (unsigned)strtoul(optarg, NULL, 0); break;
                case 'b': o.batch = strtoul(optarg, NULL, 0); break;
                case 'o': o.gen.only = optarg; break;
                case 'B': o.backend = false; break;
                case 'm': o.max_report = (unsigned)strtoul(optarg, NULL, 0); break;
                case 'r': o.repro_dir = optarg; break;
                case 'p': o.replay = optarg; break;
                case 'S': o.gen.skip = optarg; break;
                case 'D': {
                        struct rng r;
                        rng_seed(&r, o.seed);
                        gen_dump_classes(&r, &o.gen, stdout);
                        return 0;
                }
                case 'Q': o.seq_seed = strtoull(optarg, NULL, 0); o.count = 1; break;
                case 'K': o.gen.skip = read_known_bugs(optarg); break;
                default: usage(); return 2;
                }
        }
        if (!o.qemu || !o.harness || !*o.qemu || !*o.harness ||
            access(o.qemu, X_OK) != 0 || access(o.harness, R_OK) != 0) {
                printf("1..0 # SKIP qemu-user or the harness is missing\n");
                return 77;
        }
        o.gen.le = o.le;
        if (o.batch == 0)
                o.batch = 1;

        struct qemu_side q = { .qemu = o.qemu, .harness = o.harness, .le = o.le };
        struct emurun *e;
        if (emurun_new(o.le, &e) < 0) {
                fprintf(stderr, "ppcvm-oracle: cannot set up the emulator\n");
                return 2;
        }
        gen_init(decodable);
        if (o.replay) {
                int r = replay(e, &o, &q);
                emurun_free(e);
                return r;
        }

        struct item *items = calloc(o.batch, sizeof(*items));
        struct stats st = { 0 };
        if (!items)
                return 2;
        printf("# %s endian, seed %#llx, %lu sequences of %u groups\n", o.le ? "little" : "big",
               (unsigned long long)o.seed, o.count, o.gen.groups);
        for (unsigned long i = 0; i < o.count; i += o.batch) {
                unsigned n = (unsigned)(o.count - i < o.batch ? o.count - i : o.batch);
                if (run_batch(e, &o, &q, items, n, o.first + i, &st) < 0) {
                        emurun_free(e);
                        return 2;
                }
        }
        printf("# %lu sequences, %lu words, %lu undefined results cleaned up, %lu mismatches"
               " (%lu between run() and the step loop)\n",
               st.seqs, st.words, st.repaired, st.mismatches, st.loop_mismatches);
        if (st.qemu_errors)
                printf("# %lu sequences qemu could not run (reported above)\n", st.qemu_errors);
        printf("# outcomes:");
        for (unsigned k = 0; k <= FAULT_OTHER; k++)
                if (st.faults[k])
                        printf(" %s %lu;", fault_name(k), st.faults[k]);
        printf("\n");
        gen_report(stdout);
        printf("%s - %s endian oracle\n", st.mismatches ? "not ok" : "ok", o.le ? "little" : "big");
        free(items);
        emurun_free(e);
        return st.mismatches ? 1 : st.qemu_errors ? 2 : 0;
}
