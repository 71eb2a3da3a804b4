/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VM lifecycle.  The machine does the work; this file keeps the state
 * machine honest and turns what vcpu threads report into main-thread
 * actions (state changes, console flushes, OSI calls to a bus client).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "bus-util.h"
#include "log.h"
#include "vm-dbus.h"
#include "vm.h"

#define OSI_CALL_TIMEOUT_USEC (30ull * 1000 * 1000)

static void vm_wake(Vm *vm)
{
        uint64_t one = 1;
        /* Only fails if the counter would overflow: it is then readable anyway. */
        (void)!write(vm->wake_fd, &one, sizeof(one));
}

/* Machine callbacks: vcpu threads. */
static void cb_console_output(void *userdata, const uint8_t *buf, size_t len)
{
        Vm *vm = userdata;
        if (console_append(vm->console, buf, len))
                vm_wake(vm);
}

static void cb_stopped(void *userdata, enum machine_stop_reason reason, const char *detail)
{
        Vm *vm = userdata;

        pthread_mutex_lock(&vm->lock);
        vm->stop_pending = true;
        vm->stop_reason = reason;
        g_strlcpy(vm->stop_detail, detail ? detail : "", sizeof(vm->stop_detail));
        pthread_mutex_unlock(&vm->lock);
        vm_wake(vm);
}

static void cb_osi_call(void *userdata, unsigned index, const uint64_t gprs[32])
{
        Vm *vm = userdata;
        struct osi_request *req = g_new(struct osi_request, 1);

        req->vcpu = index;
        memcpy(req->gprs, gprs, sizeof(req->gprs));
        pthread_mutex_lock(&vm->lock);
        g_queue_push_tail(&vm->osi_queue, req);
        pthread_mutex_unlock(&vm->lock);
        vm_wake(vm);
}

static size_t console_to_guest(void *userdata, const uint8_t *buf, size_t len)
{
        Vm *vm = userdata;
        return vm->machine ? machine_console_input(vm->machine, buf, len) : 0;
}

/* OSI: ask the registered handler, or answer "no handler" at once. */
struct osi_call {
        Vm *vm;
        uint64_t generation;
        unsigned vcpu;
        sd_bus_slot *slot;
};

static GHashTable *osi_calls;   /* struct osi_call* set, for cancellation */

static int on_osi_reply(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
        struct osi_call *call = userdata;
        Vm *vm = call->vm;
        const void *data = NULL;
        size_t size = 0;
        bool ok = !sd_bus_message_is_method_error(reply, NULL) &&
                  sd_bus_message_read_array(reply, 't', &data, &size) >= 0 && size == 32 * sizeof(uint64_t);

        vm->osi_outstanding--;
        if (vm->machine && call->generation == vm->generation) {
                uint64_t gprs[32];
                if (ok)
                        memcpy(gprs, data, sizeof(gprs));
                else
                        log_warning("OSI handler of VM %s failed to answer the call on vcpu %u: %s", vm->def->name,
                                    call->vcpu,
                                    sd_bus_message_get_error(reply) ? sd_bus_message_get_error(reply)->message
                                                                    : "malformed reply");
                machine_osi_complete(vm->machine, call->vcpu, ok ? gprs : NULL);
        }
        g_hash_table_remove(osi_calls, call);
        return 0;
}

static void osi_call_free(struct osi_call *call)
{
        sd_bus_slot_unref(call->slot);
        g_free(call);
}

