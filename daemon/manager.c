/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <string.h>

#include "log.h"
#include "manager-dbus.h"
#include "manager.h"
#include "store.h"
#include "vm-dbus.h"
#include "vm.h"

Manager *manager_new(sd_event *event, sd_bus *bus, const char *state_dir)
{
        Manager *m = g_new0(Manager, 1);

        m->event = sd_event_ref(event);
        m->bus = sd_bus_ref(bus);
        m->state_dir = g_strdup(state_dir);
        m->vms = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)vm_free);
        if (vcpu_backend_select(VCPU_BACKEND_AUTO, &m->auto_backend, m->auto_reason, sizeof(m->auto_reason)) < 0)
                m->auto_backend = &vcpu_emu_ops;
        return m;
}

void manager_free(Manager *m)
{
        if (!m)
                return;
        g_hash_table_destroy(m->vms);
        for (unsigned i = 0; i < G_N_ELEMENTS(m->slots); i++)
                sd_bus_slot_unref(m->slots[i]);
        sd_bus_unref(m->bus);
        sd_event_unref(m->event);
        g_free(m->state_dir);
        g_free(m);
}

int manager_add_objects(Manager *m)
{
        int r = manager_dbus_add_objects(m);
        return r < 0 ? r : vm_dbus_add_objects(m);
}

Vm *manager_find_vm(Manager *m, const char *name)
{
        return name ? g_hash_table_lookup(m->vms, name) : NULL;
}

Vm *manager_find_vm_by_uuid(Manager *m, const char *uuid)
{
        GHashTableIter it;
        Vm *vm;

        g_hash_table_iter_init(&it, m->vms);
        while (g_hash_table_iter_next(&it, NULL, (gpointer *)&vm))
                if (g_ascii_strcasecmp(vm->def->uuid, uuid) == 0)
                        return vm;
        return NULL;
}

Vm *manager_find_vm_by_path(Manager *m, const char *path)
{
        g_autofree char *name = NULL;

        if (sd_bus_path_decode(path, PPCVMD_VM_PREFIX, &name) <= 0)
                return NULL;
        return manager_find_vm(m, name);
}

void manager_remove_vm(Manager *m, Vm *vm)
{
        g_autofree char *name = g_strdup(vm->def->name);
        g_autofree char *path = g_strdup(vm->path);

        g_hash_table_remove(m->vms, name);
        manager_dbus_emit_vm_removed(m, name, path);
}

static void on_loaded(VmDefinition *def, void *userdata)
{
        Manager *m = userdata;
        g_autoptr(GError) e = NULL;
        Vm *vm;

        if (manager_find_vm(m, def->name)) {
                log_warning("Definition of %s appears twice; keeping the first", def->name);
                vm_definition_free(def);
                return;
        }
        if (vm_new(m, def, true, &vm, &e) < 0) {
                log_error("Failed to load VM %s: %s", def->name, e->message);
                vm_definition_free(def);
                return;
        }
        g_hash_table_insert(m->vms, vm->def->name, vm);
}

static void on_bad_file(const char *path, const char *reason, void *userdata)
{
        log_error("Skipping %s: %s (the file is left as it is)", path, reason);
}

int manager_load(Manager *m)
{
        g_autoptr(GError) e = NULL;
        GHashTableIter it;
        Vm *vm;
        int r;

        r = store_init(m->state_dir, &e);
        if (r >= 0)
                r = store_load_all(m->state_dir, on_loaded, on_bad_file, m, &e);
        if (r < 0) {
                log_error("%s", e->message);
                return r;
        }
        g_hash_table_iter_init(&it, m->vms);
        while (g_hash_table_iter_next(&it, NULL, (gpointer *)&vm)) {
                g_autoptr(GError) se = NULL;
                if (!vm->def->autostart)
                        continue;
                if (vm_start(vm, false, &se) < 0)
                        log_error("Failed to autostart %s: %s", vm->def->name, se->message);
                else
                        log_info("Started %s (autostart)", vm->def->name);
        }
        return 0;
}

void manager_stop_all(Manager *m)
{
        g_autoptr(GPtrArray) running = g_ptr_array_new();
        GHashTableIter it;
        Vm *vm;

        m->stopping = true;
        g_hash_table_iter_init(&it, m->vms);
        while (g_hash_table_iter_next(&it, NULL, (gpointer *)&vm))
                if (vm->machine)
                        g_ptr_array_add(running, vm);
        for (guint i = 0; i < running->len; i++) {
                vm = g_ptr_array_index(running, i);
                log_info("Stopping %s", vm->def->name);
                vm_destroy(vm, "daemon-stopped", NULL);
        }
}
