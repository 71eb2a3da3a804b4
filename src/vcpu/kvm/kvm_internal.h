/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The /dev/kvm backend's objects, shared by its files. */
#pragma once

#include <pthread.h>
#include <stdatomic.h>

#include "vcpu/kvm/kvm_xlate.h"

#define KVM_DEV_PATH       "/dev/kvm"
#define KVM_API_VERSION_OK 12

struct kvm_vm {
        struct vcpu_vm base;
        int sys_fd, vm_fd;
        int type;                  /* PPC_KVM_VM_HV or PPC_KVM_VM_PR */
        size_t run_size;           /* KVM_GET_VCPU_MMAP_SIZE */
        struct vcpu_pvinfo pvinfo; /* the kernel's, or the failing fallback */
        uint64_t proc_table;       /* what VCPU_REG_PROC_TABLE last set */
        uint32_t htab_shift;
        unsigned max_vcpus;
};

struct kvm_vcpu {
        struct vcpu base;
        struct vcpu_run run;
        struct kvm_run *krun;      /* mmap'd from the vcpu fd */
        int fd;
        uint32_t served;           /* the exit run() last returned, to complete */

        /* kick: the thread inside run(), under kick_lock. */
        pthread_mutex_t kick_lock;
        bool in_run;
        pthread_t runner;
        bool have_runner;
        atomic_bool kicked;

        /* LPCR written from another thread while this vcpu may be in
         * KVM_RUN: applied by its own thread before the next entry (a
         * ONE_REG from here would wait for KVM_RUN to return). */
        bool lpcr_pending;
        uint64_t lpcr;

        /* The external line as VCPU_INTERRUPT_SET_LEVEL / UNSET left it,
         * under irq_lock with the KVM_INTERRUPT that set it (kvm.c,
         * reassert_level). */
        pthread_mutex_t irq_lock;
        bool level;

        enum vcpu_mp_state mp_state;
        uint64_t exits[32];
};

/* kvm.c: the calling thread is the one that runs v (or v never ran). */
bool kvm_on_own_thread(struct kvm_vcpu *v);

/* kvm_probe.c */
int kvm_open_system(int *ret_fd, char *reason, size_t reason_len);

/* kvm_regs.c */
int kvm_get_regs(struct vcpu *vcpu, struct vcpu_regs *ret);
int kvm_set_regs(struct vcpu *vcpu, const struct vcpu_regs *regs);
int kvm_get_sregs(struct vcpu *vcpu, struct vcpu_sregs *ret);
int kvm_set_sregs(struct vcpu *vcpu, const struct vcpu_sregs *sregs);
int kvm_get_fpu(struct vcpu *vcpu, struct vcpu_fpu *ret);
int kvm_set_fpu(struct vcpu *vcpu, const struct vcpu_fpu *fpu);
int kvm_get_one_reg(struct vcpu *vcpu, uint32_t id, uint64_t *ret);
int kvm_set_one_reg(struct vcpu *vcpu, uint32_t id, uint64_t val);
int kvm_one_reg_raw(int fd, bool set, uint64_t id, uint64_t *val);
/* Applies a deferred LPCR write; from the vcpu's own thread. */
void kvm_apply_pending_lpcr(struct kvm_vcpu *v);

static inline struct kvm_vcpu *kvm_vcpu_of(struct vcpu *v)
{
        return (struct kvm_vcpu *)((char *)v - offsetof(struct kvm_vcpu, base));
}

static inline struct kvm_vm *kvm_vm_of(struct vcpu_vm *v)
{
        return (struct kvm_vm *)((char *)v - offsetof(struct kvm_vm, base));
}
