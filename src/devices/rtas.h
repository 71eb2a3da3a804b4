/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * RTAS: calls a guest makes with KVMPPC_H_RTAS (r4 = the address of a
 * big-endian argument block: token, nargs, nret, args[nargs], rets[nret]).
 * Tokens are the numbers QEMU's pseries machine gives each call; the device
 * tree's /rtas node lists them.  Each rtas_*.c file contributes a table.
 */
#pragma once

#include <stdint.h>

#include "devices/platform.h"

/* Status codes (PAPR). */
#define RTAS_OUT_SUCCESS           0
#define RTAS_OUT_NO_ERRORS_FOUND   1
#define RTAS_OUT_HW_ERROR         -1
#define RTAS_OUT_BUSY             -2
#define RTAS_OUT_PARAM_ERROR      -3
#define RTAS_OUT_NOT_SUPPORTED    -3

#define RTAS_MAX_ARGS             16u

/* Tokens. */
#define RTAS_DISPLAY_CHARACTER     0x2000
#define RTAS_GET_TIME_OF_DAY       0x2001
#define RTAS_SET_TIME_OF_DAY       0x2002
#define RTAS_POWER_OFF             0x2003
#define RTAS_SYSTEM_REBOOT         0x2004
#define RTAS_QUERY_CPU_STOPPED_STATE 0x2005
#define RTAS_START_CPU             0x2006
#define RTAS_STOP_SELF             0x2007
#define RTAS_IBM_SET_XIVE          0x200a
#define RTAS_IBM_GET_XIVE          0x200b
#define RTAS_IBM_INT_OFF           0x200c
#define RTAS_IBM_INT_ON            0x200d
#define RTAS_CHECK_EXCEPTION       0x200e
#define RTAS_EVENT_SCAN            0x200f
#define RTAS_IBM_OS_TERM           0x201f

/* query-cpu-stopped-state results. */
#define RTAS_CPU_STOPPED           0
#define RTAS_CPU_RUNNING           2

/* One call: args[] in, rets[] out (rets[0] is the status). */
struct rtas_call {
        struct platform *p;
        struct vcpu *vcpu;
        unsigned index;
        uint32_t nargs, nret;
        uint32_t args[RTAS_MAX_ARGS];
        uint32_t rets[RTAS_MAX_ARGS];
};

typedef void (*rtas_fn)(struct rtas_call *c);

struct rtas_def {
        uint32_t token;
        const char *name;
        rtas_fn fn;
};

extern const struct rtas_def rtas_calls_console[];   /* rtas_console.c */
extern const struct rtas_def rtas_calls_time[];      /* rtas_time.c */
extern const struct rtas_def rtas_calls_power[];     /* rtas_power.c */
extern const struct rtas_def rtas_calls_cpu[];       /* rtas_cpu.c */
extern const struct rtas_def rtas_calls_xics[];      /* rtas_xics.c */
extern const struct rtas_def rtas_calls_events[];    /* rtas_events.c */

/* Every call, for the device tree: calls fn(name, token) for each. */
void rtas_for_each(void (*fn)(void *opaque, const char *name, uint32_t token), void *opaque);
const struct rtas_def *rtas_lookup(uint32_t token);
/* Serves the argument block at gpa; H_SUCCESS, or H_PARAMETER when the block
 * is not in RAM or its counts are impossible. */
int64_t rtas_dispatch(struct platform *p, struct vcpu *vcpu, uint64_t gpa);

/* Checks both counts; sets PARAM_ERROR and returns false when they differ. */
bool rtas_check_counts(struct rtas_call *c, uint32_t nargs, uint32_t nret);

/* The RTAS stub in guest RAM: the 20 bytes QEMU's blob held, doing
 * mr r4,r3; lis r3,KVMPPC_H_RTAS@h; ori r3,r3,KVMPPC_H_RTAS@l; sc 1; blr
 * (big-endian words: RTAS is entered in big-endian mode). */
#define RTAS_STUB_SIZE 20u
void rtas_stub_write(uint8_t out[RTAS_STUB_SIZE]);
