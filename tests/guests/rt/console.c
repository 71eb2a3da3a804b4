/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The hvterm console: H_PUT_TERM_CHAR takes up to 16 bytes packed
 * big-endian in two registers, H_GET_TERM_CHAR returns them the same way.
 * Output is buffered per line so a line is one hypercall or two, and a
 * spinlock keeps lines from different vcpus whole.
 */
#include "rt.h"

#define HVTERM_MAX      16

static uint64_t termno;
static char out[HVTERM_MAX];
static unsigned out_len;
static int out_lock;

static uint64_t pack8(const char *s, unsigned n)
{
        uint64_t v = 0;

        for (unsigned i = 0; i < 8; i++)
                v = (v << 8) | (i < n ? (uint8_t)s[i] : 0);
        return v;
}

static void flush(void)
{
        long rc;

        if (!out_len)
                return;
        do {
                rc = hcall4(H_PUT_TERM_CHAR, termno, out_len, pack8(out, out_len),
                            out_len > 8 ? pack8(out + 8, out_len - 8) : 0);
        } while (rc == H_BUSY);
        out_len = 0;
}

static void put(char c)
{
        out[out_len++] = c;
        if (out_len == HVTERM_MAX || c == '\n')
                flush();
}

/*
 * The lock word holds the owning vcpu's index + 1.  An interrupt handler
 * that prints (rt_abort on an unexpected interrupt) while its vcpu is in the
 * middle of a line must not wait for itself: it just carries on.
 */
static bool lock(void)
{
        int me = (int)cpu_index() + 1;
        int free = 0;

        if (__atomic_load_n(&out_lock, __ATOMIC_RELAXED) == me)
                return false;
        while (!__atomic_compare_exchange_n(&out_lock, &free, me, false, __ATOMIC_ACQUIRE,
                                            __ATOMIC_RELAXED))
                free = 0;
        return true;
}

static void unlock(bool locked)
{
        if (locked)
                __atomic_store_n(&out_lock, 0, __ATOMIC_RELEASE);
}

void console_write(const char *s, size_t n)
{
        bool locked = lock();

        while (n--)
                put(*s++);
        flush();
        unlock(locked);
}

void putchar_raw(char c)
{
        console_write(&c, 1);
}

void puts_raw(const char *s)
{
        console_write(s, strlen(s));
}

uint64_t console_termno(void)
{
        return termno;
}

bool console_init(void)
{
        int vdev = dt_find("/vdevice");
        int child = -1;

        while (vdev >= 0 && (child = dt_next_child(vdev, child)) >= 0) {
                if (!strncmp(dt_name(child), "vty", 3)) {
                        termno = dt_u32(child, "reg", 0);
                        return true;
                }
        }
        return false;
}

/* ---- input ---- */
static char in[HVTERM_MAX];
static unsigned in_len, in_pos;

static bool refill(void)
{
        unsigned long ret[9];
        long rc = hcall(H_GET_TERM_CHAR, ret, termno, 0, 0, 0);

        if (rc != H_SUCCESS || ret[0] == 0)
                return false;
        in_len = ret[0] > HVTERM_MAX ? HVTERM_MAX : (unsigned)ret[0];
        for (unsigned i = 0; i < in_len; i++)
                in[i] = (char)(ret[1 + i / 8] >> (56 - 8 * (i % 8)));
        in_pos = 0;
        return true;
}

int getchar_timeout(unsigned ms)
{
        uint64_t deadline = mftb() + tb_freq() / 1000 * ms;

        while (in_pos == in_len) {
                if (refill())
                        break;
                if (mftb() > deadline)
                        return -1;
        }
        return (unsigned char)in[in_pos++];
}
