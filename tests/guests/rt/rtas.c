/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * RTAS calls.  The argument buffer is big-endian whatever the guest's byte
 * order (PAPR 7.2.7).  The entry point is /rtas linux,rtas-entry when the
 * machine instantiated RTAS itself; QEMU without firmware leaves that to the
 * OS, so otherwise the runtime's own blob (the KVMPPC_H_RTAS hypercall) is
 * used, as SLOF would have installed.
 */
#include "rt.h"

struct rtas_args {
        uint32_t token;
        uint32_t nargs;
        uint32_t nret;
        uint32_t args[RTAS_MAX_ARGS];
} __attribute__((aligned(8)));

void rt_rtas_enter(struct rtas_args *args, unsigned long entry);
extern const char rt_rtas_blob[];

static unsigned long entry_point(void)
{
        int rtas = dt_find("/rtas");
        int len = 0;
        const uint32_t *p = rtas >= 0 ? dt_prop(rtas, "linux,rtas-entry", &len) : NULL;

        if (p && len == 4)
                return be32(p[0]);
        if (p && len == 8)
                return ((uint64_t)be32(p[0]) << 32) | be32(p[1]);
        return (unsigned long)rt_rtas_blob;
}

uint32_t rtas_token(const char *name)
{
        int rtas = dt_find("/rtas");

        return rtas >= 0 ? dt_u32(rtas, name, RTAS_UNKNOWN_SERVICE) : RTAS_UNKNOWN_SERVICE;
}

static int32_t call_v(uint32_t token, int nargs, int nret, int32_t *rets, va_list ap)
{
        struct rtas_args a;

        if (nargs < 0 || nret < 1 || nargs + nret > RTAS_MAX_ARGS)
                rt_abort("bad RTAS call shape %d/%d", nargs, nret);
        memset(&a, 0, sizeof(a));
        a.token = be32(token);
        a.nargs = be32((uint32_t)nargs);
        a.nret = be32((uint32_t)nret);
        for (int i = 0; i < nargs; i++)
                a.args[i] = be32(va_arg(ap, uint32_t));
        /* Poisoned, so a call that writes no status is noticed. */
        for (int i = 0; i < nret; i++)
                a.args[nargs + i] = be32(0xdeadbeef);
        sync();
        rt_rtas_enter(&a, entry_point());
        sync();
        for (int i = 0; rets && i < nret; i++)
                rets[i] = (int32_t)be32(a.args[nargs + i]);
        return (int32_t)be32(a.args[nargs]);
}

int32_t rtas_call_token(uint32_t token, int nargs, int nret, int32_t *rets, ...)
{
        va_list ap;
        int32_t rc;

        va_start(ap, rets);
        rc = call_v(token, nargs, nret, rets, ap);
        va_end(ap);
        return rc;
}

int32_t rtas_call(const char *name, int nargs, int nret, int32_t *rets, ...)
{
        uint32_t token = rtas_token(name);
        va_list ap;
        int32_t rc;

        if (token == RTAS_UNKNOWN_SERVICE) {
                printf("FAIL no RTAS token for %s\n", name);
                return -1;
        }
        va_start(ap, rets);
        rc = call_v(token, nargs, nret, rets, ap);
        va_end(ap);
        return rc;
}

void rtas_power_off(void)
{
        rtas_call("power-off", 2, 1, NULL, 0u, 0u);
        /* Not reached on a working machine; don't run on into garbage. */
        for (;;)
                ;
}
