/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* virtppcvmd's XDR and frame code against the encodings libvirt's own
 * clients produce and expect (docs/libvirt-protocol.md §2.2-2.4). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "packet.h"
#include "test.h"

static size_t hex_to_bytes(const char *hex, uint8_t *out)
{
        size_t n = 0;

        for (; hex[0] && hex[1]; hex += 2) {
                while (*hex == ' ')
                        hex++;
                unsigned v;
                sscanf(hex, "%2x", &v);
                out[n++] = (uint8_t)v;
        }
        return n;
}

TEST(test_char_array_takes_four_bytes_per_char)
{
        struct xdr_writer w;

        xdr_writer_init(&w);
        xdr_put_char_array(&w, "ab", 2);
        CHECK_EQ(w.len, 8);
        CHECK(memcmp(w.buf, "\0\0\0a\0\0\0b", 8) == 0);
        xdr_writer_free(&w);
}

TEST(test_string_is_length_bytes_and_zero_padding)
{
        struct xdr_writer w;

        xdr_writer_init(&w);
        xdr_put_string(&w, "ppcvm:///system");
        CHECK_EQ(w.len, 4 + 16);
        CHECK_EQ(w.buf[3], 15);
        CHECK_EQ(w.buf[19], 0);
        xdr_writer_free(&w);
}

TEST(test_string_round_trips)
{
        struct xdr_writer w;
        struct xdr_reader r;
        char *s = NULL;

        xdr_writer_init(&w);
        xdr_put_opt_string(&w, "hello");
        xdr_reader_init(&r, w.buf, w.len);
        CHECK(xdr_get_opt_string(&r, &s));
        CHECK(strcmp(s, "hello") == 0);
        CHECK(xdr_reader_done(&r));
        free(s);
        xdr_writer_free(&w);
}

TEST(test_string_longer_than_the_input_is_refused)
{
        static const uint8_t in[] = { 0xff, 0xff, 0xff, 0xf0, 'a', 'b', 'c', 'd' };
        struct xdr_reader r;
        char *s = (char *)1;

        xdr_reader_init(&r, in, sizeof(in));
        CHECK(!xdr_get_string(&r, XDR_STRING_MAX, &s));
        CHECK(s == NULL);
        CHECK(r.err);
}

TEST(test_string_over_the_limit_is_refused_even_when_present)
{
        static const uint8_t in[] = { 0, 0, 0, 5, 'a', 'b', 'c', 'd', 'e', 0, 0, 0 };
        struct xdr_reader r;
        char *s;

        xdr_reader_init(&r, in, sizeof(in));
        CHECK(!xdr_get_string(&r, 4, &s));
}

TEST(test_string_with_a_nul_byte_is_refused)
{
        static const uint8_t in[] = { 0, 0, 0, 3, 'a', 0, 'b', 0 };
        struct xdr_reader r;
        char *s;

        xdr_reader_init(&r, in, sizeof(in));
        CHECK(!xdr_get_string(&r, XDR_STRING_MAX, &s));
}

TEST(test_optional_flag_above_one_is_refused)
{
        static const uint8_t in[] = { 0, 0, 0, 2 };
        struct xdr_reader r;
        char *s;

        xdr_reader_init(&r, in, sizeof(in));
        CHECK(!xdr_get_opt_string(&r, &s));
}

TEST(test_short_read_sets_the_sticky_error)
{
        static const uint8_t in[] = { 0, 0, 0, 7, 1 };
        struct xdr_reader r;

        xdr_reader_init(&r, in, sizeof(in));
        CHECK_EQ(xdr_get_u32(&r), 7);
        CHECK_EQ(xdr_get_u32(&r), 0);
        CHECK(r.err);
        CHECK_EQ(xdr_get_u32(&r), 0);
        CHECK(!xdr_reader_done(&r));
}

TEST(test_hyper_is_big_endian_eight_bytes)
{
        struct xdr_writer w;

        xdr_writer_init(&w);
        xdr_put_u64(&w, 0x0102030405060708ull);
        CHECK_EQ(w.len, 8);
        CHECK(memcmp(w.buf, "\1\2\3\4\5\6\7\10", 8) == 0);
        xdr_writer_free(&w);
}

