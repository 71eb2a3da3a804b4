/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The block translator to x86-64: code buffer, block entry and exit, the
 * translation loop and the helpers its templates share.
 *
 * Each vcpu has one code buffer (mmap'd read-write-execute; a host that
 * refuses that, e.g. under systemd's MemoryDenyWriteExecute, gets the
 * interpreter).  Blocks are appended; when the buffer fills, all of it is
 * dropped at once and every page forgets its blocks, which is cheaper and
 * simpler than tracking which block lives where.
 *
 * The buffer starts with two fixed sequences: `enter` (the C entry: saves
 * the callee-saved registers it uses, puts the cpu in RBX, zeroes the
 * instruction count R12 and jumps to a block body) and `leave` (adds R12 to
 * cpu->insns, restores the registers and returns EAX).  Block bodies have
 * no prologue, so one block can jump straight into another.  cpu->insns
 * lags while translated code runs, as it does in the interpreter's loop
 * (the IC SPR says so); handlers never need it exact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jit_internal.h"

#define JIT_BUF_SIZE   (32u << 20)
#define JIT_HEADROOM   (256u << 10)   /* free space a translation may need */
/* A block is translated on its JIT_HOT-th entry: code that runs once or a
 * few times (most of a kernel's boot) costs less interpreted than
 * translated.  PPCVMD_EMU_JIT_HOT overrides it (tests use 1). */
#define JIT_HOT        16u

/* MSR bits the inline chaining check reads: all in the low word.  With
 * MSR[IR] set the jump checks the fetch translation too. */
#define CHAIN_MSR_EXIT  (MSR_IR | MSR_SE | MSR_BE)
_Static_assert(((MSR_IR | MSR_SE | MSR_BE | MSR_EE | MSR_DR | MSR_LE | MSR_PR) >> 32) == 0,
               "MSR bits in the low word");

struct emu_jit {
        struct emu_vcpu *v;
        uint8_t *buf;
        size_t size, used, fixed;     /* fixed: the enter/leave sequences */
        int (*enter)(struct emu_cpu *cpu, void *body);
        const uint8_t *leave;
        unsigned hot;                 /* entries before a block is translated */
        FILE *perf_map;               /* PPCVMD_EMU_JIT_PERF_MAP=1: /tmp/perf-PID.map */
};

static void emit_fixed(struct emu_jit *jit)
{
        struct xbuf b = { jit->buf, jit->buf + jit->size, false };

        jit->enter = (int (*)(struct emu_cpu *, void *))(void *)b.p;
        /* Six pushes and 8 bytes keep RSP 16-byte aligned for handler calls. */
        x_push(&b, RBX);
        x_push(&b, RBP);
        x_push(&b, R12);
        x_push(&b, R13);
        x_push(&b, R14);
        x_push(&b, R15);
        x_alu_ri(&b, true, ALU_SUB, RSP, 8);
        x_mov_rr(&b, true, RBX, RDI);
        x_alu_rr(&b, false, ALU_XOR, R12, R12);
        x_jmp_r(&b, RSI);
        jit->leave = b.p;
        x_op_mem(&b, true, X_OP(0x01), R12, RBX, X_NOINDEX, 1, JIT_CPU(insns));   /* add */
        x_alu_ri(&b, true, ALU_ADD, RSP, 8);
        x_pop(&b, R15);
        x_pop(&b, R14);
        x_pop(&b, R13);
        x_pop(&b, R12);
        x_pop(&b, RBP);
        x_pop(&b, RBX);
        x_ret(&b);
        jit->fixed = jit->used = (size_t)(b.p - jit->buf + 15) & ~(size_t)15;
}

struct emu_jit *emu_jit_create(struct emu_vcpu *v)
{
        const char *env = getenv("PPCVMD_EMU_JIT");
        struct emu_jit *jit;

