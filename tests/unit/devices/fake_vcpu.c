/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_vcpu.h"

int (*fake_script)(struct fake_vcpu *v);

static int f_probe(char *reason, size_t len) { (void)reason; (void)len; return 0; }
static int f_check_extension(struct vcpu_vm *vm, long cap) { (void)vm; (void)cap; return 0; }

static int f_get_pvinfo(struct vcpu_vm *vm, struct vcpu_pvinfo *ret)
{
        (void)vm;
        *ret = (struct vcpu_pvinfo){ .hcall = { 0x3c004b56, 0x60004d21, 0x44000002, 0x60000000 } };
        return 0;
}

static int f_vm_create(const struct vcpu_vm_config *cfg, struct vcpu_vm **ret)
{
        struct fake_vm *vm = calloc(1, sizeof(*vm));

        (void)cfg;
        if (!vm)
                return -ENOMEM;
        vm->base.ops = &fake_vcpu_ops;
        *ret = &vm->base;
        return 0;
}

static void f_vm_destroy(struct vcpu_vm *vm) { free(vm); }

static int f_set_memory_region(struct vcpu_vm *vm, unsigned slot, uint64_t gpa, uint64_t size, void *host)
{
        struct fake_vm *f = (struct fake_vm *)vm;

        (void)slot;
        (void)gpa;
        f->ram = host;
        f->ram_size = size;
        return 0;
}

static int f_vcpu_create(struct vcpu_vm *vm, unsigned id, struct vcpu **ret)
{
        struct fake_vcpu *v = calloc(1, sizeof(*v));

        if (!v)
                return -ENOMEM;
        v->base.ops = &fake_vcpu_ops;
        v->base.vm = vm;
        v->base.id = id;
        v->base.run = &v->run;
        *ret = &v->base;
        return 0;
}

static void f_vcpu_destroy(struct vcpu *v) { free(v); }

/* The seed's order: complete the exit, then (immediate_exit) return. */
static void complete(struct fake_vcpu *v)
{
        switch (v->run.exit_reason) {
        case KVM_EXIT_PAPR_HCALL:
                v->regs.gpr[3] = v->run.papr_hcall.ret;
                for (int i = 0; i < 9; i++)
                        v->regs.gpr[4 + i] = v->run.papr_hcall.args[i];
                break;
        case KVM_EXIT_OSI:
                memcpy(v->regs.gpr, v->run.osi.gprs, sizeof(v->regs.gpr));
                break;
        case KVM_EXIT_MMIO:
                if (!v->run.mmio.is_write)
                        memcpy(&v->regs.gpr[20], v->run.mmio.data, 8);
                break;
        default:
                break;
        }
        v->run.exit_reason = KVM_EXIT_UNKNOWN;
}

static int f_run(struct vcpu *vcpu)
{
        struct fake_vcpu *v = fake_of(vcpu);

        __atomic_fetch_add(&v->runs, 1, __ATOMIC_RELAXED);
        complete(v);
        if (v->run.immediate_exit || __atomic_exchange_n(&v->kicked, false, __ATOMIC_ACQ_REL)) {
                v->run.exit_reason = KVM_EXIT_INTR;
                return 0;
        }
        if (fake_script)
                return fake_script(v);
        usleep(1000);
        v->run.exit_reason = KVM_EXIT_INTR;
        return 0;
}

static int f_interrupt(struct vcpu *vcpu, uint32_t irq)
{
        struct fake_vcpu *v = fake_of(vcpu);

        if (irq == VCPU_INTERRUPT_UNSET)
                v->line = 0;
        else if (irq == VCPU_INTERRUPT_SET_LEVEL)
                v->line = 1;
        else
                v->edges++;
        return 0;
}

static void f_kick(struct vcpu *vcpu)
{
        struct fake_vcpu *v = fake_of(vcpu);

        __atomic_fetch_add(&v->kicks, 1, __ATOMIC_RELAXED);
        __atomic_store_n(&v->kicked, true, __ATOMIC_RELEASE);
}

static int f_enable_cap(struct vcpu *v, uint32_t cap, uint32_t flags, const uint64_t args[4])
{
        (void)v; (void)cap; (void)flags; (void)args;
        return -EINVAL;
}

static int f_get_regs(struct vcpu *v, struct vcpu_regs *ret) { *ret = fake_of(v)->regs; return 0; }
static int f_set_regs(struct vcpu *v, const struct vcpu_regs *r) { fake_of(v)->regs = *r; return 0; }
static int f_get_fpu(struct vcpu *v, struct vcpu_fpu *ret) { *ret = fake_of(v)->fpu; return 0; }
static int f_set_fpu(struct vcpu *v, const struct vcpu_fpu *f) { fake_of(v)->fpu = *f; return 0; }

static int f_get_one_reg(struct vcpu *vcpu, uint32_t id, uint64_t *ret)
{
        struct fake_vcpu *v = fake_of(vcpu);

        if (id == VCPU_REG_LPCR)
                *ret = ((struct fake_vm *)vcpu->vm)->lpcr;
        else if (id == VCPU_REG_VPA_ADDR)
                *ret = v->vpa;
        else if ((id & ~0x3ffu) == VCPU_REG_SPR(0))
                *ret = v->spr[id & 0x3ff];
        else
                return -EINVAL;
        return 0;
}

static int f_set_one_reg(struct vcpu *vcpu, uint32_t id, uint64_t val)
{
        struct fake_vcpu *v = fake_of(vcpu);

        if (id == VCPU_REG_LPCR)
                ((struct fake_vm *)vcpu->vm)->lpcr = val;
        else if (id == VCPU_REG_VPA_ADDR)
                v->vpa = val;
        else if ((id & ~0x3ffu) == VCPU_REG_SPR(0))
                v->spr[id & 0x3ff] = val;
        else
                return -EINVAL;
        return 0;
}

static int f_get_mp_state(struct vcpu *v, enum vcpu_mp_state *ret) { *ret = fake_of(v)->mp; return 0; }
static int f_set_mp_state(struct vcpu *v, enum vcpu_mp_state s) { fake_of(v)->mp = s; return 0; }

static void f_get_stats(struct vcpu *vcpu, struct vcpu_stats *ret)
{
        *ret = (struct vcpu_stats){ .instructions = fake_of(vcpu)->runs };
}

static void f_ram_written(struct vcpu_vm *vm, uint64_t gpa, uint64_t len)
{
        struct fake_vm *f = (struct fake_vm *)vm;

        __atomic_fetch_add(&f->writes, 1, __ATOMIC_RELAXED);
        f->written_gpa = gpa;
        f->written_len = len;
}

const struct vcpu_backend_ops fake_vcpu_ops = {
        .name = "fake",
        .probe = f_probe, .check_extension = f_check_extension, .get_pvinfo = f_get_pvinfo,
        .vm_create = f_vm_create, .vm_destroy = f_vm_destroy,
        .set_memory_region = f_set_memory_region,
        .vcpu_create = f_vcpu_create, .vcpu_destroy = f_vcpu_destroy,
        .run = f_run, .interrupt = f_interrupt, .kick = f_kick, .enable_cap = f_enable_cap,
        .get_regs = f_get_regs, .set_regs = f_set_regs,
        .get_fpu = f_get_fpu, .set_fpu = f_set_fpu,
        .get_one_reg = f_get_one_reg, .set_one_reg = f_set_one_reg,
        .get_mp_state = f_get_mp_state, .set_mp_state = f_set_mp_state,
        .get_stats = f_get_stats,
        .ram_written = f_ram_written,
};
