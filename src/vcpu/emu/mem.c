/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Guest data accesses: effective -> real address, RAM or MMIO exit, byte
 * order, and the reservations of lwarx/stwcx. and friends.
 *
 * Every guest address is checked against the registered RAM slots before
 * host memory is touched; anything outside RAM becomes a KVM-shaped MMIO exit
 * that the next run completes.
 *
 * The fast path (mem_inline.h): a per-vcpu soft TLB maps a real-mode page to its
 * host address, so a RAM hit is a tag compare and a (byte-swapped) host
 * access.  Everything else (translation, page crossing, MMIO, reservations
 * held by any vcpu) takes the checked slow path, which also fills the TLB.
 * A store through the TLB still bumps the page's code generation when the
 * page holds decoded code.
 */
#include <errno.h>
#include <endian.h>
#include <string.h>

#include "cpu.h"
#include "emu.h"
#include "mem_internal.h"

void *emu_ram_ptr(struct emu_vm *vm, uint64_t ra, uint64_t len)
{
        for (unsigned i = 0; i < vm->nslots; i++) {
                const struct emu_slot *s = &vm->slots[i];
                if (ra >= s->gpa && ra - s->gpa < s->size && len <= s->size - (ra - s->gpa))
                        return s->host + (ra - s->gpa);
        }
        return NULL;
}

struct emu_slot *emu_slot_of(struct emu_vm *vm, uint64_t ra)
{
        for (unsigned i = 0; i < vm->nslots; i++) {
                struct emu_slot *s = &vm->slots[i];
                if (ra >= s->gpa && ra - s->gpa < s->size)
                        return s;
        }
        return NULL;
}

int emu_xlate_data(struct emu_cpu *cpu, uint64_t ea, bool is_write, uint64_t *ret_ra)
{
        if (cpu->msr & MSR_DR)
                return emu_mmu_xlate(cpu, ea, is_write ? EMU_ACCESS_WRITE : EMU_ACCESS_READ, ret_ra);
        /* Real mode: the high-order 4 bits of the effective address are ignored. */
        *ret_ra = ea & 0x0fffffffffffffffull;
        return EMU_NEXT;
}

static bool access_is_be(const struct emu_cpu *cpu, unsigned flags)
{
        return !(cpu->msr & MSR_LE) ^ !!(flags & EMU_MEM_BYTEREV);
}

static uint64_t get_bytes(const uint8_t *p, unsigned size, bool be)
{
        uint64_t v = 0;
        if (be)
                for (unsigned i = 0; i < size; i++)
                        v = (v << 8) | p[i];
        else
                for (unsigned i = size; i-- > 0;)
                        v = (v << 8) | p[i];
        return v;
}

static void put_bytes(uint8_t *p, unsigned size, bool be, uint64_t v)
{
        if (be)
                for (unsigned i = size; i-- > 0; v >>= 8)
                        p[i] = (uint8_t)v;
        else
                for (unsigned i = 0; i < size; i++, v >>= 8)
                        p[i] = (uint8_t)v;
}

static uint64_t sext(uint64_t v, unsigned size)
{
        unsigned sh = 64 - 8 * size;
        return size >= 8 ? v : (uint64_t)((int64_t)(v << sh) >> sh);
}

/* Marks stores to pages holding decoded code, so the exec loop re-decodes. */
void emu_note_code_write(struct emu_vm *vm, uint64_t ra, uint64_t size)
{
        if (!size || ra + size < ra)
                return;
        for (uint64_t a = ra & ~0xfffull; a < ra + size && a >= (ra & ~0xfffull); a += 4096) {
                struct emu_slot *s = emu_slot_of(vm, a);
                if (!s || !s->pageinfo)
                        continue;
                _Atomic uint32_t *pi = &s->pageinfo[(a - s->gpa) >> 12];
                if (atomic_load_explicit(pi, memory_order_relaxed) & 1u)
                        atomic_fetch_add_explicit(pi, 2u, memory_order_release);
        }
}

static bool resv_overlaps(const struct emu_cpu *other, uint64_t ra, unsigned size)
{
        uint64_t g = ra & ~(uint64_t)(EMU_RESV_GRANULE - 1);
        uint64_t last = (ra + size - 1) & ~(uint64_t)(EMU_RESV_GRANULE - 1);
        return other->resv_valid && (other->resv_addr == g || other->resv_addr == last);
}

/* Clears every other vcpu's reservation on the granules [ra, ra+size)
 * touches.  Called with vm->resv_lock held. */
