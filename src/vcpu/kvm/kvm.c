/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The /dev/kvm backend: the vcpu interface over PowerPC KVM (HV or PR).
 * This file: the operations table, the VM (type, memory slots, PVINFO,
 * capabilities), vcpus (fd, mmap'd run structure), run() with the exit
 * translation, interrupts, kick and ENABLE_CAP.  Registers are in
 * kvm_regs.c, the probe in kvm_probe.c, translation in kvm_xlate.c.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vcpu/kvm/kvm_internal.h"
#include "vcpu/kvm/kvm_probe.h"

/* The signal kick() sends to a thread inside KVM_RUN.  Its handler does
 * nothing: the point is that KVM_RUN returns EINTR.  Installed without
 * SA_RESTART the first time a vcpu is created. */
#define KVM_KICK_SIGNAL (SIGRTMIN + 4)

static pthread_once_t kick_signal_once = PTHREAD_ONCE_INIT;

static void kick_handler(int sig)
{
        (void)sig;
}

static void install_kick_signal(void)
{
        struct sigaction sa = { .sa_handler = kick_handler };

        sigemptyset(&sa.sa_mask);
        sigaction(KVM_KICK_SIGNAL, &sa, NULL);
}

static int kvm_probe(char *reason, size_t reason_len)
{
        struct kvm_probe_result res;
        int r = kvm_probe_host(&res);

        if (reason && reason_len)
                snprintf(reason, reason_len, "%s", res.reason);
        return r;
}

static int kvm_check_extension(struct vcpu_vm *base, long cap)
{
        char why[128];
        int fd, r;

        if (base) {
                r = ioctl(kvm_vm_of(base)->vm_fd, KVM_CHECK_EXTENSION, cap);
                return r < 0 ? 0 : r;
        }
#if !defined(__powerpc64__)
        return 0;      /* a foreign KVM's answers are about another architecture */
#endif
        if (kvm_open_system(&fd, why, sizeof(why)) < 0)
                return 0;
        r = ioctl(fd, KVM_CHECK_EXTENSION, cap);
        close(fd);
        return r < 0 ? 0 : r;
}

static int kvm_get_pvinfo(struct vcpu_vm *base, struct vcpu_pvinfo *ret)
{
        *ret = kvm_vm_of(base)->pvinfo;
        return 0;
}

static void read_pvinfo(struct kvm_vm *vm)
{
        struct kvm_ppc_pvinfo k;

        memset(&k, 0, sizeof(k));
        if (ioctl(vm->vm_fd, PPC_KVM_GET_PVINFO, &k) == 0)
                kvm_pvinfo_from_kernel(&k, &vm->pvinfo);
        else
                kvm_pvinfo_fallback(&vm->pvinfo);
}

/* KVM_CREATE_VM of the configured type, or HV then PR. */
static int create_vm_fd(int sys_fd, int want, int *ret_type)
{
        static const int order[] = { PPC_KVM_VM_HV, PPC_KVM_VM_PR };
        int err = ENODEV;

        for (unsigned i = 0; i < 2; i++) {
                if (want && want != order[i])
                        continue;
                int fd = ioctl(sys_fd, KVM_CREATE_VM, (unsigned long)order[i]);
                if (fd >= 0) {
                        *ret_type = order[i];
                        return fd;
                }
                err = errno;
        }
        return -err;
}

/* Interrupt lines need level and unset (the machine's XICS drives them). */
static int check_required_caps(int vm_fd)
{
        static const long caps[] = { KVM_CAP_PPC_IRQ_LEVEL, KVM_CAP_PPC_UNSET_IRQ,
                                     KVM_CAP_ENABLE_CAP, KVM_CAP_ONE_REG, KVM_CAP_IMMEDIATE_EXIT };

        for (unsigned i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
                if (ioctl(vm_fd, KVM_CHECK_EXTENSION, caps[i]) <= 0)
                        return -EOPNOTSUPP;
        return 0;
}

static void kvm_vm_destroy(struct vcpu_vm *base);

static int kvm_vm_create(const struct vcpu_vm_config *cfg, struct vcpu_vm **ret)
{
        char why[128];
        struct kvm_vm *vm;
        int r, size;

        if (cfg && cfg->kvm_type && cfg->kvm_type != PPC_KVM_VM_HV && cfg->kvm_type != PPC_KVM_VM_PR)
                return -EINVAL;
        vm = calloc(1, sizeof(*vm));
        if (!vm)
                return -ENOMEM;
        vm->base.ops = &vcpu_kvm_ops;
        vm->vm_fd = -1;
        vm->max_vcpus = cfg && cfg->max_vcpus ? cfg->max_vcpus : 1;
        r = kvm_open_system(&vm->sys_fd, why, sizeof(why));
        if (r < 0) {
                free(vm);
                return r;
        }
        r = create_vm_fd(vm->sys_fd, cfg ? cfg->kvm_type : 0, &vm->type);
        if (r < 0)
                goto fail;
        vm->vm_fd = r;
        r = check_required_caps(vm->vm_fd);
        if (r < 0)
                goto fail;
        size = ioctl(vm->sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
        if (size < (int)sizeof(struct kvm_run)) {
                r = size < 0 ? -errno : -EINVAL;
                goto fail;
        }
        vm->run_size = (size_t)size;
        read_pvinfo(vm);
        *ret = &vm->base;
        return 0;
fail:
        kvm_vm_destroy(&vm->base);
        return r;
}

static void kvm_vm_destroy(struct vcpu_vm *base)
{
        if (!base)
                return;
        struct kvm_vm *vm = kvm_vm_of(base);

        if (vm->vm_fd >= 0)
                close(vm->vm_fd);
        if (vm->sys_fd >= 0)
                close(vm->sys_fd);
        free(vm);
}

static int kvm_set_memory_region(struct vcpu_vm *base, unsigned slot, uint64_t gpa,
                                 uint64_t size, void *host)
{
        struct kvm_userspace_memory_region m = {
                .slot = slot, .guest_phys_addr = gpa, .memory_size = size,
                .userspace_addr = (uintptr_t)host,
        };

        if (size && !host)
                return -EINVAL;
        return ioctl(kvm_vm_of(base)->vm_fd, KVM_SET_USER_MEMORY_REGION, &m) < 0 ? -errno : 0;
}

static int enable_vcpu_cap(int fd, uint32_t cap, uint32_t flags, const uint64_t args[4])
{
        struct kvm_enable_cap c = { .cap = cap, .flags = flags };

        if (args)
                memcpy(c.args, args, sizeof(uint64_t) * 4);
        return ioctl(fd, KVM_ENABLE_CAP, &c) < 0 ? -errno : 0;
}

static void kvm_vcpu_destroy(struct vcpu *vcpu);

static int kvm_vcpu_create(struct vcpu_vm *base, unsigned id, struct vcpu **ret)
{
        struct kvm_vm *vm = kvm_vm_of(base);
        struct kvm_vcpu *v;
        void *p;
        int r;

        if (id >= vm->max_vcpus)
                return -EINVAL;
        pthread_once(&kick_signal_once, install_kick_signal);
        v = calloc(1, sizeof(*v));
        if (!v)
                return -ENOMEM;
        v->base = (struct vcpu){ .ops = &vcpu_kvm_ops, .vm = base, .id = id, .run = &v->run };
        v->mp_state = VCPU_MP_RUNNABLE;
        pthread_mutex_init(&v->kick_lock, NULL);
        pthread_mutex_init(&v->irq_lock, NULL);
        v->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, (unsigned long)id);
        if (v->fd < 0) {
                r = -errno;
                goto fail;
        }
        p = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
        if (p == MAP_FAILED) {
                r = -errno;
                goto fail;
        }
        v->krun = p;
        /* sPAPR: hypercalls the kernel does not serve exit as PAPR_HCALL.
         * HV refuses KVM_RUN until this is on. */
        r = enable_vcpu_cap(v->fd, KVM_CAP_PPC_PAPR, 0, NULL);
        if (r < 0)
                goto fail;
        /* sPAPR's interrupt vectors are at 0.  KVM-PR starts a 64-bit vcpu
         * with HIOR = 0xfff00000 (the vectors of a machine with firmware up
         * there) until HIOR is set explicitly; without this every interrupt
         * went to 0xfff00500 and on, outside guest RAM. */
        if (vm->type == PPC_KVM_VM_PR) {
                uint64_t hior = 0;
                if ((r = kvm_one_reg_raw(v->fd, true, PPC_ONE_REG_HIOR, &hior)) < 0)
                        goto fail;
        }
        *ret = &v->base;
        return 0;
fail:
        kvm_vcpu_destroy(&v->base);
        return r;
}

static void kvm_vcpu_destroy(struct vcpu *vcpu)
{
        if (!vcpu)
                return;
        struct kvm_vcpu *v = kvm_vcpu_of(vcpu);

        if (v->krun)
                munmap(v->krun, kvm_vm_of(vcpu->vm)->run_size);
        if (v->fd >= 0)
                close(v->fd);
        pthread_mutex_destroy(&v->kick_lock);
        pthread_mutex_destroy(&v->irq_lock);
        free(v);
}

/* ---- run --------------------------------------------------------------- */

/* The vcpu this thread last ran.  Thread-local rather than a pthread_t
 * kept in the vcpu: a thread created after the vcpu's old thread was
 * joined (a machine restarted after reset) may get the same pthread_t. */
static _Thread_local struct kvm_vcpu *this_thread_vcpu;

bool kvm_on_own_thread(struct kvm_vcpu *v)
{
        bool mine;

        pthread_mutex_lock(&v->kick_lock);
        mine = !v->have_runner || this_thread_vcpu == v;
        pthread_mutex_unlock(&v->kick_lock);
        return mine;
}

static void publish_runner(struct kvm_vcpu *v, bool entering)
{
        if (entering)
                this_thread_vcpu = v;
        pthread_mutex_lock(&v->kick_lock);
        v->in_run = entering;
        if (entering) {
                v->runner = pthread_self();
                v->have_runner = true;
        }
        pthread_mutex_unlock(&v->kick_lock);
}

static void exit_intr(struct kvm_vcpu *v)
{
        atomic_store(&v->kicked, false);
        v->krun->immediate_exit = 0;
        v->run.immediate_exit = 0;
        v->run.exit_reason = KVM_EXIT_INTR;
}

/* An internal error's PC, for the crash message. */
static void note_error_pc(struct kvm_vcpu *v)
{
        struct ppc_kvm_regs regs;

        if (v->run.exit_reason == KVM_EXIT_INTERNAL_ERROR &&
            ioctl(v->fd, PPC_KVM_GET_REGS, &regs) == 0)
                v->run.internal.pc = regs.pc;
}

static int kernel_interrupt(struct kvm_vcpu *v, uint32_t irq)
{
        struct kvm_interrupt i = { .irq = irq };

        return ioctl(v->fd, KVM_INTERRUPT, &i) < 0 ? -errno : 0;
}

/* A level the machine asserted must stay pending until it lowers it.
 * Book3S KVM (HV and PR) keeps one pending bit for the external line plus
 * an "external_oneshot" flag that KVM_INTERRUPT_SET sets and only a
 * delivery clears (arch/powerpc/kvm/book3s.c, clear_irqprio): UNSET does
 * not clear it.  So after SET then UNSET before the guest took it, the
 * next SET_LEVEL is delivered once and then dropped, as an edge; and a
 * SET while a level is up drops the level at delivery.  Asserting the level
 * again before every KVM_RUN restores it after such a delivery: the kernel
 * only sets its pending bit again.  (A level dropped that way inside one
 * KVM_RUN comes back at the next entry from here, not before: the kernel
 * offers no way to clear the flag.)  Under irq_lock, so that a concurrent
 * UNSET cannot be overtaken by this SET_LEVEL. */
static int reassert_level(struct kvm_vcpu *v)
{
        int r = 0;

        pthread_mutex_lock(&v->irq_lock);
        if (v->level)
                r = kernel_interrupt(v, VCPU_INTERRUPT_SET_LEVEL);
        pthread_mutex_unlock(&v->irq_lock);
        return r;
}

static int kvm_run_vcpu(struct vcpu *vcpu)
{
        struct kvm_vcpu *v = kvm_vcpu_of(vcpu);
        uint32_t reason;
        int r, err;

        kvm_xlate_complete(&v->run, v->served, v->krun);
        v->served = 0;
        kvm_apply_pending_lpcr(v);
        if ((r = reassert_level(v)) < 0)
                return r;
        publish_runner(v, true);
        /* After publishing: a kick from here on either sees in_run and
         * signals, or set kicked/immediate_exit before this reads them. */
        if (v->run.immediate_exit || atomic_load(&v->kicked))
                v->krun->immediate_exit = 1;
        r = ioctl(v->fd, KVM_RUN, 0);
        err = errno;
        publish_runner(v, false);
        if (r < 0) {
                if (err != EINTR && err != EAGAIN)
                        return -err;
                exit_intr(v);
                v->exits[KVM_EXIT_INTR]++;
                return 0;
        }
        reason = kvm_xlate_exit(v->krun, &v->run);
        note_error_pc(v);
        v->served = v->run.exit_reason;
        if (reason < 32)
                v->exits[reason]++;
        return 0;
}

static int kvm_interrupt(struct vcpu *vcpu, uint32_t irq)
{
        struct kvm_vcpu *v = kvm_vcpu_of(vcpu);
        int r;

        switch (irq) {
        case VCPU_INTERRUPT_SET_LEVEL:
        case VCPU_INTERRUPT_UNSET:
                break;
        default:
                irq = VCPU_INTERRUPT_SET;  /* any other value raises, edge, as the seed */
                break;
        }
        pthread_mutex_lock(&v->irq_lock);
        r = kernel_interrupt(v, irq);
        if (r == 0 && irq != VCPU_INTERRUPT_SET)
                v->level = irq == VCPU_INTERRUPT_SET_LEVEL;
        pthread_mutex_unlock(&v->irq_lock);
        return r;
}

static void kvm_kick(struct vcpu *vcpu)
{
        struct kvm_vcpu *v = kvm_vcpu_of(vcpu);

        atomic_store(&v->kicked, true);
        v->krun->immediate_exit = 1;
        pthread_mutex_lock(&v->kick_lock);
        if (v->in_run)
                pthread_kill(v->runner, KVM_KICK_SIGNAL);
        pthread_mutex_unlock(&v->kick_lock);
}

static int kvm_enable_cap(struct vcpu *vcpu, uint32_t cap, uint32_t flags, const uint64_t args[4])
{
        if (flags)
                return -EINVAL;
        return enable_vcpu_cap(kvm_vcpu_of(vcpu)->fd, cap, flags, args);
}

/* PowerPC KVM has no MP-state ioctls; the machine parks stopped vcpus
 * itself, so the state is only remembered for readers. */
static int kvm_get_mp_state(struct vcpu *vcpu, enum vcpu_mp_state *ret)
{
        *ret = kvm_vcpu_of(vcpu)->mp_state;
        return 0;
}

static int kvm_set_mp_state(struct vcpu *vcpu, enum vcpu_mp_state state)
{
        if (state != VCPU_MP_RUNNABLE && state != VCPU_MP_STOPPED)
                return -EINVAL;
        kvm_vcpu_of(vcpu)->mp_state = state;
        return 0;
}

static void kvm_get_stats(struct vcpu *vcpu, struct vcpu_stats *ret)
{
        memset(ret, 0, sizeof(*ret));
        memcpy(ret->exits, kvm_vcpu_of(vcpu)->exits, sizeof(ret->exits));
}

const struct vcpu_backend_ops vcpu_kvm_ops = {
        .name = "kvm",
        .probe = kvm_probe,
        .check_extension = kvm_check_extension,
        .get_pvinfo = kvm_get_pvinfo,
        .vm_create = kvm_vm_create,
        .vm_destroy = kvm_vm_destroy,
        .set_memory_region = kvm_set_memory_region,
        .vcpu_create = kvm_vcpu_create,
        .vcpu_destroy = kvm_vcpu_destroy,
        .run = kvm_run_vcpu,
        .interrupt = kvm_interrupt,
        .kick = kvm_kick,
        .enable_cap = kvm_enable_cap,
        .get_regs = kvm_get_regs,
        .set_regs = kvm_set_regs,
        .get_sregs = kvm_get_sregs,
        .set_sregs = kvm_set_sregs,
        .get_fpu = kvm_get_fpu,
        .set_fpu = kvm_set_fpu,
        .get_one_reg = kvm_get_one_reg,
        .set_one_reg = kvm_set_one_reg,
        .get_mp_state = kvm_get_mp_state,
        .set_mp_state = kvm_set_mp_state,
        .get_stats = kvm_get_stats,
};
