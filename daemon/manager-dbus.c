/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "bus-util.h"
#include "log.h"
#include "manager-dbus.h"
#include "store.h"
#include "vm-dbus.h"
#include "vm.h"

#define MANAGER_IFACE PPCVMD_IFACE ".Manager"

/* Capabilities reported by name: KVM's names, without the KVM_CAP_ prefix. */
static const struct { const char *name; long cap; } known_caps[] = {
        { "COALESCED_MMIO", KVM_CAP_COALESCED_MMIO },
        { "PPC_SEGSTATE", KVM_CAP_PPC_SEGSTATE },
        { "PPC_PAIRED_SINGLES", KVM_CAP_PPC_PAIRED_SINGLES },
        { "PPC_OSI", KVM_CAP_PPC_OSI },
        { "PPC_UNSET_IRQ", KVM_CAP_PPC_UNSET_IRQ },
        { "ENABLE_CAP", KVM_CAP_ENABLE_CAP },
        { "PPC_GET_PVINFO", KVM_CAP_PPC_GET_PVINFO },
        { "PPC_IRQ_LEVEL", KVM_CAP_PPC_IRQ_LEVEL },
        { "PPC_PAPR", KVM_CAP_PPC_PAPR },
};

void manager_dbus_emit_vm_new(Manager *m, const char *name, const char *path)
{
        (void)sd_bus_emit_signal(m->bus, PPCVMD_OBJECT_PATH, MANAGER_IFACE, "VMNew", "so", name, path);
}

void manager_dbus_emit_vm_removed(Manager *m, const char *name, const char *path)
{
        (void)sd_bus_emit_signal(m->bus, PPCVMD_OBJECT_PATH, MANAGER_IFACE, "VMRemoved", "so", name, path);
}

static int prop_version(sd_bus *bus, const char *path, const char *iface, const char *property,
                        sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
        return sd_bus_message_append(reply, "s", PPCVMD_VERSION);
}

static int prop_backend(sd_bus *bus, const char *path, const char *iface, const char *property,
                        sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
        Manager *m = userdata;
        if (strcmp(property, "Backend") == 0)
                return sd_bus_message_append(reply, "s", m->auto_backend->name);
        return sd_bus_message_append(reply, "s", m->auto_reason);
}

static int prop_state_dir(sd_bus *bus, const char *path, const char *iface, const char *property,
                          sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
        Manager *m = userdata;
        return sd_bus_message_append(reply, "s", m->state_dir);
}

static int prop_capabilities(sd_bus *bus, const char *path, const char *iface, const char *property,
                             sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
        Manager *m = userdata;
        int r = sd_bus_message_open_container(reply, 'a', "{sx}");
        for (unsigned i = 0; r >= 0 && i < G_N_ELEMENTS(known_caps); i++) {
                int v = m->auto_backend->check_extension(NULL, known_caps[i].cap);
                r = sd_bus_message_append(reply, "{sx}", known_caps[i].name, (int64_t)(v < 0 ? 0 : v));
        }
        return r < 0 ? r : sd_bus_message_close_container(reply);
}

static int prop_vm_count(sd_bus *bus, const char *path, const char *iface, const char *property,
                         sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
        Manager *m = userdata;
        return sd_bus_message_append(reply, "u", g_hash_table_size(m->vms));
}

/* Flags of CreateVMWithFlags. */
#define CREATE_PAUSED 0x1ull