static void serve_osi(Vm *vm, struct osi_request *req)
{
        g_autoptr(sd_bus_message) msg = NULL;
        struct osi_call *call;
        int r;

        if (!vm->osi_owner)
                goto no_handler;
        r = sd_bus_message_new_method_call(vm->manager->bus, &msg, vm->osi_owner, vm->osi_object,
                                           PPCVMD_IFACE ".OSIHandler", "Call");
        if (r >= 0)
                r = sd_bus_message_append(msg, "so", vm->def->name, vm->path);
        if (r >= 0)
                r = sd_bus_message_append(msg, "u", req->vcpu);
        if (r >= 0)
                r = sd_bus_message_append_array(msg, 't', req->gprs, sizeof(req->gprs));
        if (r < 0)
                goto no_handler;
        if (!osi_calls)
                osi_calls = g_hash_table_new_full(NULL, NULL, (GDestroyNotify)osi_call_free, NULL);
        call = g_new0(struct osi_call, 1);
        call->vm = vm;
        call->generation = vm->generation;
        call->vcpu = req->vcpu;
        r = sd_bus_call_async(vm->manager->bus, &call->slot, msg, on_osi_reply, call, OSI_CALL_TIMEOUT_USEC);
        if (r < 0) {
                g_free(call);
                goto no_handler;
        }
        g_hash_table_add(osi_calls, call);
        vm->osi_outstanding++;
        return;
no_handler:
        machine_osi_complete(vm->machine, req->vcpu, NULL);
}

static void cancel_osi_calls(Vm *vm)
{
        GHashTableIter it;
        struct osi_call *call;

        if (!osi_calls)
                return;
        g_hash_table_iter_init(&it, osi_calls);
        while (g_hash_table_iter_next(&it, (gpointer *)&call, NULL))
                if (call->vm == vm) {
                        g_hash_table_iter_remove(&it);
                        vm->osi_outstanding--;
                }
}

void vm_set_state(Vm *vm, enum vm_state s)
{
        if (vm->state == s)
                return;
        log_debug("VM %s: %s -> %s", vm->def->name, vm_state_to_string(vm->state), vm_state_to_string(s));
        vm->state = s;
        vm_dbus_emit_changed(vm, "State", "ExitReason", "PTY", NULL);
}

static void set_exit_reason(Vm *vm, const char *reason)
{
        g_free(vm->exit_reason);
        vm->exit_reason = g_strdup(reason);
}

/* The machine is gone: the VM is shut off, and a transient one disappears. */
static void teardown(Vm *vm, const char *reason)
{
        cancel_osi_calls(vm);
        g_clear_pointer(&vm->shutdown_timer, sd_event_source_disable_unref);
        if (vm->machine) {
                machine_destroy(vm->machine);
                vm->machine = NULL;
        }
        console_flush(vm->console);
        console_detach_all(vm->console);
        pthread_mutex_lock(&vm->lock);
        vm->stop_pending = false;
        g_queue_clear_full(&vm->osi_queue, g_free);
        pthread_mutex_unlock(&vm->lock);
        set_exit_reason(vm, reason);
        vm_set_state(vm, VM_STATE_SHUTOFF);
        vm_dbus_emit_stopped(vm, reason);
        if (!vm->persistent)
                manager_remove_vm(vm->manager, vm);
}

static int restart_machine(Vm *vm, const char *why)
{
        char err[MACHINE_ERR_LEN] = "";
        int r;

        cancel_osi_calls(vm);
        machine_stop(vm->machine);
        r = machine_reset(vm->machine, err, sizeof(err));
        if (r >= 0)
                r = machine_start(vm->machine);
        if (r < 0) {
                log_error("Failed to restart VM %s after %s: %s", vm->def->name, why, err[0] ? err : strerror(-r));
                teardown(vm, "restart-failed");
                return r;
        }
        vm->generation++;
        set_exit_reason(vm, why);
        vm_set_state(vm, VM_STATE_RUNNING);
        vm_dbus_emit_changed(vm, "ExitReason", NULL);
        return 0;
}

