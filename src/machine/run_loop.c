/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One thread per vcpu: run, then a flat switch on the exit reason.  Between
 * runs a vcpu checks the machine's requests under m->lock: stop (the thread
 * ends), pause (park until resume), and its own stopped state (never started,
 * or RTAS stop-self: park until start-cpu).
 *
 * An exit is always completed before a vcpu parks: when a request is
 * pending after serving one, the vcpu runs once more with immediate_exit
 * set, which completes the exit into its registers and returns at once
 * (KVM_EXIT_INTR), so a paused vcpu's registers are whole.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "devices/hcall.h"
#include "machine/machine_internal.h"

#define MSR_SF (1ull << 63)
#define MSR_ME (1ull << 12)

void machine_kick_all(struct machine *m)
{
        for (unsigned i = 0; i < m->nr_vcpus; i++)
                if (m->ops->kick)
                        m->ops->kick(m->vcpus[i].vcpu);
}

void machine_guest_stop(struct machine *m, enum machine_stop_reason r, const char *detail)
{
        bool first;

        pthread_mutex_lock(&m->lock);
        first = !m->stop_reported;
        m->stop_reported = true;
        m->stop_req = true;
        pthread_cond_broadcast(&m->cond);
        pthread_mutex_unlock(&m->lock);
        if (!first)
                return;
        machine_kick_all(m);
        if (m->cb.stopped)
                m->cb.stopped(m->cb.userdata, r, detail ? detail : "");
}

/* RTAS start-cpu, from the starting vcpu's thread: the target applies it. */
static void apply_start(struct machine_vcpu *mv)
{
        const struct vcpu_backend_ops *ops = mv->m->ops;
        struct vcpu_regs regs;

        if (ops->get_regs(mv->vcpu, &regs) >= 0) {
                regs.pc = mv->start_pc;
                regs.gpr[3] = mv->start_r3;
                regs.msr = MSR_SF | MSR_ME;
                ops->set_regs(mv->vcpu, &regs);
        }
        if (ops->set_mp_state)
                ops->set_mp_state(mv->vcpu, VCPU_MP_RUNNABLE);
        mv->start_pending = false;
        mv->stopped = false;
}

static void apply_stop_self(struct machine_vcpu *mv)
{
        mv->stop_self_pending = false;
        mv->stopped = true;
        if (mv->m->ops->set_mp_state)
                mv->m->ops->set_mp_state(mv->vcpu, VCPU_MP_STOPPED);
}

/* Waits until this vcpu may run; false when the machine is stopping. */
static bool wait_runnable(struct machine_vcpu *mv)
{
        struct machine *m = mv->m;
        bool run;

        pthread_mutex_lock(&m->lock);
        for (;;) {
                if (m->stop_req)
                        break;
                if (mv->stop_self_pending)
                        apply_stop_self(mv);
                if (mv->start_pending)
                        apply_start(mv);
                if (!m->pause_req && !mv->stopped)
                        break;
                if (!mv->parked) {
                        mv->parked = true;
                        m->parked++;
                        pthread_cond_broadcast(&m->cond);
                }
                pthread_cond_wait(&m->cond, &m->lock);
        }
        if (mv->parked) {
                mv->parked = false;
                m->parked--;
        }
        run = !m->stop_req;
        pthread_mutex_unlock(&m->lock);
        return run;
}

/* Completes the exit just served when the vcpu is about to park. */
static void complete_before_park(struct machine_vcpu *mv)
{
        struct machine *m = mv->m;
        bool park;

        pthread_mutex_lock(&m->lock);
        park = m->pause_req || m->stop_req || mv->stop_self_pending;
        pthread_mutex_unlock(&m->lock);
        if (!park)
                return;
        mv->vcpu->run->immediate_exit = 1;
        m->ops->run(mv->vcpu);
        mv->vcpu->run->immediate_exit = 0;
}

