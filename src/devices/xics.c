/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * XICS presentation (ICP) and source (ICS) logic, after PAPR's description
 * of the interrupt presentation layer.  One lock covers both: an ICP that
 * rejects an interrupt hands it straight back to the ICS.
 *
 * The rules, for each ICP:
 *  - an interrupt is presented when its priority is more favoured (lower)
 *    than CPPR and than whatever is already pending; a pending interrupt
 *    that loses that race goes back to its source (rejected) to be resent;
 *  - MFRR < CPPR presents the IPI (source 2) unless something more favoured
 *    is pending;
 *  - H_XIRR accepts: returns CPPR<<24 | XISR, raises CPPR to the accepted
 *    priority, empties XISR and lowers the line;
 *  - H_EOI restores CPPR from the XIRR given and lets the source resend;
 *  - lowering the priority (raising CPPR's value) lets rejected sources
 *    and the IPI present again.
 */
#include <errno.h>
#include <string.h>

#include "devices/xics.h"

void xics_init(struct xics *x, unsigned nr_servers)
{
        memset(x, 0, sizeof(*x));
        pthread_mutex_init(&x->lock, NULL);
        x->nr_servers = nr_servers > XICS_MAX_SERVERS ? XICS_MAX_SERVERS : nr_servers;
        xics_reset(x);
}

void xics_fini(struct xics *x)
{
        pthread_mutex_destroy(&x->lock);
}

/* Sources the platform raises with a level line. */
static bool irq_is_lsi(uint32_t irq)
{
        (void)irq;
        return false;
}

void xics_reset(struct xics *x)
{
        pthread_mutex_lock(&x->lock);
        for (unsigned s = 0; s < XICS_MAX_SERVERS; s++) {
                bool was_up = x->icp[s].xisr != 0;

                x->icp[s] = (struct xics_icp){ .cppr = 0, .mfrr = XICS_PRIO_MASKED,
                                               .pending_priority = XICS_PRIO_MASKED };
                if (was_up && x->set_line)
                        x->set_line(x->opaque, s, false);
        }
        for (unsigned i = 0; i < XICS_NR_IRQS; i++)
                x->src[i] = (struct xics_source){ .server = 0, .priority = XICS_PRIO_MASKED,
                                                  .saved_priority = XICS_PRIO_MASKED,
                                                  .lsi = irq_is_lsi(XICS_IRQ_BASE + i) };
        pthread_mutex_unlock(&x->lock);
}

bool xics_valid_irq(uint32_t irq)
{
        return irq >= XICS_IRQ_BASE && irq < XICS_IRQ_BASE + XICS_NR_IRQS;
}

static struct xics_source *source(struct xics *x, uint32_t irq)
{
        return xics_valid_irq(irq) ? &x->src[irq - XICS_IRQ_BASE] : NULL;
}

static void line(struct xics *x, unsigned server, bool up)
{
        if (x->set_line)
                x->set_line(x->opaque, server, up);
}

/* The ICP bounced irq: the source keeps it to resend later. */
static void ics_reject(struct xics *x, uint32_t irq)
{
        struct xics_source *s = source(x, irq);

        if (!s)
                return;          /* the IPI is not an ICS source: MFRR still holds it */
        if (s->lsi)
                s->status &= ~XICS_STATUS_SENT;
        else
                s->status |= XICS_STATUS_REJECTED;
}

/* Offers irq at priority to server's ICP. */
static void icp_irq(struct xics *x, unsigned server, uint32_t irq, uint8_t priority)
{
        struct xics_icp *icp = &x->icp[server];

        if (priority >= icp->cppr || (icp->xisr && icp->pending_priority <= priority)) {
                ics_reject(x, irq);
                return;
        }
        if (icp->xisr)
                ics_reject(x, icp->xisr);
        icp->xisr = irq;
        icp->pending_priority = priority;
        line(x, server, true);
}

static void ics_deliver(struct xics *x, uint32_t irq)
{
        struct xics_source *s = source(x, irq);

        if (s->priority == XICS_PRIO_MASKED || s->server >= x->nr_servers) {
                if (!s->lsi)
                        s->status |= XICS_STATUS_MASKED_PENDING;
                return;
        }
        if (s->lsi)
                s->status |= XICS_STATUS_SENT;
        icp_irq(x, s->server, irq, s->priority);
}

/* Resends whatever the sources hold back (after a CPPR drop or an EOI). */
static void ics_resend(struct xics *x)
{
        for (unsigned i = 0; i < XICS_NR_IRQS; i++) {
                struct xics_source *s = &x->src[i];

                if (s->lsi && (s->status & XICS_STATUS_ASSERTED) && !(s->status & XICS_STATUS_SENT)) {
                        ics_deliver(x, XICS_IRQ_BASE + i);
                } else if (!s->lsi && (s->status & XICS_STATUS_REJECTED)) {
                        s->status &= ~XICS_STATUS_REJECTED;
                        ics_deliver(x, XICS_IRQ_BASE + i);
                }
        }
}

static void icp_check_ipi(struct xics *x, unsigned server)
{
        struct xics_icp *icp = &x->icp[server];

        if (icp->xisr && icp->pending_priority <= icp->mfrr)
                return;
        if (icp->xisr)
                ics_reject(x, icp->xisr);
        icp->xisr = XICS_IPI;
        icp->pending_priority = icp->mfrr;
        line(x, server, true);
}

static void icp_resend(struct xics *x, unsigned server)
{
        struct xics_icp *icp = &x->icp[server];

        if (icp->mfrr < icp->cppr)
                icp_check_ipi(x, server);
        ics_resend(x);
}

uint32_t xics_accept(struct xics *x, unsigned server)
{
        struct xics_icp *icp;
        uint32_t xirr;

        if (server >= x->nr_servers)
                return 0;
        pthread_mutex_lock(&x->lock);
        icp = &x->icp[server];
        xirr = (uint32_t)icp->cppr << 24 | icp->xisr;
        if (icp->xisr) {
                line(x, server, false);
                icp->cppr = icp->pending_priority;
                icp->xisr = 0;
                icp->pending_priority = XICS_PRIO_MASKED;
        }
        pthread_mutex_unlock(&x->lock);
        return xirr;
}

uint32_t xics_peek(struct xics *x, unsigned server, uint8_t *ret_mfrr)
{
        uint32_t xirr;

        if (server >= x->nr_servers)
                return 0;
        pthread_mutex_lock(&x->lock);
        xirr = (uint32_t)x->icp[server].cppr << 24 | x->icp[server].xisr;
        if (ret_mfrr)
                *ret_mfrr = x->icp[server].mfrr;
        pthread_mutex_unlock(&x->lock);
        return xirr;
}

void xics_eoi(struct xics *x, unsigned server, uint32_t xirr)
{
        struct xics_icp *icp;
        struct xics_source *s;

        if (server >= x->nr_servers)
                return;
        pthread_mutex_lock(&x->lock);
        icp = &x->icp[server];
        icp->cppr = xirr >> 24;
        s = source(x, xirr & XICS_XISR_MASK);
        if (s && s->lsi) {
                s->status &= ~XICS_STATUS_SENT;
                if (s->status & XICS_STATUS_ASSERTED)
                        ics_deliver(x, xirr & XICS_XISR_MASK);
        }
        if (!icp->xisr)
                icp_resend(x, server);
        pthread_mutex_unlock(&x->lock);
}

void xics_set_cppr(struct xics *x, unsigned server, uint8_t cppr)
{
        struct xics_icp *icp;
        uint8_t old;

        if (server >= x->nr_servers)
                return;
        pthread_mutex_lock(&x->lock);
        icp = &x->icp[server];
        old = icp->cppr;
        icp->cppr = cppr;
        if (cppr < old) {
                /* more favoured: a pending interrupt that no longer beats CPPR goes back */
                if (icp->xisr && cppr <= icp->pending_priority) {
                        uint32_t irq = icp->xisr;

                        icp->xisr = 0;
                        icp->pending_priority = XICS_PRIO_MASKED;
                        line(x, server, false);
                        ics_reject(x, irq);
                }
        } else if (!icp->xisr) {
                icp_resend(x, server);
        }
        pthread_mutex_unlock(&x->lock);
}

void xics_set_mfrr(struct xics *x, unsigned server, uint8_t mfrr)
{
        struct xics_icp *icp;

        if (server >= x->nr_servers)
                return;
        pthread_mutex_lock(&x->lock);
        icp = &x->icp[server];
        icp->mfrr = mfrr;
        if (mfrr < icp->cppr)
                icp_check_ipi(x, server);
        pthread_mutex_unlock(&x->lock);
}

int xics_set_xive(struct xics *x, uint32_t irq, uint32_t server, uint8_t priority)
{
        struct xics_source *s = source(x, irq);

        if (!s || server >= x->nr_servers)
                return -EINVAL;
        pthread_mutex_lock(&x->lock);
        s->server = server;
        s->priority = priority;
        s->saved_priority = priority;
        if (priority != XICS_PRIO_MASKED) {
                if (!s->lsi && (s->status & XICS_STATUS_MASKED_PENDING)) {
                        s->status &= ~XICS_STATUS_MASKED_PENDING;
                        ics_deliver(x, irq);
                } else if (s->lsi && (s->status & XICS_STATUS_ASSERTED) && !(s->status & XICS_STATUS_SENT)) {
                        ics_deliver(x, irq);
                }
        }
        pthread_mutex_unlock(&x->lock);
        return 0;
}

int xics_get_xive(struct xics *x, uint32_t irq, uint32_t *ret_server, uint8_t *ret_priority)
{
        struct xics_source *s = source(x, irq);

        if (!s)
                return -EINVAL;
        pthread_mutex_lock(&x->lock);
        *ret_server = s->server;
        *ret_priority = s->priority;
        pthread_mutex_unlock(&x->lock);
        return 0;
}

int xics_int_off(struct xics *x, uint32_t irq)
{
        struct xics_source *s = source(x, irq);

        if (!s)
                return -EINVAL;
        pthread_mutex_lock(&x->lock);
        /* masks without forgetting the priority int-on restores */
        s->priority = XICS_PRIO_MASKED;
        pthread_mutex_unlock(&x->lock);
        return 0;
}

int xics_int_on(struct xics *x, uint32_t irq)
{
        struct xics_source *s = source(x, irq);
        uint8_t prio;
        uint32_t server;

        if (!s)
                return -EINVAL;
        pthread_mutex_lock(&x->lock);
        prio = s->saved_priority;
        server = s->server;
        pthread_mutex_unlock(&x->lock);
        xics_set_xive(x, irq, server, prio);
        return 0;
}

void xics_fire_msi(struct xics *x, uint32_t irq)
{
        struct xics_source *s = source(x, irq);

        if (!s || s->lsi)
                return;
        pthread_mutex_lock(&x->lock);
        ics_deliver(x, irq);
        pthread_mutex_unlock(&x->lock);
}

void xics_set_lsi(struct xics *x, uint32_t irq, bool level)
{
        struct xics_source *s = source(x, irq);

        if (!s || !s->lsi)
                return;
        pthread_mutex_lock(&x->lock);
        if (level) {
                s->status |= XICS_STATUS_ASSERTED;
                if (!(s->status & XICS_STATUS_SENT))
                        ics_deliver(x, irq);
        } else {
                s->status &= ~XICS_STATUS_ASSERTED;
        }
        pthread_mutex_unlock(&x->lock);
}
