/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * org.ppcvm.ppcvmd1.VM at /org/ppcvm/ppcvmd1/vm/<escaped name> and
 * org.ppcvm.ppcvmd1.VCPU at .../vm/<escaped name>/vcpu/<n>.
 * Methods check the caller's rights and the VM state first, then call vm.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bus-util.h"
#include "log.h"
#include "store.h"
#include "vm-dbus.h"
#include "vm.h"

#define VM_IFACE   PPCVMD_IFACE ".VM"
#define VCPU_IFACE PPCVMD_IFACE ".VCPU"

void vm_dbus_emit_changed(Vm *vm, const char *prop, ...)
{
        const char *names[16];
        unsigned n = 0;
        va_list ap;

        va_start(ap, prop);
        for (const char *p = prop; p && n < G_N_ELEMENTS(names) - 1; p = va_arg(ap, const char *))
                names[n++] = p;
        va_end(ap);
        names[n] = NULL;
        (void)sd_bus_emit_properties_changed_strv(vm->manager->bus, vm->path, VM_IFACE, (char **)names);
}

void vm_dbus_emit_stopped(Vm *vm, const char *reason)
{
        (void)sd_bus_emit_signal(vm->manager->bus, vm->path, VM_IFACE, "Stopped", "s", reason ? reason : "");
}

/* Object lookup for the fallback vtables. */
static int split_vcpu_path(Manager *m, const char *path, Vm **ret_vm, unsigned *ret_index)
{
        const char *v = strstr(path + strlen(PPCVMD_VM_PREFIX "/"), "/vcpu/");
        g_autofree char *vmpath = NULL;
        char *end;

        if (!v)
                return 0;
        vmpath = g_strndup(path, (gsize)(v - path));
        Vm *vm = manager_find_vm_by_path(m, vmpath);
        if (!vm)
                return 0;
        errno = 0;
        unsigned long idx = strtoul(v + 6, &end, 10);
        if (errno || *end || end == v + 6 || idx >= vm->def->vcpus)
                return 0;
        *ret_vm = vm;
        *ret_index = (unsigned)idx;
        return 1;
}

static int vm_find(sd_bus *bus, const char *path, const char *iface, void *userdata, void **found,
                   sd_bus_error *error)
{
        Vm *vm = manager_find_vm_by_path(userdata, path);
        if (!vm)
                return 0;
        *found = vm;
        return 1;
}

/* A VCPU object is (vm, index); it exists for every vcpu of the definition,
 * running or not.  The struct handed to the handlers is scratch space: the
 * main loop dispatches one message at a time, and find runs right before
 * the handler it is for. */
struct vcpu_ref {
        Vm *vm;
        unsigned index;
};
static struct vcpu_ref vcpu_refs[MACHINE_MAX_VCPUS];   /* scratch: main thread only */

static int vcpu_find(sd_bus *bus, const char *path, const char *iface, void *userdata, void **found,
                     sd_bus_error *error)
{
        Vm *vm;
        unsigned idx;

        if (split_vcpu_path(userdata, path, &vm, &idx) <= 0)
                return 0;
        vcpu_refs[idx] = (struct vcpu_ref){ vm, idx };
        *found = &vcpu_refs[idx];
        return 1;
}

static int node_enumerator(sd_bus *bus, const char *prefix, void *userdata, char ***nodes, sd_bus_error *error)
{
        Manager *m = userdata;
        g_autoptr(GPtrArray) list = g_ptr_array_new();
        GHashTableIter it;
        Vm *vm;

        g_hash_table_iter_init(&it, m->vms);
        while (g_hash_table_iter_next(&it, NULL, (gpointer *)&vm)) {
                g_ptr_array_add(list, strdup(vm->path));
                for (unsigned i = 0; i < vm->def->vcpus; i++) {
                        g_autofree char *p = vm_vcpu_path(vm, i);
                        g_ptr_array_add(list, strdup(p));
                }
        }
        g_ptr_array_add(list, NULL);
        /* sd-bus frees the strings and the array with free(). */
        char **out = malloc(list->len * sizeof(char *));
        if (!out)
                return -ENOMEM;
        memcpy(out, list->pdata, list->len * sizeof(char *));
        *nodes = out;
        return 1;
}

