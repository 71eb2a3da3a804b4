/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The emulator as a vcpu backend: an in-process "kernel" doing for its
 * vcpus what powerpc.c and book3s do for KVM's.  VM and vcpu objects, guest
 * RAM slots, run() with the seed's exit protocol (complete the last exit,
 * deliver pending interrupts, run), interrupts and kicks from any thread,
 * sleeping vcpus, register access and statistics.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"

#define EMU_DEFAULT_MAX_VCPUS 256u
#define EMU_LIMIT_MAX_VCPUS   4096u
#define EMU_PAGE_SIZE         4096ull
#define SPR_SDR1              25
#define SPR_SPRG4             276
#define SPR_TBL_W             284
#define SPR_TBU_W             285

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
        v->cpu.spr[SPR_PIR] = id;
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

void emu_vcpu_wake(struct emu_vcpu *v, bool count_wakeup)
{
        pthread_mutex_lock(&v->lock);
        if (v->halted && count_wakeup)
                atomic_fetch_add_explicit(&v->stats.halt_wakeup, 1, memory_order_relaxed);
        pthread_cond_broadcast(&v->cond);
        pthread_mutex_unlock(&v->lock);
}

static bool cede_should_wake(struct emu_vcpu *v)
{
        unsigned req = atomic_load_explicit(&v->req, memory_order_acquire);

        if (req & (EMU_REQ_EXT | EMU_REQ_KICK))
                return true;
        if (atomic_load_explicit(&v->prodded, memory_order_acquire))
                return true;
        return (req & EMU_REQ_DEC) && emu_dec_pending(&v->cpu);
}

void emu_vcpu_cede(struct emu_vcpu *v)
{
        pthread_mutex_lock(&v->lock);
        v->halted = true;
        while (!cede_should_wake(v))
                pthread_cond_wait(&v->cond, &v->lock);
        v->halted = false;
        atomic_store_explicit(&v->prodded, false, memory_order_relaxed);
        pthread_mutex_unlock(&v->lock);
}

/* A vcpu created stopped waits here until RTAS start-cpu or a kick. */
static void wait_until_runnable(struct emu_vcpu *v)
{
        pthread_mutex_lock(&v->lock);
        while (v->mp_state == VCPU_MP_STOPPED &&
               !(atomic_load_explicit(&v->req, memory_order_acquire) & EMU_REQ_KICK))
                pthread_cond_wait(&v->cond, &v->lock);
        pthread_mutex_unlock(&v->lock);
}

void emu_internal_error(struct emu_vcpu *v, const char *reason)
{
        struct vcpu_run *run = &v->run;
        struct emu_cpu *cpu = &v->cpu;
        const uint8_t *p = emu_ram_ptr(cpu->vm, cpu->nip & EMU_REAL_MASK, 4);

        memset(&run->internal, 0, sizeof(run->internal));
        run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
        run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
        run->internal.pc = cpu->nip;
        if (p && !(cpu->msr & MSR_IR))
                run->internal.insn = (cpu->msr & MSR_LE) ?
                        (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24 :
                        (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        snprintf(run->internal.reason, sizeof(run->internal.reason), "%s", reason);
}

/* ---- run --------------------------------------------------------------- */

/* Step (1) of run: what the host wrote for the last exit goes into the
 * registers. */
static int complete_exit(struct emu_vcpu *v)
{
        struct emu_cpu *cpu = &v->cpu;
        struct vcpu_run *run = &v->run;
        uint32_t reason = v->exit_to_complete;

        v->exit_to_complete = 0;
        switch (reason) {
        case KVM_EXIT_MMIO:
                return emu_complete_mmio(cpu);
        case KVM_EXIT_PAPR_HCALL:
                cpu->gpr[3] = run->papr_hcall.ret;
                for (unsigned i = 0; i < 9; i++)
                        cpu->gpr[4 + i] = run->papr_hcall.args[i];
                return 0;
        case KVM_EXIT_OSI:
                memcpy(cpu->gpr, run->osi.gprs, sizeof(cpu->gpr));
                return 0;
        default:
                return 0;
        }
}

static void flush_stale_caches(struct emu_vcpu *v)
{
        unsigned gen = atomic_load(&v->cpu.vm->mem_gen);

        if (v->cpu.tlb_mem_gen != gen)
                emu_tlb_flush(&v->cpu);
        if (v->icache.mem_gen != gen) {
                emu_icache_flush(&v->icache);
                v->icache.mem_gen = gen;
        }
}

static bool take_kick(struct emu_vcpu *v)
{
        bool kicked = atomic_fetch_and(&v->req, ~EMU_REQ_KICK) & EMU_REQ_KICK;
        bool immediate = v->run.immediate_exit;

        v->run.immediate_exit = 0;
        return kicked || immediate;
}

static void do_run(struct emu_vcpu *v)
{
        struct vcpu_run *run = &v->run;

        if (complete_exit(v) < 0) {
                emu_internal_error(v, "the host's MMIO exit data cannot complete the load");
                return;
        }
        flush_stale_caches(v);
        wait_until_runnable(v);
        if (run->immediate_exit || emu_service_requests(v)) {
                take_kick(v);
                run->exit_reason = KVM_EXIT_INTR;
                return;
        }
        emu_exec(v);
        if (run->exit_reason == KVM_EXIT_INTR)
                take_kick(v);
}

static int emu_run(struct vcpu *vcpu)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);
        uint32_t reason;

        do_run(v);
        reason = v->run.exit_reason;
        v->exit_to_complete = reason;
        if (reason < 32)
                v->stats.exits[reason]++;
        return 0;
}

