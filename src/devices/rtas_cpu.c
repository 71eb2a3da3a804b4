/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * start-cpu, stop-self, query-cpu-stopped-state.  A cpu number is the vcpu
 * index (the "reg" of its device-tree node).
 */
#include "devices/rtas.h"

static bool cpu_stopped(struct platform *p, unsigned index)
{
        return p->hooks.cpu_stopped && p->hooks.cpu_stopped(p->hooks.opaque, index);
}

static void rtas_query_cpu_stopped_state(struct rtas_call *c)
{
        uint32_t id;

        if (!rtas_check_counts(c, 1, 2))
                return;
        id = c->args[0];
        if (id >= c->p->nr_vcpus) {
                c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
                return;
        }
        c->rets[0] = RTAS_OUT_SUCCESS;
        c->rets[1] = cpu_stopped(c->p, id) ? RTAS_CPU_STOPPED : RTAS_CPU_RUNNING;
}

static void rtas_start_cpu(struct rtas_call *c)
{
        uint32_t id;

        if (!rtas_check_counts(c, 3, 1))
                return;
        id = c->args[0];
        if (id >= c->p->nr_vcpus) {
                c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
                return;
        }
        if (!c->p->hooks.start_cpu ||
            c->p->hooks.start_cpu(c->p->hooks.opaque, id, c->args[1], c->args[2]) < 0) {
                c->rets[0] = (uint32_t)RTAS_OUT_HW_ERROR;   /* not stopped */
                return;
        }
        c->rets[0] = RTAS_OUT_SUCCESS;
}

/* No return: the vcpu parks until someone start-cpus it again. */
static void rtas_stop_self(struct rtas_call *c)
{
        if (c->p->hooks.stop_self)
                c->p->hooks.stop_self(c->p->hooks.opaque, c->index);
        if (c->nret)
                c->rets[0] = RTAS_OUT_SUCCESS;
}

const struct rtas_def rtas_calls_cpu[] = {
        { RTAS_QUERY_CPU_STOPPED_STATE, "query-cpu-stopped-state", rtas_query_cpu_stopped_state },
        { RTAS_START_CPU, "start-cpu", rtas_start_cpu },
        { RTAS_STOP_SELF, "stop-self", rtas_stop_self },
        { 0, NULL, NULL },
};
