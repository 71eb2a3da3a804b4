/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The few libc string functions the compiler and the guests need. */
#include "rt.h"

void *memset(void *d, int c, size_t n)
{
        unsigned char *p = d;

        while (n--)
                *p++ = (unsigned char)c;
        return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
        unsigned char *dp = d;
        const unsigned char *sp = s;

        while (n--)
                *dp++ = *sp++;
        return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
        const unsigned char *x = a, *y = b;

        for (; n; n--, x++, y++)
                if (*x != *y)
                        return *x - *y;
        return 0;
}

size_t strlen(const char *s)
{
        size_t n = 0;

        while (s[n])
                n++;
        return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
        for (; n; n--, a++, b++) {
                if (*a != *b)
                        return (unsigned char)*a - (unsigned char)*b;
                if (!*a)
                        return 0;
        }
        return 0;
}

int strcmp(const char *a, const char *b)
{
        return strncmp(a, b, (size_t)-1);
}

uint32_t crc32(const void *p, size_t n)
{
        const uint8_t *b = p;
        uint32_t crc = 0xffffffff;

        while (n--) {
                crc ^= *b++;
                for (int k = 0; k < 8; k++)
                        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
        }
        return ~crc;
}

/* Smallest cache block of the Power ISA; stepping finer than the real one is harmless. */
#define CACHE_STEP 32

void rt_sync_icache(void *start, size_t len)
{
        uintptr_t p = (uintptr_t)start & ~(uintptr_t)(CACHE_STEP - 1);
        uintptr_t end = (uintptr_t)start + len;

        for (uintptr_t a = p; a < end; a += CACHE_STEP)
                __asm__ volatile("dcbst 0,%0" : : "r"(a) : "memory");
        __asm__ volatile("sync" : : : "memory");
        for (uintptr_t a = p; a < end; a += CACHE_STEP)
                __asm__ volatile("icbi 0,%0" : : "r"(a) : "memory");
        __asm__ volatile("sync; isync" : : : "memory");
}
