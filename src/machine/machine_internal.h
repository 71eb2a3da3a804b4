/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The machine object, shared by the files of src/machine (not an API). */
#pragma once

#include <pthread.h>

#include "devices/platform.h"
#include "machine/machine.h"

/* Guest memory layout (QEMU pseries rules, see boot.c). */
#define MACHINE_FDT_LIMIT     0x80000000ull   /* fdt and RTAS below 2 GiB */
#define MACHINE_FDT_MAX_SIZE  0x200000ull     /* QEMU's FDT_MAX_SIZE */
#define MACHINE_RTAS_SIZE     0x1000ull       /* the stub's page, last of the fdt area */

enum machine_state {
        MACHINE_CREATED,      /* boot state loaded, threads not started */
        MACHINE_RUNNING,
        MACHINE_PAUSED,
        MACHINE_STOPPED,      /* threads joined: needs reset before start */
};

struct machine_vcpu {
        struct machine *m;
        unsigned index;
        struct vcpu *vcpu;
        pthread_t thread;
        bool thread_live;
        /* the rest under m->lock */
        bool stopped;               /* not started, or stop-self: parked */
        bool stop_self_pending;
        bool start_pending;
        uint64_t start_pc, start_r3;
        bool parked;
        bool osi_waiting, osi_done;
        uint64_t exits[32];         /* per KVM_EXIT_* reason, counted here */
};

struct machine {
        struct machine_config cfg;
        char *kernel_path, *initrd_path, *cmdline;
        struct machine_callbacks cb;
        const struct vcpu_backend_ops *ops;
        char backend_reason[256];
        struct vcpu_vm *vm;

        uint8_t *ram;
        uint64_t ram_size;
        struct platform plat;

        /* the images, read once at create: a reset reloads these */
        uint8_t *kernel_buf, *initrd_buf;
        size_t kernel_len, initrd_len;

        /* boot layout */
        uint64_t kernel_addr, kernel_end, entry;
        uint64_t initrd_start, initrd_end;
        uint64_t fdt_addr, rtas_addr;
        unsigned hpt_shift;          /* "ibm,pft-size" */
        void *fdt;
        size_t fdt_size;

        unsigned nr_vcpus;
        struct machine_vcpu vcpus[MACHINE_MAX_VCPUS];

        pthread_mutex_t lock;
        pthread_cond_t cond;
        enum machine_state state;
        bool pause_req, stop_req;
        unsigned parked;
        bool stop_reported;
};

/* memory.c */
int machine_memory_map(struct machine *m, char *err, size_t err_len);
void machine_memory_unmap(struct machine *m);
void machine_memory_clear(struct machine *m);

/* boot.c: read the images (create), load kernel and initrd into RAM, build
 * and place the fdt, set vcpu state (create and reset). */
int machine_boot_read(struct machine *m, char *err, size_t err_len);
int machine_boot_load(struct machine *m, char *err, size_t err_len);
int machine_boot_vcpus(struct machine *m);

/* fdt.c */
struct machine_fdt_info {
        uint64_t ram_size;
        unsigned nr_vcpus;
        uint32_t pvr;
        const char *cmdline;
        uint64_t kernel_addr, kernel_size;
        uint64_t initrd_start, initrd_end;
        uint64_t rtas_addr, rtas_size;
        unsigned hpt_shift;
        struct vcpu_pvinfo pvinfo;
        bool testdev;
};
/* Builds the tree into a new buffer (*ret, free() it). */
int machine_fdt_build(const struct machine_fdt_info *info, void **ret, size_t *ret_size);

/* run_loop.c */
int machine_threads_start(struct machine *m);
void machine_threads_join(struct machine *m);
void machine_kick_all(struct machine *m);
/* The machine stops on its own (guest power-off, crash...): once. */
void machine_guest_stop(struct machine *m, enum machine_stop_reason r, const char *detail);
extern const struct platform_hooks machine_platform_hooks;
