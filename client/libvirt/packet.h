/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once
/*
 * Frames of libvirt's RPC: a length word, the 24-byte header, the payload.
 * Decoding here is pure (no I/O, no GLib) so the fuzz target covers exactly
 * what the server runs on untrusted bytes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocol.h"
#include "xdr.h"

struct lv_header {
        uint32_t prog;
        uint32_t vers;
        int32_t proc;
        uint32_t type;
        uint32_t serial;
        uint32_t status;
};

/* remote_nonnull_domain */
struct lv_dom {
        char *name;
        uint8_t uuid[VIR_UUID_BUFLEN];
        int32_t id;
};

/* The length word of a frame: 0 and the body's length (header + payload) in
 * *ret_body_len, or -EBADMSG when it cannot hold a header, -EMSGSIZE above
 * libvirt's limit.  Called before anything is allocated for the body. */
int lv_frame_body_length(const uint8_t word[4], uint32_t *ret_body_len);

/* The header at the start of a body: 0, or -EPROTO for an unknown program,
 * version or message type, -EBADMSG when too short. */
int lv_header_decode(const uint8_t *body, size_t len, struct lv_header *ret);

/* Starts a frame in w: a placeholder length word and the header. */
void lv_frame_begin(struct xdr_writer *w, const struct lv_header *h);
/* Fills in the length word; false when the frame is over the limit. */
bool lv_frame_end(struct xdr_writer *w);

bool lv_get_dom(struct xdr_reader *r, struct lv_dom *ret);
/* remote_domain: an optional domain; *ret_present says whether it was. */
bool lv_get_opt_dom(struct xdr_reader *r, struct lv_dom *ret, bool *ret_present);
void lv_dom_clear(struct lv_dom *d);
void lv_put_dom(struct xdr_writer *w, const char *name, const uint8_t uuid[VIR_UUID_BUFLEN], int32_t id);

/* remote_error */
void lv_put_error(struct xdr_writer *w, int code, int domain, const char *message);
