/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The execution loop: decode once, run many times.
 *
 * Code is decoded per 4 KiB real page into 1024 struct emu_insn slots, kept
 * in a per-vcpu direct-mapped cache keyed by (real page, MSR[LE]).  A fresh
 * page's slots all hold decode_me(), which decodes its own word, overwrites
 * the slot and runs it, so only instructions that execute are ever decoded.
 * Slot 1024 holds page_end(), which sends the loop to the next page.
 *
 * Decoding sets bit 0 of the page's pageinfo word in its RAM slot; from then
 * on every store to the page adds 2 to that word (mem.c).  A decoded page
 * remembers the word and is decoded afresh when it changed.  The check is at
 * block entry (after a jump or at a page end), which is where the ISA lets
 * modified code take effect: after a context-synchronising isync.
 *
 * The inner loop is a call through the slot's handler pointer and a test of
 * its result; everything else (interrupts, kicks, the decrementer, the
 * instruction count) happens between blocks.  Other threads raise requests
 * in one atomic word that is read once per block.  A jump within the page
 * of the last lookup (most loops) skips the lookup while MSR[IR/LE/PR] are
 * unchanged and, with MSR[IR] set, while the MMU's epoch (emu_mmu_epoch)
 * says no cached translation may have changed since.
 *
 * Limits: a page mixing code with data that is stored to often is decoded
 * afresh after each such store (correct, slow); memory the host writes
 * behind the vcpus' backs must be reported with the ram_written op.
 */
#include <stdlib.h>
#include <string.h>

#include "emu.h"
#include "exec_fast.h"
#include "jit/jit.h"

#define PAGE_MASK   0xfffull
#define EMU_PAGE_LE 2u
#define NO_PAGE     2u           /* a page key never has this bit */
#define KEY_PR      4u           /* MSR[PR] in a page key (IR and LE are as in the MSR) */

static int decode_me(struct emu_cpu *cpu, const struct emu_insn *in);
static int page_end(struct emu_cpu *cpu, const struct emu_insn *in);