static int emu_interrupt(struct vcpu *vcpu, uint32_t irq)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);

        switch (irq) {
        case VCPU_INTERRUPT_UNSET:
                atomic_fetch_and(&v->req, ~EMU_REQ_EXT);
                return 0;
        case VCPU_INTERRUPT_SET_LEVEL:
                atomic_fetch_or(&v->req, EMU_REQ_EXT_LEVEL);
                break;
        default:
                /* Any other value raises, edge triggered, as the seed does. */
                atomic_fetch_or(&v->req, EMU_REQ_EXT_EDGE);
                break;
        }
        emu_vcpu_wake(v, true);
        return 0;
}

static void emu_kick(struct vcpu *vcpu)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);

        atomic_fetch_or(&v->req, EMU_REQ_KICK);
        emu_vcpu_wake(v, false);
}

static int emu_enable_cap(struct vcpu *vcpu, uint32_t cap, uint32_t flags, const uint64_t args[4])
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);

        (void)args;
        if (flags)
                return -EINVAL;
        switch (cap) {
        case KVM_CAP_PPC_OSI:
                v->osi_enabled = true;
                return 0;
        case KVM_CAP_PPC_PAPR:
                return 0;       /* sPAPR hypercalls are always on */
        default:
                return -EINVAL;
        }
}

/* ---- registers --------------------------------------------------------- */

static int emu_get_regs(struct vcpu *vcpu, struct vcpu_regs *ret)
{
        const struct emu_cpu *cpu = &emu_vcpu_of(vcpu)->cpu;

        *ret = (struct vcpu_regs){
                .pc = cpu->nip, .cr = cpu->cr, .ctr = cpu->ctr, .lr = cpu->lr,
                .xer = emu_get_xer(cpu), .msr = cpu->msr,
                .srr0 = cpu->spr[SPR_SRR0], .srr1 = cpu->spr[SPR_SRR1],
                .pid = cpu->spr[SPR_PID],
                .sprg0 = cpu->spr[SPR_SPRG0], .sprg1 = cpu->spr[SPR_SPRG1],
                .sprg2 = cpu->spr[SPR_SPRG2], .sprg3 = cpu->spr[SPR_SPRG3],
                .sprg4 = cpu->spr[SPR_SPRG4], .sprg5 = cpu->spr[SPR_SPRG4 + 1],
                .sprg6 = cpu->spr[SPR_SPRG4 + 2], .sprg7 = cpu->spr[SPR_SPRG4 + 3],
        };
        memcpy(ret->gpr, cpu->gpr, sizeof(ret->gpr));
        return 0;
}

