/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* org.ppcvm.ppcvmd1.Manager at /org/ppcvm/ppcvmd1. */
#pragma once

#include "manager.h"

int manager_dbus_add_objects(Manager *m);
void manager_dbus_emit_vm_new(Manager *m, const char *name, const char *path);
void manager_dbus_emit_vm_removed(Manager *m, const char *name, const char *path);