static void crash(struct machine_vcpu *mv, const char *fmt_reason)
{
        struct vcpu_run *run = mv->vcpu->run;
        char detail[256];

        if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
                snprintf(detail, sizeof(detail), "vcpu %u: %s (pc 0x%" PRIx64 ", instruction 0x%08" PRIx32 ")",
                         mv->index, run->internal.reason[0] ? run->internal.reason : fmt_reason,
                         run->internal.pc, run->internal.insn);
        else
                snprintf(detail, sizeof(detail), "vcpu %u: %s", mv->index, fmt_reason);
        machine_guest_stop(mv->m, MACHINE_STOP_CRASHED, detail);
}

static void serve_mmio(struct machine_vcpu *mv)
{
        struct vcpu_run *run = mv->vcpu->run;
        unsigned len = run->mmio.len;

        if (len != 1 && len != 2 && len != 4 && len != 8) {
                memset(run->mmio.data, 0xff, sizeof(run->mmio.data));
                return;
        }
        mmio_bus_access(&mv->m->plat.mmio, run->mmio.phys_addr, run->mmio.data, len,
                        run->mmio.is_write);
}

/* OSI: the handler gets the registers and answers with machine_osi_complete
 * (possibly from inside the callback). */
static void serve_osi(struct machine_vcpu *mv)
{
        struct machine *m = mv->m;

        if (!m->cb.osi_call) {
                mv->vcpu->run->osi.gprs[3] = (uint64_t)-1;
                return;
        }
        pthread_mutex_lock(&m->lock);
        mv->osi_waiting = true;
        mv->osi_done = false;
        pthread_mutex_unlock(&m->lock);
        m->cb.osi_call(m->cb.userdata, mv->index, mv->vcpu->run->osi.gprs);
        pthread_mutex_lock(&m->lock);
        while (!mv->osi_done && !m->stop_req)
                pthread_cond_wait(&m->cond, &m->lock);
        mv->osi_waiting = false;
        pthread_mutex_unlock(&m->lock);
}

static void serve_system_event(struct machine_vcpu *mv)
{
        switch (mv->vcpu->run->system_event.type) {
        case KVM_SYSTEM_EVENT_SHUTDOWN:
                machine_guest_stop(mv->m, MACHINE_STOP_POWEROFF, "");
                break;
        case KVM_SYSTEM_EVENT_RESET:
                machine_guest_stop(mv->m, MACHINE_STOP_REBOOT, "");
                break;
        default:
                crash(mv, "unexpected system event");
                break;
        }
}

/* Serves one exit; false when the vcpu's thread should end. */
static bool serve_exit(struct machine_vcpu *mv)
{
        struct vcpu_run *run = mv->vcpu->run;
        struct machine *m = mv->m;
        char why[64];

        if (run->exit_reason < 32)
                __atomic_fetch_add(&mv->exits[run->exit_reason], 1, __ATOMIC_RELAXED);
        switch (run->exit_reason) {
        case KVM_EXIT_MMIO:
                serve_mmio(mv);
                break;
        case KVM_EXIT_PAPR_HCALL:
                platform_hcall(&m->plat, mv->vcpu);
                break;
        case KVM_EXIT_OSI:
                serve_osi(mv);
                break;
        case KVM_EXIT_DCR:
                dcr_bus_access(&m->plat.dcr, run->dcr.dcrn, &run->dcr.data, run->dcr.is_write);
                break;
        case KVM_EXIT_INTR:
        case KVM_EXIT_HLT:
                break;
        case KVM_EXIT_SYSTEM_EVENT:
                serve_system_event(mv);
                return false;
        case KVM_EXIT_INTERNAL_ERROR:
                crash(mv, "internal error");
                return false;
        default:
                snprintf(why, sizeof(why), "unexpected exit reason %" PRIu32, run->exit_reason);
                crash(mv, why);
                return false;
        }
        complete_before_park(mv);
        return true;
}

static void tell_vpa(struct machine_vcpu *mv)
{
        uint64_t vpa;

        if (platform_take_vpa_change(&mv->m->plat, mv->index, &vpa) && mv->m->ops->set_one_reg)
                mv->m->ops->set_one_reg(mv->vcpu, VCPU_REG_VPA_ADDR, vpa);
}