        if (env && !strcmp(env, "0"))
                return NULL;
        jit = calloc(1, sizeof(*jit));
        if (!jit)
                return NULL;
        jit->buf = mmap(NULL, JIT_BUF_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (jit->buf == MAP_FAILED) {
                free(jit);
                return NULL;
        }
        jit->v = v;
        jit->size = JIT_BUF_SIZE;
        env = getenv("PPCVMD_EMU_JIT_HOT");
        jit->hot = env && atoi(env) >= 1 && atoi(env) <= 255 ? (unsigned)atoi(env) : JIT_HOT;
        env = getenv("PPCVMD_EMU_JIT_PERF_MAP");
        if (env && !strcmp(env, "1")) {
                /* Names the blocks for `perf report` (a developer's tool). */
                char path[64];

                snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
                jit->perf_map = fopen(path, "a");
        }
        emit_fixed(jit);
        return jit;
}

void emu_jit_free(struct emu_jit *jit)
{
        if (!jit)
                return;
        if (jit->perf_map)
                fclose(jit->perf_map);
        munmap(jit->buf, jit->size);
        free(jit);
}

void emu_jit_page_reset(struct emu_page *pg)
{
        if (pg->jit)
                memset(pg->jit, 0, sizeof(*pg->jit));
}

void emu_jit_page_free(struct emu_page *pg)
{
        free(pg->jit);
        pg->jit = NULL;
}

/* Drops every block: the buffer is full. */
static void flush_all(struct emu_jit *jit)
{
        struct emu_icache *ic = &jit->v->icache;

        for (unsigned i = 0; i < EMU_ICACHE_PAGES; i++)
                if (ic->page[i])
                        emu_jit_page_reset(ic->page[i]);
        jit->used = jit->fixed;
}

void jit_sync_nip(struct jit_ctx *c, unsigned k)
{
        if (k != c->synced)
                x_alu_mi(&c->b, true, ALU_ADD, RBX, JIT_CPU(nip), 4 * ((int32_t)k - (int32_t)c->synced));
        c->synced = k;
}

static struct jit_stub *new_stub(struct jit_ctx *c)
{
        if (c->nstubs == JIT_STUBS_MAX) {
                c->overflow = true;
                return NULL;
        }
        struct jit_stub *s = &c->stubs[c->nstubs++];
        memset(s, 0, sizeof(*s));
        s->k = c->k;
        return s;
}

void jit_stub_from(struct jit_ctx *c, struct jit_stub *s, x_label from)
{
        if (!s)
                return;
        if (s->nfrom == sizeof(s->from) / sizeof(s->from[0])) {
                c->overflow = true;
                return;
        }
        s->from[s->nfrom++] = from;
}

/* Counts n completed instructions in R12, which `leave` adds to
 * cpu->insns: a register, not a read-modify-write of memory that every
 * pass of a loop would wait for.  EAX is kept. */
static void emit_count(struct jit_ctx *c, unsigned n)
{
        x_alu_ri(&c->b, true, ALU_ADD, R12, (int32_t)n);
}

static void emit_call(struct jit_ctx *c, const struct emu_insn *in)
{
        x_mov_rr(&c->b, true, RDI, RBX);
        x_mov_imm(&c->b, RSI, (uint64_t)(uintptr_t)in);
        x_mov_imm(&c->b, RAX, (uint64_t)(uintptr_t)in->fn);
        x_call_r(&c->b, RAX);
}

void jit_emit_call_slot(struct jit_ctx *c, const struct emu_insn *in)
{
        jit_sync_nip(c, c->k);
        jit_regs_flush(c);
        emit_call(c, in);
        jit_regs_reset(c);
        x_test_rr(&c->b, false, RAX, RAX);
        jit_stub_from(c, new_stub(c), x_jcc(&c->b, CC_NE));
}

struct jit_stub *jit_stub_call(struct jit_ctx *c, const struct emu_insn *in)
{
        struct jit_stub *s = new_stub(c);