static void handle_stop(Vm *vm, enum machine_stop_reason reason, const char *detail)
{
        const char *name = machine_stop_reason_to_string(reason);
        enum vm_action action;

        switch (reason) {
        case MACHINE_STOP_POWEROFF:
                action = vm->def->on_poweroff == VM_ACTION_RESTART ? VM_ACTION_RESTART : VM_ACTION_DESTROY;
                break;
        case MACHINE_STOP_REBOOT:
                action = vm->def->on_reboot == VM_ACTION_RESTART ? VM_ACTION_RESTART : VM_ACTION_DESTROY;
                break;
        default:
                action = vm->def->on_crash;
                log_warning("VM %s stopped: %s%s%s", vm->def->name, name, detail && *detail ? ": " : "",
                            detail ? detail : "");
                break;
        }
        switch (action) {
        case VM_ACTION_RESTART:
                restart_machine(vm, name);
                return;
        case VM_ACTION_PRESERVE: {
                g_autofree char *why = detail && *detail ? g_strdup_printf("%s: %s", name, detail) : g_strdup(name);
                machine_stop(vm->machine);
                set_exit_reason(vm, why);
                vm_set_state(vm, VM_STATE_CRASHED);
                vm_dbus_emit_stopped(vm, why);
                return;
        }
        default: {
                g_autofree char *why = detail && *detail && reason >= MACHINE_STOP_OS_TERM
                                               ? g_strdup_printf("%s: %s", name, detail)
                                               : g_strdup(name);
                teardown(vm, why);
                return;
        }
        }
}

static int on_wake(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
        Vm *vm = userdata;
        uint64_t n;
        bool stop;
        enum machine_stop_reason reason;
        char detail[256];

        (void)!read(fd, &n, sizeof(n));
        console_flush(vm->console);
        for (;;) {
                pthread_mutex_lock(&vm->lock);
                struct osi_request *req = g_queue_pop_head(&vm->osi_queue);
                pthread_mutex_unlock(&vm->lock);
                if (!req)
                        break;
                if (vm->machine)
                        serve_osi(vm, req);
                g_free(req);
        }
        pthread_mutex_lock(&vm->lock);
        stop = vm->stop_pending;
        vm->stop_pending = false;
        reason = vm->stop_reason;
        memcpy(detail, vm->stop_detail, sizeof(detail));
        pthread_mutex_unlock(&vm->lock);
        if (stop && vm->machine && vm->state != VM_STATE_CRASHED)
                handle_stop(vm, reason, detail);
        return 0;
}

int vm_new(Manager *m, VmDefinition *def, bool persistent, Vm **ret, GError **error)
{
        g_autofree char *path = NULL;
        Vm *vm;
        int r;

        r = sd_bus_path_encode(PPCVMD_VM_PREFIX, def->name, &path);
        if (r < 0) {
                g_set_error(error, VM_ERROR, VM_ERROR_FAILED, "Failed to make an object path for %s: %s",
                            def->name, strerror(-r));
                return r;
        }
        vm = g_new0(Vm, 1);
        vm->manager = m;
        vm->persistent = persistent;
        vm->state = VM_STATE_SHUTOFF;
        vm->path = g_steal_pointer(&path);
        vm->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        pthread_mutex_init(&vm->lock, NULL);
        g_queue_init(&vm->osi_queue);
        if (vm->wake_fd < 0 ||
            sd_event_add_io(m->event, &vm->wake_source, vm->wake_fd, EPOLLIN, on_wake, vm) < 0) {
                r = vm->wake_fd < 0 ? -errno : -EIO;
                g_set_error(error, VM_ERROR, VM_ERROR_FAILED, "Failed to set up VM %s: %s", def->name, strerror(-r));
                vm->def = def;
                vm_free(vm);
                return r;
        }
        vm->def = def;
        vm->console = console_new(m->event, (size_t)def->console_ring_kib * 1024, console_to_guest, vm);
        *ret = vm;
        return 0;
}

