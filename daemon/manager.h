/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The daemon's top-level object: the bus, the event loop, every VM. */
#pragma once

#include <glib.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "vcpu/vcpu.h"

#define PPCVMD_BUS_NAME     "org.ppcvm.ppcvmd1"
#define PPCVMD_OBJECT_PATH  "/org/ppcvm/ppcvmd1"
#define PPCVMD_VM_PREFIX    "/org/ppcvm/ppcvmd1/vm"
#define PPCVMD_IFACE        "org.ppcvm.ppcvmd1"
#define PPCVMD_ERROR        "org.ppcvm.ppcvmd1.Error"
#define PPCVMD_GROUP        "ppcvm"
#define PPCVMD_MAX_VMS      1024

typedef struct Vm Vm;

typedef struct Manager {
        sd_event *event;
        sd_bus *bus;
        char *state_dir;
        GHashTable *vms;               /* name -> Vm*, owned */
        /* The backend "auto" resolves to here, and why. */
        const struct vcpu_backend_ops *auto_backend;
        char auto_reason[256];
        sd_bus_slot *slots[8];
        bool stopping;
} Manager;

Manager *manager_new(sd_event *event, sd_bus *bus, const char *state_dir);
void manager_free(Manager *m);
int manager_add_objects(Manager *m);
/* Reads the state directory, adds every valid definition, starts the
 * autostart ones. */
int manager_load(Manager *m);
/* Stops every VM (SIGTERM). */
void manager_stop_all(Manager *m);

Vm *manager_find_vm(Manager *m, const char *name);
Vm *manager_find_vm_by_uuid(Manager *m, const char *uuid);
Vm *manager_find_vm_by_path(Manager *m, const char *path);
void manager_remove_vm(Manager *m, Vm *vm);