static void clear_other_reservations(struct emu_cpu *cpu, uint64_t ra, unsigned size)
{
        struct emu_vm *vm = cpu->vm;
        for (unsigned i = 0; i < vm->max_vcpus; i++) {
                struct emu_cpu *o = emu_vcpu_cpu(vm, i);
                if (o && o != cpu && resv_overlaps(o, ra, size)) {
                        o->resv_valid = false;
                        atomic_fetch_sub(&vm->nresv, 1);
                }
        }
}

void emu_resv_kill_others(struct emu_cpu *cpu, uint64_t ra, unsigned size)
{
        clear_other_reservations(cpu, ra, size);
}

int emu_mem_bad_access(struct emu_cpu *cpu, uint64_t ea, bool is_write)
{
        cpu->spr[SPR_DAR] = ea;
        cpu->spr[SPR_DSISR] = DSISR_BADACCESS | (is_write ? DSISR_ISSTORE : 0);
        return emu_raise(cpu, EXC_DATA_STORAGE, cpu->nip, 0);
}

static int mmio_exit(struct emu_cpu *cpu, uint64_t ra, unsigned size, bool is_write,
                     unsigned flags, uint32_t target, uint64_t val)
{
        struct vcpu_run *run = cpu->run;

        if (!is_write && EMU_TGT_KIND(target) == EMU_TGT_NONE)
                return emu_program(cpu, SRR1_PROGRAM_ILLEGAL);
        memset(&run->mmio, 0, sizeof(run->mmio));
        run->exit_reason = KVM_EXIT_MMIO;
        run->mmio.phys_addr = ra;
        run->mmio.len = size;
        run->mmio.is_write = is_write;
        if (is_write) {
                put_bytes(run->mmio.data, size, access_is_be(cpu, flags), val);
        } else {
                cpu->mmio_pending = true;
                cpu->mmio_target = target;
                cpu->mmio_flags = flags | (access_is_be(cpu, flags) ? EMU_MEM_MMIO_BE : 0);
                cpu->mmio_len = size;
        }
        cpu->nip = emu_nia(cpu, cpu->nip + 4);
        return EMU_EXIT;
}

void emu_tlb_flush(struct emu_cpu *cpu)
{
        memset(cpu->tlb, 0, sizeof(cpu->tlb));
        cpu->tlb_mem_gen = atomic_load_explicit(&cpu->vm->mem_gen, memory_order_relaxed);
}

static struct emu_tlb_entry *tlb_entry(struct emu_cpu *cpu, uint64_t ra)
{
        return &cpu->tlb[(ra >> 12) & (EMU_TLB_ENTRIES - 1)];
}

/* After a checked real-mode RAM access: remember the page. */
static void tlb_fill(struct emu_cpu *cpu, uint64_t ra)
{
        uint64_t page = ra & ~0xfffull;
        struct emu_slot *s;

        if (cpu->msr & MSR_DR)
                return;
        s = emu_slot_of(cpu->vm, page);
        if (!s || !s->pageinfo || page + 0x1000 - s->gpa > s->size)
                return;
        *tlb_entry(cpu, ra) = (struct emu_tlb_entry){
                .tag = page | 1,
                .addend = (uintptr_t)s->host - (uintptr_t)s->gpa,
                .pageinfo = &s->pageinfo[(page - s->gpa) >> 12],
        };
}

/*
 * An access that crosses from one 4 KiB page into the next (never one that
 * must be naturally aligned).  Both parts are translated before anything
 * else, so a storage interrupt from either leaves memory and registers
 * untouched.  Then:
 * - both parts in RAM (one slot or two): the access is performed;
 * - both outside RAM at consecutive real addresses (always so in real
 *   mode): one MMIO exit for the whole access, as KVM makes;
 * - otherwise (part RAM and part device, or two unrelated device pages):
 *   the alignment interrupt, before any byte is accessed.  One MMIO exit
 *   cannot carry such an access, and device memory is caching inhibited on
 *   real hardware, where POWER9 takes the alignment interrupt for an access
 *   to it that is not naturally aligned; guests emulate the access in
 *   their alignment handler, piece by piece.
 */
struct split {
        uint64_t ra[2];
        uint8_t *p[2];                  /* host addresses; NULL outside RAM */
        unsigned n[2];                  /* bytes in each page */
};

enum split_kind { SPLIT_RAM, SPLIT_MMIO };

