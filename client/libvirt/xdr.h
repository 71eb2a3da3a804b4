/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once
/*
 * XDR (RFC 4506) as libvirt's RPC uses it: big-endian 4-byte units.  Plain C
 * with no dependencies, so the packet fuzzer can take it alone.
 *
 * Readers and writers carry a sticky error flag: after the first short read
 * (or failed allocation) every further operation is a no-op returning zero,
 * so a decoder reads all its fields and checks the flag once at the end.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* remote_protocol.x: REMOTE_STRING_MAX. */
#define XDR_STRING_MAX 4194304u

struct xdr_reader {
        const uint8_t *p;
        size_t len;
        size_t pos;
        bool err;
};

struct xdr_writer {
        uint8_t *buf;
        size_t len;
        size_t cap;
        bool err;
};

void xdr_reader_init(struct xdr_reader *r, const void *p, size_t len);
uint32_t xdr_get_u32(struct xdr_reader *r);
int32_t xdr_get_i32(struct xdr_reader *r);
uint64_t xdr_get_u64(struct xdr_reader *r);
/* A string<max>: a malloc'd NUL-terminated copy in *ret (NULL on error).
 * Embedded NUL bytes are refused: nothing in this protocol needs them. */
bool xdr_get_string(struct xdr_reader *r, uint32_t max, char **ret);
/* remote_string: an optional string; *ret is NULL when absent. */
bool xdr_get_opt_string(struct xdr_reader *r, char **ret);
bool xdr_get_fixed(struct xdr_reader *r, void *out, size_t n);
size_t xdr_remaining(const struct xdr_reader *r);
/* True when everything was read and nothing is left over. */
bool xdr_reader_done(const struct xdr_reader *r);

void xdr_writer_init(struct xdr_writer *w);
void xdr_writer_free(struct xdr_writer *w);
void xdr_put_u32(struct xdr_writer *w, uint32_t v);
void xdr_put_i32(struct xdr_writer *w, int32_t v);
void xdr_put_u64(struct xdr_writer *w, uint64_t v);
void xdr_put_string(struct xdr_writer *w, const char *s);
void xdr_put_opt_string(struct xdr_writer *w, const char *s);
void xdr_put_fixed(struct xdr_writer *w, const void *p, size_t n);
/* Raw bytes with no length or padding (stream payloads). */
void xdr_put_raw(struct xdr_writer *w, const void *p, size_t n);
/* char x[N] / char x<N>: each char is an XDR int (rpcgen's xdr_char). */
void xdr_put_char_array(struct xdr_writer *w, const char *s, size_t n);
/* Overwrites the u32 at offset (e.g. a length word written first as 0). */
void xdr_patch_u32(struct xdr_writer *w, size_t offset, uint32_t v);
