/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The platform: device set-up, guest RAM access for devices, the hcall entry. */
#include <errno.h>
#include <string.h>

#include "devices/hcall.h"
#include "devices/platform.h"

/* XICS wants a vcpu's external line moved: the line is level-triggered, held
 * up while the ICP has something to present. */
static void platform_set_line(void *opaque, unsigned server, bool up)
{
        struct platform *p = opaque;
        struct vcpu *v;

        if (server >= p->nr_vcpus || !(v = p->vcpus[server]) || !v->ops->interrupt)
                return;
        v->ops->interrupt(v, up ? VCPU_INTERRUPT_SET_LEVEL : VCPU_INTERRUPT_UNSET);
}

int platform_init(struct platform *p, int64_t rtc_offset, bool testdev)
{
        int r;

        memset(p, 0, sizeof(*p));
        pthread_mutex_init(&p->lock, NULL);
        p->rtc_offset = rtc_offset;
        hvterm_init(&p->console);
        xics_init(&p->xics, XICS_MAX_SERVERS);
        p->xics.set_line = platform_set_line;
        p->xics.opaque = p;
        mmio_bus_init(&p->mmio);
        dcr_bus_init(&p->dcr);
        testdev_init(&p->testdev);
        if (testdev) {
                r = testdev_attach(&p->testdev, &p->mmio);
                if (r < 0) {
                        platform_fini(p);
                        return r;
                }
        }
        return 0;
}

void platform_fini(struct platform *p)
{
        hvterm_fini(&p->console);
        xics_fini(&p->xics);
        testdev_fini(&p->testdev);
        pthread_mutex_destroy(&p->lock);
}

void platform_reset(struct platform *p, int64_t rtc_offset)
{
        hvterm_reset(&p->console);
        xics_reset(&p->xics);
        testdev_reset(&p->testdev);
        pthread_mutex_lock(&p->lock);
        p->rtc_offset = rtc_offset;
        p->epow_pending = false;
        memset(p->pv, 0, sizeof(p->pv));
        pthread_mutex_unlock(&p->lock);
}

void *platform_ram(const struct platform *p, uint64_t gpa, uint64_t len)
{
        if (!p->ram || gpa > p->ram_size || len > p->ram_size - gpa)
                return NULL;
        return p->ram + gpa;
}

void platform_ram_written(const struct platform *p, uint64_t gpa, uint64_t len)
{
        struct vcpu *v = p->nr_vcpus ? p->vcpus[0] : NULL;

        if (v && v->ops->ram_written)
                v->ops->ram_written(v->vm, gpa, len);
}

bool platform_ld32(const struct platform *p, uint64_t gpa, uint32_t *ret)
{
        const uint8_t *b = platform_ram(p, gpa, 4);

        if (!b)
                return false;
        *ret = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
        return true;
}

bool platform_st32(const struct platform *p, uint64_t gpa, uint32_t val)
{
        uint8_t *b = platform_ram(p, gpa, 4);

        if (!b)
                return false;
        b[0] = val >> 24;
        b[1] = val >> 16;
        b[2] = val >> 8;
        b[3] = val;
        platform_ram_written(p, gpa, 4);
        return true;
}

bool platform_st16(const struct platform *p, uint64_t gpa, uint16_t val)
{
        uint8_t *b = platform_ram(p, gpa, 2);

        if (!b)
                return false;
        b[0] = val >> 8;
        b[1] = val;
        platform_ram_written(p, gpa, 2);
        return true;
}

bool platform_st8(const struct platform *p, uint64_t gpa, uint8_t val)
{
        uint8_t *b = platform_ram(p, gpa, 1);

        if (!b)
                return false;
        *b = val;
        platform_ram_written(p, gpa, 1);
        return true;
}

bool platform_ld16(const struct platform *p, uint64_t gpa, uint16_t *ret)
{
        const uint8_t *b = platform_ram(p, gpa, 2);

        if (!b)
                return false;
        *ret = (uint16_t)(b[0] << 8 | b[1]);
        return true;
}

bool platform_take_vpa_change(struct platform *p, unsigned index, uint64_t *ret_vpa)
{
        bool changed;

        if (index >= PLATFORM_MAX_VCPUS)
                return false;
        pthread_mutex_lock(&p->lock);
        changed = p->pv[index].vpa_dirty;
        if (changed) {
                *ret_vpa = p->pv[index].vpa;
                p->pv[index].vpa_dirty = false;
        }
        pthread_mutex_unlock(&p->lock);
        return changed;
}

void platform_hcall(struct platform *p, struct vcpu *vcpu)
{
        struct vcpu_run *run = vcpu->run;

        run->papr_hcall.ret = (uint64_t)hcall_dispatch(p, vcpu, run->papr_hcall.nr,
                                                       run->papr_hcall.args);
}

size_t platform_console_input(struct platform *p, const uint8_t *buf, size_t len)
{
        bool notify;
        size_t n = hvterm_input(&p->console, buf, len, &notify);

        if (notify)
                xics_fire_msi(&p->xics, XICS_IRQ_VTY);
        return n;
}

void platform_request_shutdown(struct platform *p)
{
        pthread_mutex_lock(&p->lock);
        p->epow_pending = true;
        pthread_mutex_unlock(&p->lock);
        xics_fire_msi(&p->xics, XICS_IRQ_EPOW);
}
