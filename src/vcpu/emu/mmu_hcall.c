/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The hashed-page-table hypercalls (PAPR 14.5.4.1), served in the backend
 * as KVM HV serves them in the kernel: the HPT is hypervisor memory the
 * guest reaches only through these calls.  Arguments come in r4..r11, the
 * return code goes to r3 and results to r4...
 *
 *   H_ENTER       flags, ptex, pteh, ptel -> ptex used.  Without H_EXACT the
 *                 first free slot of ptex's PTEG, else exactly ptex;
 *                 H_PTEG_FULL when none is free.  RAM must be mapped WIMG=0010
 *                 (M), anything else cache-inhibited (I or I|M).
 *   H_REMOVE      flags, ptex, avpn -> old pteh, ptel.  H_AVPN: dword 0 must
 *                 match avpn; H_ANDCOND: dword 0 AND avpn must be 0.
 *   H_READ        flags, ptex -> pteh, ptel (four entries with H_READ_4).
 *   H_PROTECT     flags, ptex, avpn: new PP0/PP/N/key from flags.
 *   H_BULK_REMOVE up to four (control, avpn) pairs, each answered in place.
 *   H_CLEAR_REF, H_CLEAR_MOD  flags, ptex -> old ptel; clear R or C.
 * Every call that removes or weakens an entry invalidates the cached
 * translations of every vcpu.
 */
#include "mmu_internal.h"

#define H_REMOVE        0x04
#define H_ENTER         0x08
#define H_READ          0x0c
#define H_CLEAR_MOD     0x10
#define H_CLEAR_REF     0x14
#define H_PROTECT       0x18
#define H_BULK_REMOVE   0x18c

#define H_SUCCESS       0
#define H_HARDWARE      ((uint64_t)-1)
#define H_PARAMETER     ((uint64_t)-4)
#define H_PTEG_FULL     ((uint64_t)-6)
#define H_NOT_FOUND     ((uint64_t)-7)

#define H_EXACT         PPC_BIT(24)
#define H_READ_4        PPC_BIT(26)
#define H_AVPN          PPC_BIT(32)
#define H_ANDCOND       PPC_BIT(33)
/* H_PROTECT's flags: PP0 (bit 55), key (bits 50:51 and 52:54), N, PP. */
#define H_PROTECT_PP0   PPC_BIT(55)
#define H_PROTECT_KEY_HI 0x3000ull

/* H_BULK_REMOVE control words. */
#define BULK_TYPE       0xc000000000000000ull
#define BULK_REQUEST    0x4000000000000000ull
#define BULK_RESPONSE   0x8000000000000000ull
#define BULK_END        0xc000000000000000ull
#define BULK_CODE_SHIFT 60
#define BULK_RC_SHIFT   51                      /* R, C (0x180) -> bits 4:5 */
#define BULK_FLAGS      0x0300000000000000ull
#define BULK_FLAGS_SHIFT 26                     /* -> H_AVPN, H_ANDCOND */
#define BULK_PTEX       0x00ffffffffffffffull
#define BULK_MAX        4u

enum remove_code { REMOVE_SUCCESS, REMOVE_NOT_FOUND, REMOVE_PARM, REMOVE_HW };

static void hpt_lock(struct emu_vm *vm)
{
        unsigned zero = 0;
        while (!atomic_compare_exchange_weak_explicit(&vm->mmu.hpt_lock, &zero, 1u,
                                                      memory_order_acquire, memory_order_relaxed))
                zero = 0;
}

static void hpt_unlock(struct emu_vm *vm)
{
        atomic_store_explicit(&vm->mmu.hpt_lock, 0u, memory_order_release);
}

static bool valid_ptex(const struct emu_vm *vm, uint64_t ptex)
{
        return ptex < vm->mmu.hpt_size / HPTE_SIZE;
}

/* Entries become visible dword 1 first, and disappear dword 0 first. */
static void hpte_store(struct emu_vm *vm, uint64_t ptex, uint64_t v, uint64_t r)
{
        atomic_store_explicit(emu_hpte_r_ptr(vm, ptex), htobe64(r), memory_order_relaxed);
        atomic_store_explicit(emu_hpte_v_ptr(vm, ptex), htobe64(v), memory_order_release);
}

