/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer target: virtppcvmd's packet decoder.  The input is what a
 * client could write to the socket: frames are cut from it as the server
 * does (length word first, checked before anything is allocated), their
 * headers decoded, and each payload read with the argument shapes the
 * procedures use.  A reply is then encoded for each, as dispatch would.
 */
#include <stdlib.h>
#include <string.h>

#include "../../client/libvirt/packet.h"

static void read_args(int32_t proc, const uint8_t *p, size_t len)
{
        struct xdr_reader r;
        struct lv_dom dom;
        char *s = NULL;
        uint8_t uuid[VIR_UUID_BUFLEN];
        bool present;

        xdr_reader_init(&r, p, len);
        switch (proc % 6) {
        case 0:   /* {dom; uint flags} */
                lv_get_dom(&r, &dom);
                (void)xdr_get_u32(&r);
                lv_dom_clear(&dom);
                break;
        case 1:   /* {remote_string name; uint flags} (CONNECT_OPEN) */
                xdr_get_opt_string(&r, &s);
                (void)xdr_get_u32(&r);
                break;
        case 2:   /* {string xml} */
                xdr_get_string(&r, XDR_STRING_MAX, &s);
                break;
        case 3:   /* {int eventID; remote_domain dom} */
                (void)xdr_get_i32(&r);
                lv_get_opt_dom(&r, &dom, &present);
                lv_dom_clear(&dom);
                break;
        case 4:   /* {opaque uuid[16]} */
                xdr_get_fixed(&r, uuid, sizeof(uuid));
                break;
        default:  /* {dom; remote_string dev; uint flags} (OPEN_CONSOLE) */
                lv_get_dom(&r, &dom);
                xdr_get_opt_string(&r, &s);
                (void)xdr_get_u64(&r);
                lv_dom_clear(&dom);
                break;
        }
        (void)xdr_reader_done(&r);
        free(s);
}

static void write_reply(const struct lv_header *h, const uint8_t *payload, size_t len)
{
        struct lv_header reply = *h;
        struct xdr_writer w;

        reply.type = VIR_NET_REPLY;
        xdr_writer_init(&w);
        lv_frame_begin(&w, &reply);
        if (len % 2)
                lv_put_error(&w, VIR_ERR_RPC, VIR_FROM_RPC, "unknown procedure: 1");
        else
                xdr_put_raw(&w, payload, len);
        (void)lv_frame_end(&w);
        xdr_writer_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        while (size >= 4) {
                struct lv_header h;
                uint32_t body_len;

                if (lv_frame_body_length(data, &body_len) < 0)
                        return 0;   /* the server closes the connection */
                data += 4;
                size -= 4;
                if (body_len > size)
                        return 0;   /* truncated: it would wait for more */
                if (lv_header_decode(data, body_len, &h) == 0) {
                        read_args(h.proc, data + VIR_NET_MESSAGE_HEADER_LEN, body_len - VIR_NET_MESSAGE_HEADER_LEN);
                        write_reply(&h, data + VIR_NET_MESSAGE_HEADER_LEN, body_len - VIR_NET_MESSAGE_HEADER_LEN);
                }
                data += body_len;
                size -= body_len;
        }
        return 0;
}
