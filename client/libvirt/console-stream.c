/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * virsh console: ppcvmd's console socket (VM.OpenConsole) bridged to a
 * libvirt stream.  Guest output goes out as STREAM frames (status CONTINUE,
 * the serial of the OPEN_CONSOLE call, raw bytes); the client's STREAM
 * frames go to the guest.  The client ends it with status OK (finish) or
 * ERROR (abort), each confirmed with an empty OK; the guest side ending is
 * an empty CONTINUE (end of file), after which the client finishes.
 */
#include <errno.h>
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

#include "virtppcvmd.h"

#define READ_CHUNK 65536
#define OUTPUT_HIGH_WATER (1u << 20)
#define INPUT_MAX (1u << 20)   /* client input not yet taken by the guest */

typedef struct {
        Client *client;
        uint32_t serial;
        int fd;
        guint read_source;
        guint write_source;
        GByteArray *to_guest;
        bool eof;
} ConsoleStream;

static void stream_free(ConsoleStream *s)
{
        if (s->read_source)
                g_source_remove(s->read_source);
        if (s->write_source)
                g_source_remove(s->write_source);
        close(s->fd);
        g_byte_array_unref(s->to_guest);
        g_free(s);
}

static void send_stream(ConsoleStream *s, uint32_t status, const void *data, size_t len)
{
        client_send_message(s->client, REMOTE_PROC_DOMAIN_OPEN_CONSOLE, VIR_NET_STREAM, s->serial, status, data,
                            len);
}

static void stream_close(ConsoleStream *s)
{
        g_hash_table_remove(s->client->streams, GUINT_TO_POINTER(s->serial));
}

/* A failure on our side: the client gets the error and the stream ends. */
static void stream_fail(ConsoleStream *s, const char *message)
{
        struct xdr_writer w;

        xdr_writer_init(&w);
        lv_put_error(&w, VIR_ERR_RPC, VIR_FROM_STREAMS, message);
        if (!w.err)
                send_stream(s, VIR_NET_ERROR, w.buf, w.len);
        xdr_writer_free(&w);
        stream_close(s);
}

static gboolean on_console_readable(gint fd, GIOCondition cond, gpointer data)
{
        ConsoleStream *s = data;
        uint8_t buf[READ_CHUNK];
        ssize_t n;

        if (client_pending_output(s->client) > OUTPUT_HIGH_WATER) {
                /* The client is slow: wait until its queue drains. */
                s->read_source = 0;
                return G_SOURCE_REMOVE;
        }
        n = read(fd, buf, sizeof(buf));
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
                return G_SOURCE_CONTINUE;
        if (n > 0) {
                send_stream(s, VIR_NET_CONTINUE, buf, (size_t)n);
                return G_SOURCE_CONTINUE;
        }
        /* The VM stopped (or ppcvmd closed the console): end of file. */
        s->eof = true;
        s->read_source = 0;
        send_stream(s, VIR_NET_CONTINUE, NULL, 0);
        return G_SOURCE_REMOVE;
}

static gboolean on_console_writable(gint fd, GIOCondition cond, gpointer data);

static void flush_to_guest(ConsoleStream *s)
{
        while (s->to_guest->len > 0) {
                ssize_t n = write(s->fd, s->to_guest->data, s->to_guest->len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0 && errno == EAGAIN)
                        break;
                if (n <= 0) {
                        stream_fail(s, "the console closed");
                        return;
                }
                g_byte_array_remove_range(s->to_guest, 0, (guint)n);
        }
        if (s->to_guest->len > 0 && !s->write_source)
                s->write_source = g_unix_fd_add(s->fd, G_IO_OUT, on_console_writable, s);
}

static gboolean on_console_writable(gint fd, GIOCondition cond, gpointer data)
{
        ConsoleStream *s = data;

        s->write_source = 0;
        flush_to_guest(s);
        return G_SOURCE_REMOVE;
}

int console_stream_open(Call *call, int fd)
{
        Client *c = call->client;
        ConsoleStream *s;

        if (!c->streams)
                c->streams = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                                   (GDestroyNotify)stream_free);
        if (g_hash_table_contains(c->streams, GUINT_TO_POINTER(call->hdr.serial))) {
                close(fd);
                return call_fail(call, VIR_ERR_RPC, VIR_FROM_RPC, "a stream with serial %u is open",
                                 call->hdr.serial);
        }
        g_unix_set_fd_nonblocking(fd, TRUE, NULL);
        s = g_new0(ConsoleStream, 1);
        s->client = c;
        s->serial = call->hdr.serial;
        s->fd = fd;
        s->to_guest = g_byte_array_new();
        /* Output starts on the next main loop turn, after this call's reply. */
        s->read_source = g_unix_fd_add(fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_console_readable, s);
        g_hash_table_insert(c->streams, GUINT_TO_POINTER(s->serial), s);
        return 0;
}

void console_stream_input(Client *c, const struct lv_header *h, const uint8_t *payload, size_t len)
{
        ConsoleStream *s = c->streams ? g_hash_table_lookup(c->streams, GUINT_TO_POINTER(h->serial)) : NULL;

        /* Frames for a stream that already ended (they cross our end on
         * the wire) are dropped, as libvirtd does. */
        if (!s || h->proc != REMOTE_PROC_DOMAIN_OPEN_CONSOLE)
                return;
        switch (h->status) {
        case VIR_NET_CONTINUE:
                if (s->to_guest->len + len > INPUT_MAX) {
                        stream_fail(s, "the guest does not read its console");
                        return;
                }
                g_byte_array_append(s->to_guest, payload, (guint)len);
                flush_to_guest(s);
                return;
        case VIR_NET_OK:       /* finish */
        case VIR_NET_ERROR:    /* abort */
        default:
                send_stream(s, VIR_NET_OK, NULL, 0);
                stream_close(s);
                return;
        }
}

void console_streams_resume(Client *c)
{
        GHashTableIter it;
        ConsoleStream *s;

        if (!c->streams)
                return;
        g_hash_table_iter_init(&it, c->streams);
        while (g_hash_table_iter_next(&it, NULL, (gpointer *)&s))
                if (!s->read_source && !s->eof)
                        s->read_source = g_unix_fd_add(s->fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_console_readable, s);
}

void console_streams_free(Client *c)
{
        g_clear_pointer(&c->streams, g_hash_table_unref);
}
