/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Secondary vcpus through RTAS start-cpu / stop-self. */
#include "rt.h"

#define STACK_SIZE      0x8000
#define RT_MAX_CPUS     4

struct rt_cpu {
        uint64_t stack_top;             /* read by rt_secondary_entry */
        unsigned index;
        void (*fn)(unsigned index, void *arg);
        void *arg;
};

extern char rt_stacks[];
extern const char rt_secondary_entry[];
static struct rt_cpu cpus[RT_MAX_CPUS];

/* The n-th node of /cpus whose device_type is "cpu". */
static int cpu_node(unsigned index)
{
        int parent = dt_find("/cpus");
        int child = -1;

        while (parent >= 0 && (child = dt_next_child(parent, child)) >= 0) {
                const char *type = dt_prop(child, "device_type", NULL);

                if (type && !strcmp(type, "cpu") && index-- == 0)
                        return child;
        }
        return -1;
}

unsigned cpu_count(void)
{
        unsigned n = 0;

        while (cpu_node(n) >= 0)
                n++;
        return n;
}

uint32_t cpu_id(unsigned index)
{
        int node = cpu_node(index);

        return node >= 0 ? dt_u32(node, "reg", index) : index;
}

uint32_t cpu_server(unsigned index)
{
        int node = cpu_node(index);

        return node >= 0 ? dt_u32(node, "ibm,ppc-interrupt-server#s", cpu_id(index)) : index;
}

uint64_t tb_freq(void)
{
        static uint64_t freq;
        int node;

        if (!freq) {
                node = cpu_node(0);
                freq = node >= 0 ? dt_u32(node, "timebase-frequency", 512000000) : 512000000;
        }
        return freq;
}

bool wait_until(bool (*cond)(void), unsigned ms)
{
        uint64_t deadline = mftb() + tb_freq() / 1000 * ms;

        while (!cond())
                if (mftb() > deadline)
                        return cond();
        return true;
}

int32_t cpu_start(unsigned index, void (*fn)(unsigned index, void *arg), void *arg)
{
        struct rt_cpu *c;

        if (index == 0 || index >= RT_MAX_CPUS)
                return -3;
        c = &cpus[index];
        c->stack_top = (uint64_t)(uintptr_t)(rt_stacks + (index + 1) * STACK_SIZE);
        c->index = index;
        c->fn = fn;
        c->arg = arg;
        sync();
        return rtas_call("start-cpu", 3, 1, NULL, cpu_id(index),
                         (uint32_t)(uintptr_t)rt_secondary_entry, (uint32_t)(uintptr_t)c);
}

void cpu_stop_self(void)
{
        irq_disable();
        rtas_call("stop-self", 0, 1, NULL);
        rt_abort("stop-self returned");
}

/*
 * Called from rt_secondary_entry on the vcpu's own stack.  No H_SET_MODE
 * here: the interrupt byte order is the partition's (PAPR; QEMU sets every
 * vcpu's LPCR[ILE], and start-cpu gives the new vcpu the caller's), which
 * vcpu 0 set at boot.  Calling it from several vcpus at once also deadlocks
 * QEMU 7.2 (each waits in run_on_cpu for the others).
 */
void rt_secondary_start(struct rt_cpu *c)
{
        set_cpu_index(c->index);
        c->fn(c->index, c->arg);
        cpu_stop_self();
}