/* Properties. */
static int prop_get_string(sd_bus *bus, const char *path, const char *iface, const char *property,
                           sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
        Vm *vm = userdata;
        const char *v = "";

        if (strcmp(property, "Name") == 0)
                v = vm->def->name;
        else if (strcmp(property, "UUID") == 0)
                v = vm->def->uuid;
        else if (strcmp(property, "State") == 0)
                v = vm_state_to_string(vm->state);
        else if (strcmp(property, "ExitReason") == 0)
                v = vm->exit_reason ? vm->exit_reason : "";
        else if (strcmp(property, "Backend") == 0)
                v = vm->backend ? vm->backend->name : vcpu_backend_kind_to_string(vm->def->backend);
        else if (strcmp(property, "BackendReason") == 0)
                v = vm->backend ? vm->backend_reason : "";
        else if (strcmp(property, "PTY") == 0)
                v = vm->machine ? console_pty_path(vm->console) : "";
        else if (strcmp(property, "Kernel") == 0)
                v = vm->def->kernel;
        return sd_bus_message_append(reply, "s", v);
}

static int prop_get_definition(sd_bus *bus, const char *path, const char *iface, const char *property,
                               sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
        Vm *vm = userdata;
        g_autofree char *json = vm_definition_to_json(vm->def, false);
        return sd_bus_message_append(reply, "s", json);
}

static int prop_get_bool(sd_bus *bus, const char *path, const char *iface, const char *property,
                         sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
        Vm *vm = userdata;
        int v = strcmp(property, "Persistent") == 0 ? vm->persistent : vm->def->autostart;
        return sd_bus_message_append(reply, "b", v);
}

static uint64_t vm_instructions(Vm *vm)
{
        uint64_t total = 0;
        for (unsigned i = 0; vm->machine && i < machine_vcpu_count(vm->machine); i++) {
                struct vcpu *v = machine_vcpu(vm->machine, i);
                struct vcpu_stats st = { 0 };
                if (v && v->ops->get_stats) {
                        v->ops->get_stats(v, &st);
                        total += st.instructions;
                }
        }
        return total;
}

static int prop_get_u64(sd_bus *bus, const char *path, const char *iface, const char *property,
                        sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
        Vm *vm = userdata;
        uint64_t v = 0;

        if (strcmp(property, "MemoryMiB") == 0)
                v = vm->def->memory_mib;
        else if (strcmp(property, "ConsoleDropped") == 0)
                v = console_dropped(vm->console);
        else if (strcmp(property, "ConsoleBytes") == 0)
                v = console_total(vm->console);
        else if (strcmp(property, "Instructions") == 0)
                v = vm_instructions(vm);
        return sd_bus_message_append(reply, "t", v);
}

static int prop_get_vcpus(sd_bus *bus, const char *path, const char *iface, const char *property,
                          sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
        Vm *vm = userdata;
        return sd_bus_message_append(reply, "u", vm->def->vcpus);
}

/* Methods.  Each: access check, state check, action, reply. */
#define REQUIRE_WRITE(msg, err)                                      \
        do {                                                         \
                int r_ = bus_check_write_access((msg), (err));       \
                if (r_ < 0)                                          \
                        return r_;                                   \
        } while (0)

/* Start, Pause, Resume, Destroy, Reset: no arguments, one vm.c call. */
static int run_simple(sd_bus_message *msg, Vm *vm, sd_bus_error *err, int (*op)(Vm *, GError **))
{
        g_autoptr(GError) e = NULL;
        REQUIRE_WRITE(msg, err);
        if (op(vm, &e) < 0)
                return bus_set_gerror(err, e);
        return sd_bus_reply_method_return(msg, NULL);
}

static int start_running(Vm *vm, GError **error)
{
        return vm_start(vm, false, error);
}

static int destroy_on_request(Vm *vm, GError **error)
{
        return vm_destroy(vm, "destroyed", error);
}

