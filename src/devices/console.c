/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* hvterm input ring. */
#include <string.h>

#include "devices/console.h"

void hvterm_init(struct hvterm *t)
{
        memset(t, 0, sizeof(*t));
        pthread_mutex_init(&t->lock, NULL);
}

void hvterm_fini(struct hvterm *t)
{
        pthread_mutex_destroy(&t->lock);
}

void hvterm_reset(struct hvterm *t)
{
        pthread_mutex_lock(&t->lock);
        t->head = t->len = 0;
        t->dropped = 0;
        t->signal = false;
        pthread_mutex_unlock(&t->lock);
}

size_t hvterm_input(struct hvterm *t, const uint8_t *buf, size_t len, bool *ret_notify)
{
        pthread_mutex_lock(&t->lock);
        /* An edge when input arrives into an empty buffer, as QEMU's vty:
         * Linux's hvc_vio takes the vty's interrupt and never polls, and it
         * does not call H_VIO_SIGNAL first. */
        if (ret_notify)
                *ret_notify = t->len == 0 && len > 0;
        for (size_t i = 0; i < len; i++) {
                if (t->len == HVTERM_INPUT_SIZE) {
                        /* full: the oldest byte makes room */
                        t->head = (t->head + 1) % HVTERM_INPUT_SIZE;
                        t->len--;
                        t->dropped++;
                }
                t->buf[(t->head + t->len) % HVTERM_INPUT_SIZE] = buf[i];
                t->len++;
        }
        pthread_mutex_unlock(&t->lock);
        return len;
}

size_t hvterm_read(struct hvterm *t, uint8_t *buf, size_t max)
{
        size_t n;

        pthread_mutex_lock(&t->lock);
        for (n = 0; n < max && t->len; n++) {
                buf[n] = t->buf[t->head];
                t->head = (t->head + 1) % HVTERM_INPUT_SIZE;
                t->len--;
        }
        pthread_mutex_unlock(&t->lock);
        return n;
}

uint64_t hvterm_dropped(struct hvterm *t)
{
        uint64_t d;

        pthread_mutex_lock(&t->lock);
        d = t->dropped;
        pthread_mutex_unlock(&t->lock);
        return d;
}

void hvterm_set_signal(struct hvterm *t, bool on)
{
        pthread_mutex_lock(&t->lock);
        t->signal = on;
        pthread_mutex_unlock(&t->lock);
}
