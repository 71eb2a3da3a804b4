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

int emu_load_slow(struct emu_cpu *cpu, uint64_t ea, unsigned size, unsigned flags,
                  uint32_t target, uint64_t *ret)
{
        uint64_t ra;
        int r;

        if ((flags & EMU_MEM_ALIGN) && (ea & (size - 1)))
                return emu_alignment(cpu, ea);
        r = emu_xlate_data(cpu, ea, false, &ra);
        if (r != EMU_NEXT)
                return r;
        /* An access crossing a page is translated page by page. */
        if (((ea & 0xfff) + size > 0x1000) && (cpu->msr & MSR_DR)) {
                uint8_t buf[8];
                for (unsigned i = 0; i < size; i++) {
                        uint64_t v;
                        r = emu_load(cpu, emu_ea(cpu, ea + i), 1, 0, EMU_TGT_NONE, &v);
                        if (r != EMU_NEXT)
                                return r;
                        buf[i] = (uint8_t)v;
                }
                uint64_t v = get_bytes(buf, size, access_is_be(cpu, flags));
                *ret = (flags & EMU_MEM_SEXT) ? sext(v, size) : v;
                return EMU_NEXT;
        }
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
        r = emu_xlate_data(cpu, ea, true, &ra);
        if (r != EMU_NEXT)
                return r;
        if (((ea & 0xfff) + size > 0x1000) && (cpu->msr & MSR_DR)) {
                uint8_t buf[8];
                uint64_t ra2;
                /* Translate both pages before writing anything. */
                r = emu_xlate_data(cpu, emu_ea(cpu, ea + size - 1), true, &ra2);
                if (r != EMU_NEXT)
                        return r;
                put_bytes(buf, size, access_is_be(cpu, flags), val);
                for (unsigned i = 0; i < size; i++) {
                        r = emu_store(cpu, emu_ea(cpu, ea + i), 1, 0, buf[i]);
                        if (r != EMU_NEXT)
                                return r;
                }
                return EMU_NEXT;
        }
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