        if (s) {
                s->call_slot = true;
                s->in = in;
                s->nip_diff = 4 * ((int32_t)c->k - (int32_t)c->synced);
                s->before = c->regs;
        }
        return s;
}

static void emit_leave(struct jit_ctx *c, int result)
{
        x_mov_imm(&c->b, RAX, (uint64_t)result);
        x_jmp_to(&c->b, c->jit->leave);
}

/* The target block's code for a chained jump: returns its address when
 * known now, else emits code leaving it in RDX (NULL or JIT_NO_CODE: none)
 * and sets *other_page to a branch taken when the target is in another
 * page. */
static const uint8_t *emit_chain_target(struct jit_ctx *c, int target_slot, x_label *other_page)
{
        struct xbuf *b = &c->b;
        void *const *code = c->pg->jit->code;

        *other_page = NULL;
        if (target_slot < 0) {
                /* RAX: target, RDX: the branch; same page if they agree above bit 12. */
                x_alu_rr(b, true, ALU_XOR, RDX, RAX);
                x_shift_ri(b, true, SH_SHR, RDX, 12);
                *other_page = x_jcc(b, CC_NE);
                x_mov_rr(b, false, RCX, RAX);
                x_alu_ri(b, false, ALU_AND, RCX, 0xffc);
                x_mov_imm(b, RDX, (uint64_t)(uintptr_t)&code[0]);
                x_load(b, 8, false, RDX, RDX, RCX, 2, 0);
                return NULL;
        }
        if ((unsigned)target_slot == c->start)
                return c->body;                         /* a loop on itself */
        if (code[target_slot] && code[target_slot] != JIT_NO_CODE)
                return code[target_slot];               /* dies with this block */
        x_mov_imm(b, RDX, (uint64_t)(uintptr_t)&code[target_slot]);
        x_ld64(b, RDX, RDX, 0);
        return NULL;
}

/* The code to go on with at a block exit the inline check does not cover
 * (relocated fetch, a target in another page), with cpu->nip the target and
 * the GPRs stored back; NULL: return to the loop.  Everything the loop
 * checks between blocks is checked here, and the page is the one its
 * lookup would find; a block not translated yet is left to the loop, which
 * counts its entries. */
static void *chain_lookup(struct emu_cpu *cpu)
{
        struct emu_vcpu *v = emu_container_of(cpu, struct emu_vcpu, cpu);
        unsigned req = atomic_load_explicit(&v->req, memory_order_relaxed);
        struct emu_page *pg;
        unsigned i;
        void *code;

        if ((req && ((req & EMU_REQ_KICK) || (cpu->msr & MSR_EE))) ||
            (cpu->msr & (MSR_SE | MSR_BE)) || !(cpu->msr & MSR_SF) || cpu->pmu_step)
                return NULL;
        pg = emu_exec_page_cached(v, &i);
        if (!pg || !pg->jit)
                return NULL;
        code = pg->jit->code[i];
        return code == JIT_NO_CODE ? NULL : code;
}

/* Asks chain_lookup and jumps to its answer, or leaves with EMU_JUMP. */
static void emit_chain_lookup(struct jit_ctx *c)
{
        struct xbuf *b = &c->b;
        x_label found;

        x_mov_rr(b, true, RDI, RBX);
        x_mov_imm(b, RAX, (uint64_t)(uintptr_t)chain_lookup);
        x_call_r(b, RAX);
        x_test_rr(b, true, RAX, RAX);
        found = x_jcc(b, CC_NE);
        emit_leave(c, EMU_JUMP);
        x_here(b, found);
        x_jmp_r(b, RAX);
}

/* With MSR[IR] set, a jump within the page's EA page goes on inline while
 * the loop's lookup would find this page again: the MMU's cache current
 * (as emu_mmu_tlb_current, with no AMR dependence), the target's execute
 * entry tagged and mapping its EA page to this real page, MSR[LE] the
 * page's.  Nothing of the EA is in the code: it is read from cpu->nip.
 * Uses RAX, RCX, RSI and RDI (RDX may hold the target's code); the
 * branches in miss[] are taken on any doubt. */
#define FETCH_MISSES 7
static void emit_fetch_check(struct jit_ctx *c, x_label miss[FETCH_MISSES])
{
        struct xbuf *b = &c->b;
        struct emu_vm *vm = c->v->cpu.vm;
        unsigned n = 0;

        x_mov_imm(b, RAX, (uint64_t)(uintptr_t)&vm->mmu.gen);
        x_load(b, 4, false, RAX, RAX, X_NOINDEX, 1, 0);
        x_alu_rm(b, false, ALU_CMP, RAX, RBX, MMU(gen));
        miss[n++] = x_jcc(b, CC_NE);
        x_mov_imm(b, RAX, (uint64_t)(uintptr_t)&vm->mem_gen);
        x_load(b, 4, false, RAX, RAX, X_NOINDEX, 1, 0);
        x_alu_rm(b, false, ALU_CMP, RAX, RBX, MMU(mem_gen));
        miss[n++] = x_jcc(b, CC_NE);
        x_ld64(b, RAX, RBX, JIT_SPR(SPR_PID));
        x_alu_rm(b, true, ALU_CMP, RAX, RBX, MMU(pid));
        miss[n++] = x_jcc(b, CC_NE);
        x_load(b, 1, false, RAX, RBX, X_NOINDEX, 1, MMU(amr_used));
        x_test_rr(b, false, RAX, RAX);
        miss[n++] = x_jcc(b, CC_NE);
        x_test_mi32(b, RBX, JIT_CPU(msr), (uint32_t)MSR_LE);
        miss[n++] = x_jcc(b, c->le ? CC_E : CC_NE);
        /* RSI = the target's EA page, RDI = its entry's offset, RAX = the tag. */
        x_ld64(b, RSI, RBX, JIT_CPU(nip));
        x_mov_rr(b, false, RDI, RSI);
        x_shift_ri(b, false, SH_SHR, RDI, 12);
        x_alu_ri(b, false, ALU_AND, RDI, EMU_XLATE_ENTRIES - 1);
        x_shift_ri(b, false, SH_SHL, RDI, 5);
        x_alu_ri(b, true, ALU_AND, RSI, -0x1000);
        x_mov_rr(b, true, RAX, RSI);
        x_alu_rm(b, true, ALU_OR, RAX, RBX, MMU(tag_bits));
        x_alu_ri(b, true, ALU_OR, RAX, 1);
        x_load(b, 4, false, RCX, RBX, X_NOINDEX, 1, JIT_CPU(msr));
        x_shift_ri(b, false, SH_SHR, RCX, 13);          /* MSR[PR] (0x4000) -> 2 */
        x_alu_ri(b, false, ALU_AND, RCX, 2);
        x_alu_rr(b, true, ALU_OR, RAX, RCX);
        x_op_mem(b, true, X_OP(0x3b), RAX, RBX, RDI, 1, XE_OFF(EMU_ACCESS_EXEC) + XE(tag));  /* cmp */
        miss[n++] = x_jcc(b, CC_NE);
        x_op_mem(b, true, X_OP(0x03), RSI, RBX, RDI, 1, XE_OFF(EMU_ACCESS_EXEC) + XE(delta)); /* add */
        x_mov_imm(b, RAX, c->pg->key & ~0xfffull);
        x_alu_rr(b, true, ALU_CMP, RSI, RAX);
        miss[n++] = x_jcc(b, CC_NE);
}

void jit_emit_jump_exit(struct jit_ctx *c, unsigned k, int target_slot)
{
        struct xbuf *b = &c->b;
        x_label other_page, no_code = NULL, req, msr_exit, gen_exit, kick, ee, trace, pmu;
        x_label fetch_miss[FETCH_MISSES];
        const uint8_t *back, *direct, *same_page;

        jit_regs_emit_writeback(c, &c->regs);
        emit_count(c, k + 1);
        if (target_slot == -2) {
                emit_chain_lookup(c);
                return;
        }
        direct = emit_chain_target(c, target_slot, &other_page);
        if (!direct) {
                x_alu_ri(b, true, ALU_CMP, RDX, (int32_t)(uintptr_t)JIT_NO_CODE);   /* NULL or none */
                no_code = x_jcc(b, CC_BE);
        }
        /* Requests: a kick, or an interrupt the guest can take now. */
        x_load(b, 4, false, RAX, RBX, X_NOINDEX, 1, JIT_REQ);
        x_test_rr(b, false, RAX, RAX);
        req = x_jcc(b, CC_NE);
        back = b->p;
        /* A counting PMU steps in the loop (trace.c). */
        x_load(b, 1, false, RAX, RBX, X_NOINDEX, 1, JIT_CPU(pmu_step));
        x_test_rr(b, false, RAX, RAX);
        pmu = x_jcc(b, CC_NE);
        /* Relocated fetch (checked below), single-step/branch trace. */
        x_test_mi32(b, RBX, JIT_CPU(msr), (uint32_t)CHAIN_MSR_EXIT);
        msr_exit = x_jcc(b, CC_NE);
        /* The page's code still is what was translated. */
        same_page = b->p;
        x_mov_imm(b, RCX, (uint64_t)(uintptr_t)c->pg->pageinfo);
        x_alu_mi(b, false, ALU_CMP, RCX, 0, (int32_t)c->pg->gen);
        gen_exit = x_jcc(b, CC_NE);
        if (direct)
                x_jmp_to(b, direct);
        else
                x_jmp_r(b, RDX);

        x_here(b, msr_exit);
        x_test_mi32(b, RBX, JIT_CPU(msr), (uint32_t)(MSR_SE | MSR_BE));
        trace = x_jcc(b, CC_NE);
        emit_fetch_check(c, fetch_miss);
        x_jmp_to(b, same_page);

        x_here(b, req);
        x_test_ri32(b, RAX, EMU_REQ_KICK);
        kick = x_jcc(b, CC_NE);
        x_test_mi32(b, RBX, JIT_CPU(msr), (uint32_t)MSR_EE);
        ee = x_jcc(b, CC_NE);
        x_jmp_to(b, back);

        x_here(b, other_page);
        for (unsigned i = 0; i < FETCH_MISSES; i++)
                x_here(b, fetch_miss[i]);
        emit_chain_lookup(c);

        x_here(b, trace);
        x_here(b, pmu);
        x_here(b, no_code);
        x_here(b, gen_exit);
        x_here(b, kick);
        x_here(b, ee);
        emit_leave(c, EMU_JUMP);
}

void jit_cr_from_flags(struct jit_ctx *c, unsigned bf, bool sign)
{
        struct xbuf *b = &c->b;
        unsigned sh = 28 - 4 * bf;

        /* mov and cmov leave the flags alone: EQ unless GT or LT. */
        x_mov_imm(b, RAX, (uint64_t)CR_EQ << sh);
        x_mov_imm(b, RCX, (uint64_t)CR_GT << sh);
        x_cmov(b, false, sign ? CC_G : CC_A, RAX, RCX);
        x_mov_imm(b, RCX, (uint64_t)CR_LT << sh);
        x_cmov(b, false, sign ? CC_L : CC_B, RAX, RCX);
        x_load(b, 1, false, RCX, RBX, X_NOINDEX, 1, JIT_CPU(so));
        if (sh)
                x_shift_ri(b, false, SH_SHL, RCX, sh);
        x_alu_rr(b, false, ALU_OR, RAX, RCX);
        x_load(b, 4, false, RCX, RBX, X_NOINDEX, 1, JIT_CPU(cr));
        x_alu_ri(b, false, ALU_AND, RCX, (int32_t)~(0xfu << sh));
        x_alu_rr(b, false, ALU_OR, RCX, RAX);
        x_store(b, 4, RCX, RBX, X_NOINDEX, 1, JIT_CPU(cr));
}

void jit_cr0_from_rax(struct jit_ctx *c)
{
        x_test_rr(&c->b, true, RAX, RAX);
        jit_cr_from_flags(c, 0, true);
}

static void emit_stubs(struct jit_ctx *c)
{
        struct xbuf *b = &c->b;

        for (unsigned i = 0; i < c->nstubs; i++) {
                const struct jit_stub *s = &c->stubs[i];

                for (unsigned j = 0; j < s->nfrom; j++)
                        x_here(b, s->from[j]);
                if (s->call_slot) {
                        x_label next;

                        jit_regs_emit_writeback(c, &s->before);
                        if (s->nip_diff)
                                x_alu_mi(b, true, ALU_ADD, RBX, JIT_CPU(nip), s->nip_diff);
                        emit_call(c, s->in);
                        x_test_rr(b, false, RAX, RAX);
                        next = x_jcc(b, CC_E);
                        emit_count(c, s->k + 1);
                        x_jmp_to(b, c->jit->leave);
                        x_here(b, next);
                        if (s->nip_diff)
                                x_alu_mi(b, true, ALU_SUB, RBX, JIT_CPU(nip), s->nip_diff);
                        jit_regs_emit_reload(c, &s->after);
                        x_jmp_to(b, s->resume);
                } else {
                        emit_count(c, s->k + 1);
                        x_jmp_to(b, c->jit->leave);
                }
        }
}

enum insn_result {
        INSN_CONT,          /* the block goes on */
        INSN_END,           /* a branch left the block: nothing follows */
        INSN_STOP,          /* stop after this instruction, falling through */
};

/* One instruction: a branch, an inline template, or a handler call. */
static enum insn_result emit_insn(struct jit_ctx *c, const struct emu_insn *in)
{
        const struct emu_opdesc *d = emu_lookup(in->word);
        const char *name = d ? d->name : NULL;

