/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The emulator as a vcpu backend: an in-process "kernel" doing for its
 * vcpus what powerpc.c and book3s do for KVM's.  This file: the operations
 * table, capabilities, the VM, guest RAM slots, vcpu objects and their
 * statistics.  run() and everything that wakes or stops a vcpu is in
 * vcpu_run.c, register access in vcpu_regs.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"

#define EMU_DEFAULT_MAX_VCPUS 256u
#define EMU_LIMIT_MAX_VCPUS   4096u
#define EMU_PAGE_SIZE         4096ull

static struct emu_vm *vm_of(struct vcpu_vm *vm)
{
        return emu_container_of(vm, struct emu_vm, base);
}

/* ---- backend and VM ---------------------------------------------------- */

static int emu_probe(char *reason, size_t reason_len)
{
        if (reason && reason_len)
                snprintf(reason, reason_len, "the emulator runs PowerPC guests on any host");
        return 0;
}

static int emu_check_extension(struct vcpu_vm *vm, long cap)
{
        (void)vm;
        switch (cap) {
        case KVM_CAP_PPC_UNSET_IRQ:
        case KVM_CAP_PPC_IRQ_LEVEL:
        case KVM_CAP_ENABLE_CAP:
        case KVM_CAP_PPC_OSI:
        case KVM_CAP_PPC_GET_PVINFO:
        case KVM_CAP_PPC_PAPR:
                return 1;
        default:
                return 0;
        }
}

/* The hypercall sequence: lis r0,KVM_SC_MAGIC_R0@h; ori r0,r0,@l; sc; nop. */
static void fill_pvinfo(struct vcpu_pvinfo *p)
{
        p->flags = 0;
        p->hcall[0] = 0x3c000000u | (KVM_SC_MAGIC_R0 >> 16);
        p->hcall[1] = 0x60000000u | (KVM_SC_MAGIC_R0 & 0xffffu);
        p->hcall[2] = 0x44000002u;
        p->hcall[3] = 0x60000000u;
}

static int emu_get_pvinfo(struct vcpu_vm *vm, struct vcpu_pvinfo *ret)
{
        (void)vm;
        fill_pvinfo(ret);
        return 0;
}

static int emu_vm_create(const struct vcpu_vm_config *cfg, struct vcpu_vm **ret)
{
        unsigned max = cfg && cfg->max_vcpus ? cfg->max_vcpus : EMU_DEFAULT_MAX_VCPUS;
        struct emu_host_vm *hvm;
        struct emu_vm *vm;
        int r;

        if (max > EMU_LIMIT_MAX_VCPUS)
                return -EINVAL;
        r = emu_decode_init();
        if (r < 0)
                return r;
        hvm = calloc(1, sizeof(*hvm));
        if (!hvm)
                return -ENOMEM;
        vm = &hvm->vm;
        vm->vcpus = calloc(max, sizeof(*vm->vcpus));
        if (!vm->vcpus) {
                free(hvm);
                return -ENOMEM;
        }
        vm->base.ops = &vcpu_emu_ops;
        vm->max_vcpus = max;
        vm->pvr = cfg && cfg->pvr ? cfg->pvr : EMU_PVR_POWER9;
        vm->tb_base_ns = emu_host_ns();
        fill_pvinfo(&vm->pvinfo);
        pthread_mutex_init(&vm->lock, NULL);
        pthread_mutex_init(&vm->resv_lock, NULL);
        r = emu_timer_init(hvm);
        if (r < 0) {
                pthread_mutex_destroy(&vm->lock);
                pthread_mutex_destroy(&vm->resv_lock);
                free(vm->vcpus);
                free(hvm);
                return r;
        }
        *ret = &vm->base;
        return 0;
}

static void emu_vcpu_destroy(struct vcpu *vcpu);

static void emu_vm_destroy(struct vcpu_vm *base)
{
        if (!base)
                return;
        struct emu_vm *vm = vm_of(base);
        struct emu_host_vm *hvm = emu_host_vm_of(vm);

        for (unsigned i = 0; i < vm->max_vcpus; i++)
                if (vm->vcpus[i])
                        emu_vcpu_destroy(&vm->vcpus[i]->base);
        emu_timer_fini(hvm);
        emu_mmu_vm_fini(vm);
        for (unsigned i = 0; i < EMU_MAX_SLOTS; i++)
                free(vm->slots[i].pageinfo);
        pthread_mutex_destroy(&vm->lock);
        pthread_mutex_destroy(&vm->resv_lock);
        free(vm->vcpus);
        free(hvm);
}

static bool regions_overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
        return a < b + bsize && b < a + asize;
}

/* Slots live at their own index; an empty slot has size 0, which no
 * address matches, so mem.c scans vm->slots[0..nslots) as before. */
