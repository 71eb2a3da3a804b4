/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * H_PAGE_INIT: zero or copy one 4 KiB page of guest RAM.  The cache flags
 * need no work of their own: the backend hears of every page written here
 * (platform_ram_written) and drops code it decoded from it.
 */
#include <string.h>

#include "devices/hcall.h"

#define H_ICACHE_INVALIDATE   (1ull << (63 - 40))
#define H_ICACHE_SYNCHRONIZE  (1ull << (63 - 41))
#define H_ZERO_PAGE           (1ull << (63 - 48))
#define H_COPY_PAGE           (1ull << (63 - 49))
#define PAGE_INIT_SIZE        4096u

static int64_t h_page_init(struct hcall_ctx *c)
{
        uint64_t flags = c->args[0], dst = c->args[1], src = c->args[2];
        uint8_t *d, *s;

        if (flags & ~(H_ICACHE_INVALIDATE | H_ICACHE_SYNCHRONIZE | H_ZERO_PAGE | H_COPY_PAGE))
                return H_PARAMETER;
        if (dst % PAGE_INIT_SIZE || !(d = platform_ram(c->p, dst, PAGE_INIT_SIZE)))
                return H_PARAMETER;
        if (flags & H_COPY_PAGE) {
                if (src % PAGE_INIT_SIZE || !(s = platform_ram(c->p, src, PAGE_INIT_SIZE)))
                        return H_PARAMETER;
                memmove(d, s, PAGE_INIT_SIZE);
        } else if (flags & H_ZERO_PAGE) {
                memset(d, 0, PAGE_INIT_SIZE);
        }
        platform_ram_written(c->p, dst, PAGE_INIT_SIZE);
        return H_SUCCESS;
}

const struct hcall_def hcalls_page[] = {
        { H_PAGE_INIT, "H_PAGE_INIT", h_page_init },
        { 0, NULL, NULL },
};
