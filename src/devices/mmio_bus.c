/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The MMIO bus: a short table of regions, searched in order. */
#include <errno.h>
#include <string.h>

#include "devices/mmio_bus.h"

void mmio_bus_init(struct mmio_bus *b)
{
        memset(b->regions, 0, sizeof(b->regions));
        b->nr = 0;
        atomic_init(&b->unassigned, 0);
}

static bool overlaps(const struct mmio_region *a, const struct mmio_region *b)
{
        return a->base < b->base + b->size && b->base < a->base + a->size;
}

int mmio_bus_add(struct mmio_bus *b, const struct mmio_region *r)
{
        if (r->size == 0 || r->base + r->size < r->base || !r->read || !r->write)
                return -EINVAL;
        if (b->nr == MMIO_BUS_MAX_REGIONS)
                return -ENOSPC;
        for (unsigned i = 0; i < b->nr; i++)
                if (overlaps(&b->regions[i], r))
                        return -EEXIST;
        b->regions[b->nr++] = *r;
        return 0;
}

bool mmio_bus_access(struct mmio_bus *b, uint64_t addr, uint8_t *data, unsigned len, bool is_write)
{
        for (unsigned i = 0; i < b->nr; i++) {
                const struct mmio_region *r = &b->regions[i];

                if (addr < r->base || addr - r->base >= r->size || len > r->size - (addr - r->base))
                        continue;
                if (is_write)
                        r->write(r->opaque, addr - r->base, data, len);
                else
                        r->read(r->opaque, addr - r->base, data, len);
                return true;
        }
        atomic_fetch_add(&b->unassigned, 1);
        if (!is_write)
                memset(data, 0xff, len);
        return false;
}
