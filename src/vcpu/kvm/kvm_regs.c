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
#define SPR_DEC   22
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

/* The VM's timebase offset.  KVM-PR has no TB_OFFSET register: its
 * guests run on the host's timebase (mftb is not trapped), so the offset
 * is 0 by construction and only 0 can be set. */
static int get_tb_offset(struct kvm_vcpu *v, uint64_t *ret)
{
        int r = kvm_one_reg_raw(v->fd, false, PPC_ONE_REG_TB_OFFSET, ret);

        if (r < 0 && kvm_vm_of(v->base.vm)->type == PPC_KVM_VM_PR) {
                *ret = 0;
                return 0;
        }
        return r;
}

static int set_tb_offset(struct kvm_vcpu *v, uint64_t val)
{
        if (kvm_vm_of(v->base.vm)->type == PPC_KVM_VM_PR)
                return val == 0 ? 0 : -EOPNOTSUPP;
        return kvm_one_reg_raw(v->fd, true, PPC_ONE_REG_TB_OFFSET, &val);
}

/* The guest's timebase: the host's plus the VM's offset. */
static int get_guest_tb(struct kvm_vcpu *v, uint64_t *ret)
{
#if defined(__powerpc64__)
        uint64_t off = 0;
        int r = get_tb_offset(v, &off);

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

/* KVM keeps the decrementer as the guest timebase value at which it
 * expires (DEC_EXPIRY); DEC itself has no ONE_REG id.  32-bit DEC
 * (LPCR[LD] clear), as the machine uses it. */
static int get_dec(struct kvm_vcpu *v, uint64_t *ret)
{
        uint64_t tb, expiry;
        int r;

        if ((r = get_guest_tb(v, &tb)) < 0 ||
            (r = kvm_one_reg_raw(v->fd, false, PPC_ONE_REG_DEC_EXPIRY, &expiry)) < 0)
                return r;
        *ret = (uint32_t)(expiry - tb);
        return 0;
}

static int set_dec(struct kvm_vcpu *v, uint64_t val)
{
        uint64_t tb, expiry;
        int r;

        if ((r = get_guest_tb(v, &tb)) < 0)
                return r;
        expiry = tb + (uint64_t)(int64_t)(int32_t)val;
        return kvm_one_reg_raw(v->fd, true, PPC_ONE_REG_DEC_EXPIRY, &expiry);
}

/* Unregistering the VPA (a reset does) must first unregister the DTL and
 * the SLB shadow buffer: HV refuses VPA 0 while either is registered, and
 * would go on writing dispatch-trace entries into the next guest's RAM. */
static int clear_vpa_areas(struct kvm_vcpu *v)
{
        static const uint64_t ids[] = { PPC_ONE_REG_VPA_DTL, PPC_ONE_REG_VPA_SLB };
        struct { uint64_t addr, length; } none = { 0, 0 };

        for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
                struct kvm_one_reg reg = { .id = ids[i], .addr = (uintptr_t)&none };

                if (ioctl(v->fd, KVM_SET_ONE_REG, &reg) < 0 && errno != EINVAL && errno != ENOENT)
                        return -errno;
        }
        return 0;
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
        if (id == VCPU_REG_SPR(SPR_DEC))
                return get_dec(v, ret);
        if (id == VCPU_REG_TB_OFFSET)
                return get_tb_offset(v, ret);
        if (!kid)
                return (id & ~0xffffu) == VCPU_REG_SPR(0) ? get_from_regs(vcpu, id & 0xffffu, ret)
                                                          : -ENOENT;
        if ((r = kvm_one_reg_raw(v->fd, false, kid, &val)) < 0)
                return r;
        *ret = val;
        return 0;
}

/* H_REGISTER_PROC_TBL's result, as KVM_PPC_CONFIGURE_V3_MMU.  0 (what a
 * reset writes) means hash without a process table; a KVM-HV that is
 * itself a nested hypervisor runs only radix guests and refuses hash
 * with EINVAL, so there 0 becomes radix with no process table. */
static int set_proc_table(struct kvm_vm *vm, uint64_t patb)
{
        struct ppc_kvm_mmuv3_cfg cfg = {
                .flags = (patb & PATE1_GR) ? PPC_KVM_MMUV3_RADIX | PPC_KVM_MMUV3_GTSE : 0,
                .process_table = patb,
        };

        if (ioctl(vm->vm_fd, PPC_KVM_CONFIGURE_V3_MMU, &cfg) < 0) {
                if (patb != 0 || errno != EINVAL)
                        return -errno;
                cfg = (struct ppc_kvm_mmuv3_cfg){ .flags = PPC_KVM_MMUV3_RADIX, .process_table = PATE1_GR };
                if (ioctl(vm->vm_fd, PPC_KVM_CONFIGURE_V3_MMU, &cfg) < 0)
                        return -errno;
        }
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
        if (id == VCPU_REG_LPCR) {
                bool defer = !kvm_on_own_thread(v);

                /* The last write wins: a direct one drops a deferred one
                 * that the next run would otherwise apply over it. */
                pthread_mutex_lock(&v->kick_lock);
                v->lpcr = val;
                v->lpcr_pending = defer;
                pthread_mutex_unlock(&v->kick_lock);
                if (defer) {
                        vcpu->ops->kick(vcpu);   /* out of KVM_RUN, to apply it */
                        return 0;
                }
        }
        if (id == VCPU_REG_SPR(SPR_DEC))
                return set_dec(v, val);
        if (id == VCPU_REG_TB_OFFSET)
                return set_tb_offset(v, val);
        if (id == VCPU_REG_VPA_ADDR && val == 0) {
                int r = clear_vpa_areas(v);
                if (r < 0)
                        return r;
        }
        if (!kid)
                return -ENOENT;
        return kvm_one_reg_raw(v->fd, true, kid, &val);
}