static int split_access(struct emu_cpu *cpu, uint64_t ea, unsigned size, bool is_write,
                        struct split *sp, enum split_kind *ret_kind)
{
        sp->n[0] = 0x1000 - (unsigned)(ea & 0xfff);
        sp->n[1] = size - sp->n[0];
        for (unsigned i = 0; i < 2; i++) {
                int r = emu_xlate_data(cpu, i ? emu_ea(cpu, ea + sp->n[0]) : ea, is_write, &sp->ra[i]);
                if (r != EMU_NEXT)
                        return r;
        }
        for (unsigned i = 0; i < 2; i++)
                sp->p[i] = emu_ram_ptr(cpu->vm, sp->ra[i], sp->n[i]);
        if (sp->p[0] && sp->p[1]) {
                *ret_kind = SPLIT_RAM;
                return EMU_NEXT;
        }
        if (!sp->p[0] && !sp->p[1] && sp->ra[1] == sp->ra[0] + sp->n[0] &&
            !emu_ram_ptr(cpu->vm, sp->ra[0], 1) && !emu_ram_ptr(cpu->vm, sp->ra[1] + sp->n[1] - 1, 1)) {
                *ret_kind = SPLIT_MMIO;
                return EMU_NEXT;
        }
        return emu_alignment(cpu, ea);
}

static int load_crossing(struct emu_cpu *cpu, uint64_t ea, unsigned size, unsigned flags,
                         uint32_t target, uint64_t *ret)
{
        enum split_kind kind;
        struct split sp;
        uint8_t buf[8];
        int r = split_access(cpu, ea, size, false, &sp, &kind);

        if (r != EMU_NEXT)
                return r;
        if (kind == SPLIT_MMIO)
                return mmio_exit(cpu, sp.ra[0], size, false, flags, target, 0);
        memcpy(buf, sp.p[0], sp.n[0]);
        memcpy(buf + sp.n[0], sp.p[1], sp.n[1]);
        uint64_t v = get_bytes(buf, size, access_is_be(cpu, flags));
        *ret = (flags & EMU_MEM_SEXT) ? sext(v, size) : v;
        return EMU_NEXT;
}

static int store_crossing(struct emu_cpu *cpu, uint64_t ea, unsigned size, unsigned flags,
                          uint64_t val)
{
        struct emu_vm *vm = cpu->vm;
        enum split_kind kind;
        struct split sp;
        uint8_t buf[8];
        bool locked;
        int r = split_access(cpu, ea, size, true, &sp, &kind);

        if (r != EMU_NEXT)
                return r;
        if (kind == SPLIT_MMIO)
                return mmio_exit(cpu, sp.ra[0], size, true, flags, EMU_TGT_NONE, val);
        put_bytes(buf, size, access_is_be(cpu, flags), val);
        locked = atomic_load_explicit(&vm->nresv, memory_order_acquire) != 0;
        if (locked)
                pthread_mutex_lock(&vm->resv_lock);
        memcpy(sp.p[0], buf, sp.n[0]);
        memcpy(sp.p[1], buf + sp.n[0], sp.n[1]);
        if (locked) {
                clear_other_reservations(cpu, sp.ra[0], sp.n[0]);
                clear_other_reservations(cpu, sp.ra[1], sp.n[1]);
                pthread_mutex_unlock(&vm->resv_lock);
        }
        emu_note_code_write(vm, sp.ra[0], sp.n[0]);
        emu_note_code_write(vm, sp.ra[1], sp.n[1]);
        return EMU_NEXT;
}

static bool crosses_page(uint64_t ea, unsigned size)
{
        return (ea & 0xfff) + size > 0x1000;
}

int emu_load_slow(struct emu_cpu *cpu, uint64_t ea, unsigned size, unsigned flags,
                  uint32_t target, uint64_t *ret)
{
        uint64_t ra;
        int r;

        if ((flags & EMU_MEM_ALIGN) && (ea & (size - 1)))
                return emu_alignment(cpu, ea);
        if (crosses_page(ea, size))
                return load_crossing(cpu, ea, size, flags, target, ret);
        r = emu_xlate_data(cpu, ea, false, &ra);
        if (r != EMU_NEXT)
                return r;
        const uint8_t *p = emu_ram_ptr(cpu->vm, ra, size);
        if (!p) {
                if (emu_ram_ptr(cpu->vm, ra, 1) || emu_ram_ptr(cpu->vm, ra + size - 1, 1))
                        return emu_raise(cpu, EXC_MACHINE_CHECK, cpu->nip, 0);
                return mmio_exit(cpu, ra, size, false, flags, target, 0);
        }
        uint64_t v = emu_host_load(p, size, access_is_be(cpu, flags));
        *ret = (flags & EMU_MEM_SEXT) ? sext(v, size) : v;
        tlb_fill(cpu, ra);
        return EMU_NEXT;
}