static int add_vm(Manager *m, const char *json, bool persistent, uint64_t flags, sd_bus_message *msg,
                  sd_bus_error *err)
{
        g_autoptr(GError) e = NULL;
        g_autoptr(VmDefinition) def = vm_definition_from_json(json, strlen(json), &e);
        Vm *vm;

        if (!def)
                return bus_set_gerror(err, e);
        vm = manager_find_vm(m, def->name);
        if (vm) {
                /* Defining an existing VM again updates its definition, as
                 * libvirt does, when it is the same VM (same UUID) and shut off. */
                if (!persistent || strcmp(vm->def->uuid, def->uuid) != 0)
                        return sd_bus_error_setf(err, PPCVMD_ERROR ".VMExists", "A VM named %s already exists",
                                                 def->name);
                if (vm->state != VM_STATE_SHUTOFF)
                        return sd_bus_error_setf(err, PPCVMD_ERROR ".WrongState",
                                                 "VM %s is %s: its definition can change only while it is shut off",
                                                 def->name, vm_state_to_string(vm->state));
                if (store_save(m->state_dir, def, &e) < 0)
                        return bus_set_gerror(err, e);
                /* The table's key is the old definition's name: take the VM
                 * out before that string goes. */
                g_hash_table_steal(m->vms, vm->def->name);
                vm_definition_free(vm->def);
                vm->def = g_steal_pointer(&def);
                vm->persistent = true;
                g_hash_table_insert(m->vms, vm->def->name, vm);
                vm_dbus_emit_changed(vm, "Definition", "VCPUs", "MemoryMiB", "Kernel", "Autostart", "Persistent",
                                     NULL);
                return sd_bus_reply_method_return(msg, "o", vm->path);
        }
        if (manager_find_vm_by_uuid(m, def->uuid))
                return sd_bus_error_setf(err, PPCVMD_ERROR ".VMExists", "A VM with UUID %s already exists",
                                         def->uuid);
        if (g_hash_table_size(m->vms) >= PPCVMD_MAX_VMS)
                return sd_bus_error_setf(err, PPCVMD_ERROR ".Failed", "ppcvmd holds %d VMs already, its limit",
                                         PPCVMD_MAX_VMS);
        if (persistent && store_save(m->state_dir, def, &e) < 0)
                return bus_set_gerror(err, e);
        if (vm_new(m, g_steal_pointer(&def), persistent, &vm, &e) < 0)
                return bus_set_gerror(err, e);
        g_hash_table_insert(m->vms, vm->def->name, vm);
        manager_dbus_emit_vm_new(m, vm->def->name, vm->path);
        if (!persistent && vm_start(vm, flags & CREATE_PAUSED, &e) < 0) {
                int r = bus_set_gerror(err, e);
                manager_remove_vm(m, vm);
                return r;
        }
        return sd_bus_reply_method_return(msg, "o", vm->path);
}

static int method_create_vm(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        const char *json;
        int r = sd_bus_message_read(msg, "s", &json);
        if (r < 0)
                return r;
        r = bus_check_write_access(msg, err);
        return r < 0 ? r : add_vm(userdata, json, false, 0, msg, err);
}

static int method_define_vm(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        const char *json;
        int r = sd_bus_message_read(msg, "s", &json);
        if (r < 0)
                return r;
        r = bus_check_write_access(msg, err);
        return r < 0 ? r : add_vm(userdata, json, true, 0, msg, err);
}

static int method_create_vm_with_flags(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        const char *json;
        uint64_t flags;
        int r = sd_bus_message_read(msg, "st", &json, &flags);
        if (r < 0)
                return r;
        if (flags & ~CREATE_PAUSED)
                return sd_bus_error_setf(err, SD_BUS_ERROR_INVALID_ARGS, "Unknown flags 0x%" PRIx64,
                                         (uint64_t)(flags & ~CREATE_PAUSED));
        r = bus_check_write_access(msg, err);
        return r < 0 ? r : add_vm(userdata, json, false, flags, msg, err);
}

static gint compare_vm_names(gconstpointer a, gconstpointer b)
{
        const Vm *x = *(Vm *const *)a, *y = *(Vm *const *)b;
        return strcmp(x->def->name, y->def->name);
}

static int method_list_vms(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        Manager *m = userdata;
        g_autoptr(sd_bus_message) reply = NULL;
        g_autoptr(GPtrArray) list = g_ptr_array_new();
        GHashTableIter it;
        Vm *vm;
        int r;

        g_hash_table_iter_init(&it, m->vms);
        while (g_hash_table_iter_next(&it, NULL, (gpointer *)&vm))
                g_ptr_array_add(list, vm);
        g_ptr_array_sort(list, compare_vm_names);
        r = sd_bus_message_new_method_return(msg, &reply);
        if (r >= 0)
                r = sd_bus_message_open_container(reply, 'a', "(ssso)");
        for (guint i = 0; r >= 0 && i < list->len; i++) {
                vm = g_ptr_array_index(list, i);
                r = sd_bus_message_append(reply, "(ssso)", vm->def->name, vm->def->uuid,
                                          vm_state_to_string(vm->state), vm->path);
        }
        if (r >= 0)
                r = sd_bus_message_close_container(reply);
        return r < 0 ? r : sd_bus_send(NULL, reply, NULL);
}