void vm_free(Vm *vm)
{
        if (!vm)
                return;
        cancel_osi_calls(vm);
        if (vm->machine)
                machine_destroy(vm->machine);
        vm_clear_osi_handler(vm);
        sd_event_source_disable_unref(vm->shutdown_timer);
        sd_event_source_disable_unref(vm->wake_source);
        console_free(vm->console);
        if (vm->wake_fd >= 0)
                close(vm->wake_fd);
        g_queue_clear_full(&vm->osi_queue, g_free);
        pthread_mutex_destroy(&vm->lock);
        vm_definition_free(vm->def);
        g_free(vm->exit_reason);
        g_free(vm->path);
        g_free(vm);
}

bool vm_check_state(Vm *vm, enum vm_op op, GError **error)
{
        if (vm_state_allows(vm->state, op))
                return true;
        g_set_error(error, VM_ERROR, VM_ERROR_WRONG_STATE, "VM %s is %s: %s needs it %s", vm->def->name,
                    vm_state_to_string(vm->state), vm_op_to_string(op), vm_op_valid_states(op));
        return false;
}

int vm_start(Vm *vm, bool paused, GError **error)
{
        const VmDefinition *d = vm->def;
        char err[MACHINE_ERR_LEN] = "";
        struct machine_callbacks cb = {
                .userdata = vm,
                .console_output = cb_console_output,
                .stopped = cb_stopped,
                .osi_call = cb_osi_call,
        };
        struct machine_config cfg = {
                .memory_bytes = d->memory_mib << 20,
                .vcpus = d->vcpus,
                .backend = d->backend,
                .kernel_path = d->kernel,
                .initrd_path = d->initrd,
                .cmdline = d->cmdline,
                .rtc_offset = d->rtc_offset,
                .testdev = d->testdev,
        };
        int r;

        if (!vm_check_state(vm, VM_OP_START, error))
                return -EBUSY;
        if (vm->machine) {      /* crashed: the old machine goes first */
                machine_destroy(vm->machine);
                vm->machine = NULL;
        }
        vm_set_state(vm, VM_STATE_STARTING);
        r = machine_create(&cfg, &cb, &vm->machine, err, sizeof(err));
        if (r >= 0) {
                vm->backend = machine_backend(vm->machine);
                g_strlcpy(vm->backend_reason, machine_backend_reason(vm->machine), sizeof(vm->backend_reason));
                vm->generation++;
                r = paused ? machine_start_paused(vm->machine) : machine_start(vm->machine);
                if (r < 0)
                        g_strlcpy(err, strerror(-r), sizeof(err));
        }
        if (r < 0) {
                g_set_error(error, VM_ERROR, VM_ERROR_FAILED, "Failed to start VM %s: %s", d->name,
                            err[0] ? err : strerror(-r));
                if (vm->machine) {
                        machine_destroy(vm->machine);
                        vm->machine = NULL;
                }
                vm_set_state(vm, VM_STATE_SHUTOFF);
                return r;
        }
        r = console_open_pty(vm->console);
        if (r < 0)
                log_warning("VM %s has no PTY for its console: %s", d->name, strerror(-r));
        set_exit_reason(vm, NULL);
        vm_set_state(vm, paused ? VM_STATE_PAUSED : VM_STATE_RUNNING);
        vm_dbus_emit_changed(vm, "Backend", "BackendReason", NULL);
        return 0;
}

int vm_pause(Vm *vm, GError **error)
{
        int r;

        if (!vm_check_state(vm, VM_OP_PAUSE, error))
                return -EBUSY;
        if (vm->osi_outstanding) {
                g_set_error(error, VM_ERROR, VM_ERROR_WRONG_STATE,
                            "VM %s is waiting for its OSI handler to answer; pause it when the call is done",
                            vm->def->name);
                return -EBUSY;
        }
        r = machine_pause(vm->machine);
        if (r < 0) {
                g_set_error(error, VM_ERROR, VM_ERROR_FAILED, "Failed to pause VM %s: %s", vm->def->name,
                            strerror(-r));
                return r;
        }
        g_clear_pointer(&vm->shutdown_timer, sd_event_source_disable_unref);
        vm_set_state(vm, VM_STATE_PAUSED);
        return 0;
}

