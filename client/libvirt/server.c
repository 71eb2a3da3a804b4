/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Sockets and frames: accepts clients, reads whole frames (the length word
 * is checked before the body is allocated), hands calls to dispatch.c,
 * answers keepalive PINGs, and queues output.  A frame this server cannot
 * make sense of (bad length, unknown program or version, a type a client
 * never sends) closes that client's connection and nothing else.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "virtppcvmd.h"

GList *lv_clients;

typedef struct {
        int fd;
        bool readonly;
        guint source;
        char *path;     /* unlinked at exit when we created it */
} Listener;

static GList *listeners;

/* Output beyond this stops console reading until the client catches up. */
#define OUTPUT_HIGH_WATER (1u << 20)

static gboolean on_client_writable(gint fd, GIOCondition cond, gpointer data);

void client_drop(Client *c)
{
        if (c->closing)
                return;
        c->closing = true;
        lv_clients = g_list_remove(lv_clients, c);
        console_streams_free(c);
        if (c->in_source)
                g_source_remove(c->in_source);
        if (c->out_source)
                g_source_remove(c->out_source);
        close(c->fd);
        g_free(c->body);
        g_byte_array_unref(c->out);
        if (c->callbacks)
                g_array_unref(c->callbacks);
        g_free(c->uri);
        g_free(c);
}