static int method_get_vm(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        const char *name;
        Vm *vm;
        int r = sd_bus_message_read(msg, "s", &name);
        if (r < 0)
                return r;
        vm = manager_find_vm(userdata, name);
        if (!vm)
                return sd_bus_error_setf(err, PPCVMD_ERROR ".NoSuchVM", "No VM named '%s'", name);
        return sd_bus_reply_method_return(msg, "o", vm->path);
}

static int method_get_vm_by_uuid(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        const char *uuid;
        Vm *vm;
        int r = sd_bus_message_read(msg, "s", &uuid);
        if (r < 0)
                return r;
        vm = manager_find_vm_by_uuid(userdata, uuid);
        if (!vm)
                return sd_bus_error_setf(err, PPCVMD_ERROR ".NoSuchVM", "No VM with UUID '%s'", uuid);
        return sd_bus_reply_method_return(msg, "o", vm->path);
}

static int method_check_extension(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        Manager *m = userdata;
        int64_t cap;
        int r = sd_bus_message_read(msg, "x", &cap);
        if (r < 0)
                return r;
        r = m->auto_backend->check_extension(NULL, (long)cap);
        return sd_bus_reply_method_return(msg, "x", (int64_t)(r < 0 ? 0 : r));
}

static int method_get_pvinfo(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        Manager *m = userdata;
        g_autoptr(sd_bus_message) reply = NULL;
        struct vcpu_pvinfo pv;
        int r;

        r = m->auto_backend->get_pvinfo ? m->auto_backend->get_pvinfo(NULL, &pv) : -ENOSYS;
        if (r < 0)
                return bus_set_errno(err, r, "The %s backend gives no paravirtual information",
                                     m->auto_backend->name);
        r = sd_bus_message_new_method_return(msg, &reply);
        if (r >= 0)
                r = sd_bus_message_append(reply, "u", pv.flags);
        if (r >= 0)
                r = sd_bus_message_append_array(reply, 'u', pv.hcall, sizeof(pv.hcall));
        return r < 0 ? r : sd_bus_send(NULL, reply, NULL);
}

static const sd_bus_vtable manager_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_PROPERTY("Version", "s", prop_version, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("Backend", "s", prop_backend, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("BackendReason", "s", prop_backend, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("Capabilities", "a{sx}", prop_capabilities, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("StateDirectory", "s", prop_state_dir, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("VMCount", "u", prop_vm_count, 0, 0),
        SD_BUS_METHOD_WITH_ARGS("CreateVM", SD_BUS_ARGS("s", definition), SD_BUS_RESULT("o", vm),
                                method_create_vm, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("CreateVMWithFlags", SD_BUS_ARGS("s", definition, "t", flags),
                                SD_BUS_RESULT("o", vm), method_create_vm_with_flags, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("DefineVM", SD_BUS_ARGS("s", definition), SD_BUS_RESULT("o", vm),
                                method_define_vm, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("ListVMs", SD_BUS_NO_ARGS, SD_BUS_RESULT("a(ssso)", vms), method_list_vms,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetVM", SD_BUS_ARGS("s", name), SD_BUS_RESULT("o", vm), method_get_vm,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetVMByUUID", SD_BUS_ARGS("s", uuid), SD_BUS_RESULT("o", vm),
                                method_get_vm_by_uuid, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("CheckExtension", SD_BUS_ARGS("x", capability), SD_BUS_RESULT("x", value),
                                method_check_extension, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetPVInfo", SD_BUS_NO_ARGS, SD_BUS_RESULT("u", flags, "au", hcall),
                                method_get_pvinfo, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_SIGNAL_WITH_ARGS("VMNew", SD_BUS_ARGS("s", name, "o", vm), 0),
        SD_BUS_SIGNAL_WITH_ARGS("VMRemoved", SD_BUS_ARGS("s", name, "o", vm), 0),
        SD_BUS_VTABLE_END,
};

int manager_dbus_add_objects(Manager *m)
{
        int r = sd_bus_add_object_vtable(m->bus, &m->slots[0], PPCVMD_OBJECT_PATH, MANAGER_IFACE,
                                         manager_vtable, m);
        if (r >= 0)
                r = sd_bus_add_object_manager(m->bus, &m->slots[1], PPCVMD_OBJECT_PATH);
        return r;
}
