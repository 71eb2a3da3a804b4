/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Mode and debug-register hypercalls: H_SET_MODE (interrupt endianness and
 * AIL, which are partition-wide LPCR fields), H_SET_SPRG0, H_SET_DABR,
 * H_SET_XDABR.
 */
#include "devices/hcall.h"

#define H_SET_MODE_RESOURCE_SET_CIABR         1
#define H_SET_MODE_RESOURCE_SET_DAWR          2
#define H_SET_MODE_RESOURCE_ADDR_TRANS_MODE   3
#define H_SET_MODE_RESOURCE_LE                4

#define H_SET_MODE_ENDIAN_BIG     0
#define H_SET_MODE_ENDIAN_LITTLE  1

/* LPCR fields (Power ISA 3.0, big-endian bit numbers). */
#define LPCR_ILE         (1ull << (63 - 38))
#define LPCR_AIL_SHIFT   (63 - 40)
#define LPCR_AIL         (3ull << LPCR_AIL_SHIFT)

#define SPR_DABR   1013
#define SPR_DABRX  1015

/* DABRX bits a guest may set: user, kernel and the breakpoint translation
 * enable; the hypervisor bit is not the guest's. */
#define H_DABRX_USER        (1ull << 0)
#define H_DABRX_KERNEL      (1ull << 1)
#define H_DABRX_HYPERVISOR  (1ull << 2)
#define H_DABRX_BTI         (1ull << 3)

/* Rewrites LPCR on every vcpu: the field belongs to the partition. */
static int64_t update_lpcr(struct platform *p, struct vcpu *self, uint64_t mask, uint64_t val)
{
        uint64_t lpcr;

        if (!self->ops->get_one_reg || self->ops->get_one_reg(self, VCPU_REG_LPCR, &lpcr) < 0)
                return H_HARDWARE;
        lpcr = (lpcr & ~mask) | (val & mask);
        for (unsigned i = 0; i < p->nr_vcpus; i++) {
                struct vcpu *v = p->vcpus[i];

                if (v && v->ops->set_one_reg(v, VCPU_REG_LPCR, lpcr) < 0)
                        return H_HARDWARE;
        }
        if (p->nr_vcpus == 0 && self->ops->set_one_reg(self, VCPU_REG_LPCR, lpcr) < 0)
                return H_HARDWARE;
        return H_SUCCESS;
}

static int64_t set_mode_le(struct hcall_ctx *c, uint64_t mflags)
{
        switch (mflags) {
        case H_SET_MODE_ENDIAN_BIG:
                return update_lpcr(c->p, c->vcpu, LPCR_ILE, 0);
        case H_SET_MODE_ENDIAN_LITTLE:
                return update_lpcr(c->p, c->vcpu, LPCR_ILE, LPCR_ILE);
        default:
                return H_UNSUPPORTED_FLAG;
        }
}

static int64_t set_mode_ail(struct hcall_ctx *c, uint64_t mflags)
{
        /* AIL 1 is reserved; 2 and 3 relocate interrupts to 0x18000 and
         * 0xc000000000004000. */
        if (mflags == 1 || mflags > 3)
                return H_UNSUPPORTED_FLAG;
        return update_lpcr(c->p, c->vcpu, LPCR_AIL, mflags << LPCR_AIL_SHIFT);
}

static int64_t h_set_mode(struct hcall_ctx *c)
{
        uint64_t mflags = c->args[0], resource = c->args[1];

        switch (resource) {
        case H_SET_MODE_RESOURCE_LE:
        case H_SET_MODE_RESOURCE_ADDR_TRANS_MODE:
                if (c->args[2])
                        return H_P3;
                if (c->args[3])
                        return H_P4;
                return resource == H_SET_MODE_RESOURCE_LE ? set_mode_le(c, mflags)
                                                          : set_mode_ail(c, mflags);
        default:
                /* CIABR and DAWR: this platform offers no hardware breakpoints */
                return H_P2;
        }
}

static int64_t h_set_sprg0(struct hcall_ctx *c)
{
        struct vcpu_regs regs;

        if (c->vcpu->ops->get_regs(c->vcpu, &regs) < 0)
                return H_HARDWARE;
        regs.sprg0 = c->args[0];
        if (c->vcpu->ops->set_regs(c->vcpu, &regs) < 0)
                return H_HARDWARE;
        return H_SUCCESS;
}

static int64_t set_dabr(struct vcpu *v, uint64_t dabr, bool with_x, uint64_t dabrx)
{
        if (!v->ops->set_one_reg || v->ops->set_one_reg(v, VCPU_REG_SPR(SPR_DABR), dabr) < 0)
                return H_HARDWARE;
        if (with_x && v->ops->set_one_reg(v, VCPU_REG_SPR(SPR_DABRX), dabrx) < 0)
                return H_HARDWARE;
        return H_SUCCESS;
}

static int64_t h_set_dabr(struct hcall_ctx *c)
{
        return set_dabr(c->vcpu, c->args[0], false, 0);
}

static int64_t h_set_xdabr(struct hcall_ctx *c)
{
        uint64_t dabrx = c->args[1];

        if ((dabrx & ~(H_DABRX_USER | H_DABRX_KERNEL | H_DABRX_BTI)) || (dabrx & H_DABRX_HYPERVISOR))
                return H_PARAMETER;
        return set_dabr(c->vcpu, c->args[0], true, dabrx);
}

const struct hcall_def hcalls_mode[] = {
        { H_SET_MODE, "H_SET_MODE", h_set_mode },
        { H_SET_SPRG0, "H_SET_SPRG0", h_set_sprg0 },
        { H_SET_DABR, "H_SET_DABR", h_set_dabr },
        { H_SET_XDABR, "H_SET_XDABR", h_set_xdabr },
        { 0, NULL, NULL },
};
