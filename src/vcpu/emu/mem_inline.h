/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The fast path of guest data access, inline in every load and store
 * handler so that size and flags are constants there: a real-mode access
 * inside one page that the vcpu's soft TLB knows is a tag compare and a
 * host access (byte-swapped for a big-endian guest on a little-endian host,
 * or the reverse).  Everything else goes to mem.c, which checks it all and
 * fills the TLB.  Included by cpu.h; see there for the contract.
 */
#pragma once

#include <endian.h>
#include <string.h>

#include "mmu_inline.h"

/* Real mode ignores the high-order 4 bits of an effective address. */
#define EMU_REAL_MASK 0x0fffffffffffffffull

int emu_load_slow(struct emu_cpu *cpu, uint64_t ea, unsigned size, unsigned flags,
                  uint32_t target, uint64_t *ret);
int emu_store_slow(struct emu_cpu *cpu, uint64_t ea, unsigned size, unsigned flags, uint64_t val);

static inline struct emu_tlb_entry *emu_tlb_hit(struct emu_cpu *cpu, uint64_t ea, unsigned size,
                                                unsigned flags)
{
        uint64_t ra = ea & EMU_REAL_MASK;
        struct emu_tlb_entry *e = &cpu->tlb[(ra >> 12) & (EMU_TLB_ENTRIES - 1)];

        if (__builtin_expect(((flags & EMU_MEM_ALIGN) && (ea & (size - 1))) ||
                             (cpu->msr & MSR_DR) || (ra & 0xfff) + size > 0x1000 ||
                             e->tag != ((ra & ~0xfffull) | 1), 0))
                return NULL;
        return e;
}

static inline bool emu_access_is_be(const struct emu_cpu *cpu, unsigned flags)
{
        return !(cpu->msr & MSR_LE) ^ !!(flags & EMU_MEM_BYTEREV);
}

static inline uint64_t emu_host_load(const uint8_t *p, unsigned size, bool be)
{
        uint16_t h;
        uint32_t w;
        uint64_t d;

        switch (size) {
        case 2:
                memcpy(&h, p, 2);
                return be ? be16toh(h) : le16toh(h);
        case 4:
                memcpy(&w, p, 4);
                return be ? be32toh(w) : le32toh(w);
        case 8:
                memcpy(&d, p, 8);
                return be ? be64toh(d) : le64toh(d);
        default:
                d = 0;
                if (be)
                        for (unsigned i = 0; i < size; i++)
                                d = (d << 8) | p[i];
                else
                        for (unsigned i = size; i-- > 0;)
                                d = (d << 8) | p[i];
                return d;
        }
}

static inline void emu_host_store(uint8_t *p, unsigned size, bool be, uint64_t v)
{
        uint16_t h;
        uint32_t w;
        uint64_t d;

        switch (size) {
        case 2:
                h = be ? htobe16((uint16_t)v) : htole16((uint16_t)v);
                memcpy(p, &h, 2);
                return;
        case 4:
                w = be ? htobe32((uint32_t)v) : htole32((uint32_t)v);
                memcpy(p, &w, 4);
                return;
        case 8:
                d = be ? htobe64(v) : htole64(v);
                memcpy(p, &d, 8);
                return;
        default:
                if (be)
                        for (unsigned i = size; i-- > 0; v >>= 8)
                                p[i] = (uint8_t)v;
                else
                        for (unsigned i = 0; i < size; i++, v >>= 8)
                                p[i] = (uint8_t)v;
        }
}

static inline uint64_t emu_sext(uint64_t v, unsigned size)
{
        unsigned sh = 64 - 8 * size;
        return size >= 8 ? v : (uint64_t)((int64_t)(v << sh) >> sh);
}

/* The real-mode TLB hit of emu_load: true with *ret set, false (nothing
 * done) otherwise.  Shared with the specialised handlers of exec_fast.h. */
static inline bool emu_load_real_fast(struct emu_cpu *cpu, uint64_t ea, unsigned size,
                                      unsigned flags, uint64_t *ret)
{
        struct emu_tlb_entry *e = emu_tlb_hit(cpu, ea, size, flags);

        if (e) {
                const uint8_t *p = (const uint8_t *)(e->addend + (ea & EMU_REAL_MASK));
                uint64_t v = emu_host_load(p, size, emu_access_is_be(cpu, flags));
                *ret = (flags & EMU_MEM_SEXT) ? emu_sext(v, size) : v;
                return true;
        }
        return false;
}

static inline int emu_load(struct emu_cpu *cpu, uint64_t ea, unsigned size, unsigned flags,
                           uint32_t target, uint64_t *ret)
{
        if (emu_load_real_fast(cpu, ea, size, flags, ret))
                return EMU_NEXT;
        /* Relocated: a RAM page the MMU's translation cache knows. */
        const struct emu_xlate_entry *x = emu_mmu_data_hit(cpu, ea, size, flags, 0);
        if (x) {
                uint64_t v = emu_host_load((const uint8_t *)(x->addend + ea), size,
                                           emu_access_is_be(cpu, flags));
                *ret = (flags & EMU_MEM_SEXT) ? emu_sext(v, size) : v;
                return EMU_NEXT;
        }
        return emu_load_slow(cpu, ea, size, flags, target, ret);
}

/* The real-mode TLB hit of emu_store: true when done, false (nothing done)
 * otherwise.  Stores take the slow path while any vcpu holds a reservation
 * (other vcpus' reservations on the granule must be cleared). */
static inline bool emu_store_real_fast(struct emu_cpu *cpu, uint64_t ea, unsigned size,
                                       unsigned flags, uint64_t val)
{
        struct emu_tlb_entry *e = emu_tlb_hit(cpu, ea, size, flags);

        if (e && !atomic_load_explicit(&cpu->vm->nresv, memory_order_acquire)) {
                uint8_t *p = (uint8_t *)(e->addend + (ea & EMU_REAL_MASK));
                emu_host_store(p, size, emu_access_is_be(cpu, flags), val);
                /* A store to a page holding decoded code gets it decoded afresh. */
                if (atomic_load_explicit(e->pageinfo, memory_order_relaxed) & 1u)
                        atomic_fetch_add_explicit(e->pageinfo, 2u, memory_order_release);
                return true;
        }
        return false;
}

static inline int emu_store(struct emu_cpu *cpu, uint64_t ea, unsigned size, unsigned flags,
                            uint64_t val)
{
        if (emu_store_real_fast(cpu, ea, size, flags, val))
                return EMU_NEXT;
        const struct emu_xlate_entry *x = emu_mmu_data_hit(cpu, ea, size, flags, 1);
        if (x && !atomic_load_explicit(&cpu->vm->nresv, memory_order_acquire)) {
                emu_host_store((uint8_t *)(x->addend + ea), size, emu_access_is_be(cpu, flags), val);
                if (atomic_load_explicit(x->pageinfo, memory_order_relaxed) & 1u)
                        atomic_fetch_add_explicit(x->pageinfo, 2u, memory_order_release);
                return EMU_NEXT;
        }
        return emu_store_slow(cpu, ea, size, flags, val);
}
