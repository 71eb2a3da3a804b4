/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* printf-style formatting: %d %i %u %x %X %o %p %s %c %%, with flags '-', '0',
 * '#', a width and the l, ll, z and h length modifiers. */
#include "rt.h"

struct sink {
        char *buf;
        size_t size, len;
};

static void emit(struct sink *s, char c)
{
        if (s->len + 1 < s->size)
                s->buf[s->len] = c;
        s->len++;
}

struct spec {
        bool left, zero, alt;
        unsigned width;
};

static void pad(struct sink *s, unsigned n, char c)
{
        while (n--)
                emit(s, c);
}

static void emit_str(struct sink *s, const struct spec *sp, const char *str, size_t n)
{
        unsigned fill = sp->width > n ? sp->width - (unsigned)n : 0;

        if (!sp->left)
                pad(s, fill, ' ');
        while (n--)
                emit(s, *str++);
        if (sp->left)
                pad(s, fill, ' ');
}

static void emit_num(struct sink *s, const struct spec *sp, uint64_t v, bool neg,
                     unsigned base, bool upper)
{
        const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        char tmp[24];
        unsigned n = 0, prefix_len;
        const char *prefix = "";

        do {
                tmp[n++] = digits[v % base];
                v /= base;
        } while (v);
        if (neg)
                prefix = "-";
        else if (sp->alt && base == 16)
                prefix = upper ? "0X" : "0x";
        else if (sp->alt && base == 8 && tmp[n - 1] != '0')
                prefix = "0";
        prefix_len = (unsigned)strlen(prefix);

        unsigned body = n + prefix_len;
        unsigned fill = sp->width > body ? sp->width - body : 0;

        if (!sp->left && !sp->zero)
                pad(s, fill, ' ');
        while (*prefix)
                emit(s, *prefix++);
        if (!sp->left && sp->zero)
                pad(s, fill, '0');
        while (n)
                emit(s, tmp[--n]);
        if (sp->left)
                pad(s, fill, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
        struct sink s = { buf, size, 0 };

        for (; *fmt; fmt++) {
                struct spec sp = { 0 };
                int lng = 0;

                if (*fmt != '%') {
                        emit(&s, *fmt);
                        continue;
                }
                for (fmt++;; fmt++) {
                        if (*fmt == '-')
                                sp.left = true;
                        else if (*fmt == '0')
                                sp.zero = true;
                        else if (*fmt == '#')
                                sp.alt = true;
                        else
                                break;
                }
                while (*fmt >= '0' && *fmt <= '9')
                        sp.width = sp.width * 10 + (unsigned)(*fmt++ - '0');
                for (;; fmt++) {
                        if (*fmt == 'l' || *fmt == 'z')
                                lng++;
                        else if (*fmt != 'h')
                                break;
                }

                switch (*fmt) {
                case 'd':
                case 'i': {
                        int64_t v = lng ? va_arg(ap, long) : va_arg(ap, int);
                        emit_num(&s, &sp, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, false);
                        break;
                }
                case 'u':
                case 'x':
                case 'X':
                case 'o': {
                        uint64_t v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
                        unsigned base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;
                        emit_num(&s, &sp, v, false, base, *fmt == 'X');
                        break;
                }
                case 'p':
                        sp.alt = true;
                        emit_num(&s, &sp, (uintptr_t)va_arg(ap, void *), false, 16, false);
                        break;
                case 's': {
                        const char *str = va_arg(ap, const char *);
                        if (!str)
                                str = "(null)";
                        emit_str(&s, &sp, str, strlen(str));
                        break;
                }
                case 'c': {
                        char c = (char)va_arg(ap, int);
                        emit_str(&s, &sp, &c, 1);
                        break;
                }
                case '%':
                        emit(&s, '%');
                        break;
                case 0:
                        fmt--;
                        break;
                default:
                        emit(&s, '%');
                        emit(&s, *fmt);
                        break;
                }
        }
        if (size)
                buf[s.len < size ? s.len : size - 1] = 0;
        return (int)s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
        va_list ap;
        int n;

        va_start(ap, fmt);
        n = vsnprintf(buf, size, fmt, ap);
        va_end(ap);
        return n;
}

int vprintf(const char *fmt, va_list ap)
{
        char buf[256];
        int n = vsnprintf(buf, sizeof(buf), fmt, ap);

        console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
        return n;
}

int printf(const char *fmt, ...)
{
        va_list ap;
        int n;

        va_start(ap, fmt);
        n = vprintf(fmt, ap);
        va_end(ap);
        return n;
}
