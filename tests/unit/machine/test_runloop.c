/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The vcpu run loop and the machine's life, on the fake backend: each test
 * scripts the exits its vcpus take.  Waits are bounded (a hang fails).
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "elf_build.h"
#include "fake_vcpu.h"
#include "machine/machine.h"
#include "test.h"

#define MSR_SF (1ull << 63)
#define MSR_ME (1ull << 12)
#define BLOCK  0x2000u        /* RTAS argument block the scripts build */

static struct {
        pthread_mutex_t lock;
        pthread_cond_t cond;
        int stopped;
        enum machine_stop_reason reason;
        char detail[256];
        int osi_calls;
        bool osi_answer;
        struct machine *m;
        bool v1_started_ok;
} S = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

static void on_stopped(void *u, enum machine_stop_reason r, const char *detail)
{
        (void)u;
        pthread_mutex_lock(&S.lock);
        S.stopped++;
        S.reason = r;
        strncpy(S.detail, detail, sizeof(S.detail) - 1);
        pthread_cond_broadcast(&S.cond);
        pthread_mutex_unlock(&S.lock);
}

static void on_osi(void *u, unsigned index, const uint64_t gprs[32])
{
        uint64_t g[32];

        (void)u;
        __atomic_fetch_add(&S.osi_calls, 1, __ATOMIC_SEQ_CST);
        if (!S.osi_answer)
                return;
        memcpy(g, gprs, sizeof(g));
        g[3] = 42;
        machine_osi_complete(S.m, index, g);
}

static struct machine *start(unsigned vcpus, int (*script)(struct fake_vcpu *))
{
        struct elf_spec s = elf_spec_default(true);
        const char *path = elf_build_file(&s);
        struct machine_config cfg = { .memory_bytes = 64ull << 20, .vcpus = vcpus,
                                      .kernel_path = path, .backend_ops = &fake_vcpu_ops };
        struct machine_callbacks cb = { .stopped = on_stopped, .osi_call = on_osi };
        char err[MACHINE_ERR_LEN];
        struct machine *m = NULL;

        S.stopped = 0;
        S.reason = MACHINE_STOP_NONE;
        S.detail[0] = 0;
        S.osi_calls = 0;
        S.v1_started_ok = false;
        fake_script = script;
        CHECK_EQ(machine_create(&cfg, &cb, &m, err, sizeof(err)), 0);
        unlink(path);
        S.m = m;
        CHECK_EQ(machine_start(m), 0);
        return m;
}

static bool wait_stopped(void)
{
        bool ok;

        for (int i = 0; i < 1000; i++) {
                pthread_mutex_lock(&S.lock);
                ok = S.stopped > 0;
                pthread_mutex_unlock(&S.lock);
                if (ok)
                        return true;
                usleep(5000);
        }
        return false;
}

static void wait_runs(struct machine *m, unsigned index, unsigned n)
{
        for (int i = 0; i < 1000 && __atomic_load_n(&fake_of(machine_vcpu(m, index))->runs,
                                                     __ATOMIC_RELAXED) < n; i++)
                usleep(5000);
}

static void idle(struct fake_vcpu *v)
{
        usleep(500);
        v->run.exit_reason = KVM_EXIT_INTR;
}

static void put_be32(uint8_t *b, uint32_t v)
{
        b[0] = v >> 24;
        b[1] = v >> 16;
        b[2] = v >> 8;
        b[3] = v;
}

/* Builds an RTAS call in guest RAM and exits with KVMPPC_H_RTAS. */
static int rtas_exit(struct fake_vcpu *v, uint32_t token, uint32_t nargs, uint32_t nret,
                     const uint32_t *args)
{
        uint8_t *b = (uint8_t *)((struct fake_vm *)v->base.vm)->ram + BLOCK + 0x100 * v->base.id;

        put_be32(b, token);
        put_be32(b + 4, nargs);
        put_be32(b + 8, nret);
        for (uint32_t i = 0; i < nargs; i++)
                put_be32(b + 12 + 4 * i, args[i]);
        v->run.exit_reason = KVM_EXIT_PAPR_HCALL;
        v->run.papr_hcall.nr = 0xf000;
        memset(v->run.papr_hcall.args, 0, sizeof(v->run.papr_hcall.args));
        v->run.papr_hcall.args[0] = BLOCK + 0x100 * v->base.id;
        return 0;
}

