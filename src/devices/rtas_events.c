/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * event-scan and check-exception.  The only event this platform raises is
 * EPOW "system shutdown, normal" after machine_request_shutdown: the guest
 * sees source XICS_IRQ_EPOW fire, calls check-exception, and finds a PAPR
 * version 6 error log with an EPOW section asking for an orderly power-off.
 */
#include <string.h>

#include "devices/rtas.h"

#define RTAS_EVENT_MASK_EPOW        0x40000000u

#define RTAS_LOG_VERSION_6          0x06
#define RTAS_LOG_SEVERITY_EVENT     0x1
#define RTAS_LOG_EXTENDED           0x04        /* byte 1 */
#define RTAS_LOG_TYPE_EPOW          0x40
#define RTAS_V6EXT_VALID            0x80
#define RTAS_V6EXT_NEW_LOG          0x04
#define RTAS_V6EXT_FORMAT_EVENT_LOG 0x0e
#define RTAS_V6EXT_COMPANY_IBM      0x49424d00u /* "IBM\0" */
#define PSERIES_SECT_EPOW           0x4550      /* "EP" */
#define EPOW_SYSTEM_SHUTDOWN        3
#define EPOW_MODIFIER_NORMAL        1

#define EPOW_LOG_SIZE               40u

static void put32(uint8_t *b, uint32_t v)
{
        b[0] = v >> 24;
        b[1] = v >> 16;
        b[2] = v >> 8;
        b[3] = v;
}

/* header (8) + v6 extended header (16) + EPOW section (16) */
static void build_epow_log(uint8_t log[EPOW_LOG_SIZE])
{
        uint8_t *ext = log + 8, *sect = log + 24;

        memset(log, 0, EPOW_LOG_SIZE);
        log[0] = RTAS_LOG_VERSION_6;
        log[1] = RTAS_LOG_SEVERITY_EVENT << 5 | RTAS_LOG_EXTENDED;
        log[3] = RTAS_LOG_TYPE_EPOW;
        put32(log + 4, EPOW_LOG_SIZE - 8);
        ext[0] = RTAS_V6EXT_VALID | RTAS_V6EXT_NEW_LOG;
        ext[2] = RTAS_V6EXT_FORMAT_EVENT_LOG;
        put32(ext + 12, RTAS_V6EXT_COMPANY_IBM);
        sect[0] = PSERIES_SECT_EPOW >> 8;
        sect[1] = PSERIES_SECT_EPOW & 0xff;
        sect[3] = 16;                       /* section length */
        sect[4] = 1;                        /* version */
        sect[8] = EPOW_SYSTEM_SHUTDOWN;     /* sensor value: action code */
        sect[9] = EPOW_MODIFIER_NORMAL;
}

/* Hands out the pending EPOW event if the mask asks for it. */
static void scan(struct rtas_call *c, uint32_t mask, uint32_t buf, uint32_t len)
{
        uint8_t log[EPOW_LOG_SIZE];
        uint8_t *dst;
        bool pending;

        pthread_mutex_lock(&c->p->lock);
        pending = c->p->epow_pending && (mask & RTAS_EVENT_MASK_EPOW);
        if (pending && (len < EPOW_LOG_SIZE || !(dst = platform_ram(c->p, buf, EPOW_LOG_SIZE)))) {
                pthread_mutex_unlock(&c->p->lock);
                c->rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
                return;
        }
        if (pending) {
                c->p->epow_pending = false;
                build_epow_log(log);
                memcpy(dst, log, sizeof(log));
                platform_ram_written(c->p, buf, sizeof(log));
        }
        pthread_mutex_unlock(&c->p->lock);
        c->rets[0] = pending ? RTAS_OUT_SUCCESS : RTAS_OUT_NO_ERRORS_FOUND;
}

static void rtas_check_exception(struct rtas_call *c)
{
        if (c->nargs != 6 && c->nargs != 7) {
                rtas_check_counts(c, 6, 1);
                return;
        }
        if (c->nret != 1) {
                rtas_check_counts(c, c->nargs, 1);
                return;
        }
        scan(c, c->args[2], c->args[4], c->args[5]);
}

static void rtas_event_scan(struct rtas_call *c)
{
        if (!rtas_check_counts(c, 4, 1))
                return;
        scan(c, c->args[0], c->args[2], c->args[3]);
}

const struct rtas_def rtas_calls_events[] = {
        { RTAS_CHECK_EXCEPTION, "check-exception", rtas_check_exception },
        { RTAS_EVENT_SCAN, "event-scan", rtas_event_scan },
        { 0, NULL, NULL },
};