static int emu_set_memory_region(struct vcpu_vm *base, unsigned slot, uint64_t gpa,
                                 uint64_t size, void *host)
{
        struct emu_vm *vm = vm_of(base);
        _Atomic uint32_t *pageinfo = NULL;

        if (slot >= EMU_MAX_SLOTS)
                return -EINVAL;
        if (size) {
                if ((gpa | size) & (EMU_PAGE_SIZE - 1) || !host || gpa + size < gpa)
                        return -EINVAL;
                for (unsigned i = 0; i < vm->nslots; i++)
                        if (i != slot && vm->slots[i].size &&
                            regions_overlap(gpa, size, vm->slots[i].gpa, vm->slots[i].size))
                                return -EEXIST;
                pageinfo = calloc(size / EMU_PAGE_SIZE, sizeof(*pageinfo));
                if (!pageinfo)
                        return -ENOMEM;
        }
        pthread_mutex_lock(&vm->lock);
        free(vm->slots[slot].pageinfo);
        vm->slots[slot] = (struct emu_slot){
                .gpa = gpa, .size = size, .host = host, .pageinfo = pageinfo,
        };
        vm->nslots = 0;
        for (unsigned i = 0; i < EMU_MAX_SLOTS; i++)
                if (vm->slots[i].size)
                        vm->nslots = i + 1;
        /* Every vcpu drops its decoded code and soft TLB before it runs. */
        atomic_fetch_add(&vm->mem_gen, 1);
        pthread_mutex_unlock(&vm->lock);
        return 0;
}

static void emu_ram_written(struct vcpu_vm *base, uint64_t gpa, uint64_t len)
{
        emu_note_code_write(vm_of(base), gpa, len);
}

/* ---- vcpus ------------------------------------------------------------- */

struct emu_cpu *emu_vcpu_cpu(struct emu_vm *vm, unsigned i)
{
        if (!vm->vcpus || i >= vm->max_vcpus || !vm->vcpus[i])
                return NULL;
        return &vm->vcpus[i]->cpu;
}

static int emu_vcpu_create(struct vcpu_vm *base, unsigned id, struct vcpu **ret)
{
        struct emu_vm *vm = vm_of(base);
        struct emu_vcpu *v;

        if (id >= vm->max_vcpus)
                return -EINVAL;
        v = calloc(1, sizeof(*v));
        if (!v)
                return -ENOMEM;
        v->base = (struct vcpu){ .ops = &vcpu_emu_ops, .vm = base, .id = id, .run = &v->run };
        v->cpu.vm = vm;
        v->cpu.run = &v->run;
        v->cpu.owner = v;
        v->cpu.msr = MSR_SF | MSR_ME;
        emu_spr_reset(&v->cpu, id);     /* PIR, PPR, CTRL, MMCR0 */
        v->cpu.spr[SPR_PVR] = vm->pvr;
        v->cpu.tlb_mem_gen = atomic_load(&vm->mem_gen);
        v->icache.mem_gen = v->cpu.tlb_mem_gen;
        v->mp_state = VCPU_MP_RUNNABLE;
        pthread_mutex_init(&v->lock, NULL);
        pthread_cond_init(&v->cond, NULL);

        pthread_mutex_lock(&vm->lock);
        if (vm->vcpus[id]) {
                pthread_mutex_unlock(&vm->lock);
                pthread_cond_destroy(&v->cond);
                pthread_mutex_destroy(&v->lock);
                free(v);
                return -EEXIST;
        }
        vm->vcpus[id] = v;
        pthread_mutex_unlock(&vm->lock);
        /* Counting down from the largest positive value: no decrementer
         * exception for the first ~4 s, as after a reset. */
        emu_dec_write(&v->cpu, 0x7fffffffu);
        *ret = &v->base;
        return 0;
}

static void emu_vcpu_destroy(struct vcpu *vcpu)
{
        if (!vcpu)
                return;
        struct emu_vcpu *v = emu_vcpu_of(vcpu);
        struct emu_vm *vm = v->cpu.vm;

        emu_resv_clear(&v->cpu);
        pthread_mutex_lock(&vm->lock);
        v->dec_armed = false;
        vm->vcpus[vcpu->id] = NULL;
        pthread_mutex_unlock(&vm->lock);
        emu_icache_free(&v->icache);
        pthread_cond_destroy(&v->cond);
        pthread_mutex_destroy(&v->lock);
        free(v);
}

static void emu_get_stats(struct vcpu *vcpu, struct vcpu_stats *ret)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);

        memset(ret, 0, sizeof(*ret));
        memcpy(ret->exits, v->stats.exits, sizeof(ret->exits));
        ret->halt_wakeup = atomic_load_explicit(&v->stats.halt_wakeup, memory_order_relaxed);
        ret->instructions = v->cpu.insns;
        ret->hcalls = v->stats.hcalls;
}

const struct vcpu_backend_ops vcpu_emu_ops = {
        .name = "emu",
        .probe = emu_probe,
        .check_extension = emu_check_extension,
        .get_pvinfo = emu_get_pvinfo,
        .vm_create = emu_vm_create,
        .vm_destroy = emu_vm_destroy,
        .set_memory_region = emu_set_memory_region,
        .vcpu_create = emu_vcpu_create,
        .vcpu_destroy = emu_vcpu_destroy,
        .run = emu_run,
        .interrupt = emu_interrupt,
        .kick = emu_kick,
        .enable_cap = emu_enable_cap,
        .get_regs = emu_get_regs,
        .set_regs = emu_set_regs,
        .get_sregs = emu_get_sregs,
        .set_sregs = emu_set_sregs,
        .get_fpu = emu_get_fpu,
        .set_fpu = emu_set_fpu,
        .get_one_reg = emu_get_one_reg,
        .set_one_reg = emu_set_one_reg,
        .get_mp_state = emu_get_mp_state,
        .set_mp_state = emu_set_mp_state,
        .get_stats = emu_get_stats,
        .ram_written = emu_ram_written,
};
