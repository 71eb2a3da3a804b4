/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "packet.h"

int lv_frame_body_length(const uint8_t word[4], uint32_t *ret_body_len)
{
        struct xdr_reader r;
        uint32_t len;

        xdr_reader_init(&r, word, 4);
        len = xdr_get_u32(&r);
        if (len < VIR_NET_MESSAGE_LEN_MAX + VIR_NET_MESSAGE_HEADER_LEN)
                return -EBADMSG;
        if (len - VIR_NET_MESSAGE_LEN_MAX > VIR_NET_MESSAGE_MAX)
                return -EMSGSIZE;
        *ret_body_len = len - VIR_NET_MESSAGE_LEN_MAX;
        return 0;
}

static bool known_program(uint32_t prog, uint32_t vers)
{
        return (prog == REMOTE_PROGRAM && vers == REMOTE_PROTOCOL_VERSION) ||
               (prog == KEEPALIVE_PROGRAM && vers == KEEPALIVE_VERSION);
}

int lv_header_decode(const uint8_t *body, size_t len, struct lv_header *ret)
{
        struct xdr_reader r;
        struct lv_header h;

        if (len < VIR_NET_MESSAGE_HEADER_LEN)
                return -EBADMSG;
        xdr_reader_init(&r, body, VIR_NET_MESSAGE_HEADER_LEN);
        h.prog = xdr_get_u32(&r);
        h.vers = xdr_get_u32(&r);
        h.proc = xdr_get_i32(&r);
        h.type = xdr_get_u32(&r);
        h.serial = xdr_get_u32(&r);
        h.status = xdr_get_u32(&r);
        if (!known_program(h.prog, h.vers) || h.type > VIR_NET_STREAM_HOLE || h.status > VIR_NET_CONTINUE)
                return -EPROTO;
        *ret = h;
        return 0;
}

void lv_frame_begin(struct xdr_writer *w, const struct lv_header *h)
{
        xdr_put_u32(w, 0);
        xdr_put_u32(w, h->prog);
        xdr_put_u32(w, h->vers);
        xdr_put_i32(w, h->proc);
        xdr_put_u32(w, h->type);
        xdr_put_u32(w, h->serial);
        xdr_put_u32(w, h->status);
}

bool lv_frame_end(struct xdr_writer *w)
{
        if (w->err || w->len - VIR_NET_MESSAGE_LEN_MAX > VIR_NET_MESSAGE_MAX)
                return false;
        xdr_patch_u32(w, 0, (uint32_t)w->len);
        return true;
}

bool lv_get_dom(struct xdr_reader *r, struct lv_dom *ret)
{
        memset(ret, 0, sizeof(*ret));
        xdr_get_string(r, XDR_STRING_MAX, &ret->name);
        xdr_get_fixed(r, ret->uuid, VIR_UUID_BUFLEN);
        ret->id = xdr_get_i32(r);
        if (r->err) {
                lv_dom_clear(ret);
                return false;
        }
        return true;
}

bool lv_get_opt_dom(struct xdr_reader *r, struct lv_dom *ret, bool *ret_present)
{
        uint32_t present = xdr_get_u32(r);

        memset(ret, 0, sizeof(*ret));
        *ret_present = false;
        if (r->err || present > 1) {
                r->err = true;
                return false;
        }
        if (!present)
                return true;
        *ret_present = true;
        return lv_get_dom(r, ret);
}

void lv_dom_clear(struct lv_dom *d)
{
        free(d->name);
        d->name = NULL;
}

void lv_put_dom(struct xdr_writer *w, const char *name, const uint8_t uuid[VIR_UUID_BUFLEN], int32_t id)
{
        xdr_put_string(w, name);
        xdr_put_fixed(w, uuid, VIR_UUID_BUFLEN);
        xdr_put_i32(w, id);
}

void lv_put_error(struct xdr_writer *w, int code, int domain, const char *message)
{
        xdr_put_i32(w, code);
        xdr_put_i32(w, domain);
        xdr_put_opt_string(w, message);
        xdr_put_i32(w, VIR_ERR_ERROR);
        xdr_put_u32(w, 0);              /* dom */
        xdr_put_opt_string(w, message); /* str1, as libvirt fills it */
        xdr_put_opt_string(w, NULL);
        xdr_put_opt_string(w, NULL);
        xdr_put_i32(w, -1);
        xdr_put_i32(w, -1);
        xdr_put_u32(w, 0);              /* net */
}
