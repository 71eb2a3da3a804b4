/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The empty DCR bus. */
#include "devices/dcr_bus.h"

void dcr_bus_init(struct dcr_bus *b)
{
        atomic_init(&b->reads, 0);
        atomic_init(&b->writes, 0);
}

void dcr_bus_access(struct dcr_bus *b, uint32_t dcrn, uint32_t *data, bool is_write)
{
        (void)dcrn;
        if (is_write) {
                atomic_fetch_add(&b->writes, 1);
                return;
        }
        atomic_fetch_add(&b->reads, 1);
        *data = 0;
}