/* Writes what the socket takes now; the rest waits for POLLOUT. */
static void client_flush(Client *c)
{
        while (c->out->len > 0) {
                ssize_t n = send(c->fd, c->out->data, c->out->len, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                        break;
                if (n <= 0) {
                        /* The peer is gone: the read side notices and drops it. */
                        g_byte_array_set_size(c->out, 0);
                        return;
                }
                g_byte_array_remove_range(c->out, 0, (guint)n);
        }
        if (c->out->len > 0 && !c->out_source)
                c->out_source = g_unix_fd_add(c->fd, G_IO_OUT, on_client_writable, c);
}

static gboolean on_client_writable(gint fd, GIOCondition cond, gpointer data)
{
        Client *c = data;

        c->out_source = 0;
        client_flush(c);
        if (c->out->len < OUTPUT_HIGH_WATER)
                console_streams_resume(c);
        return G_SOURCE_REMOVE;
}

size_t client_pending_output(const Client *c)
{
        return c->out->len;
}

void client_send_frame(Client *c, struct xdr_writer *frame)
{
        if (!c->closing && lv_frame_end(frame)) {
                g_byte_array_append(c->out, frame->buf, (guint)frame->len);
                client_flush(c);
        }
        xdr_writer_free(frame);
}

void client_send_message(Client *c, int32_t proc, uint32_t type, uint32_t serial, uint32_t status,
                         const void *payload, size_t len)
{
        struct lv_header h = { REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, proc, type, serial, status };
        struct xdr_writer w;

        xdr_writer_init(&w);
        lv_frame_begin(&w, &h);
        xdr_put_raw(&w, payload, len);
        client_send_frame(c, &w);
}

static void answer_keepalive(Client *c, const struct lv_header *h)
{
        struct lv_header pong = { KEEPALIVE_PROGRAM, KEEPALIVE_VERSION, KEEPALIVE_PROC_PONG, VIR_NET_MESSAGE, 0,
                                  VIR_NET_OK };
        struct xdr_writer w;

        if (h->proc != KEEPALIVE_PROC_PING)
                return;   /* PONGs to our (never sent) PINGs need nothing */
        xdr_writer_init(&w);
        lv_frame_begin(&w, &pong);
        client_send_frame(c, &w);
}

/* One whole frame; false when the connection must close. */
static bool handle_frame(Client *c, const uint8_t *body, size_t len)
{
        struct lv_header h;

        if (lv_header_decode(body, len, &h) < 0)
                return false;
        body += VIR_NET_MESSAGE_HEADER_LEN;
        len -= VIR_NET_MESSAGE_HEADER_LEN;
        if (h.prog == KEEPALIVE_PROGRAM) {
                if (h.type != VIR_NET_MESSAGE)
                        return false;
                answer_keepalive(c, &h);
                return true;
        }
        switch (h.type) {
        case VIR_NET_CALL:
                dispatch_call(c, &h, body, len);
                return true;
        case VIR_NET_STREAM:
                console_stream_input(c, &h, body, len);
                return true;
        case VIR_NET_CALL_WITH_FDS:
                dispatch_call_with_fds(c, &h);
                return true;
        default:
                /* Replies, events or fd passing from a client: not this protocol. */
                return false;
        }
}

/* Reads what is there; returns false when the client must be dropped. */
static bool client_read(Client *c)
{
        for (;;) {
                ssize_t n;
                if (c->word_got < 4) {
                        n = recv(c->fd, c->word + c->word_got, 4 - c->word_got, MSG_DONTWAIT);
                } else {
                        n = recv(c->fd, c->body + c->body_got, c->body_len - c->body_got, MSG_DONTWAIT);
                }
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                        return true;
                if (n <= 0)
                        return false;   /* EOF, possibly mid-frame: the frame is dropped */
                if (c->word_got < 4) {
                        c->word_got += (size_t)n;
                        if (c->word_got < 4)
                                continue;
                        if (lv_frame_body_length(c->word, &c->body_len) < 0)
                                return false;
                        c->body = g_try_malloc(c->body_len);
                        if (!c->body)
                                return false;
                        c->body_got = 0;
                        continue;
                }
                c->body_got += (size_t)n;
                if (c->body_got < c->body_len)
                        continue;
                {
                        g_autofree uint8_t *body = g_steal_pointer(&c->body);
                        uint32_t len = c->body_len;
                        c->word_got = 0;
                        if (!handle_frame(c, body, len))
                                return false;
                }
        }
}

static gboolean on_client_readable(gint fd, GIOCondition cond, gpointer data)
{
        Client *c = data;

        if (!client_read(c)) {
                c->in_source = 0;
                client_drop(c);
                return G_SOURCE_REMOVE;
        }
        return G_SOURCE_CONTINUE;
}

static gboolean on_accept(gint fd, GIOCondition cond, gpointer data)
{
        Listener *l = data;
        Client *c;
        int cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

        if (cfd < 0)
                return G_SOURCE_CONTINUE;
        c = g_new0(Client, 1);
        c->fd = cfd;
        c->ro_socket = l->readonly;
        c->readonly = l->readonly;
        c->out = g_byte_array_new();
        c->next_callback_id = 1;
        c->in_source = g_unix_fd_add(cfd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_client_readable, c);
        lv_clients = g_list_prepend(lv_clients, c);
        return G_SOURCE_CONTINUE;
}

void server_adopt_listener(int fd, bool readonly)
{
        Listener *l = g_new0(Listener, 1);

        g_unix_set_fd_nonblocking(fd, TRUE, NULL);
        l->fd = fd;
        l->readonly = readonly;
        l->source = g_unix_fd_add(fd, G_IO_IN, on_accept, l);
        listeners = g_list_prepend(listeners, l);
}

int server_listen(const char *path, bool readonly, mode_t mode)
{
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        g_autofree char *dir = g_path_get_dirname(path);
        int fd, r;

        if (strlen(path) >= sizeof(sa.sun_path))
                return -ENAMETOOLONG;
        if (g_mkdir_with_parents(dir, 0755) < 0)
                return -errno;
        strcpy(sa.sun_path, path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return -errno;
        (void)unlink(path);
        if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || chmod(path, mode) < 0 || listen(fd, 64) < 0) {
                r = -errno;
                close(fd);
                return r;
        }
        server_adopt_listener(fd, readonly);
        ((Listener *)listeners->data)->path = g_strdup(path);
        return 0;
}

void server_shutdown(void)
{
        while (lv_clients)
                client_drop(lv_clients->data);
        for (GList *l = listeners; l; l = l->next) {
                Listener *li = l->data;
                g_source_remove(li->source);
                close(li->fd);
                if (li->path)
                        unlink(li->path);
                g_free(li->path);
                g_free(li);
        }
        g_list_free(listeners);
        listeners = NULL;
}
