/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * XICS, the PAPR interrupt controller as hypercalls see it: one presentation
 * controller (ICP) per vcpu (server number = vcpu index) and one source
 * controller (ICS) with sources XICS_IRQ_BASE..+XICS_NR_IRQS.  Source 2 is
 * the inter-processor interrupt every ICP raises through its MFRR.  Priority
 * 0 is the most favoured, 0xff means masked.  An ICP with an interrupt to
 * present holds its vcpu's external line up (level); accepting it (H_XIRR)
 * lowers the line.
 */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define XICS_IPI           0x2u
#define XICS_IRQ_BASE      0x1000u
#define XICS_NR_IRQS       0x200u
#define XICS_MAX_SERVERS   64u
#define XICS_PRIO_MASKED   0xffu
#define XICS_XISR_MASK     0x00ffffffu

/* Sources the platform wires up (numbers as QEMU's pseries uses them). */
#define XICS_IRQ_EPOW      0x1000u
#define XICS_IRQ_HOTPLUG   0x1001u
#define XICS_IRQ_VTY       0x1100u

struct xics_icp {
        uint8_t cppr, mfrr, pending_priority;
        uint32_t xisr;
};

enum {
        XICS_STATUS_ASSERTED       = 1u << 0,   /* LSI line is up */
        XICS_STATUS_SENT           = 1u << 1,   /* LSI presented, not yet EOId */
        XICS_STATUS_REJECTED       = 1u << 2,   /* MSI bounced by an ICP */
        XICS_STATUS_MASKED_PENDING = 1u << 3,   /* MSI fired while masked */
};

struct xics_source {
        uint32_t server;
        uint8_t priority, saved_priority;
        uint8_t status;
        bool lsi;
};

struct xics {
        pthread_mutex_t lock;
        unsigned nr_servers;
        struct xics_icp icp[XICS_MAX_SERVERS];
        struct xics_source src[XICS_NR_IRQS];
        /* Raises (true) or lowers the external interrupt line of a server. */
        void (*set_line)(void *opaque, unsigned server, bool up);
        void *opaque;
};

void xics_init(struct xics *x, unsigned nr_servers);
void xics_fini(struct xics *x);
void xics_reset(struct xics *x);
bool xics_valid_irq(uint32_t irq);

/* ICP operations (the hypercalls); server is the calling vcpu unless named. */
uint32_t xics_accept(struct xics *x, unsigned server);            /* H_XIRR */
uint32_t xics_peek(struct xics *x, unsigned server, uint8_t *ret_mfrr); /* H_IPOLL */
void xics_eoi(struct xics *x, unsigned server, uint32_t xirr);     /* H_EOI */
void xics_set_cppr(struct xics *x, unsigned server, uint8_t cppr); /* H_CPPR */
void xics_set_mfrr(struct xics *x, unsigned server, uint8_t mfrr); /* H_IPI */

/* ICS operations (RTAS and devices); -EINVAL for a bad irq or server. */
int xics_set_xive(struct xics *x, uint32_t irq, uint32_t server, uint8_t priority);
int xics_get_xive(struct xics *x, uint32_t irq, uint32_t *ret_server, uint8_t *ret_priority);
int xics_int_off(struct xics *x, uint32_t irq);
int xics_int_on(struct xics *x, uint32_t irq);
/* A device fires an edge (message) interrupt, or moves a level line. */
void xics_fire_msi(struct xics *x, uint32_t irq);
void xics_set_lsi(struct xics *x, uint32_t irq, bool level);