static uint64_t h_enter(struct emu_cpu *cpu)
{
        struct emu_vm *vm = cpu->vm;
        uint64_t flags = cpu->gpr[4], ptex = cpu->gpr[5], v = cpu->gpr[6], r = cpu->gpr[7];
        unsigned shift = emu_hpte_page_shift(v, r, 0);
        unsigned slot;

        if (!shift)
                return H_PARAMETER;
        uint64_t ra = r & HPTE_R_RPN & ~((1ull << shift) - 1);
        if (emu_ram_ptr(vm, ra, 1)) {
                if ((r & HPTE_R_WIMG) != HPTE_R_M)
                        return H_PARAMETER;
        } else {
                uint64_t wim = r & (HPTE_R_W | HPTE_R_I | HPTE_R_M);
                if (wim != HPTE_R_I && wim != (HPTE_R_I | HPTE_R_M))
                        return H_PARAMETER;
        }
        if (!valid_ptex(vm, ptex))
                return H_PARAMETER;
        hpt_lock(vm);
        if (flags & H_EXACT) {
                slot = 0;
                if (emu_hpte_v(vm, ptex) & HPTE_V_VALID) {
                        hpt_unlock(vm);
                        return H_PTEG_FULL;
                }
        } else {
                ptex &= ~(uint64_t)(HPTES_PER_GROUP - 1);
                for (slot = 0; slot < HPTES_PER_GROUP; slot++)
                        if (!(emu_hpte_v(vm, ptex + slot) & HPTE_V_VALID))
                                break;
                if (slot == HPTES_PER_GROUP) {
                        hpt_unlock(vm);
                        return H_PTEG_FULL;
                }
        }
        hpte_store(vm, ptex + slot, v, r);
        hpt_unlock(vm);
        cpu->gpr[4] = ptex + slot;
        return H_SUCCESS;
}

/* Called with the lock held. */
static enum remove_code remove_one(struct emu_vm *vm, uint64_t ptex, uint64_t avpn, uint64_t flags,
                                   uint64_t *ret_v, uint64_t *ret_r)
{
        uint64_t v, r;

        if (!valid_ptex(vm, ptex))
                return REMOVE_PARM;
        v = emu_hpte_v(vm, ptex);
        r = emu_hpte_r(vm, ptex);
        if (!(v & HPTE_V_VALID) ||
            ((flags & H_AVPN) && (v & ~0x7full) != avpn) ||
            ((flags & H_ANDCOND) && (v & avpn) != 0))
                return REMOVE_NOT_FOUND;
        hpte_store(vm, ptex, 0, 0);
        *ret_v = v;
        *ret_r = r;
        return REMOVE_SUCCESS;
}

static uint64_t h_remove(struct emu_cpu *cpu)
{
        struct emu_vm *vm = cpu->vm;
        uint64_t v = 0, r = 0;
        enum remove_code rc;

        hpt_lock(vm);
        rc = remove_one(vm, cpu->gpr[5], cpu->gpr[6], cpu->gpr[4], &v, &r);
        hpt_unlock(vm);
        switch (rc) {
        case REMOVE_SUCCESS:
                emu_mmu_flush_all(vm);
                cpu->gpr[4] = v;
                cpu->gpr[5] = r;
                return H_SUCCESS;
        case REMOVE_NOT_FOUND:
                return H_NOT_FOUND;
        case REMOVE_PARM:
                return H_PARAMETER;
        default:
                return H_HARDWARE;
        }
}

static uint64_t h_bulk_remove(struct emu_cpu *cpu)
{
        struct emu_vm *vm = cpu->vm;
        uint64_t ret = H_SUCCESS;
        bool removed = false;

        hpt_lock(vm);
        for (unsigned i = 0; i < BULK_MAX; i++) {
                uint64_t *tsh = &cpu->gpr[4 + 2 * i], avpn = cpu->gpr[5 + 2 * i];
                uint64_t v = 0, r = 0;

                if ((*tsh & BULK_TYPE) == BULK_END)
                        break;
                if ((*tsh & BULK_TYPE) != BULK_REQUEST) {
                        ret = H_PARAMETER;
                        break;
                }
                uint64_t ctl = (*tsh & (BULK_PTEX | BULK_FLAGS)) | BULK_RESPONSE;
                uint64_t flags = (ctl & BULK_FLAGS) >> BULK_FLAGS_SHIFT;
                if ((flags & H_AVPN) && (flags & H_ANDCOND)) {
                        *tsh = ctl | ((uint64_t)REMOVE_PARM << BULK_CODE_SHIFT);
                        ret = H_PARAMETER;
                        break;
                }
                enum remove_code rc = remove_one(vm, ctl & BULK_PTEX, avpn, flags, &v, &r);
                ctl |= (uint64_t)rc << BULK_CODE_SHIFT;
                if (rc == REMOVE_SUCCESS) {
                        ctl |= (r & (HPTE_R_R | HPTE_R_C)) << BULK_RC_SHIFT;
                        removed = true;
                }
                *tsh = ctl;
                if (rc == REMOVE_PARM) {
                        ret = H_PARAMETER;
                        break;
                }
                if (rc == REMOVE_HW) {
                        ret = H_HARDWARE;
                        break;
                }
        }
        hpt_unlock(vm);
        if (removed)
                emu_mmu_flush_all(vm);
        return ret;
}

