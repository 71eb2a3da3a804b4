/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The sPAPR platform as the guest sees it: everything a hypercall, RTAS call
 * or MMIO access can reach.  src/machine owns one of these per VM and fills
 * in guest RAM, the vcpus and the hooks; the devices never call above it.
 *
 * Threads: hypercalls and MMIO arrive on any vcpu thread at once.  Each device
 * keeps its own lock; the platform's fields below are fixed while vcpus run.
 */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vcpu/vcpu.h"
#include "devices/console.h"
#include "devices/dcr_bus.h"
#include "devices/mmio_bus.h"
#include "devices/testdev.h"
#include "devices/xics.h"

#define PLATFORM_MAX_VCPUS 64

/* Why the guest asked the platform to stop. */
enum platform_stop {
        PLATFORM_STOP_POWEROFF,
        PLATFORM_STOP_REBOOT,
        PLATFORM_STOP_OS_TERM,
};

/* What the machine does for the devices. */
struct platform_hooks {
        void *opaque;
        /* The guest ended the machine (RTAS power-off, system-reboot,
         * os-term); detail is the guest's message or "". */
        void (*stop)(void *opaque, enum platform_stop why, const char *detail);
        /* RTAS start-cpu: vcpu `index`, stopped, starts at entry with r3
         * (MSR = SF|ME).  0, or -EBUSY when it is not stopped. */
        int (*start_cpu)(void *opaque, unsigned index, uint64_t entry, uint64_t r3);
        /* RTAS stop-self on vcpu `index`: it parks after this exit. */
        void (*stop_self)(void *opaque, unsigned index);
        /* Is vcpu `index` stopped (never started, or stop-self)? */
        bool (*cpu_stopped)(void *opaque, unsigned index);
        /* hvterm output. */
        void (*console_output)(void *opaque, const uint8_t *buf, size_t len);
};

/* Per-vcpu paravirtual state registered with H_REGISTER_VPA. */
struct platform_vcpu {
        uint64_t vpa, slb_shadow, dtl;
        uint32_t slb_shadow_size, dtl_size;
        bool vpa_dirty;          /* vpa changed: the run loop tells the backend */
};

struct platform {
        uint8_t *ram;
        uint64_t ram_size;
        struct vcpu *vcpus[PLATFORM_MAX_VCPUS];
        unsigned nr_vcpus;
        struct platform_hooks hooks;

        struct hvterm console;
        struct xics xics;
        struct mmio_bus mmio;
        struct dcr_bus dcr;
        struct testdev testdev;

        pthread_mutex_t lock;           /* the fields below */
        int64_t rtc_offset;             /* seconds, RTAS set-time-of-day */
        bool epow_pending;              /* machine_request_shutdown */
        struct platform_vcpu pv[PLATFORM_MAX_VCPUS];
};

/* Sets up the devices (no RAM, vcpus or hooks yet: the caller fills those). */
int platform_init(struct platform *p, int64_t rtc_offset, bool testdev);
void platform_fini(struct platform *p);
/* Devices back to power-on state (RAM and vcpus are the caller's). */
void platform_reset(struct platform *p, int64_t rtc_offset);

/* Host pointer for [gpa, gpa+len) of guest RAM, or NULL when any part of it
 * is outside RAM (or the sum overflows). */
void *platform_ram(const struct platform *p, uint64_t gpa, uint64_t len);

/* The host wrote guest RAM [gpa, gpa+len): the backend forgets code it
 * decoded from there (vcpu_backend_ops.ram_written).  Any thread. */
void platform_ram_written(const struct platform *p, uint64_t gpa, uint64_t len);

/* Guest RAM accessors in big-endian (RTAS and VPA data are big-endian
 * whatever the guest's byte order).  False when out of RAM.  The stores
 * tell the backend (platform_ram_written). */
bool platform_ld32(const struct platform *p, uint64_t gpa, uint32_t *ret);
bool platform_st32(const struct platform *p, uint64_t gpa, uint32_t val);
bool platform_st16(const struct platform *p, uint64_t gpa, uint16_t val);
bool platform_st8(const struct platform *p, uint64_t gpa, uint8_t val);
bool platform_ld16(const struct platform *p, uint64_t gpa, uint16_t *ret);

/* The VPA address vcpu `index` registered, when it changed since the last
 * call (for VCPU_REG_VPA_ADDR, set by the vcpu's own thread). */
bool platform_take_vpa_change(struct platform *p, unsigned index, uint64_t *ret_vpa);

/* The hypercall and RTAS entry points the run loop calls. */
struct vcpu;
/* Serves the PAPR_HCALL exit in vcpu->run. */
void platform_hcall(struct platform *p, struct vcpu *vcpu);
/* Console input from the host: queued, and the vty interrupt fired when the
 * guest enabled it with H_VIO_SIGNAL. */
size_t platform_console_input(struct platform *p, const uint8_t *buf, size_t len);
/* An EPOW event for machine_request_shutdown. */
void platform_request_shutdown(struct platform *p);