TEST(test_frame_length_below_a_header_is_badmsg)
{
        static const uint8_t word[4] = { 0, 0, 0, 27 };
        uint32_t len;

        CHECK_EQ(lv_frame_body_length(word, &len), -EBADMSG);
}

TEST(test_frame_length_over_libvirts_limit_is_emsgsize)
{
        static const uint8_t word[4] = { 0x02, 0, 0, 0x05 };   /* 32 MiB + 5 */
        uint32_t len;

        CHECK_EQ(lv_frame_body_length(word, &len), -EMSGSIZE);
}

TEST(test_frame_length_at_libvirts_limit_is_accepted)
{
        static const uint8_t word[4] = { 0x02, 0, 0, 0x04 };   /* 32 MiB + the word */
        uint32_t len = 0;

        CHECK_EQ(lv_frame_body_length(word, &len), 0);
        CHECK_EQ(len, 33554432);
}

TEST(test_header_of_an_unknown_program_is_eproto)
{
        uint8_t body[24];
        struct lv_header h;

        hex_to_bytes("20008087 00000001 00000003 00000000 00000000 00000000", body);
        CHECK_EQ(lv_header_decode(body, sizeof(body), &h), -EPROTO);
}

TEST(test_header_of_the_captured_auth_list_call_decodes)
{
        uint8_t body[24];
        struct lv_header h;

        hex_to_bytes("20008086 00000001 00000042 00000000 00000000 00000000", body);
        CHECK_EQ(lv_header_decode(body, sizeof(body), &h), 0);
        CHECK_EQ(h.prog, REMOTE_PROGRAM);
        CHECK_EQ(h.proc, REMOTE_PROC_AUTH_LIST);
        CHECK_EQ(h.type, VIR_NET_CALL);
}

/* The frame libvirtd sent for LOOKUP_BY_NAME "nosuch", captured in the
 * protocol doc: the error encoding byte for byte. */
TEST(test_error_reply_matches_the_captured_no_domain_frame)
{
        static const char msg[] = "Domain not found: no domain with matching name 'nosuch'";
        struct lv_header h = { REMOTE_PROGRAM, 1, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, VIR_NET_REPLY, 6,
                               VIR_NET_ERROR };
        struct xdr_writer w, expect;

        xdr_writer_init(&w);
        lv_frame_begin(&w, &h);
        lv_put_error(&w, VIR_ERR_NO_DOMAIN, VIR_FROM_DOMAIN, msg);
        CHECK(lv_frame_end(&w));

        xdr_writer_init(&expect);
        uint8_t head[40];
        size_t n = hex_to_bytes("000000c0 20008086 00000001 00000017 00000001 00000006 00000001"
                                " 0000002a 00000014 00000001", head);
        xdr_put_raw(&expect, head, n);
        xdr_put_string(&expect, msg);
        xdr_put_u32(&expect, 2);
        xdr_put_u32(&expect, 0);
        xdr_put_u32(&expect, 1);
        xdr_put_string(&expect, msg);
        n = hex_to_bytes("00000000 00000000 ffffffff ffffffff 00000000", head);
        xdr_put_raw(&expect, head, n);

        CHECK_EQ(w.len, 0xc0);
        CHECK_EQ(expect.len, 0xc0);
        CHECK(memcmp(w.buf, expect.buf, w.len) == 0);
        xdr_writer_free(&w);
        xdr_writer_free(&expect);
}

TEST(test_domain_round_trips_with_its_uuid_and_id)
{
        static const uint8_t uuid[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
        struct xdr_writer w;
        struct xdr_reader r;
        struct lv_dom d;

        xdr_writer_init(&w);
        lv_put_dom(&w, "vm1", uuid, -1);
        CHECK_EQ(w.len, 8 + 16 + 4);
        xdr_reader_init(&r, w.buf, w.len);
        CHECK(lv_get_dom(&r, &d));
        CHECK(strcmp(d.name, "vm1") == 0);
        CHECK(memcmp(d.uuid, uuid, 16) == 0);
        CHECK_EQ((uint32_t)d.id, 0xffffffffu);
        lv_dom_clear(&d);
        xdr_writer_free(&w);
}