static int script_power_off(struct fake_vcpu *v)
{
        if (v->runs == 1)
                return rtas_exit(v, 0x2003, 2, 1, (const uint32_t[]){ -1u, -1u });
        idle(v);
        return 0;
}

TEST(test_runloop_rtas_power_off_stops_the_machine)
{
        struct machine *m = start(1, script_power_off);

        CHECK(wait_stopped());
        CHECK_EQ(S.reason, MACHINE_STOP_POWEROFF);
        CHECK_EQ(machine_stop(m), 0);
        CHECK(!machine_is_running(m));
        CHECK_EQ(S.stopped, 1);
        machine_destroy(m);
}

static int script_crash(struct fake_vcpu *v)
{
        v->run.exit_reason = KVM_EXIT_INTERNAL_ERROR;
        v->run.internal.pc = 0x400123;
        v->run.internal.insn = 0xdeadbeef;
        strcpy(v->run.internal.reason, "emulation failed");
        return 0;
}

TEST(test_runloop_internal_error_crashes_with_pc_and_instruction)
{
        struct machine *m = start(1, script_crash);

        CHECK(wait_stopped());
        CHECK_EQ(S.reason, MACHINE_STOP_CRASHED);
        CHECK(strstr(S.detail, "0x400123"));
        CHECK(strstr(S.detail, "0xdeadbeef"));
        machine_destroy(m);
}

static int script_idle(struct fake_vcpu *v)
{
        idle(v);
        return 0;
}

TEST(test_runloop_pause_parks_every_vcpu_and_resume_continues)
{
        struct machine *m = start(2, script_idle);
        unsigned before;

        wait_runs(m, 0, 3);
        CHECK_EQ(machine_pause(m), 0);
        before = __atomic_load_n(&fake_of(machine_vcpu(m, 0))->runs, __ATOMIC_SEQ_CST);
        usleep(20000);
        CHECK_EQ(__atomic_load_n(&fake_of(machine_vcpu(m, 0))->runs, __ATOMIC_SEQ_CST), before);
        CHECK_EQ(machine_resume(m), 0);
        wait_runs(m, 0, before + 3);
        CHECK(__atomic_load_n(&fake_of(machine_vcpu(m, 0))->runs, __ATOMIC_SEQ_CST) >= before + 3);
        CHECK_EQ(machine_stop(m), 0);
        machine_destroy(m);
}

static int script_osi(struct fake_vcpu *v)
{
        if (v->runs == 1) {
                v->run.exit_reason = KVM_EXIT_OSI;
                memset(v->run.osi.gprs, 0, sizeof(v->run.osi.gprs));
                v->run.osi.gprs[3] = 0x113724fa;
                return 0;
        }
        idle(v);
        return 0;
}

TEST(test_runloop_osi_handler_answers_with_its_registers)
{
        struct machine *m;

        S.osi_answer = true;
        m = start(1, script_osi);
        wait_runs(m, 0, 3);
        CHECK_EQ(machine_pause(m), 0);
        CHECK_EQ(S.osi_calls, 1);
        CHECK_EQ(fake_of(machine_vcpu(m, 0))->regs.gpr[3], 42);
        machine_destroy(m);
}

TEST(test_runloop_osi_unanswered_is_completed_by_osi_complete_null)
{
        struct machine *m;

        S.osi_answer = false;
        m = start(1, script_osi);
        for (int i = 0; i < 1000 && __atomic_load_n(&S.osi_calls, __ATOMIC_SEQ_CST) == 0; i++)
                usleep(5000);
        CHECK_EQ(machine_osi_complete(m, 0, NULL), 0);
        wait_runs(m, 0, 3);
        CHECK_EQ(machine_pause(m), 0);
        CHECK_EQ(fake_of(machine_vcpu(m, 0))->regs.gpr[3], UINT64_MAX);
        CHECK_EQ(machine_osi_complete(m, 0, NULL), -ENOENT);
        machine_destroy(m);
}

