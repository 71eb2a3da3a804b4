/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A machine: one pseries VM (guest RAM, devices, device tree, loaded kernel)
 * and its vcpu threads.  This is the API the daemon, the runner and the
 * benchmarks use; nothing above src/ reaches further down than this.
 *
 * Threads: machine_* functions are called from one controlling thread (the
 * daemon's main loop).  Callbacks come from vcpu threads: they must be quick,
 * must not block and must not call back into machine_* except
 * machine_osi_complete() and machine_console_input().
 *
 * Errors: negative errno, plus a sentence in err[] for the person who asked
 * (e.g. "kernel /x/vmlinux: not a 64-bit PowerPC ELF file").
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "vcpu/vcpu.h"

#define MACHINE_MAX_VCPUS        64
#define MACHINE_MIN_MEMORY       (16ull << 20)
#define MACHINE_MAX_MEMORY       (1ull << 40)
#define MACHINE_ERR_LEN          256

struct machine;

struct machine_config {
        uint64_t memory_bytes;            /* multiple of 1 MiB, >= MACHINE_MIN_MEMORY */
        unsigned vcpus;                   /* 1..MACHINE_MAX_VCPUS */
        enum vcpu_backend_kind backend;
        const char *kernel_path;          /* 64-bit ELF, either byte order */
        const char *initrd_path;          /* NULL: none */
        const char *cmdline;              /* NULL: empty */
        int64_t rtc_offset;               /* seconds added to host time for the guest RTC */
        bool testdev;                     /* map the MMIO test device */
        /* NULL: the backend `backend` selects.  Tests pass a fake here. */
        const struct vcpu_backend_ops *backend_ops;
};

/* Why a machine stopped running on its own. */
enum machine_stop_reason {
        MACHINE_STOP_NONE,
        MACHINE_STOP_POWEROFF,    /* RTAS power-off */
        MACHINE_STOP_REBOOT,      /* RTAS system-reboot */
        MACHINE_STOP_OS_TERM,     /* RTAS ibm,os-term */
        MACHINE_STOP_CRASHED,     /* vcpu internal error, emulation failure */
        _MACHINE_STOP_MAX,
};
const char *machine_stop_reason_to_string(enum machine_stop_reason r);

struct machine_callbacks {
        void *userdata;
        /* Guest console output (hvterm), any thread. */
        void (*console_output)(void *userdata, const uint8_t *buf, size_t len);
        /* The guest stopped the machine: all vcpus have parked by the time
         * machine_stop() returns.  detail names the cause (crash: PC and
         * instruction word).  Called once. */
        void (*stopped)(void *userdata, enum machine_stop_reason reason, const char *detail);
        /* An OSI call on vcpu `index`, gprs[32] as the guest left them.  The
         * vcpu waits until machine_osi_complete(); NULL callback: r3 = -1 at
         * once. */
        void (*osi_call)(void *userdata, unsigned index, const uint64_t gprs[32]);
};

int machine_create(const struct machine_config *cfg, const struct machine_callbacks *cb,
                   struct machine **ret, char *err, size_t err_len);
/* Stops (if running), joins every thread and frees everything.  NULL is fine. */
void machine_destroy(struct machine *m);

/* Starts the vcpu threads; vcpu 0 at the kernel entry, the others stopped
 * until RTAS start-cpu. */
int machine_start(struct machine *m);
/* machine_start with every vcpu parked before its first instruction. */
int machine_start_paused(struct machine *m);
/* Parks every vcpu after completing any exit it was serving; returns when
 * all are parked.  Registers are then readable and writable. */
int machine_pause(struct machine *m);
int machine_resume(struct machine *m);
/* Hard stop: vcpu threads end.  The machine can be started again only after
 * machine_reset(). */
int machine_stop(struct machine *m);
/* Back to the boot state: RAM cleared, kernel and initrd reloaded, device
 * tree rebuilt, devices reset.  Only while stopped or paused. */
int machine_reset(struct machine *m, char *err, size_t err_len);
/* Asks the guest to power off (an EPOW event through RTAS check-exception /
 * the external interrupt).  The guest's power-off then comes through
 * stopped(); the caller applies its own timeout. */
int machine_request_shutdown(struct machine *m);

/* Console input to the guest, any thread.  Returns the bytes taken: all of
 * them; the input ring is bounded (4 KiB) and drops its oldest bytes when
 * the guest does not read (machine_console_dropped counts them). */
size_t machine_console_input(struct machine *m, const uint8_t *buf, size_t len);

/* OSI completion: gprs written back to the vcpu; NULL means "no handler"
 * (r3 = -1).  Any thread. */
int machine_osi_complete(struct machine *m, unsigned index, const uint64_t gprs[32]);

unsigned machine_vcpu_count(const struct machine *m);
/* The vcpu for interrupt/enable_cap/stats (any time) and registers (paused). */
struct vcpu *machine_vcpu(struct machine *m, unsigned index);
const struct vcpu_backend_ops *machine_backend(const struct machine *m);
/* Why the backend was chosen ("emulator chosen: this host is not PowerPC..."). */
const char *machine_backend_reason(const struct machine *m);
bool machine_is_running(const struct machine *m);

/* The flattened device tree the guest gets (valid after create/reset). */
const void *machine_fdt(const struct machine *m, size_t *ret_size);

/* Exit statistics of vcpu `index`: exits[] as the run loop counted them,
 * the rest (instructions, halt_wakeup, hcalls) from the backend.  Any time. */
int machine_vcpu_stats(const struct machine *m, unsigned index, struct vcpu_stats *ret);

/* Where things went in guest memory (for tools and tests). */
struct machine_layout {
        uint64_t kernel_addr, kernel_end, entry;
        uint64_t initrd_start, initrd_end;      /* equal: no initrd */
        uint64_t fdt_addr, rtas_addr;
};
void machine_get_layout(const struct machine *m, struct machine_layout *ret);

/* Guest RAM, for tests and tools that inspect it (paused or stopped). */
void *machine_ram(const struct machine *m, uint64_t *ret_size);

/* Console input bytes dropped because the guest did not read them in time. */
uint64_t machine_console_dropped(struct machine *m);