static uint64_t h_protect(struct emu_cpu *cpu)
{
        struct emu_vm *vm = cpu->vm;
        uint64_t flags = cpu->gpr[4], ptex = cpu->gpr[5], avpn = cpu->gpr[6];
        const uint64_t fields = HPTE_R_PP0 | HPTE_R_PP | HPTE_R_N | HPTE_R_KEY_HI | HPTE_R_KEY_LO;
        uint64_t v, set;

        if (!valid_ptex(vm, ptex))
                return H_PARAMETER;
        set = ((flags & H_PROTECT_PP0) ? HPTE_R_PP0 : 0) | ((flags & H_PROTECT_KEY_HI) << 48) |
              (flags & (HPTE_R_PP | HPTE_R_N | HPTE_R_KEY_LO));
        hpt_lock(vm);
        v = emu_hpte_v(vm, ptex);
        if (!(v & HPTE_V_VALID) || ((flags & H_AVPN) && (v & ~0x7full) != avpn)) {
                hpt_unlock(vm);
                return H_NOT_FOUND;
        }
        /* The entry stays valid throughout (a vcpu finding it missing would
         * fault and enter a duplicate); R and C that translations set
         * meanwhile are kept. */
        _Atomic uint64_t *rp = emu_hpte_r_ptr(vm, ptex);
        uint64_t old = atomic_load_explicit(rp, memory_order_acquire);
        while (!atomic_compare_exchange_weak_explicit(
                       rp, &old, htobe64((be64toh(old) & ~fields) | set),
                       memory_order_acq_rel, memory_order_acquire))
                ;
        hpt_unlock(vm);
        emu_mmu_flush_all(vm);
        return H_SUCCESS;
}

static uint64_t h_read(struct emu_cpu *cpu)
{
        struct emu_vm *vm = cpu->vm;
        uint64_t flags = cpu->gpr[4], ptex = cpu->gpr[5];
        unsigned n = 1;

        if (!valid_ptex(vm, ptex))
                return H_PARAMETER;
        if (flags & H_READ_4) {
                ptex &= ~3ull;
                n = 4;
        }
        for (unsigned i = 0; i < n; i++) {
                cpu->gpr[4 + 2 * i] = emu_hpte_v(vm, ptex + i);
                cpu->gpr[5 + 2 * i] = emu_hpte_r(vm, ptex + i);
        }
        return H_SUCCESS;
}

/* H_CLEAR_REF and H_CLEAR_MOD: clear one bit of dword 1, return the old. */
static uint64_t h_clear_bit(struct emu_cpu *cpu, uint64_t bit)
{
        struct emu_vm *vm = cpu->vm;
        uint64_t ptex = cpu->gpr[5];

        if (!valid_ptex(vm, ptex))
                return H_PARAMETER;
        if (!(emu_hpte_v(vm, ptex) & HPTE_V_VALID))
                return H_NOT_FOUND;
        uint64_t old = be64toh(atomic_fetch_and_explicit(emu_hpte_r_ptr(vm, ptex), ~htobe64(bit),
                                                         memory_order_acq_rel));
        cpu->gpr[4] = old;
        /* Cached translations skip R/C recording: drop them so the next
         * access sets the bit again. */
        emu_mmu_flush_all(vm);
        return H_SUCCESS;
}

bool emu_mmu_hcall(struct emu_cpu *cpu)
{
        uint64_t ret;

        switch (cpu->gpr[3]) {
        case H_ENTER:       ret = h_enter(cpu); break;
        case H_REMOVE:      ret = h_remove(cpu); break;
        case H_BULK_REMOVE: ret = h_bulk_remove(cpu); break;
        case H_PROTECT:     ret = h_protect(cpu); break;
        case H_READ:        ret = h_read(cpu); break;
        case H_CLEAR_REF:   ret = h_clear_bit(cpu, HPTE_R_R); break;
        case H_CLEAR_MOD:   ret = h_clear_bit(cpu, HPTE_R_C); break;
        default:            return false;
        }
        cpu->gpr[3] = ret;
        return true;
}