static uint32_t fetch_word(const struct emu_page *pg, size_t i)
{
        const uint8_t *p = pg->host + 4 * i;

        if (pg->key & EMU_PAGE_LE)
                return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                       (uint32_t)p[3] << 24;
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The first execution of a slot: decode, replace, run. */
static int decode_me(struct emu_cpu *cpu, const struct emu_insn *in)
{
        struct emu_page *pg = (struct emu_page *)(uintptr_t)in->aux;
        struct emu_insn *slot = &pg->insn[in - pg->insn];

        emu_decode(fetch_word(pg, (size_t)(slot - pg->insn)), slot);
        fast_specialise(slot);
        return slot->fn(cpu, slot);
}

/* Reached by falling through the last instruction of a page: nip is the
 * next page already.  Not an instruction, so it takes back its count. */
static int page_end(struct emu_cpu *cpu, const struct emu_insn *in)
{
        (void)in;
        cpu->nip = emu_nia(cpu, cpu->nip);
        cpu->insns--;
        return EMU_JUMP;
}

static void page_fill(struct emu_page *pg, uint64_t key, const struct emu_slot *s, uint64_t ra_page)
{
        size_t idx = (ra_page - s->gpa) >> 12;

        pg->key = key;
        pg->host = s->host + (ra_page - s->gpa);
        pg->pageinfo = &s->pageinfo[idx];
        /* Mark first, then read: a store that misses the mark happened
         * before the words are read, so decoding sees its data. */
        pg->gen = atomic_fetch_or_explicit(pg->pageinfo, 1u, memory_order_acq_rel) | 1u;
        for (unsigned i = 0; i < EMU_PAGE_INSNS; i++)
                pg->insn[i] = (struct emu_insn){ .fn = decode_me, .aux = (uintptr_t)pg };
        pg->insn[EMU_PAGE_INSNS] = (struct emu_insn){ .fn = page_end };
        emu_jit_page_reset(pg);
}

struct emu_insn *emu_exec_slot(struct emu_page *pg, unsigned i)
{
        struct emu_insn *slot = &pg->insn[i];

        if (slot->fn == decode_me) {
                emu_decode(fetch_word(pg, i), slot);
                fast_specialise(slot);
        }
        return slot;
}

bool emu_exec_page_le(const struct emu_page *pg)
{
        return pg->key & EMU_PAGE_LE;
}

static unsigned icache_index(uint64_t ra_page, bool le)
{
        uint64_t pfn = ra_page >> 12;
        return (unsigned)((pfn ^ (pfn >> 10) ^ (le ? 0x155u : 0)) & (EMU_ICACHE_PAGES - 1));
}

void emu_icache_flush(struct emu_icache *ic)
{
        for (unsigned i = 0; i < EMU_ICACHE_PAGES; i++)
                if (ic->page[i])
                        ic->page[i]->key = 0;
}

void emu_icache_free(struct emu_icache *ic)
{
        for (unsigned i = 0; i < EMU_ICACHE_PAGES; i++) {
                if (ic->page[i])
                        emu_jit_page_free(ic->page[i]);
                free(ic->page[i]);
                ic->page[i] = NULL;
        }
        emu_jit_free(ic->jit);
        ic->jit = NULL;
        ic->jit_checked = false;
}

enum fetch_result {
        FETCH_OK,
        FETCH_INTERRUPT,   /* an interrupt was raised: nip moved */
        FETCH_FAILED,      /* v->run holds an internal error */
};

/* Instruction fetch outside RAM: a machine check.  If the machine check
 * vector itself is outside RAM the guest can never run again: stop it. */
static enum fetch_result fetch_machine_check(struct emu_vcpu *v)
{
        struct emu_cpu *cpu = &v->cpu;
        uint64_t from = cpu->nip;

        emu_raise(cpu, EXC_MACHINE_CHECK, from, 0);
        if (cpu->nip == from) {
                emu_internal_error(v, "instruction fetch outside guest RAM at the machine check vector");
                return FETCH_FAILED;
        }
        return FETCH_INTERRUPT;
}

/* The decoded slot for cpu->nip. */
static int lookup(struct emu_vcpu *v, struct emu_page **ret_pg, struct emu_insn **ret_in)
{
        struct emu_cpu *cpu = &v->cpu;
        uint64_t ra;
        bool le = cpu->msr & MSR_LE;

        cpu->nip &= ~3ull;
        if (cpu->msr & MSR_IR) {
                if (emu_mmu_xlate(cpu, cpu->nip, EMU_ACCESS_EXEC, &ra) != EMU_NEXT)
                        return FETCH_INTERRUPT;
        } else {
                ra = cpu->nip & EMU_REAL_MASK;
        }

        uint64_t ra_page = ra & ~PAGE_MASK;
        uint64_t key = ra_page | (le ? EMU_PAGE_LE : 0) | 1u;
        struct emu_page **slotp = &v->icache.page[icache_index(ra_page, le)];
        struct emu_page *pg = *slotp;

        if (!pg || pg->key != key ||
            atomic_load_explicit(pg->pageinfo, memory_order_acquire) != pg->gen) {
                const struct emu_slot *s = emu_slot_of(cpu->vm, ra_page);

                if (!s || !s->pageinfo || ra_page + 0x1000 - s->gpa > s->size)
                        return fetch_machine_check(v);
                if (!pg) {
                        pg = malloc(sizeof(*pg));
                        if (!pg) {
                                emu_internal_error(v, "out of memory for decoded code");
                                return FETCH_FAILED;
                        }
                        pg->jit = NULL;
                        *slotp = pg;
                }
                page_fill(pg, key, s, ra_page);
        }
        *ret_pg = pg;
        *ret_in = &pg->insn[(ra & PAGE_MASK) >> 2];
        return FETCH_OK;
}

struct emu_page *emu_exec_page_cached(struct emu_vcpu *v, unsigned *ret_i)
{
        struct emu_cpu *cpu = &v->cpu;
        uint64_t nip = cpu->nip, ra;
        bool le = cpu->msr & MSR_LE;

        if (nip & 3)
                return NULL;
        if (cpu->msr & MSR_IR) {
                /* The cache hit emu_mmu_xlate would take, without its
                 * refresh or walk: anything else is the loop's. */
                const struct emu_xlate_entry *e = emu_mmu_host_hit(cpu, nip, 4, EMU_ACCESS_EXEC);

                if (!e)
                        return NULL;
                ra = nip + e->delta;
        } else {
                ra = nip & EMU_REAL_MASK;
        }

        uint64_t ra_page = ra & ~PAGE_MASK;
        struct emu_page *pg = v->icache.page[icache_index(ra_page, le)];

        if (!pg || pg->key != (ra_page | (le ? EMU_PAGE_LE : 0) | 1u) ||
            atomic_load_explicit(pg->pageinfo, memory_order_acquire) != pg->gen)
                return NULL;
        *ret_i = (unsigned)((ra & PAGE_MASK) >> 2);
        return pg;
}

bool emu_service_requests(struct emu_vcpu *v)
{
        struct emu_cpu *cpu = &v->cpu;
        unsigned req = atomic_load_explicit(&v->req, memory_order_acquire);

        if (req & EMU_REQ_KICK)
                return true;
        if (!(cpu->msr & MSR_EE))
                return false;
        /* External before decrementer, as Book3S orders them. */
        if (req & EMU_REQ_EXT) {
                atomic_fetch_and_explicit(&v->req, ~EMU_REQ_EXT_EDGE, memory_order_acq_rel);
                emu_raise(cpu, EXC_EXTERNAL, cpu->nip, 0);
                return false;
        }
        if (req & EMU_REQ_DEC) {
                if (emu_dec_pending(cpu))
                        emu_raise(cpu, EXC_DECREMENTER, cpu->nip, 0);
                else
                        atomic_fetch_and_explicit(&v->req, ~EMU_REQ_DEC, memory_order_acq_rel);
        }
        return false;
}

/* What decides the page a fetch at nip uses, besides the MMU's epoch:
 * the EA page, MSR[IR] and MSR[LE] (bits below the page), MSR[PR]. */
static uint64_t page_key(const struct emu_cpu *cpu, uint64_t nip)
{
        return (nip & ~PAGE_MASK) | (cpu->msr & (MSR_IR | MSR_LE)) |
               ((cpu->msr & MSR_PR) ? KEY_PR : 0);
}

static void exit_intr(struct emu_vcpu *v)
{
        v->run.exit_reason = KVM_EXIT_INTR;
}

void emu_exec(struct emu_vcpu *v)
{
        struct emu_cpu *cpu = &v->cpu;
        /* The page of the last lookup, kept in locals: a jump within it
         * (most loops) costs a compare of (nip page | MSR[IR, LE]) and of
         * the page's code generation. */
        struct emu_insn *base = NULL;
        struct emu_page *page = NULL;
        _Atomic uint32_t *pageinfo = NULL;
        uint32_t gen = 0;
        uint64_t key = NO_PAGE;
        unsigned epoch = 0;             /* emu_mmu_epoch() when key was taken with MSR[IR] */
        uint64_t n = 0;                 /* instructions, added to cpu->insns on return */
        struct emu_jit *jit;

        /* Once per vcpu: PPCVMD_EMU_JIT=0 keeps it off (jit/jit.h). */
        if (!v->icache.jit_checked) {
                v->icache.jit = emu_jit_create(v);
                v->icache.jit_checked = true;
        }
        jit = v->icache.jit;

        for (;;) {
                struct emu_insn *in, *start;
                uint64_t nip;
                int r;

                /* Tracing (MSR[SE/BE]) or a counting PMU: one instruction
                 * at a time, with the interrupts between them (trace.c). */
                if (__builtin_expect((cpu->msr & (MSR_SE | MSR_BE)) || cpu->pmu_step, 0)) {
                        if (emu_exec_step(v))
                                break;
                        continue;
                }
                /* Only a kick, or an interrupt the guest can take now,
                 * needs the service: a decrementer pending while MSR[EE]
                 * is off (common: the guest runs with interrupts off) is
                 * left alone there too, so skip the call. */
                unsigned req = atomic_load_explicit(&v->req, memory_order_relaxed);
                if (req && ((req & EMU_REQ_KICK) || (cpu->msr & MSR_EE)) &&
                    emu_service_requests(v)) {
                        exit_intr(v);
                        break;
                }
                nip = cpu->nip;         /* after any interrupt delivered just now */
                if (page_key(cpu, nip) == key &&
                    atomic_load_explicit(pageinfo, memory_order_acquire) == gen &&
                    (!(cpu->msr & MSR_IR) || emu_mmu_epoch_is(cpu, epoch))) {
                        in = &base[(nip & PAGE_MASK) >> 2];
                } else {
                        struct emu_page *pg;

                        key = NO_PAGE;
                        r = lookup(v, &pg, &in);
                        if (r == FETCH_INTERRUPT)
                                continue;
                        if (r == FETCH_FAILED)
                                break;
                        page = pg;
                        base = pg->insn;
                        pageinfo = pg->pageinfo;
                        gen = pg->gen;
                        /* The epoch after the lookup's translation: a
                         * translation that filled the cache did not change it. */
                        key = page_key(cpu, cpu->nip);
                        if (cpu->msr & MSR_IR)
                                epoch = emu_mmu_epoch(cpu);
                }

                /* Translated code runs 64-bit code only (jit/jit.h). */
                if (jit && (cpu->msr & MSR_SF)) {
                        r = emu_jit_run(jit, page, (unsigned)(in - base));
                        if (r == EMU_JUMP)
                                continue;
                        if (r == EMU_EXIT)
                                break;
                        if (r >= 0) {
                                emu_internal_error(v, "instruction handler returned an unknown result");
                                break;
                        }
                }
                start = in;
                while ((r = in->fn(cpu, in)) == EMU_NEXT) {
                        cpu->nip += 4;
                        in++;
                }
                n += (uint64_t)(in - start) + 1;
                if (r == EMU_JUMP)
                        continue;
                if (r != EMU_EXIT)
                        emu_internal_error(v, "instruction handler returned an unknown result");
                break;
        }
        cpu->insns += n;
}
