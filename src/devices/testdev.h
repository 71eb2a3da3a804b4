/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The test device: an MMIO window for guests that test their own loads and
 * stores (widths, byte orders, sign extension, FPR targets).  It exists only
 * with machine_config.testdev and is described in the device tree as
 * /testdev@f0000000, compatible "ppcvmd,testdev".
 *
 * Layout (offsets from TESTDEV_BASE):
 *   0x000-0x0ff  scratch: 256 bytes of storage; any aligned access of 1, 2, 4
 *                or 8 bytes reads back exactly the bytes written (so a value
 *                stored big-endian and loaded byte-reversed comes back
 *                swapped, as with RAM)
 *   0x100-0x11f  sign patterns, read only:
 *                0x100: 80 81 82 83 84 85 86 87   (negative in every width, both orders)
 *                0x108: 7f 7e 7d 7c 7b 7a 79 78   (positive read big-endian)
 *                0x110: ff ff ff ff ff ff ff ff   (-1 in every width)
 *                0x118: 3f f0 00 00 00 00 00 00   (1.0 as a big-endian double)
 *   0x200        access counter, 8 bytes big-endian, read only
 *   anything else in the window reads 0, writes are ignored
 */
#pragma once

#include <pthread.h>
#include <stdint.h>

#define TESTDEV_BASE          0xf0000000ull
#define TESTDEV_SIZE          0x1000ull
#define TESTDEV_SCRATCH       0x000u
#define TESTDEV_SCRATCH_SIZE  0x100u
#define TESTDEV_PATTERNS      0x100u
#define TESTDEV_PATTERNS_SIZE 0x20u
#define TESTDEV_COUNTER       0x200u

struct testdev {
        pthread_mutex_t lock;
        uint8_t scratch[TESTDEV_SCRATCH_SIZE];
        uint64_t accesses;
};

struct mmio_bus;
void testdev_init(struct testdev *t);
void testdev_fini(struct testdev *t);
void testdev_reset(struct testdev *t);
int testdev_attach(struct testdev *t, struct mmio_bus *bus);
