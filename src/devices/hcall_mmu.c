/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Translation set-up the guest asks of the platform.
 *
 * H_REGISTER_PROC_TBL (flags, base, page_size, table_size) chooses radix or
 * hash for the whole partition and, for radix, gives the process table:
 *   flags bits 0x18  0x18 register a new table, 0x10 deregister, otherwise
 *                    keep the current one (whose type must match flags);
 *   flags 0x04       radix (else hash with an SLB; 0x02, hash with segment
 *                    tables, is not offered);
 *   flags 0x01       GTSE: the guest may use tlbie/tlbsync.
 * A radix table needs base 4 KiB aligned below 2^60, page_size 0 and
 * table_size <= 24 (2^(12+size) bytes).  The result is the partition-table
 * dword 1 (PATE1_GR marks radix) handed to the backend, and LPCR[UPRT, HR,
 * GTSE] on every vcpu, as QEMU's pseries does.
 *
 * The hashed page table itself is the backend's (H_ENTER and friends are
 * served there, as KVM serves them); the machine sizes it with
 * hcall_mmu_alloc_hpt() and advertises the size as "ibm,pft-size".
 */
#include <errno.h>

#include "devices/hcall.h"

#define PROC_TABLE_OP_MASK   0x18ull
#define PROC_TABLE_NEW       0x18ull
#define PROC_TABLE_DEREG     0x10ull
#define PROC_TABLE_MODIFY    0x10ull     /* set in both NEW and DEREG */
#define PROC_TABLE_RADIX     0x04ull
#define PROC_TABLE_HPT_PT    0x02ull
#define PROC_TABLE_GTSE      0x01ull
#define PROC_TABLE_FLAGS     0x1full

#define PATE1_GR             (1ull << 63)
#define PRTB_SIZE_MAX        24

/* LPCR (Power ISA 3.0, big-endian bit numbers). */
#define LPCR_UPRT            (1ull << (63 - 41))
#define LPCR_HR              (1ull << (63 - 43))
#define LPCR_GTSE            (1ull << (63 - 53))

static int64_t new_table(uint64_t flags, uint64_t base, uint64_t page_size, uint64_t size,
                         uint64_t *ret)
{
        if (flags & PROC_TABLE_RADIX) {
                if ((base & 0xfff) || (base >> 60))
                        return H_P2;
                if (page_size)
                        return H_P3;
                if (size > PRTB_SIZE_MAX)
                        return H_P4;
                *ret = PATE1_GR | base | size;
                return H_SUCCESS;
        }
        if (flags & PROC_TABLE_HPT_PT)
                return H_PARAMETER;
        /* Hash with an SLB: the table (unused by translation) is kept. */
        if (base >> 38)
                return H_P2;
        if (page_size & ~7ull)
                return H_P3;
        if (size > PRTB_SIZE_MAX)
                return H_P4;
        *ret = (base << 25) | (page_size << 5) | size;
        return H_SUCCESS;
}

static int64_t set_lpcr_all(struct hcall_ctx *c, uint64_t mask, uint64_t val)
{
        uint64_t lpcr;

        if (c->vcpu->ops->get_one_reg(c->vcpu, VCPU_REG_LPCR, &lpcr) < 0)
                return H_HARDWARE;
        lpcr = (lpcr & ~mask) | val;
        for (unsigned i = 0; i < c->p->nr_vcpus; i++) {
                struct vcpu *v = c->p->vcpus[i];
                if (v && v->ops->set_one_reg(v, VCPU_REG_LPCR, lpcr) < 0)
                        return H_HARDWARE;
        }
        if (c->p->nr_vcpus == 0 && c->vcpu->ops->set_one_reg(c->vcpu, VCPU_REG_LPCR, lpcr) < 0)
                return H_HARDWARE;
        return H_SUCCESS;
}

static int64_t h_register_proc_tbl(struct hcall_ctx *c)
{
        uint64_t flags = c->args[0], base = c->args[1], page_size = c->args[2], size = c->args[3];
        struct vcpu *v = c->vcpu;
        uint64_t cur, patb;
        int64_t rc;

        if (flags & ~PROC_TABLE_FLAGS)
                return H_PARAMETER;
        if (!v->ops->get_one_reg || v->ops->get_one_reg(v, VCPU_REG_PROC_TABLE, &cur) < 0)
                return H_FUNCTION;
        switch (flags & PROC_TABLE_OP_MASK) {
        case PROC_TABLE_NEW:
                rc = new_table(flags, base, page_size, size, &patb);
                if (rc != H_SUCCESS)
                        return rc;
                break;
        case PROC_TABLE_DEREG:
                patb = cur & PATE1_GR;
                break;
        default:
                if (!(flags & PROC_TABLE_RADIX) != !(cur & PATE1_GR))
                        return H_PARAMETER;
                patb = cur;
                break;
        }
        rc = set_lpcr_all(c, LPCR_UPRT | LPCR_HR | LPCR_GTSE,
                          ((flags & PROC_TABLE_RADIX) ? LPCR_UPRT | LPCR_HR : 0) |
                          ((flags & PROC_TABLE_GTSE) ? LPCR_GTSE : 0));
        if (rc != H_SUCCESS)
                return rc;
        if (v->ops->set_one_reg(v, VCPU_REG_PROC_TABLE, patb) < 0)
                return H_HARDWARE;
        return H_SUCCESS;
}

unsigned hcall_mmu_hpt_shift(uint64_t ram_size)
{
        unsigned shift = 18;

        /* QEMU's pseries: RAM rounded up to a power of two, over 128 */
        while (shift < 46 && (1ull << (shift + 7)) < ram_size)
                shift++;
        return shift;
}

/* Power-on MMU state: no process table (hash), LPCR[UPRT, HR, GTSE]
 * clear, so a rebooted guest starts as a fresh one whatever it registered. */
static int forget_process_table(struct vcpu *vcpu)
{
        uint64_t lpcr;
        int r = vcpu->ops->set_one_reg(vcpu, VCPU_REG_PROC_TABLE, 0);

        if (r < 0 || !vcpu->ops->get_one_reg)
                return r;
        r = vcpu->ops->get_one_reg(vcpu, VCPU_REG_LPCR, &lpcr);
        if (r < 0)
                return r;
        return vcpu->ops->set_one_reg(vcpu, VCPU_REG_LPCR, lpcr & ~(LPCR_UPRT | LPCR_HR | LPCR_GTSE));
}

int hcall_mmu_alloc_hpt(struct vcpu *vcpu, uint64_t ram_size, unsigned *ret_shift)
{
        unsigned shift = hcall_mmu_hpt_shift(ram_size);
        int r;

        if (!vcpu->ops->set_one_reg)
                return -ENOTSUP;
        r = vcpu->ops->set_one_reg(vcpu, VCPU_REG_HTAB_SHIFT, shift);
        if (r < 0)
                return r;
        r = forget_process_table(vcpu);
        if (r < 0)
                return r;
        *ret_shift = shift;
        return 0;
}

const struct hcall_def hcalls_mmu[] = {
        { H_REGISTER_PROC_TBL, "H_REGISTER_PROC_TBL", h_register_proc_tbl },
        { 0, NULL, NULL },
};
