/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The MMIO bus: guest-physical ranges outside RAM that a device answers.
 * Data is a byte image in guest memory order (as KVM's mmio.data), so a
 * device sees exactly the bytes a store would have written.  Nothing there:
 * reads return all ones, writes are dropped (and counted).
 */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define MMIO_BUS_MAX_REGIONS 8

struct mmio_region {
        uint64_t base, size;
        void *opaque;
        /* offset..offset+len is inside the region; len is 1, 2, 4 or 8 */
        void (*read)(void *opaque, uint64_t offset, uint8_t *data, unsigned len);
        void (*write)(void *opaque, uint64_t offset, const uint8_t *data, unsigned len);
};

struct mmio_bus {
        struct mmio_region regions[MMIO_BUS_MAX_REGIONS];
        unsigned nr;
        atomic_uint_least64_t unassigned;   /* accesses nothing answered */
};

void mmio_bus_init(struct mmio_bus *b);
/* 0, -ENOSPC (table full), -EEXIST (overlap) or -EINVAL (empty or wrapping). */
int mmio_bus_add(struct mmio_bus *b, const struct mmio_region *r);
/* One access; false when no region holds all of [addr, addr+len). */
bool mmio_bus_access(struct mmio_bus *b, uint64_t addr, uint8_t *data, unsigned len, bool is_write);
