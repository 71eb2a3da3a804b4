/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kvm-rerun: boots one guest several times in the same machine, as the
 * daemon does when a guest reboots (machine_stop, machine_reset,
 * machine_start on the VM and vcpus it already has).  Every run must print
 * what the first printed and end the same way; run-nested.py compares the
 * runs on /dev/kvm with the same program on the emulator.
 *
 *   kvm-rerun --kernel ELF [--backend kvm|emu] [--vcpus N] [--testdev]
 *             [--runs N] [--timeout SEC] [--regs]
 *
 * Prints "=== RUN i" before run i and "=== RUN i END <reason>" after it
 * (reason: poweroff, reboot, os-term, crashed or timeout).  Exit status 0
 * when every run stopped by itself, 1 otherwise.  --regs (for debugging;
 * the lines differ between backends): each vcpu's PC, MSR and LPCR after
 * each run.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "machine/machine.h"

struct waiter {
        pthread_mutex_t lock;
        pthread_cond_t cond;
        bool stopped;
        enum machine_stop_reason reason;
};

static void on_console(void *userdata, const uint8_t *buf, size_t len)
{
        (void)userdata;
        fwrite(buf, 1, len, stdout);
        fflush(stdout);
}

static void on_stopped(void *userdata, enum machine_stop_reason reason, const char *detail)
{
        struct waiter *w = userdata;

        (void)detail;
        pthread_mutex_lock(&w->lock);
        w->stopped = true;
        w->reason = reason;
        pthread_cond_broadcast(&w->cond);
        pthread_mutex_unlock(&w->lock);
}

/* The stop reason, or -ETIMEDOUT. */
static int wait_stopped(struct waiter *w, unsigned timeout)
{
        struct timespec deadline;
        int r;

        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += timeout;
        pthread_mutex_lock(&w->lock);
        while (!w->stopped)
                if (pthread_cond_timedwait(&w->cond, &w->lock, &deadline) == ETIMEDOUT)
                        break;
        r = w->stopped ? (int)w->reason : -ETIMEDOUT;
        w->stopped = false;
        pthread_mutex_unlock(&w->lock);
        return r;
}

static void print_regs(struct machine *m)
{
        for (unsigned i = 0; i < machine_vcpu_count(m); i++) {
                struct vcpu *v = machine_vcpu(m, i);
                struct vcpu_regs regs = { 0 };
                uint64_t lpcr = 0;

                v->ops->get_regs(v, &regs);
                if (v->ops->get_one_reg)
                        v->ops->get_one_reg(v, VCPU_REG_LPCR, &lpcr);
                printf("=== REGS vcpu %u pc 0x%llx msr 0x%llx lpcr 0x%llx\n", i, (unsigned long long)regs.pc,
                       (unsigned long long)regs.msr, (unsigned long long)lpcr);
        }
}

int main(int argc, char **argv)
{
        struct waiter w = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };
        struct machine_callbacks cb = { .userdata = &w, .console_output = on_console,
                                        .stopped = on_stopped };
        struct machine_config cfg = { .memory_bytes = 256ull << 20, .vcpus = 1,
                                      .backend = VCPU_BACKEND_AUTO };
        unsigned runs = 2, timeout = 10;
        bool regs = false;
        char err[MACHINE_ERR_LEN];
        struct machine *m;
        int failed = 0, r;

        for (int i = 1; i < argc; i++) {
                const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

                if (!strcmp(a, "--testdev") || !strcmp(a, "--regs")) {
                        *(a[2] == 't' ? &cfg.testdev : &regs) = true;
                        continue;
                }
                if (!val) {
                        fprintf(stderr, "kvm-rerun: %s needs a value\n", a);
                        return 2;
                }
                i++;
                if (!strcmp(a, "--kernel"))
                        cfg.kernel_path = val;
                else if (!strcmp(a, "--backend"))
                        cfg.backend = vcpu_backend_kind_from_string(val);
                else if (!strcmp(a, "--vcpus"))
                        cfg.vcpus = (unsigned)atoi(val);
                else if (!strcmp(a, "--runs"))
                        runs = (unsigned)atoi(val);
                else if (!strcmp(a, "--timeout"))
                        timeout = (unsigned)atoi(val);
                else {
                        fprintf(stderr, "kvm-rerun: unknown option %s\n", a);
                        return 2;
                }
        }
        if (!cfg.kernel_path || (int)cfg.backend < 0 || cfg.vcpus == 0) {
                fprintf(stderr, "kvm-rerun: give --kernel ELF, --backend kvm|emu|auto, --vcpus N >= 1\n");
                return 2;
        }
        r = machine_create(&cfg, &cb, &m, err, sizeof(err));
        if (r < 0) {
                fprintf(stderr, "kvm-rerun: Failed to create the machine: %s\n", err);
                return 2;
        }
        for (unsigned i = 1; i <= runs; i++) {
                printf("=== RUN %u\n", i);
                fflush(stdout);
                if (i > 1 && (r = machine_reset(m, err, sizeof(err))) < 0) {
                        printf("=== RUN %u END reset-failed %s\n", i, err);
                        failed = 1;
                        break;
                }
                if ((r = machine_start(m)) < 0) {
                        printf("=== RUN %u END start-failed %s\n", i, strerror(-r));
                        failed = 1;
                        break;
                }
                r = wait_stopped(&w, timeout);
                machine_stop(m);
                fflush(stdout);
                printf("=== RUN %u END %s\n", i,
                       r < 0 ? "timeout" : machine_stop_reason_to_string((enum machine_stop_reason)r));
                fflush(stdout);
                failed |= r < 0;
                if (regs)
                        print_regs(m);
        }
        machine_destroy(m);
        return failed;
}