static int script_start_cpu(struct fake_vcpu *v)
{
        if (v->base.id == 0 && v->runs == 1)
                return rtas_exit(v, 0x2006, 3, 1, (const uint32_t[]){ 1, 0x8000, 0x99 });
        if (v->base.id == 1 && v->runs == 1)
                __atomic_store_n(&S.v1_started_ok, v->regs.pc == 0x8000 && v->regs.gpr[3] == 0x99 &&
                                 v->regs.msr == (MSR_SF | MSR_ME), __ATOMIC_SEQ_CST);
        idle(v);
        return 0;
}

TEST(test_runloop_start_cpu_starts_a_stopped_vcpu)
{
        struct machine *m = start(2, script_start_cpu);

        wait_runs(m, 1, 2);
        CHECK_EQ(machine_pause(m), 0);
        CHECK(S.v1_started_ok);
        CHECK_EQ(fake_of(machine_vcpu(m, 1))->mp, VCPU_MP_RUNNABLE);
        machine_destroy(m);
}

static int script_stop_self(struct fake_vcpu *v)
{
        if (v->base.id == 0 && v->runs == 1)
                return rtas_exit(v, 0x2006, 3, 1, (const uint32_t[]){ 1, 0x8000, 0 });
        if (v->base.id == 1 && v->runs == 1)
                return rtas_exit(v, 0x2007, 0, 0, NULL);
        idle(v);
        return 0;
}

TEST(test_runloop_stop_self_parks_the_vcpu)
{
        struct machine *m = start(2, script_stop_self);

        wait_runs(m, 1, 2);    /* the stop-self hcall was completed */
        CHECK_EQ(machine_pause(m), 0);
        CHECK_EQ(fake_of(machine_vcpu(m, 1))->mp, VCPU_MP_STOPPED);
        CHECK_EQ(fake_of(machine_vcpu(m, 1))->runs, 2);
        machine_destroy(m);
}

static int script_mmio(struct fake_vcpu *v)
{
        if (v->runs == 1) {
                v->run.exit_reason = KVM_EXIT_MMIO;
                v->run.mmio.phys_addr = 0x900000000ull;
                v->run.mmio.len = 4;
                v->run.mmio.is_write = 0;
                memset(v->run.mmio.data, 0, 8);
                return 0;
        }
        idle(v);
        return 0;
}

TEST(test_runloop_unassigned_mmio_reads_all_ones)
{
        struct machine *m = start(1, script_mmio);
        struct vcpu_stats st;

        wait_runs(m, 0, 3);
        CHECK_EQ(machine_pause(m), 0);
        CHECK_EQ(fake_of(machine_vcpu(m, 0))->regs.gpr[20] & 0xffffffff, 0xffffffff);
        CHECK_EQ(machine_vcpu_stats(m, 0, &st), 0);
        CHECK_EQ(st.exits[KVM_EXIT_MMIO], 1);
        machine_destroy(m);
}

static int script_move_pc(struct fake_vcpu *v)
{
        v->regs.pc += 4;
        idle(v);
        return 0;
}

TEST(test_runloop_reset_returns_to_the_boot_state)
{
        struct machine *m = start(1, script_move_pc);
        char err[MACHINE_ERR_LEN];
        uint8_t *ram = machine_ram(m, NULL);

        wait_runs(m, 0, 3);
        CHECK_EQ(machine_pause(m), 0);
        ram[0x100000] = 0x55;
        fake_vcpu_ops.interrupt(machine_vcpu(m, 0), VCPU_INTERRUPT_SET_LEVEL);
        CHECK(fake_of(machine_vcpu(m, 0))->regs.pc != 0x400000);
        CHECK_EQ(machine_reset(m, err, sizeof(err)), 0);
        CHECK_EQ(fake_of(machine_vcpu(m, 0))->regs.pc, 0x400000);
        CHECK_EQ(fake_of(machine_vcpu(m, 0))->spr[22], 0x7fffffff);   /* DEC */
        CHECK_EQ(fake_of(machine_vcpu(m, 0))->line, 0);
        CHECK_EQ(ram[0x100000], 0);
        CHECK_EQ(ram[0x400000], 1);       /* the kernel is back */
        machine_destroy(m);
}