        if (!name || !d->fn || d->fn == emu_op_illegal) {
                /* Not code, most likely (data after the last branch). */
                jit_emit_call_slot(c, in);
                return INSN_STOP;
        }
        switch (jit_branch(c, in, name)) {
        case JIT_BRANCH_END:
                return INSN_END;
        case JIT_BRANCH_CONT:
                return INSN_CONT;
        case JIT_BRANCH_NONE:
                break;
        }
        if (!jit_int(c, in, name) && !jit_ldst(c, in, name))
                jit_emit_call_slot(c, in);
        return INSN_CONT;
}

static void *translate_into(struct jit_ctx *c)
{
        uint8_t *body = c->b.p;
        unsigned i = c->start;
        enum insn_result r = INSN_CONT;

        while (r == INSN_CONT && i < EMU_PAGE_INSNS && i - c->start < JIT_BLOCK_MAX) {
                c->k = i - c->start;
                r = emit_insn(c, emu_exec_slot(c->pg, i));
                i++;
        }
        if (r != INSN_END) {
                /* Fall through to the next instruction: the next slot's block. */
                unsigned n = i - c->start;

                jit_sync_nip(c, n);
                jit_emit_jump_exit(c, n - 1, i < EMU_PAGE_INSNS ? (int)i : -2);
        }
        emit_stubs(c);
        if (c->b.full || c->overflow)
                return NULL;
        return body;
}

static void *translate(struct emu_jit *jit, struct emu_page *pg, unsigned start)
{
        static __thread struct jit_ctx ctx;   /* large: kept off the stack */
        struct jit_ctx *c = &ctx;
        void *body;

        if (jit->size - jit->used < JIT_HEADROOM)
                flush_all(jit);
        memset(c, 0, offsetof(struct jit_ctx, stubs));
        c->nstubs = 0;
        c->overflow = false;
        c->b = (struct xbuf){ jit->buf + jit->used, jit->buf + jit->size, false };
        c->jit = jit;
        c->v = jit->v;
        c->pg = pg;
        c->start = start;
        c->body = c->b.p;
        c->le = emu_exec_page_le(pg);
        c->relocated = jit->v->cpu.msr & MSR_DR;
        jit_regs_reset(c);
        body = translate_into(c);
        if (!body) {
                /* Too big for the stub table (or the buffer): interpret it. */
                pg->jit->code[start] = JIT_NO_CODE;
                return NULL;
        }
        jit->used = ((size_t)(c->b.p - jit->buf) + 15) & ~(size_t)15;
        pg->jit->code[start] = body;
        if (jit->perf_map)
                fprintf(jit->perf_map, "%lx %lx ppc_ra_%llx\n", (unsigned long)(uintptr_t)body,
                        (unsigned long)(c->b.p - (uint8_t *)body),
                        (unsigned long long)((pg->key & ~0xfffull) + 4ull * start));
        if (jit->perf_map)
                fflush(jit->perf_map);
        return body;
}

int emu_jit_run(struct emu_jit *jit, struct emu_page *pg, unsigned i)
{
        void *code;

        if (!pg->jit) {
                pg->jit = calloc(1, sizeof(*pg->jit));
                if (!pg->jit)
                        return -1;
        }
        code = pg->jit->code[i];
        if (code == JIT_NO_CODE)
                return -1;
        if (!code) {
                if (++pg->jit->entries[i] < jit->hot)
                        return -1;
                code = translate(jit, pg, i);
                if (!code)
                        return -1;
        }
        return jit->enter(&jit->v->cpu, code);
}
