/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A VM as the daemon sees it: its definition, its state, and while running
 * its machine (src/machine).  All functions run on the main thread; vcpu
 * threads reach the VM only through the machine callbacks in vm.c, which
 * queue work and wake the main thread through an eventfd.
 */
#pragma once

#include <pthread.h>
#include <systemd/sd-bus.h>

#include "console.h"
#include "definition.h"
#include "machine/machine.h"
#include "manager.h"
#include "vm-state.h"

struct osi_request {
        unsigned vcpu;
        uint64_t gprs[32];
};

struct Vm {
        Manager *manager;
        VmDefinition *def;
        bool persistent;
        enum vm_state state;
        char *path;
        char *exit_reason;              /* why it last stopped: "poweroff", "destroyed", ... */
        struct machine *machine;
        const struct vcpu_backend_ops *backend;
        char backend_reason[256];
        Console *console;

        /* vcpu thread -> main thread */
        int wake_fd;                    /* eventfd */
        sd_event_source *wake_source;
        pthread_mutex_t lock;
        bool stop_pending;
        enum machine_stop_reason stop_reason;
        char stop_detail[256];
        GQueue osi_queue;               /* struct osi_request*, guarded by lock */
        unsigned osi_outstanding;       /* calls sent to the handler, main thread */

        /* the OSI handler: a bus peer and its object path */
        char *osi_owner;
        char *osi_object;
        sd_bus_track *osi_track;

        sd_event_source *shutdown_timer;
        uint64_t generation;            /* bumps on every start: stale replies are ignored */
};

/* Creates the VM object (not started, not saved). */
int vm_new(Manager *m, VmDefinition *def, bool persistent, Vm **ret, GError **error);
void vm_free(Vm *vm);

/* Starts the machine; with paused, it is created paused (Resume runs it). */
int vm_start(Vm *vm, bool paused, GError **error);
int vm_pause(Vm *vm, GError **error);
int vm_resume(Vm *vm, GError **error);
int vm_shutdown(Vm *vm, uint64_t timeout_usec, GError **error);
int vm_destroy(Vm *vm, const char *reason, GError **error);
int vm_reset(Vm *vm, GError **error);
/* Checks op against the state machine; sets a WRONG_STATE error naming the
 * VM, its state and the valid states. */
bool vm_check_state(Vm *vm, enum vm_op op, GError **error);

void vm_set_state(Vm *vm, enum vm_state s);
int vm_set_osi_handler(Vm *vm, const char *owner, const char *object, GError **error);
void vm_clear_osi_handler(Vm *vm);

char *vm_vcpu_path(const Vm *vm, unsigned index);