int vm_resume(Vm *vm, GError **error)
{
        int r;

        if (!vm_check_state(vm, VM_OP_RESUME, error))
                return -EBUSY;
        r = machine_resume(vm->machine);
        if (r < 0) {
                g_set_error(error, VM_ERROR, VM_ERROR_FAILED, "Failed to resume VM %s: %s", vm->def->name,
                            strerror(-r));
                return r;
        }
        vm_set_state(vm, VM_STATE_RUNNING);
        return 0;
}

static int on_shutdown_timeout(sd_event_source *s, uint64_t usec, void *userdata)
{
        Vm *vm = userdata;

        g_clear_pointer(&vm->shutdown_timer, sd_event_source_disable_unref);
        log_notice("VM %s did not power off in time; destroying it", vm->def->name);
        teardown(vm, "shutdown-timeout");
        return 0;
}

int vm_shutdown(Vm *vm, uint64_t timeout_usec, GError **error)
{
        int r;

        if (!vm_check_state(vm, VM_OP_SHUTDOWN, error))
                return -EBUSY;
        r = machine_request_shutdown(vm->machine);
        if (r < 0) {
                g_set_error(error, VM_ERROR, VM_ERROR_FAILED, "Failed to ask VM %s to power off: %s",
                            vm->def->name, strerror(-r));
                return r;
        }
        if (timeout_usec > 0) {
                r = sd_event_add_time_relative(vm->manager->event, &vm->shutdown_timer, CLOCK_MONOTONIC,
                                               timeout_usec, 0, on_shutdown_timeout, vm);
                if (r < 0) {
                        g_set_error(error, VM_ERROR, VM_ERROR_FAILED, "Failed to arm the shutdown timer of %s: %s",
                                    vm->def->name, strerror(-r));
                        return r;
                }
        }
        vm_set_state(vm, VM_STATE_STOPPING);
        return 0;
}

int vm_destroy(Vm *vm, const char *reason, GError **error)
{
        if (!vm_check_state(vm, VM_OP_DESTROY, error))
                return -EBUSY;
        teardown(vm, reason ? reason : "destroyed");
        return 0;
}

int vm_reset(Vm *vm, GError **error)
{
        if (!vm_check_state(vm, VM_OP_RESET, error))
                return -EBUSY;
        if (restart_machine(vm, "reset") < 0) {
                g_set_error(error, VM_ERROR, VM_ERROR_FAILED, "Failed to reset VM %s", vm->def->name);
                return -EIO;
        }
        return 0;
}

static int on_osi_owner_gone(sd_bus_track *track, void *userdata)
{
        Vm *vm = userdata;

        log_info("OSI handler of VM %s left the bus", vm->def->name);
        vm_clear_osi_handler(vm);
        return 0;
}

int vm_set_osi_handler(Vm *vm, const char *owner, const char *object, GError **error)
{
        int r;

        vm_clear_osi_handler(vm);
        r = sd_bus_track_new(vm->manager->bus, &vm->osi_track, on_osi_owner_gone, vm);
        if (r >= 0)
                r = sd_bus_track_add_name(vm->osi_track, owner);
        if (r < 0) {
                vm_clear_osi_handler(vm);
                g_set_error(error, VM_ERROR, VM_ERROR_FAILED, "Failed to watch OSI handler %s: %s", owner,
                            strerror(-r));
                return r;
        }
        vm->osi_owner = g_strdup(owner);
        vm->osi_object = g_strdup(object);
        return 0;
}

void vm_clear_osi_handler(Vm *vm)
{
        vm->osi_track = sd_bus_track_unref(vm->osi_track);
        g_clear_pointer(&vm->osi_owner, g_free);
        g_clear_pointer(&vm->osi_object, g_free);
}

char *vm_vcpu_path(const Vm *vm, unsigned index)
{
        return g_strdup_printf("%s/vcpu/%u", vm->path, index);
}