TEST(test_runloop_stopped_machine_restarts_only_after_reset)
{
        struct machine *m = start(1, script_idle);
        char err[MACHINE_ERR_LEN];

        CHECK_EQ(machine_stop(m), 0);
        CHECK_EQ(machine_start(m), -ESTALE);
        CHECK_EQ(machine_reset(m, err, sizeof(err)), 0);
        CHECK_EQ(machine_start(m), 0);
        CHECK(machine_is_running(m));
        machine_destroy(m);
}

TEST(test_runloop_reset_refused_while_running)
{
        struct machine *m = start(1, script_idle);
        char err[MACHINE_ERR_LEN];

        CHECK_EQ(machine_reset(m, err, sizeof(err)), -EBUSY);
        machine_destroy(m);
}

TEST(test_stop_reason_names_round_trip)
{
        CHECK(strcmp(machine_stop_reason_to_string(MACHINE_STOP_POWEROFF), "poweroff") == 0);
        CHECK(strcmp(machine_stop_reason_to_string(MACHINE_STOP_CRASHED), "crashed") == 0);
        CHECK(machine_stop_reason_to_string(_MACHINE_STOP_MAX) == NULL);
}

TEST(test_runloop_start_paused_runs_nothing_until_resume)
{
        struct elf_spec s = elf_spec_default(true);
        const char *path = elf_build_file(&s);
        struct machine_config cfg = { .memory_bytes = 64ull << 20, .vcpus = 2,
                                      .kernel_path = path, .backend_ops = &fake_vcpu_ops };
        char err[MACHINE_ERR_LEN];
        struct machine *m = NULL;

        fake_script = script_idle;
        CHECK_EQ(machine_create(&cfg, NULL, &m, err, sizeof(err)), 0);
        unlink(path);
        CHECK_EQ(machine_start_paused(m), 0);
        CHECK_EQ(__atomic_load_n(&fake_of(machine_vcpu(m, 0))->runs, __ATOMIC_SEQ_CST), 0);
        CHECK_EQ(machine_resume(m), 0);
        wait_runs(m, 0, 1);
        CHECK(__atomic_load_n(&fake_of(machine_vcpu(m, 0))->runs, __ATOMIC_SEQ_CST) >= 1);
        machine_destroy(m);
}

static int epow_asked, epow_done;

/* Calls check-exception once the test has asked for the shutdown. */
static int script_check_exception(struct fake_vcpu *v)
{
        if (__atomic_load_n(&epow_asked, __ATOMIC_SEQ_CST) && !__atomic_load_n(&epow_done, __ATOMIC_SEQ_CST)) {
                __atomic_store_n(&epow_done, 1, __ATOMIC_SEQ_CST);
                return rtas_exit(v, 0x200e, 6, 1, (const uint32_t[]){ 0x500, 0, 0x40000000, 1, 0x3000, 2048 });
        }
        idle(v);
        return 0;
}

TEST(test_runloop_request_shutdown_gives_the_guest_an_epow_event)
{
        struct machine *m = start(1, script_check_exception);
        uint8_t *ram = machine_ram(m, NULL);

        CHECK_EQ(machine_request_shutdown(m), 0);
        __atomic_store_n(&epow_asked, 1, __ATOMIC_SEQ_CST);
        for (int i = 0; i < 1000 && !__atomic_load_n(&epow_done, __ATOMIC_SEQ_CST); i++)
                usleep(5000);
        wait_runs(m, 0, __atomic_load_n(&fake_of(machine_vcpu(m, 0))->runs, __ATOMIC_SEQ_CST) + 2);
        CHECK_EQ(machine_pause(m), 0);
        CHECK_EQ(ram[BLOCK + 12 + 24 + 3], 0);   /* check-exception: success, not 1 */
        CHECK_EQ(ram[0x3003], 0x40);             /* an EPOW log */
        machine_destroy(m);
}