static int method_start(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        return run_simple(msg, userdata, err, start_running);
}

static int method_pause(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        return run_simple(msg, userdata, err, vm_pause);
}

static int method_resume(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        return run_simple(msg, userdata, err, vm_resume);
}

static int method_shutdown(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        g_autoptr(GError) e = NULL;
        uint64_t timeout;
        int r;

        r = sd_bus_message_read(msg, "t", &timeout);
        if (r < 0)
                return r;
        REQUIRE_WRITE(msg, err);
        if (vm_shutdown(userdata, timeout, &e) < 0)
                return bus_set_gerror(err, e);
        return sd_bus_reply_method_return(msg, NULL);
}

static int method_destroy(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        /* A transient VM is freed by vm_destroy; the reply needs nothing of it. */
        return run_simple(msg, userdata, err, destroy_on_request);
}

static int method_reset(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        return run_simple(msg, userdata, err, vm_reset);
}

static int method_undefine(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        Vm *vm = userdata;
        g_autoptr(GError) e = NULL;

        REQUIRE_WRITE(msg, err);
        if (!vm->persistent)
                return sd_bus_error_setf(err, PPCVMD_ERROR ".WrongState",
                                         "VM %s is transient: there is no definition to remove (use Destroy)",
                                         vm->def->name);
        if (store_remove(vm->manager->state_dir, vm->def->name, &e) < 0)
                return bus_set_gerror(err, e);
        vm->persistent = false;
        vm->def->autostart = false;
        if (vm->state == VM_STATE_SHUTOFF)
                manager_remove_vm(vm->manager, vm);
        else
                vm_dbus_emit_changed(vm, "Persistent", "Autostart", NULL);
        return sd_bus_reply_method_return(msg, NULL);
}

static int method_set_autostart(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        Vm *vm = userdata;
        g_autoptr(GError) e = NULL;
        int enable, r;

        r = sd_bus_message_read(msg, "b", &enable);
        if (r < 0)
                return r;
        REQUIRE_WRITE(msg, err);
        if (!vm->persistent)
                return sd_bus_error_setf(err, PPCVMD_ERROR ".WrongState",
                                         "VM %s is transient: only defined VMs can start with the daemon",
                                         vm->def->name);
        bool old = vm->def->autostart;
        vm->def->autostart = enable;
        if (store_save(vm->manager->state_dir, vm->def, &e) < 0) {
                vm->def->autostart = old;
                return bus_set_gerror(err, e);
        }
        vm_dbus_emit_changed(vm, "Autostart", NULL);
        return sd_bus_reply_method_return(msg, NULL);
}

static int method_open_console(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        Vm *vm = userdata;
        int pair[2], r;

        REQUIRE_WRITE(msg, err);
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
                return bus_set_errno(err, errno, "Failed to make a console socket for %s", vm->def->name);
        r = console_attach(vm->console, pair[0], true);
        if (r < 0) {
                close(pair[1]);
                return bus_set_errno(err, r, "Failed to attach to the console of %s", vm->def->name);
        }
        r = sd_bus_reply_method_return(msg, "h", pair[1]);
        close(pair[1]);
        return r;
}

static int method_register_osi(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        g_autoptr(GError) e = NULL;
        const char *object;
        int r;

        r = sd_bus_message_read(msg, "o", &object);
        if (r < 0)
                return r;
        REQUIRE_WRITE(msg, err);
        if (vm_set_osi_handler(userdata, sd_bus_message_get_sender(msg), object, &e) < 0)
                return bus_set_gerror(err, e);
        return sd_bus_reply_method_return(msg, NULL);
}

static int method_unregister_osi(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        Vm *vm = userdata;

        REQUIRE_WRITE(msg, err);
        if (vm->osi_owner && strcmp(vm->osi_owner, sd_bus_message_get_sender(msg)) != 0)
                return sd_bus_error_setf(err, SD_BUS_ERROR_ACCESS_DENIED,
                                         "Only the registered OSI handler of %s can unregister it",
                                         vm->def->name);
        vm_clear_osi_handler(vm);
        return sd_bus_reply_method_return(msg, NULL);
}

