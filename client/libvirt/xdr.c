/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "xdr.h"

static size_t padded(size_t n)
{
        return (n + 3) & ~(size_t)3;
}

void xdr_reader_init(struct xdr_reader *r, const void *p, size_t len)
{
        r->p = p;
        r->len = len;
        r->pos = 0;
        r->err = false;
}

/* The next n bytes, or NULL (and the error set) when fewer are left. */
static const uint8_t *take(struct xdr_reader *r, size_t n)
{
        const uint8_t *p;

        if (r->err || n > r->len - r->pos) {
                r->err = true;
                return NULL;
        }
        p = r->p + r->pos;
        r->pos += n;
        return p;
}

uint32_t xdr_get_u32(struct xdr_reader *r)
{
        const uint8_t *p = take(r, 4);

        if (!p)
                return 0;
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int32_t xdr_get_i32(struct xdr_reader *r)
{
        return (int32_t)xdr_get_u32(r);
}

uint64_t xdr_get_u64(struct xdr_reader *r)
{
        uint64_t hi = xdr_get_u32(r);

        return hi << 32 | xdr_get_u32(r);
}

bool xdr_get_string(struct xdr_reader *r, uint32_t max, char **ret)
{
        uint32_t n = xdr_get_u32(r);
        const uint8_t *p;
        char *s;

        *ret = NULL;
        if (r->err)
                return false;
        /* The length is checked against the limit and against what is
         * actually left before anything is allocated. */
        if (n > max || padded(n) > r->len - r->pos) {
                r->err = true;
                return false;
        }
        p = take(r, padded(n));
        if (!p || memchr(p, 0, n)) {
                r->err = true;
                return false;
        }
        s = malloc((size_t)n + 1);
        if (!s) {
                r->err = true;
                return false;
        }
        memcpy(s, p, n);
        s[n] = 0;
        *ret = s;
        return true;
}

bool xdr_get_opt_string(struct xdr_reader *r, char **ret)
{
        uint32_t present = xdr_get_u32(r);

        *ret = NULL;
        if (r->err || present > 1) {
                r->err = true;
                return false;
        }
        if (!present)
                return true;
        return xdr_get_string(r, XDR_STRING_MAX, ret);
}

bool xdr_get_fixed(struct xdr_reader *r, void *out, size_t n)
{
        const uint8_t *p = take(r, padded(n));

        if (!p) {
                memset(out, 0, n);
                return false;
        }
        memcpy(out, p, n);
        return true;
}

size_t xdr_remaining(const struct xdr_reader *r)
{
        return r->err ? 0 : r->len - r->pos;
}

bool xdr_reader_done(const struct xdr_reader *r)
{
        return !r->err && r->pos == r->len;
}

void xdr_writer_init(struct xdr_writer *w)
{
        w->buf = NULL;
        w->len = 0;
        w->cap = 0;
        w->err = false;
}

void xdr_writer_free(struct xdr_writer *w)
{
        free(w->buf);
        xdr_writer_init(w);
}

/* Room for n more bytes, or NULL (and the error set). */
static uint8_t *grow(struct xdr_writer *w, size_t n)
{
        uint8_t *p;

        if (w->err)
                return NULL;
        if (n > w->cap - w->len) {
                size_t cap = w->cap ? w->cap : 256;
                while (cap - w->len < n) {
                        if (cap > SIZE_MAX / 2) {
                                w->err = true;
                                return NULL;
                        }
                        cap *= 2;
                }
                p = realloc(w->buf, cap);
                if (!p) {
                        w->err = true;
                        return NULL;
                }
                w->buf = p;
                w->cap = cap;
        }
        p = w->buf + w->len;
        w->len += n;
        return p;
}

static void store_u32(uint8_t *p, uint32_t v)
{
        p[0] = (uint8_t)(v >> 24);
        p[1] = (uint8_t)(v >> 16);
        p[2] = (uint8_t)(v >> 8);
        p[3] = (uint8_t)v;
}

void xdr_put_u32(struct xdr_writer *w, uint32_t v)
{
        uint8_t *p = grow(w, 4);

        if (p)
                store_u32(p, v);
}

void xdr_put_i32(struct xdr_writer *w, int32_t v)
{
        xdr_put_u32(w, (uint32_t)v);
}

void xdr_put_u64(struct xdr_writer *w, uint64_t v)
{
        xdr_put_u32(w, (uint32_t)(v >> 32));
        xdr_put_u32(w, (uint32_t)v);
}

void xdr_put_fixed(struct xdr_writer *w, const void *src, size_t n)
{
        uint8_t *p = grow(w, padded(n));

        if (!p)
                return;
        memcpy(p, src, n);
        memset(p + n, 0, padded(n) - n);
}

void xdr_put_string(struct xdr_writer *w, const char *s)
{
        size_t n = s ? strlen(s) : 0;

        if (n > XDR_STRING_MAX) {
                w->err = true;
                return;
        }
        xdr_put_u32(w, (uint32_t)n);
        xdr_put_fixed(w, s ? s : "", n);
}

void xdr_put_opt_string(struct xdr_writer *w, const char *s)
{
        xdr_put_u32(w, s != NULL);
        if (s)
                xdr_put_string(w, s);
}

void xdr_put_raw(struct xdr_writer *w, const void *src, size_t n)
{
        uint8_t *p = grow(w, n);

        if (p && n)
                memcpy(p, src, n);
}

void xdr_put_char_array(struct xdr_writer *w, const char *s, size_t n)
{
        for (size_t i = 0; i < n; i++)
                xdr_put_i32(w, (signed char)s[i]);
}

void xdr_patch_u32(struct xdr_writer *w, size_t offset, uint32_t v)
{
        if (!w->err && offset + 4 <= w->len)
                store_u32(w->buf + offset, v);
}
