/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Guest RAM: one anonymous mapping with MAP_NORESERVE, so a large guest
 * costs only the pages it touches, registered with the backend as slot 0.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "machine/machine_internal.h"

int machine_memory_map(struct machine *m, char *err, size_t err_len)
{
        void *p;
        int r;

        p = mmap(NULL, m->cfg.memory_bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) {
                r = -errno;
                snprintf(err, err_len, "cannot map %" PRIu64 " MiB of guest memory: %s",
                         m->cfg.memory_bytes >> 20, strerror(-r));
                return r;
        }
        m->ram = p;
        m->ram_size = m->cfg.memory_bytes;
        r = m->ops->set_memory_region(m->vm, 0, 0, m->ram_size, m->ram);
        if (r < 0) {
                snprintf(err, err_len, "the %s backend refused guest memory: %s",
                         m->ops->name, strerror(-r));
                machine_memory_unmap(m);
                return r;
        }
        return 0;
}

void machine_memory_unmap(struct machine *m)
{
        if (!m->ram)
                return;
        munmap(m->ram, m->ram_size);
        m->ram = NULL;
}

/* Back to all zeroes, and the pages go back to the host. */
void machine_memory_clear(struct machine *m)
{
        if (madvise(m->ram, m->ram_size, MADV_DONTNEED) < 0)
                memset(m->ram, 0, m->ram_size);
}
