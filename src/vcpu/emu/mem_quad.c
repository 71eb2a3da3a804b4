/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Quadword accesses of lq, stq, lqarx and stqcx.: Power ISA 3.0B Book II
 * 1.4 makes an aligned quadword access by these four single-copy atomic.
 *
 * Each access is one 16-byte atomic operation on the host: on x86-64 a
 * locked cmpxchg16b, a load being a compare-and-swap that writes back
 * whatever it found.  Every other guest access is at most 8 naturally
 * aligned bytes, which the host performs single-copy atomically too, so
 * another vcpu sees a quadword store all old or all new, and lq never
 * returns doublewords from before and after a store of another vcpu.  A
 * VM-wide lock around the two doublewords would not give that: plain
 * stores do not take it, so lq could read its first doubleword before and
 * its second after another vcpu's pair of std.
 *
 * Outside RAM the access cannot be performed: device memory is caching
 * inhibited on real hardware, where these instructions take the data
 * storage interrupt with DSISR bit 37, and KVM injects the same for an MMIO
 * access wider than its 8-byte exit.  Nothing reaches the device.
 *
 * Other hosts, and guest RAM the host mapped at an address that is not a
 * multiple of 16 (never the case with mmap), use a process-wide lock:
 * atomic with respect to other quadword accesses only.  On ppc64 GCC's
 * 16-byte compare-and-swap is an lqarx/stqcx. loop, which QEMU 7.2's user
 * mode (where the ppc64le build's unit tests run) never lets succeed; a
 * POWER host normally runs its guests on KVM anyway.
 */
#include <pthread.h>
#include <string.h>

#include "ldst.h"
#include "mem_internal.h"

__extension__ typedef unsigned __int128 u128;

static pthread_mutex_t quad_fallback_lock = PTHREAD_MUTEX_INITIALIZER;

/* Replaces *p with desired if it holds *expected; either way *expected
 * receives what *p held.  True if it was replaced. */
static bool host_cas16(void *p, u128 *expected, u128 desired)
{
        if ((uintptr_t)p & 15)
                goto fallback;
#if defined(__x86_64__)
        {
                uint64_t lo = (uint64_t)*expected, hi = (uint64_t)(*expected >> 64);
                bool ok;

                __asm__ __volatile__("lock cmpxchg16b %[mem]"
                                     : "=@ccz"(ok), [mem] "+m"(*(volatile u128 *)p),
                                       "+a"(lo), "+d"(hi)
                                     : "b"((uint64_t)desired), "c"((uint64_t)(desired >> 64))
                                     : "memory");
                *expected = (u128)hi << 64 | lo;
                return ok;
        }
#endif
fallback:
        pthread_mutex_lock(&quad_fallback_lock);
        u128 cur;
        memcpy(&cur, p, 16);
        bool ok = cur == *expected;
        if (ok)
                memcpy(p, &desired, 16);
        *expected = cur;
        pthread_mutex_unlock(&quad_fallback_lock);
        return ok;
}

static u128 host_load16(void *p)
{
        u128 v = 0;

        host_cas16(p, &v, 0);
        return v;
}

static void host_store16(void *p, u128 v)
{
        u128 old = 0;

        while (!host_cas16(p, &old, v))
                ;
}

/* The 16 bytes as memory holds them <-> the doublewords at EA and EA+8 in
 * the guest's byte order. */
static void quad_to_dw(const struct emu_cpu *cpu, u128 raw, uint64_t dw[2])
{
        uint8_t b[16];
        bool be = emu_access_is_be(cpu, 0);

        memcpy(b, &raw, 16);
        dw[0] = emu_host_load(b, 8, be);
        dw[1] = emu_host_load(b + 8, 8, be);
}

static u128 dw_to_quad(const struct emu_cpu *cpu, const uint64_t dw[2])
{
        uint8_t b[16];
        bool be = emu_access_is_be(cpu, 0);
        u128 raw;

        emu_host_store(b, 8, be, dw[0]);
        emu_host_store(b + 8, 8, be, dw[1]);
        memcpy(&raw, b, 16);
        return raw;
}

/* Translates the quadword at ea (16-aligned, so within one page) and finds
 * it in RAM: EMU_NEXT with *ret_p, or EMU_JUMP after the interrupt. */
static int quad_ram(struct emu_cpu *cpu, uint64_t ea, bool is_write, uint64_t *ret_ra,
                    uint8_t **ret_p)
{
        int r = emu_xlate_data(cpu, ea, is_write, ret_ra);

        if (r != EMU_NEXT)
                return r;
        *ret_p = emu_ram_ptr(cpu->vm, *ret_ra, 16);
        if (!*ret_p)
                return emu_mem_bad_access(cpu, ea, is_write);
        return EMU_NEXT;
}

int emu_load_quad(struct emu_cpu *cpu, uint64_t ea, bool reserve, uint64_t dw[2])
{
        uint64_t ra;
        uint8_t *p;
        int r;

        if (ea & 15)
                return emu_alignment(cpu, ea);
        r = quad_ram(cpu, ea, false, &ra, &p);
        if (r != EMU_NEXT)
                return r;
        u128 raw = host_load16(p);
        if (reserve) {
                cpu->resv_val2 = (uint64_t)(raw >> 64);
                emu_resv_set(cpu, ra, 16, (uint64_t)raw);
        }
        quad_to_dw(cpu, raw, dw);
        return EMU_NEXT;
}

int emu_store_quad(struct emu_cpu *cpu, uint64_t ea, const uint64_t dw[2])
{
        struct emu_vm *vm = cpu->vm;
        uint64_t ra;
        uint8_t *p;
        int r;

        if (ea & 15)
                return emu_alignment(cpu, ea);
        r = quad_ram(cpu, ea, true, &ra, &p);
        if (r != EMU_NEXT)
                return r;
        if (atomic_load_explicit(&vm->nresv, memory_order_acquire)) {
                pthread_mutex_lock(&vm->resv_lock);
                host_store16(p, dw_to_quad(cpu, dw));
                emu_resv_kill_others(cpu, ra, 16);
                pthread_mutex_unlock(&vm->resv_lock);
        } else {
                host_store16(p, dw_to_quad(cpu, dw));
        }
        emu_note_code_write(vm, ra, 16);
        return EMU_NEXT;
}

/*
 * The reservation lqarx set must still be this vcpu's, on this granule,
 * for 16 bytes; then the store succeeds if memory still holds the
 * quadword lqarx read, decided and done by one compare-and-swap, so a
 * plain store of another vcpu that slipped in makes it fail.
 */
int emu_store_quad_cond(struct emu_cpu *cpu, uint64_t ea, const uint64_t dw[2], bool *ret_ok)
{
        struct emu_vm *vm = cpu->vm;
        uint64_t ra;
        uint8_t *p;
        bool ok = false;
        int r;

        if (ea & 15)
                return emu_alignment(cpu, ea);
        r = quad_ram(cpu, ea, true, &ra, &p);
        if (r != EMU_NEXT)
                return r;
        pthread_mutex_lock(&vm->resv_lock);
        if (cpu->resv_valid && cpu->resv_size == 16 &&
            cpu->resv_addr == (ra & ~(uint64_t)(EMU_RESV_GRANULE - 1))) {
                u128 expected = (u128)cpu->resv_val2 << 64 | cpu->resv_val;
                ok = host_cas16(p, &expected, dw_to_quad(cpu, dw));
                if (ok)
                        emu_resv_kill_others(cpu, ra, 16);
        }
        if (cpu->resv_valid) {
                cpu->resv_valid = false;
                atomic_fetch_sub(&vm->nresv, 1);
        }
        pthread_mutex_unlock(&vm->resv_lock);
        if (ok)
                emu_note_code_write(vm, ra, 16);
        *ret_ok = ok;
        return EMU_NEXT;
}
