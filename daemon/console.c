/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <termios.h>
#include <unistd.h>

#include "console.h"

typedef struct Reader {
        Console *console;
        int fd;
        bool is_pty;
        uint64_t pos;           /* absolute position of the next byte to send */
        sd_event_source *source;
} Reader;

struct Console {
        sd_event *event;
        pthread_mutex_t lock;   /* ring and head: shared with vcpu threads */
        uint8_t *ring;
        size_t size;
        uint64_t head;          /* absolute count of bytes written */
        uint64_t flushed;       /* head at the last flush (main thread) */
        bool flush_pending;
        uint64_t dropped;
        GPtrArray *readers;
        char *pty_path;
        int pty_slave;          /* kept open so the master never sees a hang-up */
        console_input_fn input;
        void *userdata;
};

static void reader_free(Reader *r)
{
        if (!r)
                return;
        sd_event_source_disable_unref(r->source);
        if (r->fd >= 0)
                close(r->fd);
        g_free(r);
}

Console *console_new(sd_event *event, size_t ring_size, console_input_fn input, void *userdata)
{
        Console *c = g_new0(Console, 1);

        c->event = sd_event_ref(event);
        pthread_mutex_init(&c->lock, NULL);
        c->size = ring_size ? ring_size : 65536;
        c->ring = g_malloc(c->size);
        c->readers = g_ptr_array_new_with_free_func((GDestroyNotify)reader_free);
        c->input = input;
        c->userdata = userdata;
        c->pty_slave = -1;
        return c;
}

void console_free(Console *c)
{
        if (!c)
                return;
        console_detach_all(c);
        g_ptr_array_free(c->readers, TRUE);
        pthread_mutex_destroy(&c->lock);
        sd_event_unref(c->event);
        g_free(c->ring);
        g_free(c->pty_path);
        g_free(c);
}

bool console_append(Console *c, const uint8_t *buf, size_t len)
{
        bool wake;

        pthread_mutex_lock(&c->lock);
        if (len > c->size) {
                buf += len - c->size;
                c->head += len - c->size;
                len = c->size;
        }
        for (size_t i = 0; i < len;) {
                size_t off = c->head % c->size, n = MIN(len - i, c->size - off);
                memcpy(c->ring + off, buf + i, n);
                c->head += n;
                i += n;
        }
        wake = !c->flush_pending;
        c->flush_pending = true;
        pthread_mutex_unlock(&c->lock);
        return wake;
}

/* Sends what the reader has not had yet; returns false when it went away. */
static bool reader_push(Console *c, Reader *r)
{
        pthread_mutex_lock(&c->lock);
        uint64_t head = c->head;
        if (head - r->pos > c->size) {
                r->pos = head - c->size;
        }
        while (r->pos < head) {
                size_t off = r->pos % c->size;
                size_t n = MIN(head - r->pos, c->size - off);
                ssize_t w = write(r->fd, c->ring + off, n);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w < 0 && errno == EAGAIN)
                        break;
                if (w <= 0) {
                        pthread_mutex_unlock(&c->lock);
                        /* A PTY nobody has opened yet is not an error. */
                        return r->is_pty && (errno == EIO);
                }
                r->pos += (uint64_t)w;
        }
        bool behind = r->pos < head;
        pthread_mutex_unlock(&c->lock);
        sd_event_source_set_io_events(r->source, EPOLLIN | (behind ? EPOLLOUT : 0));
        return true;
}

void console_flush(Console *c)
{
        pthread_mutex_lock(&c->lock);
        uint64_t head = c->head;
        /* Bytes overwritten before any reader took them count as dropped. */
        if (c->readers->len == 0 && head - c->flushed > c->size)
                c->dropped += head - c->flushed - c->size;
        c->flushed = head;
        c->flush_pending = false;
        pthread_mutex_unlock(&c->lock);

        for (guint i = 0; i < c->readers->len;) {
                Reader *r = g_ptr_array_index(c->readers, i);
                if (!reader_push(c, r))
                        g_ptr_array_remove_index(c->readers, i);
                else
                        i++;
        }
}

static int on_reader_io(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
        Reader *r = userdata;
        Console *c = r->console;
        uint8_t buf[1024];

        if (revents & EPOLLIN) {
                ssize_t n = read(fd, buf, sizeof(buf));
                if (n > 0 && c->input)
                        c->input(c->userdata, buf, (size_t)n);
                if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR && !(r->is_pty && errno == EIO)))
                        goto gone;
        }
        if ((revents & (EPOLLHUP | EPOLLERR)) && !r->is_pty)
                goto gone;
        if (revents & EPOLLOUT && !reader_push(c, r))
                goto gone;
        return 0;
gone:
        g_ptr_array_remove(c->readers, r);
        return 0;
}

static int add_reader(Console *c, int fd, bool replay, bool is_pty)
{
        Reader *r = g_new0(Reader, 1);
        int flags = fcntl(fd, F_GETFL);

        if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
                int err = errno;
                close(fd);
                g_free(r);
                return -err;
        }
        r->console = c;
        r->fd = fd;
        r->is_pty = is_pty;
        pthread_mutex_lock(&c->lock);
        r->pos = replay ? (c->head > c->size ? c->head - c->size : 0) : c->head;
        pthread_mutex_unlock(&c->lock);
        int ret = sd_event_add_io(c->event, &r->source, fd, EPOLLIN, on_reader_io, r);
        if (ret < 0) {
                reader_free(r);
                return ret;
        }
        g_ptr_array_add(c->readers, r);
        reader_push(c, r);
        return 0;
}

int console_attach(Console *c, int fd, bool replay)
{
        return add_reader(c, fd, replay, false);
}

int console_open_pty(Console *c)
{
        struct termios t;
        char name[128];
        int fd;

        if (c->pty_path)
                return 0;
        fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        if (grantpt(fd) < 0 || unlockpt(fd) < 0 || ptsname_r(fd, name, sizeof(name)) != 0) {
                int err = errno;
                close(fd);
                return -err;
        }
        /* Raw: the guest's bytes go through unchanged. */
        if (tcgetattr(fd, &t) == 0) {
                cfmakeraw(&t);
                tcsetattr(fd, TCSANOW, &t);
        }
        c->pty_slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
        if (c->pty_slave < 0) {
                int err = errno;
                close(fd);
                return -err;
        }
        int r = add_reader(c, fd, false, true);
        if (r < 0) {
                close(c->pty_slave);
                c->pty_slave = -1;
                return r;
        }
        c->pty_path = g_strdup(name);
        return 0;
}

const char *console_pty_path(const Console *c)
{
        return c->pty_path ? c->pty_path : "";
}

void console_detach_all(Console *c)
{
        g_ptr_array_set_size(c->readers, 0);
        g_clear_pointer(&c->pty_path, g_free);
        if (c->pty_slave >= 0)
                close(c->pty_slave);
        c->pty_slave = -1;
}

uint64_t console_dropped(const Console *c)
{
        return c->dropped;
}

uint64_t console_total(const Console *c)
{
        return c->head;
}

size_t console_snapshot(Console *c, uint8_t *buf, size_t len)
{
        pthread_mutex_lock(&c->lock);
        uint64_t start = c->head > c->size ? c->head - c->size : 0;
        size_t n = 0;
        if (c->head - start > len)
                start = c->head - len;
        for (uint64_t p = start; p < c->head; p++)
                buf[n++] = c->ring[p % c->size];
        pthread_mutex_unlock(&c->lock);
        return n;
}
