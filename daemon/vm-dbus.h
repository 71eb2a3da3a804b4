/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The VM and VCPU D-Bus objects (org.ppcvm.ppcvmd1.VM, .VCPU). */
#pragma once

#include <systemd/sd-bus.h>

typedef struct Manager Manager;
typedef struct Vm Vm;

int vm_dbus_add_objects(Manager *m);
/* PropertiesChanged for the named VM properties (NULL-terminated). */
void vm_dbus_emit_changed(Vm *vm, const char *prop, ...) __attribute__((sentinel));
void vm_dbus_emit_stopped(Vm *vm, const char *reason);
