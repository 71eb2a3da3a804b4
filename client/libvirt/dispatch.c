/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Calls: find the procedure, enforce the connection's state and read-only
 * mode, run it, send the reply or the error.  Procedures that are not
 * implemented get exactly libvirtd's "unknown procedure: N" error, which
 * clients turn into VIR_ERR_NO_SUPPORT and skip where it is optional.
 */
#include <stdarg.h>
#include <stdio.h>

#include "virtppcvmd.h"

static const ProcEntry *const tables[] = { procs_connect, procs_domain, procs_lifecycle };

static const ProcEntry *find_proc(int32_t proc)
{
        for (size_t t = 0; t < G_N_ELEMENTS(tables); t++)
                for (const ProcEntry *e = tables[t]; e->run; e++)
                        if (e->proc == proc)
                                return e;
        return NULL;
}

int call_fail(Call *call, int code, int domain, const char *fmt, ...)
{
        va_list ap;

        g_free(call->err_message);
        va_start(ap, fmt);
        call->err_message = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        call->err_code = code;
        call->err_domain = domain;
        return -1;
}

bool call_args_done(Call *call)
{
        if (xdr_reader_done(&call->args))
                return true;
        call_fail(call, VIR_ERR_RPC, VIR_FROM_RPC, "Unable to decode the arguments of procedure %d",
                  call->hdr.proc);
        return false;
}

static void send_reply(Call *call, bool ok)
{
        struct lv_header h = call->hdr;
        struct xdr_writer w;

        h.type = VIR_NET_REPLY;
        h.status = ok ? VIR_NET_OK : VIR_NET_ERROR;
        xdr_writer_init(&w);
        lv_frame_begin(&w, &h);
        if (ok)
                xdr_put_raw(&w, call->ret.buf, call->ret.len);
        else
                lv_put_error(&w, call->err_code, call->err_domain, call->err_message);
        client_send_frame(call->client, &w);
}

void dispatch_call(Client *c, const struct lv_header *h, const uint8_t *payload, size_t len)
{
        Call call = { .client = c, .hdr = *h };
        const ProcEntry *e = find_proc(h->proc);
        int r = -1;

        xdr_reader_init(&call.args, payload, len);
        xdr_writer_init(&call.ret);
        if (!e)
                call_fail(&call, VIR_ERR_RPC, VIR_FROM_RPC, "unknown procedure: %d", h->proc);
        else if ((e->flags & PROC_NEEDS_OPEN) && !c->opened)
                call_fail(&call, VIR_ERR_RPC, VIR_FROM_RPC, "connection not open");
        else if ((e->flags & PROC_WRITE) && c->readonly)
                /* The domain libvirt's own check reports from (libvirt-domain.c). */
                call_fail(&call, VIR_ERR_OPERATION_DENIED,
                          g_str_has_prefix(e->api, "virDomain") ? VIR_FROM_DOMAIN : VIR_FROM_NONE,
                          "operation forbidden: read only access prevents %s", e->api);
        else
                r = e->run(&call);
        if (r == 0 && call.ret.err)
                r = call_fail(&call, VIR_ERR_RPC, VIR_FROM_RPC, "the reply of procedure %d is too large",
                              h->proc);
        send_reply(&call, r == 0);
        xdr_writer_free(&call.ret);
        g_free(call.err_message);
}

/* No procedure here takes file descriptors (libvirt's fd-passing calls open
 * graphics and channels ppcvmd does not have): a CALL_WITH_FDS gets an error
 * reply, and the connection stays. */
void dispatch_call_with_fds(Client *c, const struct lv_header *h)
{
        Call call = { .client = c, .hdr = *h };

        xdr_writer_init(&call.ret);
        if (find_proc(h->proc))
                call_fail(&call, VIR_ERR_RPC, VIR_FROM_RPC, "procedure %d does not take file descriptors",
                          h->proc);
        else
                call_fail(&call, VIR_ERR_RPC, VIR_FROM_RPC, "unknown procedure: %d", h->proc);
        send_reply(&call, false);
        g_free(call.err_message);
}
