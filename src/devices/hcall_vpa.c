/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * H_REGISTER_VPA: the virtual processor area, SLB shadow buffer and dispatch
 * trace log a vcpu shares with the hypervisor (PAPR 14.11.3.x).  The size of
 * each area is read from the area itself; the checks follow PAPR: a VPA is
 * at least 640 bytes, cache-line aligned and within one 4 KiB page (else
 * H_PARAMETER, as QEMU); the SLB shadow and DTL need a registered VPA first and the VPA cannot go while
 * they are registered.
 */
#include "devices/hcall.h"

#define H_VPA_FUNC_SHIFT     (63 - 18)
#define H_VPA_FUNC_MASK      7ull
#define H_VPA_REG_VPA        1
#define H_VPA_REG_DTL        2
#define H_VPA_REG_SLB        3
#define H_VPA_DEREG_VPA      5
#define H_VPA_DEREG_DTL      6
#define H_VPA_DEREG_SLB      7

#define VPA_MIN_SIZE         640u
#define VPA_ALIGN            128u     /* the cache line */
#define VPA_SIZE_OFFSET      0x4      /* u16 */
#define VPA_SHARED_PROC      0x9      /* u8: bit 0x2 = shared processor */
#define VPA_YIELD_COUNT      0x100    /* u32: odd while not dispatched */
#define AREA_SIZE_OFFSET     0x4      /* u32, SLB shadow and DTL */
#define SLB_SHADOW_MIN_SIZE  8u
#define DTL_MIN_SIZE         48u
#define PAGE_SIZE_4K         4096u

static bool one_page(uint64_t addr, uint64_t size)
{
        return addr / PAGE_SIZE_4K == (addr + size - 1) / PAGE_SIZE_4K;
}

static int64_t register_vpa(struct platform *p, struct platform_vcpu *pv, uint64_t addr)
{
        uint16_t size;
        uint8_t *shared;

        if (addr == 0)
                return H_HARDWARE;
        if (addr % VPA_ALIGN)
                return H_PARAMETER;
        if (!platform_ld16(p, addr + VPA_SIZE_OFFSET, &size) || size < VPA_MIN_SIZE ||
            !platform_ram(p, addr, size) || !one_page(addr, size))
                return H_PARAMETER;
        /* a shared-processor partition: the guest then reads yield counts */
        shared = platform_ram(p, addr + VPA_SHARED_PROC, 1);
        *shared |= 0x2;
        platform_ram_written(p, addr + VPA_SHARED_PROC, 1);
        pv->vpa = addr;
        pv->vpa_dirty = true;
        return H_SUCCESS;
}

static int64_t register_area(struct platform *p, struct platform_vcpu *pv, uint64_t addr,
                             uint32_t min, uint64_t *ret_addr, uint32_t *ret_size)
{
        uint32_t size;

        if (addr == 0)
                return H_HARDWARE;
        if (!platform_ld32(p, addr + AREA_SIZE_OFFSET, &size) || size < min ||
            !platform_ram(p, addr, size))
                return H_PARAMETER;
        if (min == SLB_SHADOW_MIN_SIZE && !one_page(addr, size))
                return H_PARAMETER;
        if (!pv->vpa)
                return H_RESOURCE;
        *ret_addr = addr;
        *ret_size = size;
        return H_SUCCESS;
}

static int64_t deregister_vpa(struct platform_vcpu *pv)
{
        if (pv->slb_shadow || pv->dtl)
                return H_RESOURCE;
        pv->vpa = 0;
        pv->vpa_dirty = true;
        return H_SUCCESS;
}

static int64_t h_register_vpa(struct hcall_ctx *c)
{
        uint64_t flags = c->args[0], proc = c->args[1], addr = c->args[2];
        struct platform *p = c->p;
        struct platform_vcpu *pv;
        int64_t ret;

        if (proc >= p->nr_vcpus || (flags & ~(H_VPA_FUNC_MASK << H_VPA_FUNC_SHIFT)))
                return H_PARAMETER;
        pthread_mutex_lock(&p->lock);
        pv = &p->pv[proc];
        switch ((flags >> H_VPA_FUNC_SHIFT) & H_VPA_FUNC_MASK) {
        case H_VPA_REG_VPA:
                ret = register_vpa(p, pv, addr);
                break;
        case H_VPA_REG_DTL:
                ret = register_area(p, pv, addr, DTL_MIN_SIZE, &pv->dtl, &pv->dtl_size);
                break;
        case H_VPA_REG_SLB:
                ret = register_area(p, pv, addr, SLB_SHADOW_MIN_SIZE, &pv->slb_shadow,
                                    &pv->slb_shadow_size);
                break;
        case H_VPA_DEREG_VPA:
                ret = deregister_vpa(pv);
                break;
        case H_VPA_DEREG_DTL:
                pv->dtl = 0;
                pv->dtl_size = 0;
                ret = H_SUCCESS;
                break;
        case H_VPA_DEREG_SLB:
                pv->slb_shadow = 0;
                pv->slb_shadow_size = 0;
                ret = H_SUCCESS;
                break;
        default:
                ret = H_PARAMETER;
                break;
        }
        pthread_mutex_unlock(&p->lock);
        return ret;
}

/* The vcpu gave up (cede) or got back (wake) its processor: PAPR's yield
 * count goes up by one each time, so it is odd while the vcpu is away. */
void vpa_dispatch_count(struct platform *p, unsigned index)
{
        uint64_t vpa;
        uint32_t count;

        if (index >= p->nr_vcpus)
                return;
        pthread_mutex_lock(&p->lock);
        vpa = p->pv[index].vpa;
        if (vpa && platform_ld32(p, vpa + VPA_YIELD_COUNT, &count))
                platform_st32(p, vpa + VPA_YIELD_COUNT, count + 1);
        pthread_mutex_unlock(&p->lock);
}

const struct hcall_def hcalls_vpa[] = {
        { H_REGISTER_VPA, "H_REGISTER_VPA", h_register_vpa },
        { 0, NULL, NULL },
};