static int emu_set_regs(struct vcpu *vcpu, const struct vcpu_regs *regs)
{
        struct emu_cpu *cpu = &emu_vcpu_of(vcpu)->cpu;

        cpu->nip = regs->pc;
        cpu->cr = (uint32_t)regs->cr;
        cpu->ctr = regs->ctr;
        cpu->lr = regs->lr;
        emu_set_xer(cpu, regs->xer);
        cpu->msr = regs->msr;
        cpu->spr[SPR_SRR0] = regs->srr0;
        cpu->spr[SPR_SRR1] = regs->srr1;
        cpu->spr[SPR_PID] = regs->pid;
        cpu->spr[SPR_SPRG0] = regs->sprg0;
        cpu->spr[SPR_SPRG1] = regs->sprg1;
        cpu->spr[SPR_SPRG2] = regs->sprg2;
        cpu->spr[SPR_SPRG3] = regs->sprg3;
        cpu->spr[SPR_SPRG4] = regs->sprg4;
        cpu->spr[SPR_SPRG4 + 1] = regs->sprg5;
        cpu->spr[SPR_SPRG4 + 2] = regs->sprg6;
        cpu->spr[SPR_SPRG4 + 3] = regs->sprg7;
        memcpy(cpu->gpr, regs->gpr, sizeof(cpu->gpr));
        return 0;
}

/* SLB entries as KVM_GET_SREGS shows them: slbe = ESID | V | index (the
 * slbmte RB operand), slbv = the VSID doubleword (RS). */
#define SLBE_ESID_V      (0xfffffffff0000000ull | PPC_BIT(36))
#define SLBE_INDEX_MASK  0xfffull

static int emu_get_sregs(struct vcpu *vcpu, struct vcpu_sregs *ret)
{
        const struct emu_cpu *cpu = &emu_vcpu_of(vcpu)->cpu;

        memset(ret, 0, sizeof(*ret));
        ret->pvr = (uint32_t)cpu->spr[SPR_PVR];
        ret->sdr1 = cpu->spr[SPR_SDR1];
        for (unsigned i = 0; i < EMU_SLB_ENTRIES; i++) {
                ret->slb[i].slbe = cpu->slb[i].esid | i;
                ret->slb[i].slbv = cpu->slb[i].vsid;
        }
        ret->slb_max = EMU_SLB_ENTRIES;
        return 0;
}

static int emu_set_sregs(struct vcpu *vcpu, const struct vcpu_sregs *sregs)
{
        struct emu_cpu *cpu = &emu_vcpu_of(vcpu)->cpu;

        if (sregs->slb_max > 64)
                return -EINVAL;
        cpu->spr[SPR_PVR] = sregs->pvr;
        cpu->spr[SPR_SDR1] = sregs->sdr1;
        memset(cpu->slb, 0, sizeof(cpu->slb));
        for (unsigned i = 0; i < sregs->slb_max; i++) {
                uint64_t idx = sregs->slb[i].slbe & SLBE_INDEX_MASK;
                if (idx < EMU_SLB_ENTRIES) {
                        cpu->slb[idx].esid = sregs->slb[i].slbe & SLBE_ESID_V;
                        cpu->slb[idx].vsid = sregs->slb[i].slbv;
                }
        }
        emu_tlb_flush(cpu);
        return 0;
}

static int emu_get_fpu(struct vcpu *vcpu, struct vcpu_fpu *ret)
{
        const struct emu_cpu *cpu = &emu_vcpu_of(vcpu)->cpu;

        for (unsigned i = 0; i < 32; i++)
                ret->fpr[i] = emu_fpr(cpu, i);
        ret->fpscr = cpu->fpscr;
        return 0;
}

static int emu_set_fpu(struct vcpu *vcpu, const struct vcpu_fpu *fpu)
{
        struct emu_cpu *cpu = &emu_vcpu_of(vcpu)->cpu;

        for (unsigned i = 0; i < 32; i++)
                emu_set_fpr(cpu, i, fpu->fpr[i]);
        cpu->fpscr = fpu->fpscr;
        return 0;
}

