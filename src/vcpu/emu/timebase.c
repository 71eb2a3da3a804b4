/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Timebase and decrementer.
 *
 * The timebase counts at 512 MHz (EMU_TB_FREQ) from the host's
 * CLOCK_MONOTONIC, from the moment the VM was created, so every vcpu of a VM
 * reads the same value; VCPU_REG_TB_OFFSET shifts it for the whole VM.
 *
 * The decrementer is kept as the guest TB value at which it reads 0, so
 * reading it is a subtraction and nothing ticks.  Its exception is pending
 * while the most significant bit is 1 (POWER9's level semantics).  A vcpu
 * cannot afford to read the clock per block to notice that, so each VM has a
 * timer thread that sleeps until the earliest decrementer deadline and then
 * sets EMU_REQ_DEC in the vcpu's request word and wakes it if it sleeps.
 */
#include <errno.h>
#include <time.h>

#include "emu.h"

/* 512 MHz = 64 ticks every 125 ns. */
#define TB_TICKS 64u
#define TB_NS    125u

uint64_t emu_host_ns(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t ns_to_tb(uint64_t ns)
{
        return (uint64_t)((unsigned __int128)ns * TB_TICKS / TB_NS);
}

/* The first host time at which the host TB reaches tb. */
static uint64_t tb_to_ns_ceil(uint64_t tb)
{
        return (uint64_t)(((unsigned __int128)tb * TB_NS + TB_TICKS - 1) / TB_TICKS);
}

uint64_t emu_read_tb(const struct emu_vm *vm)
{
        int64_t off = atomic_load_explicit(&vm->tb_offset, memory_order_relaxed);

        return ns_to_tb(emu_host_ns() - vm->tb_base_ns) + (uint64_t)off;
}

static unsigned dec_bits(const struct emu_cpu *cpu)
{
        return (atomic_load_explicit(&cpu->vm->lpcr, memory_order_relaxed) & LPCR_LD) ? 56 : 32;
}

static int64_t sext_bits(uint64_t v, unsigned bits)
{
        return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

uint64_t emu_dec_read(struct emu_cpu *cpu)
{
        unsigned bits = dec_bits(cpu);
        uint64_t d = cpu->dec_zero - emu_read_tb(cpu->vm);

        /* A 32-bit DEC reads zero-extended; the large one sign-extended. */
        return bits == 32 ? (uint32_t)d : (uint64_t)sext_bits(d, bits);
}

bool emu_dec_pending(const struct emu_cpu *cpu)
{
        unsigned bits = dec_bits(cpu);
        uint64_t d = cpu->dec_zero - emu_read_tb(cpu->vm);

        return (d >> (bits - 1)) & 1;
}

void emu_dec_write(struct emu_cpu *cpu, uint64_t val)
{
        int64_t d = sext_bits(val, dec_bits(cpu));

        emu_dec_set_expiry(cpu, emu_read_tb(cpu->vm) + (uint64_t)d);
}

/* Host time at which DEC's msb next turns 1: when it counts past 0. */
static uint64_t dec_deadline_ns(const struct emu_cpu *cpu)
{
        const struct emu_vm *vm = cpu->vm;
        int64_t off = atomic_load_explicit(&vm->tb_offset, memory_order_relaxed);
        uint64_t host_tb = cpu->dec_zero + 1 - (uint64_t)off;

        return vm->tb_base_ns + tb_to_ns_ceil(host_tb);
}

void emu_dec_set_expiry(struct emu_cpu *cpu, uint64_t tb)
{
        struct emu_vcpu *v = cpu->owner;

        cpu->dec_zero = tb;
        if (!v)
                return;         /* a bare cpu (unit tests) has no timer */

        struct emu_vm *vm = cpu->vm;
        struct emu_timer *t = &emu_host_vm_of(vm)->timer;

        pthread_mutex_lock(&vm->lock);
        if (emu_dec_pending(cpu)) {
                v->dec_armed = false;
                atomic_fetch_or_explicit(&v->req, EMU_REQ_DEC, memory_order_release);
        } else {
                /* Writing a value with msb 0 lowers the exception. */
                atomic_fetch_and_explicit(&v->req, ~EMU_REQ_DEC, memory_order_release);
                v->dec_armed = true;
                v->dec_deadline_ns = dec_deadline_ns(cpu);
                if (v->dec_deadline_ns < t->wake_ns)
                        pthread_cond_signal(&t->cond);
        }
        pthread_mutex_unlock(&vm->lock);
}

void emu_dec_disarm(struct emu_vcpu *v)
{
        struct emu_vm *vm = v->cpu.vm;

        pthread_mutex_lock(&vm->lock);
        v->dec_armed = false;
        pthread_mutex_unlock(&vm->lock);
}

/* The decrementer expired: flag it, wake the vcpu, and look again when the
 * counter next wraps into negative values (if nobody writes it before). */
static void dec_fire(struct emu_vcpu *v)
{
        unsigned bits = dec_bits(&v->cpu);

        atomic_fetch_or_explicit(&v->req, EMU_REQ_DEC, memory_order_release);
        v->dec_deadline_ns += tb_to_ns_ceil(1ull << bits);
        emu_vcpu_wake(v, true);
}

static void *timer_main(void *arg)
{
        struct emu_host_vm *hvm = arg;
        struct emu_vm *vm = &hvm->vm;
        struct emu_timer *t = &hvm->timer;

        pthread_mutex_lock(&vm->lock);
        while (!t->stop) {
                uint64_t now = emu_host_ns(), next = UINT64_MAX;

                for (unsigned i = 0; i < vm->max_vcpus; i++) {
                        struct emu_vcpu *v = vm->vcpus[i];
                        if (!v || !v->dec_armed)
                                continue;
                        if (v->dec_deadline_ns <= now)
                                dec_fire(v);
                        if (v->dec_deadline_ns < next)
                                next = v->dec_deadline_ns;
                }
                t->wake_ns = next;
                if (next == UINT64_MAX) {
                        pthread_cond_wait(&t->cond, &vm->lock);
                } else {
                        struct timespec ts = {
                                .tv_sec = (time_t)(next / 1000000000ull),
                                .tv_nsec = (long)(next % 1000000000ull),
                        };
                        pthread_cond_timedwait(&t->cond, &vm->lock, &ts);
                }
        }
        pthread_mutex_unlock(&vm->lock);
        return NULL;
}

int emu_timer_init(struct emu_host_vm *hvm)
{
        struct emu_timer *t = &hvm->timer;
        pthread_condattr_t attr;
        int r;

        t->stop = false;
        t->wake_ns = UINT64_MAX;
        r = pthread_condattr_init(&attr);
        if (r)
                return -r;
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
        r = pthread_cond_init(&t->cond, &attr);
        pthread_condattr_destroy(&attr);
        if (r)
                return -r;
        r = pthread_create(&t->thread, NULL, timer_main, hvm);
        if (r) {
                pthread_cond_destroy(&t->cond);
                return -r;
        }
        t->started = true;
        return 0;
}

void emu_timer_fini(struct emu_host_vm *hvm)
{
        struct emu_timer *t = &hvm->timer;

        if (!t->started)
                return;
        pthread_mutex_lock(&hvm->vm.lock);
        t->stop = true;
        pthread_cond_signal(&t->cond);
        pthread_mutex_unlock(&hvm->vm.lock);
        pthread_join(t->thread, NULL);
        pthread_cond_destroy(&t->cond);
        t->started = false;
}
