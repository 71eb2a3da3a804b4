/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Register access on the /dev/kvm backend: GET/SET_REGS and SREGS, the
 * FPU through ONE_REG (PowerPC has no KVM_GET_FPU), ONE_REG for SPRs and
 * the VCPU_REG_* ids, and the per-partition MMU settings as VM ioctls.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "vcpu/kvm/kvm_internal.h"

#define SPR_XER   1
#define SPR_LR    8
#define SPR_CTR   9
#define SPR_SRR0  26
#define SPR_SRR1  27
#define SPR_TBL   268
#define SPR_TBU   269
#define SPR_SPRG0 272
#define SPR_PVR   287
#define SPR_PIR   1023

#define PATE1_GR  (1ull << 63)

int kvm_get_regs(struct vcpu *vcpu, struct vcpu_regs *ret)
{
        struct ppc_kvm_regs k;

        if (ioctl(kvm_vcpu_of(vcpu)->fd, PPC_KVM_GET_REGS, &k) < 0)
                return -errno;
        kvm_regs_from_kernel(&k, ret);
        return 0;
}

int kvm_set_regs(struct vcpu *vcpu, const struct vcpu_regs *regs)
{
        struct ppc_kvm_regs k;

        kvm_regs_to_kernel(regs, &k);
        return ioctl(kvm_vcpu_of(vcpu)->fd, PPC_KVM_SET_REGS, &k) < 0 ? -errno : 0;
}

int kvm_get_sregs(struct vcpu *vcpu, struct vcpu_sregs *ret)
{
        struct ppc_kvm_sregs k;

        memset(&k, 0, sizeof(k));
        if (ioctl(kvm_vcpu_of(vcpu)->fd, PPC_KVM_GET_SREGS, &k) < 0)
                return -errno;
        kvm_sregs_from_kernel(&k, ret);
        return 0;
}

int kvm_set_sregs(struct vcpu *vcpu, const struct vcpu_sregs *sregs)
{
        struct ppc_kvm_sregs k;
        int r = kvm_sregs_to_kernel(sregs, &k);

        if (r < 0)
                return r;
        return ioctl(kvm_vcpu_of(vcpu)->fd, PPC_KVM_SET_SREGS, &k) < 0 ? -errno : 0;
}

int kvm_one_reg_raw(int fd, bool set, uint64_t id, uint64_t *val)
{
        uint32_t v32 = (uint32_t)*val;
        struct kvm_one_reg reg = { .id = id };
        unsigned size = kvm_one_reg_size(id);

        if (size == 0)
                return -EINVAL;
        reg.addr = size == 4 ? (uintptr_t)&v32 : (uintptr_t)val;
        if (ioctl(fd, set ? KVM_SET_ONE_REG : KVM_GET_ONE_REG, &reg) < 0)
                return -errno;
        if (!set && size == 4)
                *val = v32;
        return 0;
}

int kvm_get_fpu(struct vcpu *vcpu, struct vcpu_fpu *ret)
{
        int fd = kvm_vcpu_of(vcpu)->fd, r;
        struct vcpu_fpu f;

        for (unsigned i = 0; i < 32; i++)
                if ((r = kvm_one_reg_raw(fd, false, PPC_ONE_REG_FPR(i), &f.fpr[i])) < 0)
                        return r;
        if ((r = kvm_one_reg_raw(fd, false, PPC_ONE_REG_FPSCR, &f.fpscr)) < 0)
                return r;
        *ret = f;
        return 0;
}

int kvm_set_fpu(struct vcpu *vcpu, const struct vcpu_fpu *fpu)
{
        int fd = kvm_vcpu_of(vcpu)->fd, r;
        struct vcpu_fpu f = *fpu;

        for (unsigned i = 0; i < 32; i++)
                if ((r = kvm_one_reg_raw(fd, true, PPC_ONE_REG_FPR(i), &f.fpr[i])) < 0)
                        return r;
        return kvm_one_reg_raw(fd, true, PPC_ONE_REG_FPSCR, &f.fpscr);
}

/* SPRs that live in struct kvm_regs / kvm_sregs rather than ONE_REG. */
static int get_from_regs(struct vcpu *vcpu, unsigned spr, uint64_t *ret)
{
        struct vcpu_sregs s;
        struct vcpu_regs r;
        int e;

        if (spr == SPR_PVR) {
                if ((e = kvm_get_sregs(vcpu, &s)) < 0)
                        return e;
                *ret = s.pvr;
                return 0;
        }
        if (spr == SPR_PIR) {
                *ret = vcpu->id;
                return 0;
        }
        if ((e = kvm_get_regs(vcpu, &r)) < 0)
                return e;
        switch (spr) {
        case SPR_XER: *ret = r.xer; return 0;
        case SPR_LR: *ret = r.lr; return 0;
        case SPR_CTR: *ret = r.ctr; return 0;
        case SPR_SRR0: *ret = r.srr0; return 0;
        case SPR_SRR1: *ret = r.srr1; return 0;
        case SPR_SPRG0: *ret = r.sprg0; return 0;
        case SPR_SPRG0 + 1: *ret = r.sprg1; return 0;
        case SPR_SPRG0 + 2: *ret = r.sprg2; return 0;
        case SPR_SPRG0 + 3: *ret = r.sprg3; return 0;
        default: return -ENOENT;
        }
}