int emu_store_slow(struct emu_cpu *cpu, uint64_t ea, unsigned size, unsigned flags, uint64_t val)
{
        struct emu_vm *vm = cpu->vm;
        uint64_t ra;
        int r;

        if ((flags & EMU_MEM_ALIGN) && (ea & (size - 1)))
                return emu_alignment(cpu, ea);
        if (crosses_page(ea, size))
                return store_crossing(cpu, ea, size, flags, val);
        r = emu_xlate_data(cpu, ea, true, &ra);
        if (r != EMU_NEXT)
                return r;
        uint8_t *p = emu_ram_ptr(vm, ra, size);
        if (!p) {
                if (emu_ram_ptr(vm, ra, 1) || emu_ram_ptr(vm, ra + size - 1, 1))
                        return emu_raise(cpu, EXC_MACHINE_CHECK, cpu->nip, 0);
                return mmio_exit(cpu, ra, size, true, flags, EMU_TGT_NONE, val);
        }
        if (atomic_load_explicit(&vm->nresv, memory_order_acquire)) {
                pthread_mutex_lock(&vm->resv_lock);
                put_bytes(p, size, access_is_be(cpu, flags), val);
                clear_other_reservations(cpu, ra, size);
                pthread_mutex_unlock(&vm->resv_lock);
        } else {
                put_bytes(p, size, access_is_be(cpu, flags), val);
        }
        emu_note_code_write(vm, ra, size);
        tlb_fill(cpu, ra);
        return EMU_NEXT;
}

int emu_complete_mmio(struct emu_cpu *cpu)
{
        const struct vcpu_run *run = cpu->run;
        unsigned len = cpu->mmio_len;
        uint32_t t = cpu->mmio_target;
        uint64_t v;

        if (!cpu->mmio_pending)
                return 0;
        cpu->mmio_pending = false;
        if (len == 0 || len > 8)
                return -EINVAL;
        v = get_bytes(run->mmio.data, len, cpu->mmio_flags & EMU_MEM_MMIO_BE);
        switch (EMU_TGT_KIND(t)) {
        case EMU_TGT_GPR:
                cpu->gpr[EMU_TGT_REG(t) & 31] = (cpu->mmio_flags & EMU_MEM_SEXT) ? sext(v, len) : v;
                return 0;
        case EMU_TGT_FPR:
                emu_set_fpr(cpu, EMU_TGT_REG(t) & 31, v);
                return 0;
        case EMU_TGT_FPR_SINGLE:
                emu_set_fpr(cpu, EMU_TGT_REG(t) & 31, emu_fp_single_to_double((uint32_t)v));
                return 0;
        case EMU_TGT_FPR_IWA:
                emu_set_fpr(cpu, EMU_TGT_REG(t) & 31, sext(v, 4));
                return 0;
        case EMU_TGT_FPR_IWZ:
                emu_set_fpr(cpu, EMU_TGT_REG(t) & 31, (uint32_t)v);
                return 0;
        default:
                return -EINVAL;
        }
}

void emu_resv_set(struct emu_cpu *cpu, uint64_t ra, unsigned size, uint64_t val)
{
        struct emu_vm *vm = cpu->vm;

        pthread_mutex_lock(&vm->resv_lock);
        if (!cpu->resv_valid)
                atomic_fetch_add(&vm->nresv, 1);
        cpu->resv_valid = true;
        cpu->resv_addr = ra & ~(uint64_t)(EMU_RESV_GRANULE - 1);
        cpu->resv_val = val;
        cpu->resv_size = size;
        pthread_mutex_unlock(&vm->resv_lock);
}

void emu_resv_clear(struct emu_cpu *cpu)
{
        struct emu_vm *vm = cpu->vm;

        if (!cpu->resv_valid)
                return;
        pthread_mutex_lock(&vm->resv_lock);
        if (cpu->resv_valid) {
                cpu->resv_valid = false;
                atomic_fetch_sub(&vm->nresv, 1);
        }
        pthread_mutex_unlock(&vm->resv_lock);
}

int emu_resv_store(struct emu_cpu *cpu, uint64_t ra, unsigned size, unsigned flags,
                   uint64_t val, bool *ret_ok)
{
        struct emu_vm *vm = cpu->vm;
        uint8_t *p = emu_ram_ptr(vm, ra, size);
        bool ok = false;

        if (!p)
                return -EFAULT;
        pthread_mutex_lock(&vm->resv_lock);
        if (cpu->resv_valid && cpu->resv_size == size &&
            cpu->resv_addr == (ra & ~(uint64_t)(EMU_RESV_GRANULE - 1)) &&
            get_bytes(p, size, access_is_be(cpu, flags)) == cpu->resv_val) {
                put_bytes(p, size, access_is_be(cpu, flags), val);
                clear_other_reservations(cpu, ra, size);
                ok = true;
        }
        if (cpu->resv_valid) {
                cpu->resv_valid = false;
                atomic_fetch_sub(&vm->nresv, 1);
        }
        pthread_mutex_unlock(&vm->resv_lock);
        if (ok)
                emu_note_code_write(vm, ra, size);
        *ret_ok = ok;
        return 0;
}