static void *vcpu_thread(void *arg)
{
        struct machine_vcpu *mv = arg;
        char why[96];
        int r;

        while (wait_runnable(mv)) {
                tell_vpa(mv);
                r = mv->m->ops->run(mv->vcpu);
                if (r == -EINTR || r == -EAGAIN)
                        continue;
                if (r < 0) {
                        snprintf(why, sizeof(why), "the backend failed to run it: %s", strerror(-r));
                        mv->vcpu->run->exit_reason = KVM_EXIT_UNKNOWN;
                        crash(mv, why);
                        break;
                }
                if (!serve_exit(mv))
                        break;
        }
        return NULL;
}

int machine_threads_start(struct machine *m)
{
        int r;

        for (unsigned i = 0; i < m->nr_vcpus; i++) {
                struct machine_vcpu *mv = &m->vcpus[i];

                r = pthread_create(&mv->thread, NULL, vcpu_thread, mv);
                if (r) {
                        machine_guest_stop(m, MACHINE_STOP_CRASHED, "cannot start a vcpu thread");
                        machine_threads_join(m);
                        return -r;
                }
                mv->thread_live = true;
        }
        return 0;
}

void machine_threads_join(struct machine *m)
{
        pthread_mutex_lock(&m->lock);
        m->stop_req = true;
        pthread_cond_broadcast(&m->cond);
        pthread_mutex_unlock(&m->lock);
        machine_kick_all(m);
        for (unsigned i = 0; i < m->nr_vcpus; i++) {
                if (!m->vcpus[i].thread_live)
                        continue;
                pthread_join(m->vcpus[i].thread, NULL);
                m->vcpus[i].thread_live = false;
        }
}

/* Platform hooks: what RTAS asks of the machine. */
static void hook_stop(void *opaque, enum platform_stop why, const char *detail)
{
        static const enum machine_stop_reason map[] = {
                [PLATFORM_STOP_POWEROFF] = MACHINE_STOP_POWEROFF,
                [PLATFORM_STOP_REBOOT] = MACHINE_STOP_REBOOT,
                [PLATFORM_STOP_OS_TERM] = MACHINE_STOP_OS_TERM,
        };

        machine_guest_stop(opaque, map[why], detail);
}

static int hook_start_cpu(void *opaque, unsigned index, uint64_t entry, uint64_t r3)
{
        struct machine *m = opaque;
        struct machine_vcpu *mv;
        int r = 0;

        if (index >= m->nr_vcpus)
                return -EINVAL;
        mv = &m->vcpus[index];
        pthread_mutex_lock(&m->lock);
        if ((!mv->stopped && !mv->stop_self_pending) || mv->start_pending) {
                r = -EBUSY;
        } else {
                mv->start_pending = true;
                mv->start_pc = entry;
                mv->start_r3 = r3;
                pthread_cond_broadcast(&m->cond);
        }
        pthread_mutex_unlock(&m->lock);
        return r;
}

static void hook_stop_self(void *opaque, unsigned index)
{
        struct machine *m = opaque;

        if (index >= m->nr_vcpus)
                return;
        pthread_mutex_lock(&m->lock);
        m->vcpus[index].stop_self_pending = true;
        pthread_mutex_unlock(&m->lock);
}

static bool hook_cpu_stopped(void *opaque, unsigned index)
{
        struct machine *m = opaque;
        bool stopped;

        if (index >= m->nr_vcpus)
                return false;
        pthread_mutex_lock(&m->lock);
        stopped = (m->vcpus[index].stopped && !m->vcpus[index].start_pending) ||
                  m->vcpus[index].stop_self_pending;
        pthread_mutex_unlock(&m->lock);
        return stopped;
}

static void hook_console_output(void *opaque, const uint8_t *buf, size_t len)
{
        struct machine *m = opaque;

        if (m->cb.console_output)
                m->cb.console_output(m->cb.userdata, buf, len);
}

const struct platform_hooks machine_platform_hooks = {
        .stop = hook_stop,
        .start_cpu = hook_start_cpu,
        .stop_self = hook_stop_self,
        .cpu_stopped = hook_cpu_stopped,
        .console_output = hook_console_output,
};