/* The guest's timebase: the host's plus the VM's offset. */
static int get_guest_tb(struct kvm_vcpu *v, uint64_t *ret)
{
#if defined(__powerpc64__)
        uint64_t off = 0;
        int r = kvm_one_reg_raw(v->fd, false, PPC_ONE_REG_TB_OFFSET, &off);

        if (r < 0)
                return r;
        *ret = __builtin_ppc_get_timebase() + off;
        return 0;
#else
        (void)v;
        (void)ret;
        return -ENOENT;
#endif
}

static int get_vm_reg(struct kvm_vm *vm, uint32_t id, uint64_t *ret)
{
        switch (id) {
        case VCPU_REG_PROC_TABLE: *ret = vm->proc_table; return 0;
        case VCPU_REG_HTAB_SHIFT: *ret = vm->htab_shift; return 0;
        default: return -ENOENT;
        }
}

int kvm_get_one_reg(struct vcpu *vcpu, uint32_t id, uint64_t *ret)
{
        struct kvm_vcpu *v = kvm_vcpu_of(vcpu);
        uint64_t kid = kvm_one_reg_id(id), val = 0;
        int r;

        if (id == VCPU_REG_PROC_TABLE || id == VCPU_REG_HTAB_SHIFT)
                return get_vm_reg(kvm_vm_of(vcpu->vm), id, ret);
        if (id == VCPU_REG_LPCR && v->lpcr_pending) {
                *ret = v->lpcr;
                return 0;
        }
        if (id == VCPU_REG_SPR(SPR_TBL) || id == VCPU_REG_SPR(SPR_TBU)) {
                if ((r = get_guest_tb(v, &val)) < 0)
                        return r;
                *ret = id == VCPU_REG_SPR(SPR_TBU) ? val >> 32 : val;
                return 0;
        }
        if (!kid)
                return (id & ~0xffffu) == VCPU_REG_SPR(0) ? get_from_regs(vcpu, id & 0xffffu, ret)
                                                          : -ENOENT;
        if ((r = kvm_one_reg_raw(v->fd, false, kid, &val)) < 0)
                return r;
        *ret = val;
        return 0;
}

/* H_REGISTER_PROC_TBL's result, as KVM_PPC_CONFIGURE_V3_MMU. */
static int set_proc_table(struct kvm_vm *vm, uint64_t patb)
{
        struct ppc_kvm_mmuv3_cfg cfg = {
                .flags = (patb & PATE1_GR) ? PPC_KVM_MMUV3_RADIX | PPC_KVM_MMUV3_GTSE : 0,
                .process_table = patb,
        };

        if (ioctl(vm->vm_fd, PPC_KVM_CONFIGURE_V3_MMU, &cfg) < 0)
                return -errno;
        vm->proc_table = patb;
        return 0;
}

static int set_htab_shift(struct kvm_vm *vm, uint64_t shift)
{
        uint32_t order = (uint32_t)shift;

        if (shift == 0) {
                vm->htab_shift = 0;   /* the kernel frees it with the VM */
                return 0;
        }
        if (shift < 18 || shift > 46)
                return -EINVAL;
        if (ioctl(vm->vm_fd, PPC_KVM_ALLOCATE_HTAB, &order) < 0)
                return -errno;
        vm->htab_shift = order;
        return 0;
}

static bool on_runner_thread(struct kvm_vcpu *v)
{
        bool mine;

        pthread_mutex_lock(&v->kick_lock);
        mine = !v->have_runner || pthread_equal(v->runner, pthread_self());
        pthread_mutex_unlock(&v->kick_lock);
        return mine;
}

void kvm_apply_pending_lpcr(struct kvm_vcpu *v)
{
        uint64_t val;

        pthread_mutex_lock(&v->kick_lock);
        bool pending = v->lpcr_pending;
        val = v->lpcr;
        v->lpcr_pending = false;
        pthread_mutex_unlock(&v->kick_lock);
        if (pending)
                kvm_one_reg_raw(v->fd, true, PPC_ONE_REG_LPCR_64, &val);
}

int kvm_set_one_reg(struct vcpu *vcpu, uint32_t id, uint64_t val)
{
        struct kvm_vcpu *v = kvm_vcpu_of(vcpu);
        uint64_t kid = kvm_one_reg_id(id);

        if (id == VCPU_REG_PROC_TABLE)
                return set_proc_table(kvm_vm_of(vcpu->vm), val);
        if (id == VCPU_REG_HTAB_SHIFT)
                return set_htab_shift(kvm_vm_of(vcpu->vm), val);
        if (id == VCPU_REG_LPCR && !on_runner_thread(v)) {
                pthread_mutex_lock(&v->kick_lock);
                v->lpcr = val;
                v->lpcr_pending = true;
                pthread_mutex_unlock(&v->kick_lock);
                vcpu->ops->kick(vcpu);   /* out of KVM_RUN, to apply it */
                return 0;
        }
        if (!kid)
                return -ENOENT;
        return kvm_one_reg_raw(v->fd, true, kid, &val);
}
