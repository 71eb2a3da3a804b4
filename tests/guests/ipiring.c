/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Four vcpus pass one IPI around a ring 0 -> 1 -> 2 -> 3 -> 0 for ROUNDS
 * rounds, each idling in H_CEDE between hops: cross-vcpu XICS delivery and
 * wakeups under some load.  One token in flight means no IPI can merge with
 * another, so every count is exact.
 */
#include "rt/rt.h"

#define NCPUS           4
#define ROUNDS          50
#define HOPS            (NCPUS * ROUNDS)
#define IPI_PRIORITY    5
#define CPU_STATE_STOPPED 0

static volatile unsigned got[NCPUS];
static unsigned hops;                   /* atomic */
static volatile unsigned started[NCPUS], done;

static void on_external(struct rt_regs *r)
{
        unsigned long ret[9];
        unsigned me = cpu_index();

        hcall(H_XIRR, ret, 0, 0, 0, 0);
        if ((ret[0] & 0xffffff) == XICS_IPI) {
                hcall2(H_IPI, cpu_server(me), 0xff);
                got[me] = got[me] + 1;
                if (__atomic_add_fetch(&hops, 1, __ATOMIC_SEQ_CST) < HOPS)
                        hcall2(H_IPI, cpu_server((me + 1) % NCPUS), IPI_PRIORITY);
        }
        hcall1(H_EOI, ret[0]);
}

/* Every vcpu, vcpu 0 included: take IPIs while idling until done. */
static void idle_in_ring(void)
{
        hcall1(H_CPPR, 0xff);
        while (!done) {
                irq_disable();
                if (!done)
                        hcall0(H_CEDE);         /* returns with EE on: the IPI is taken */
        }
        irq_disable();
}

static void secondary(unsigned index, void *arg)
{
        started[index] = 1;
        sync();
        idle_in_ring();
}

static bool all_started(void)
{
        for (unsigned i = 1; i < NCPUS; i++)
                if (!started[i])
                        return false;
        return true;
}

static bool ring_done(void)
{
        return __atomic_load_n(&hops, __ATOMIC_SEQ_CST) >= HOPS;
}

static bool all_stopped(void)
{
        for (unsigned i = 1; i < NCPUS; i++) {
                int32_t r[2];

                if (rtas_call("query-cpu-stopped-state", 1, 2, r, cpu_id(i)) != 0 ||
                    r[1] != CPU_STATE_STOPPED)
                        return false;
        }
        return true;
}

int guest_main(void)
{
        exc_set_handler(0x500, on_external);
        if (!check_eq("vcpus", cpu_count(), NCPUS))
                return 1;
        for (unsigned i = 1; i < NCPUS; i++)
                check_eq("start-cpu", cpu_start(i, secondary, NULL), 0);
        check(wait_until(all_started, 5000), "all vcpus run");

        hcall1(H_CPPR, 0xff);
        hcall2(H_IPI, cpu_server(1), IPI_PRIORITY);     /* the first hop */
        irq_enable();
        check(wait_until(ring_done, 20000), "the token went round %d times", ROUNDS);
        irq_disable();
        for (unsigned i = 0; i < NCPUS; i++)
                check_eq("IPIs taken by one vcpu", got[i], ROUNDS);

        done = 1;
        sync();
        for (unsigned i = 1; i < NCPUS; i++)
                hcall1(H_PROD, cpu_id(i));
        check(wait_until(all_stopped, 5000), "the other vcpus stopped themselves");
        return 0;
}
