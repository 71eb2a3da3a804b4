/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The MMIO test device (layout in testdev.h). */
#include <string.h>

#include "devices/mmio_bus.h"
#include "devices/testdev.h"

static const uint8_t testdev_patterns[TESTDEV_PATTERNS_SIZE] = {
        0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
        0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x7a, 0x79, 0x78,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0x3f, 0xf0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

void testdev_init(struct testdev *t)
{
        memset(t, 0, sizeof(*t));
        pthread_mutex_init(&t->lock, NULL);
}

void testdev_fini(struct testdev *t)
{
        pthread_mutex_destroy(&t->lock);
}

void testdev_reset(struct testdev *t)
{
        pthread_mutex_lock(&t->lock);
        memset(t->scratch, 0, sizeof(t->scratch));
        t->accesses = 0;
        pthread_mutex_unlock(&t->lock);
}

/* Accesses are naturally aligned, so one never straddles two areas. */
static bool aligned(uint64_t off, unsigned len)
{
        return (off & (len - 1)) == 0;
}

static void testdev_read(void *opaque, uint64_t off, uint8_t *data, unsigned len)
{
        struct testdev *t = opaque;

        memset(data, 0, len);
        pthread_mutex_lock(&t->lock);
        t->accesses++;
        if (!aligned(off, len)) {
                /* unaligned: reads 0 */
        } else if (off < TESTDEV_SCRATCH + TESTDEV_SCRATCH_SIZE) {
                memcpy(data, t->scratch + off - TESTDEV_SCRATCH, len);
        } else if (off >= TESTDEV_PATTERNS && off < TESTDEV_PATTERNS + TESTDEV_PATTERNS_SIZE) {
                memcpy(data, testdev_patterns + off - TESTDEV_PATTERNS, len);
        } else if (off >= TESTDEV_COUNTER && off < TESTDEV_COUNTER + 8) {
                uint8_t be[8];

                for (unsigned i = 0; i < 8; i++)
                        be[i] = (uint8_t)(t->accesses >> (56 - 8 * i));
                memcpy(data, be + off - TESTDEV_COUNTER, len);
        }
        pthread_mutex_unlock(&t->lock);
}

static void testdev_write(void *opaque, uint64_t off, const uint8_t *data, unsigned len)
{
        struct testdev *t = opaque;

        pthread_mutex_lock(&t->lock);
        t->accesses++;
        if (aligned(off, len) && off < TESTDEV_SCRATCH + TESTDEV_SCRATCH_SIZE)
                memcpy(t->scratch + off - TESTDEV_SCRATCH, data, len);
        pthread_mutex_unlock(&t->lock);
}

int testdev_attach(struct testdev *t, struct mmio_bus *bus)
{
        struct mmio_region r = {
                .base = TESTDEV_BASE, .size = TESTDEV_SIZE, .opaque = t,
                .read = testdev_read, .write = testdev_write,
        };

        return mmio_bus_add(bus, &r);
}