static int get_spr(struct emu_cpu *cpu, unsigned n, uint64_t *ret)
{
        switch (n) {
        case SPR_XER:   *ret = emu_get_xer(cpu); return 0;
        case SPR_LR:    *ret = cpu->lr; return 0;
        case SPR_CTR:   *ret = cpu->ctr; return 0;
        case SPR_DEC:   *ret = emu_dec_read(cpu); return 0;
        case SPR_LPCR:  *ret = atomic_load(&cpu->vm->lpcr); return 0;
        case SPR_TBL_R: *ret = emu_read_tb(cpu->vm); return 0;
        case SPR_TBU_R: *ret = emu_read_tb(cpu->vm) >> 32; return 0;
        default:        *ret = cpu->spr[n]; return 0;
        }
}

static int set_spr(struct emu_cpu *cpu, unsigned n, uint64_t val)
{
        switch (n) {
        case SPR_XER:   emu_set_xer(cpu, val); return 0;
        case SPR_LR:    cpu->lr = val; return 0;
        case SPR_CTR:   cpu->ctr = val; return 0;
        case SPR_DEC:   emu_dec_write(cpu, val); return 0;
        case SPR_LPCR:  atomic_store(&cpu->vm->lpcr, val); return 0;
        case SPR_TBL_R:
        case SPR_TBU_R:
        case SPR_TBL_W:
        case SPR_TBU_W:
                return -EINVAL;   /* the timebase moves with VCPU_REG_TB_OFFSET */
        default:        cpu->spr[n] = val; return 0;
        }
}

static int emu_get_one_reg(struct vcpu *vcpu, uint32_t id, uint64_t *ret)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);
        struct emu_cpu *cpu = &v->cpu;

        if (id >= VCPU_REG_SPR(0) && id < VCPU_REG_SPR(1024))
                return get_spr(cpu, id - VCPU_REG_SPR(0), ret);
        switch (id) {
        case VCPU_REG_TB_OFFSET:  *ret = (uint64_t)atomic_load(&cpu->vm->tb_offset); return 0;
        case VCPU_REG_DEC_EXPIRY: *ret = cpu->dec_zero; return 0;
        case VCPU_REG_LPCR:       *ret = atomic_load(&cpu->vm->lpcr); return 0;
        case VCPU_REG_VPA_ADDR:   *ret = v->vpa_addr; return 0;
        case VCPU_REG_INSNS:      *ret = cpu->insns; return 0;
        default:                  return -EINVAL;
        }
}

static int emu_set_one_reg(struct vcpu *vcpu, uint32_t id, uint64_t val)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);
        struct emu_cpu *cpu = &v->cpu;

        if (id >= VCPU_REG_SPR(0) && id < VCPU_REG_SPR(1024))
                return set_spr(cpu, id - VCPU_REG_SPR(0), val);
        switch (id) {
        case VCPU_REG_TB_OFFSET:  atomic_store(&cpu->vm->tb_offset, (int64_t)val); return 0;
        case VCPU_REG_DEC_EXPIRY: emu_dec_set_expiry(cpu, val); return 0;
        case VCPU_REG_LPCR:       atomic_store(&cpu->vm->lpcr, val); return 0;
        case VCPU_REG_VPA_ADDR:   v->vpa_addr = val; return 0;
        default:                  return -EINVAL;   /* including INSNS: read only */
        }
}

static int emu_get_mp_state(struct vcpu *vcpu, enum vcpu_mp_state *ret)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);

        pthread_mutex_lock(&v->lock);
        *ret = v->halted ? VCPU_MP_HALTED : v->mp_state;
        pthread_mutex_unlock(&v->lock);
        return 0;
}

static int emu_set_mp_state(struct vcpu *vcpu, enum vcpu_mp_state state)
{
        struct emu_vcpu *v = emu_vcpu_of(vcpu);

        if (state != VCPU_MP_RUNNABLE && state != VCPU_MP_STOPPED)
                return -EINVAL;
        pthread_mutex_lock(&v->lock);
        v->mp_state = state;
        pthread_cond_broadcast(&v->cond);
        pthread_mutex_unlock(&v->lock);
        return 0;
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