static const sd_bus_vtable vm_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_PROPERTY("Name", "s", prop_get_string, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("UUID", "s", prop_get_string, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("State", "s", prop_get_string, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("ExitReason", "s", prop_get_string, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Persistent", "b", prop_get_bool, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Autostart", "b", prop_get_bool, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("VCPUs", "u", prop_get_vcpus, 0, SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION),
        SD_BUS_PROPERTY("MemoryMiB", "t", prop_get_u64, 0, SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION),
        SD_BUS_PROPERTY("Kernel", "s", prop_get_string, 0, SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION),
        SD_BUS_PROPERTY("Backend", "s", prop_get_string, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("BackendReason", "s", prop_get_string, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Definition", "s", prop_get_definition, 0, SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION),
        SD_BUS_PROPERTY("PTY", "s", prop_get_string, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("ConsoleBytes", "t", prop_get_u64, 0, 0),
        SD_BUS_PROPERTY("ConsoleDropped", "t", prop_get_u64, 0, 0),
        SD_BUS_PROPERTY("Instructions", "t", prop_get_u64, 0, 0),
        SD_BUS_METHOD("Start", "", "", method_start, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Pause", "", "", method_pause, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Resume", "", "", method_resume, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("Shutdown", SD_BUS_ARGS("t", timeout_usec), SD_BUS_NO_RESULT, method_shutdown,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Destroy", "", "", method_destroy, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Reset", "", "", method_reset, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Undefine", "", "", method_undefine, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetAutostart", SD_BUS_ARGS("b", enable), SD_BUS_NO_RESULT,
                                method_set_autostart, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("OpenConsole", SD_BUS_NO_ARGS, SD_BUS_RESULT("h", fd), method_open_console,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("RegisterOSIHandler", SD_BUS_ARGS("o", object), SD_BUS_NO_RESULT,
                                method_register_osi, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("UnregisterOSIHandler", "", "", method_unregister_osi, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_SIGNAL_WITH_ARGS("Stopped", SD_BUS_ARGS("s", reason), 0),
        SD_BUS_VTABLE_END,
};

/* VCPU. */
static struct vcpu *ref_vcpu(struct vcpu_ref *ref)
{
        return ref->vm->machine ? machine_vcpu(ref->vm->machine, ref->index) : NULL;
}

static int vcpu_prop_index(sd_bus *bus, const char *path, const char *iface, const char *property,
                           sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
        struct vcpu_ref *ref = userdata;
        return sd_bus_message_append(reply, "u", ref->index);
}

static const char *mp_state_name(enum vcpu_mp_state s)
{
        switch (s) {
        case VCPU_MP_RUNNABLE: return "runnable";
        case VCPU_MP_HALTED: return "halted";
        case VCPU_MP_STOPPED: return "stopped";
        default: return "unknown";
        }
}

static int vcpu_prop_mp_state(sd_bus *bus, const char *path, const char *iface, const char *property,
                              sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
        struct vcpu *v = ref_vcpu(userdata);
        enum vcpu_mp_state s = VCPU_MP_STOPPED;

        if (v && v->ops->get_mp_state && v->ops->get_mp_state(v, &s) < 0)
                s = VCPU_MP_STOPPED;
        return sd_bus_message_append(reply, "s", mp_state_name(s));
}

static int vcpu_prop_stats(sd_bus *bus, const char *path, const char *iface, const char *property,
                           sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
        struct vcpu *v = ref_vcpu(userdata);
        struct vcpu_stats st = { 0 };
        int r;

        if (v && v->ops->get_stats)
                v->ops->get_stats(v, &st);
        if (strcmp(property, "HaltWakeup") == 0)
                return sd_bus_message_append(reply, "t", st.halt_wakeup);
        if (strcmp(property, "Instructions") == 0)
                return sd_bus_message_append(reply, "t", st.instructions);
        if (strcmp(property, "HCalls") == 0)
                return sd_bus_message_append(reply, "t", st.hcalls);
        r = sd_bus_message_open_container(reply, 'a', "{st}");
        for (unsigned i = 0; r >= 0 && i < G_N_ELEMENTS(st.exits); i++) {
                const char *name = kvm_exit_reason_name(i);
                if (name)
                        r = sd_bus_message_append(reply, "{st}", name, st.exits[i]);
        }
        return r < 0 ? r : sd_bus_message_close_container(reply);
}

static int require_vcpu(struct vcpu_ref *ref, enum vm_op op, struct vcpu **ret, sd_bus_error *err)
{
        g_autoptr(GError) e = NULL;
        struct vcpu *v;

        if (!vm_check_state(ref->vm, op, &e))
                return bus_set_gerror(err, e);
        v = ref_vcpu(ref);
        if (!v)
                return sd_bus_error_setf(err, PPCVMD_ERROR ".WrongState", "VM %s has no running vcpu %u",
                                         ref->vm->def->name, ref->index);
        *ret = v;
        return 0;
}

static int vcpu_method_interrupt(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        struct vcpu_ref *ref = userdata;
        struct vcpu *v;
        const char *kind;
        uint32_t irq;
        int r;

        r = sd_bus_message_read(msg, "s", &kind);
        if (r < 0)
                return r;
        REQUIRE_WRITE(msg, err);
        if (strcmp(kind, "raise") == 0)
                irq = VCPU_INTERRUPT_SET;
        else if (strcmp(kind, "raise-level") == 0)
                irq = VCPU_INTERRUPT_SET_LEVEL;
        else if (strcmp(kind, "lower") == 0)
                irq = VCPU_INTERRUPT_UNSET;
        else
                return sd_bus_error_setf(err, SD_BUS_ERROR_INVALID_ARGS,
                                         "\"%s\" is not an interrupt action: use raise, raise-level or lower", kind);
        r = require_vcpu(ref, VM_OP_INTERRUPT, &v, err);
        if (r < 0)
                return r;
        r = v->ops->interrupt(v, irq);
        if (r < 0)
                return bus_set_errno(err, r, "Failed to %s the interrupt of vcpu %u of %s", kind, ref->index,
                                     ref->vm->def->name);
        return sd_bus_reply_method_return(msg, NULL);
}

static int vcpu_method_enable_cap(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        struct vcpu_ref *ref = userdata;
        uint64_t args[4] = { 0 };
        const void *a = NULL;
        size_t asize = 0;
        uint32_t cap, flags;
        struct vcpu *v;
        int r;

        r = sd_bus_message_read(msg, "uu", &cap, &flags);
        if (r >= 0)
                r = sd_bus_message_read_array(msg, 't', &a, &asize);
        if (r < 0)
                return r;
        REQUIRE_WRITE(msg, err);
        if (asize > sizeof(args))
                return sd_bus_error_setf(err, SD_BUS_ERROR_INVALID_ARGS, "EnableCap takes at most 4 arguments, not %zu",
                                         asize / sizeof(uint64_t));
        memcpy(args, a, asize);
        r = require_vcpu(ref, VM_OP_INTERRUPT, &v, err);
        if (r < 0)
                return r;
        r = v->ops->enable_cap(v, cap, flags, args);
        if (r < 0)
                return bus_set_errno(err, r, "Failed to enable capability %u (flags 0x%x) on vcpu %u of %s", cap,
                                     flags, ref->index, ref->vm->def->name);
        return sd_bus_reply_method_return(msg, NULL);
}

/* Register names, in struct vcpu_regs order. */
static const char *const reg_names[] = {
        "pc", "cr", "ctr", "lr", "xer", "msr", "srr0", "srr1", "pid",
        "sprg0", "sprg1", "sprg2", "sprg3", "sprg4", "sprg5", "sprg6", "sprg7",
};

static uint64_t *reg_slot(struct vcpu_regs *regs, const char *name)
{
        uint64_t *base = &regs->pc;
        for (unsigned i = 0; i < G_N_ELEMENTS(reg_names); i++)
                if (strcmp(name, reg_names[i]) == 0)
                        return base + i;
        if (name[0] == 'r' && g_ascii_isdigit(name[1])) {
                char *end;
                unsigned long n = strtoul(name + 1, &end, 10);
                if (!*end && n < 32 && !(name[1] == '0' && name[2]))
                        return &regs->gpr[n];
        }
        return NULL;
}

static int vcpu_method_get_regs(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        g_autoptr(sd_bus_message) reply = NULL;
        struct vcpu_ref *ref = userdata;
        struct vcpu_regs regs;
        struct vcpu *v;
        int r;

        r = require_vcpu(ref, VM_OP_REGS, &v, err);
        if (r < 0)
                return r;
        r = v->ops->get_regs(v, &regs);
        if (r < 0)
                return bus_set_errno(err, r, "Failed to read the registers of vcpu %u", ref->index);
        r = sd_bus_message_new_method_return(msg, &reply);
        if (r >= 0)
                r = sd_bus_message_open_container(reply, 'a', "{st}");
        for (unsigned i = 0; r >= 0 && i < G_N_ELEMENTS(reg_names); i++)
                r = sd_bus_message_append(reply, "{st}", reg_names[i], (&regs.pc)[i]);
        for (unsigned i = 0; r >= 0 && i < 32; i++) {
                char name[8];
                snprintf(name, sizeof(name), "r%u", i);
                r = sd_bus_message_append(reply, "{st}", name, regs.gpr[i]);
        }
        if (r >= 0)
                r = sd_bus_message_close_container(reply);
        return r < 0 ? r : sd_bus_send(NULL, reply, NULL);
}

static int vcpu_method_set_regs(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        struct vcpu_ref *ref = userdata;
        struct vcpu_regs regs;
        struct vcpu *v;
        const char *name;
        uint64_t val;
        int r;

        REQUIRE_WRITE(msg, err);
        r = require_vcpu(ref, VM_OP_REGS, &v, err);
        if (r < 0)
                return r;
        r = v->ops->get_regs(v, &regs);
        if (r < 0)
                return bus_set_errno(err, r, "Failed to read the registers of vcpu %u", ref->index);
        r = sd_bus_message_enter_container(msg, 'a', "{st}");
        if (r < 0)
                return r;
        while ((r = sd_bus_message_read(msg, "{st}", &name, &val)) > 0) {
                uint64_t *slot = reg_slot(&regs, name);
                if (!slot)
                        return sd_bus_error_setf(err, SD_BUS_ERROR_INVALID_ARGS,
                                                 "\"%s\" is not a register (pc, msr, cr, ctr, lr, xer, srr0, srr1, "
                                                 "pid, sprg0-7, r0-r31)", name);
                *slot = val;
        }
        if (r < 0)
                return r;
        r = v->ops->set_regs(v, &regs);
        if (r < 0)
                return bus_set_errno(err, r, "Failed to write the registers of vcpu %u", ref->index);
        return sd_bus_reply_method_return(msg, NULL);
}

static int vcpu_method_get_sregs(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        g_autoptr(sd_bus_message) reply = NULL;
        struct vcpu_ref *ref = userdata;
        g_autofree struct vcpu_sregs *sr = g_new0(struct vcpu_sregs, 1);
        struct vcpu *v;
        int r;

        r = require_vcpu(ref, VM_OP_REGS, &v, err);
        if (r < 0)
                return r;
        r = v->ops->get_sregs ? v->ops->get_sregs(v, sr) : -ENOSYS;
        if (r < 0)
                return bus_set_errno(err, r, "Failed to read the special registers of vcpu %u", ref->index);
        r = sd_bus_message_new_method_return(msg, &reply);
        if (r >= 0)
                r = sd_bus_message_append(reply, "ut", sr->pvr, sr->sdr1);
        if (r >= 0)
                r = sd_bus_message_open_container(reply, 'a', "(tt)");
        for (unsigned i = 0; r >= 0 && i < sr->slb_max && i < 64; i++)
                r = sd_bus_message_append(reply, "(tt)", sr->slb[i].slbe, sr->slb[i].slbv);
        if (r >= 0)
                r = sd_bus_message_close_container(reply);
        return r < 0 ? r : sd_bus_send(NULL, reply, NULL);
}

static int vcpu_method_set_sregs(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
        struct vcpu_ref *ref = userdata;
        g_autofree struct vcpu_sregs *sr = g_new0(struct vcpu_sregs, 1);
        struct vcpu *v;
        uint32_t pvr;
        uint64_t sdr1, e, vv;
        unsigned n = 0;
        int r;

        r = sd_bus_message_read(msg, "ut", &pvr, &sdr1);
        if (r < 0)
                return r;
        REQUIRE_WRITE(msg, err);
        r = require_vcpu(ref, VM_OP_REGS, &v, err);
        if (r < 0)
                return r;
        r = sd_bus_message_enter_container(msg, 'a', "(tt)");
        if (r < 0)
                return r;
        while ((r = sd_bus_message_read(msg, "(tt)", &e, &vv)) > 0) {
                if (n >= 64)
                        return sd_bus_error_setf(err, SD_BUS_ERROR_INVALID_ARGS, "at most 64 SLB entries");
                sr->slb[n].slbe = e;
                sr->slb[n].slbv = vv;
                n++;
        }
        if (r < 0)
                return r;
        sr->pvr = pvr;
        sr->sdr1 = sdr1;
        sr->slb_max = n;
        r = v->ops->set_sregs ? v->ops->set_sregs(v, sr) : -ENOSYS;
        if (r < 0)
                return bus_set_errno(err, r, "Failed to write the special registers of vcpu %u", ref->index);
        return sd_bus_reply_method_return(msg, NULL);
}

static const sd_bus_vtable vcpu_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_PROPERTY("Index", "u", vcpu_prop_index, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("MPState", "s", vcpu_prop_mp_state, 0, 0),
        SD_BUS_PROPERTY("ExitStats", "a{st}", vcpu_prop_stats, 0, 0),
        SD_BUS_PROPERTY("HaltWakeup", "t", vcpu_prop_stats, 0, 0),
        SD_BUS_PROPERTY("Instructions", "t", vcpu_prop_stats, 0, 0),
        SD_BUS_PROPERTY("HCalls", "t", vcpu_prop_stats, 0, 0),
        SD_BUS_METHOD_WITH_ARGS("Interrupt", SD_BUS_ARGS("s", action), SD_BUS_NO_RESULT, vcpu_method_interrupt,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("EnableCap", SD_BUS_ARGS("u", cap, "u", flags, "at", args), SD_BUS_NO_RESULT,
                                vcpu_method_enable_cap, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetRegs", SD_BUS_NO_ARGS, SD_BUS_RESULT("a{st}", regs), vcpu_method_get_regs,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetRegs", SD_BUS_ARGS("a{st}", regs), SD_BUS_NO_RESULT, vcpu_method_set_regs,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetSRegs", SD_BUS_NO_ARGS, SD_BUS_RESULT("u", pvr, "t", sdr1, "a(tt)", slb),
                                vcpu_method_get_sregs, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetSRegs", SD_BUS_ARGS("u", pvr, "t", sdr1, "a(tt)", slb), SD_BUS_NO_RESULT,
                                vcpu_method_set_sregs, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_VTABLE_END,
};

int vm_dbus_add_objects(Manager *m)
{
        int r;

        r = sd_bus_add_fallback_vtable(m->bus, &m->slots[2], PPCVMD_VM_PREFIX, VM_IFACE, vm_vtable, vm_find, m);
        if (r >= 0)
                r = sd_bus_add_fallback_vtable(m->bus, &m->slots[3], PPCVMD_VM_PREFIX, VCPU_IFACE, vcpu_vtable,
                                               vcpu_find, m);
        if (r >= 0)
                r = sd_bus_add_node_enumerator(m->bus, &m->slots[4], PPCVMD_VM_PREFIX, node_enumerator, m);
        return r;
}
