/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ppcvm-bus.h"

sd_bus *ppcvm_bus;

void vm_info_free(VmInfo *vm)
{
        if (!vm)
                return;
        g_free(vm->path);
        g_free(vm->name);
        g_free(vm->uuid_str);
        g_free(vm->state);
        g_free(vm->exit_reason);
        g_free(vm->definition);
        g_free(vm);
}

int ppcvm_bus_open(const char *which)
{
        sd_bus *bus = NULL;
        int r;

        if (strcmp(which, "system") == 0)
                return sd_bus_open_system(&ppcvm_bus);
        if (strcmp(which, "session") == 0)
                return sd_bus_open_user(&ppcvm_bus);
        r = sd_bus_new(&bus);
        if (r >= 0)
                r = sd_bus_set_address(bus, which);
        if (r >= 0)
                r = sd_bus_set_bus_client(bus, 1);
        if (r >= 0)
                r = sd_bus_start(bus);
        if (r < 0) {
                sd_bus_unref(bus);
                return r;
        }
        ppcvm_bus = bus;
        return 0;
}

/* sd-bus in the GLib main loop: poll its fd with the events and timeout it
 * asks for.  sd_bus_get_timeout() answers 0 while messages wait in its read
 * queue (e.g. signals read during a synchronous call), so those get
 * dispatched without the fd becoming readable again. */
typedef struct {
        GSource source;
        GPollFD pfd;
} BusSource;

static gboolean bus_prepare(GSource *s, gint *timeout)
{
        BusSource *b = (BusSource *)s;
        uint64_t usec = UINT64_MAX;
        int events = sd_bus_get_events(ppcvm_bus);

        b->pfd.fd = sd_bus_get_fd(ppcvm_bus);
        b->pfd.events = (events & POLLIN ? G_IO_IN : 0) | (events & POLLOUT ? G_IO_OUT : 0);
        *timeout = -1;
        if (sd_bus_get_timeout(ppcvm_bus, &usec) > 0 && usec != UINT64_MAX) {
                int64_t left = (int64_t)usec - g_get_monotonic_time();
                if (left <= 0)
                        return TRUE;
                *timeout = (gint)MIN(left / 1000 + 1, G_MAXINT);
        }
        return FALSE;
}

static gboolean bus_check(GSource *s)
{
        BusSource *b = (BusSource *)s;
        uint64_t usec = UINT64_MAX;

        if (b->pfd.revents)
                return TRUE;
        return sd_bus_get_timeout(ppcvm_bus, &usec) > 0 && usec != UINT64_MAX &&
               (int64_t)usec <= g_get_monotonic_time();
}

static gboolean bus_dispatch(GSource *s, GSourceFunc cb, gpointer data)
{
        int r;

        do
                r = sd_bus_process(ppcvm_bus, NULL);
        while (r > 0);
        if (r < 0) {
                g_warning("Failed to process the D-Bus connection to ppcvmd: %s", strerror(-r));
                exit(1);
        }
        return G_SOURCE_CONTINUE;
}

static GSourceFuncs bus_funcs = { bus_prepare, bus_check, bus_dispatch, NULL, NULL, NULL };

void ppcvm_bus_attach(void)
{
        GSource *s = g_source_new(&bus_funcs, sizeof(BusSource));
        BusSource *b = (BusSource *)s;

        b->pfd.fd = sd_bus_get_fd(ppcvm_bus);
        b->pfd.events = G_IO_IN;
        g_source_add_poll(s, &b->pfd);
        g_source_attach(s, NULL);
        g_source_unref(s);
}

bool uuid_parse(const char *s, uint8_t out[VIR_UUID_BUFLEN])
{
        size_t n = 0;

        for (const char *p = s; *p && n < VIR_UUID_BUFLEN * 2; p++) {
                int v = g_ascii_xdigit_value(*p);
                if (*p == '-')
                        continue;
                if (v < 0)
                        return false;
                if (n % 2 == 0)
                        out[n / 2] = (uint8_t)(v << 4);
                else
                        out[n / 2] |= (uint8_t)v;
                n++;
        }
        return n == VIR_UUID_BUFLEN * 2;
}

void uuid_format(const uint8_t u[VIR_UUID_BUFLEN], char out[37])
{
        snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
                 u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

static int read_property(sd_bus_message *m, const char *key, VmInfo *vm)
{
        const char *s;
        int b;

#define STR(k, field)                                                          \
        if (strcmp(key, k) == 0) {                                             \
                int r_ = sd_bus_message_read(m, "v", "s", &s);                 \
                if (r_ >= 0)                                                   \
                        vm->field = g_strdup(s);                               \
                return r_;                                                     \
        }
        STR("Name", name)
        STR("UUID", uuid_str)
        STR("State", state)
        STR("ExitReason", exit_reason)
        STR("Definition", definition)
#undef STR
        if (strcmp(key, "Persistent") == 0 || strcmp(key, "Autostart") == 0) {
                int r = sd_bus_message_read(m, "v", "b", &b);
                if (key[0] == 'P')
                        vm->persistent = b;
                else
                        vm->autostart = b;
                return r;
        }
        if (strcmp(key, "VCPUs") == 0)
                return sd_bus_message_read(m, "v", "u", &vm->vcpus);
        if (strcmp(key, "MemoryMiB") == 0)
                return sd_bus_message_read(m, "v", "t", &vm->memory_mib);
        if (strcmp(key, "Instructions") == 0)
                return sd_bus_message_read(m, "v", "t", &vm->instructions);
        return sd_bus_message_skip(m, "v");
}

VmInfo *vm_info_fetch(const char *path)
{
        g_autoptr(sd_bus_message) reply = NULL;
        g_autoptr(VmInfo) vm = g_new0(VmInfo, 1);
        const char *key;
        int r;

        r = sd_bus_call_method(ppcvm_bus, PPCVMD_BUS_NAME, path, "org.freedesktop.DBus.Properties", "GetAll",
                               NULL, &reply, "s", PPCVMD_VM_IFACE);
        if (r < 0)
                return NULL;
        r = sd_bus_message_enter_container(reply, 'a', "{sv}");
        while (r > 0 && (r = sd_bus_message_enter_container(reply, 'e', "sv")) > 0) {
                r = sd_bus_message_read(reply, "s", &key);
                if (r >= 0)
                        r = read_property(reply, key, vm);
                if (r >= 0)
                        r = sd_bus_message_exit_container(reply);
        }
        if (r < 0 || !vm->name || !vm->uuid_str || !vm->state || !uuid_parse(vm->uuid_str, vm->uuid))
                return NULL;
        vm->path = g_strdup(path);
        if (!vm->exit_reason)
                vm->exit_reason = g_strdup("");
        vmcache_observe(vm);
        return g_steal_pointer(&vm);
}

static bool error_is(const sd_bus_error *e, const char *suffix)
{
        return e && e->name && g_str_has_prefix(e->name, PPCVMD_BUS_NAME ".Error.") &&
               strcmp(e->name + strlen(PPCVMD_BUS_NAME ".Error."), suffix) == 0;
}

int call_fail_bus(Call *call, const sd_bus_error *e, int r, const char *what)
{
        const char *msg = e && e->message ? e->message : strerror(r < 0 ? -r : EIO);

        if (error_is(e, "NoSuchVM"))
                return call_fail(call, VIR_ERR_NO_DOMAIN, VIR_FROM_DOMAIN, "Domain not found: %s", msg);
        if (error_is(e, "VMExists"))
                return call_fail(call, VIR_ERR_DOM_EXIST, VIR_FROM_DOMAIN, "operation failed: %s", msg);
        if (error_is(e, "WrongState"))
                return call_fail(call, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                                 "Requested operation is not valid: %s", msg);
        if (sd_bus_error_has_name(e, SD_BUS_ERROR_INVALID_ARGS))
                return call_fail(call, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
                                 "unsupported configuration: %s", msg);
        if (sd_bus_error_has_name(e, SD_BUS_ERROR_ACCESS_DENIED))
                return call_fail(call, VIR_ERR_ACCESS_DENIED, VIR_FROM_NONE, "access denied: %s", msg);
        if (sd_bus_error_has_names(e, SD_BUS_ERROR_SERVICE_UNKNOWN, SD_BUS_ERROR_NAME_HAS_NO_OWNER,
                                   SD_BUS_ERROR_NO_REPLY))
                return call_fail(call, VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE,
                                 "internal error: ppcvmd is not reachable: %s", msg);
        return call_fail(call, VIR_ERR_OPERATION_FAILED, VIR_FROM_NONE, "operation failed: %s: %s", what, msg);
}

static VmInfo *lookup_path_reply(Call *call, sd_bus_message *reply)
{
        const char *path;
        VmInfo *vm;

        if (sd_bus_message_read(reply, "o", &path) < 0)
                return call_fail(call, VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE,
                                 "internal error: bad reply from ppcvmd"), NULL;
        vm = vm_info_fetch(path);
        if (!vm)
                call_fail(call, VIR_ERR_NO_DOMAIN, VIR_FROM_DOMAIN, "Domain not found: it disappeared");
        return vm;
}

VmInfo *vm_lookup_name(Call *call, const char *name)
{
        sd_bus_error e = SD_BUS_ERROR_NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        int r;

        r = sd_bus_call_method(ppcvm_bus, PPCVMD_BUS_NAME, PPCVMD_MGR_PATH, PPCVMD_MGR_IFACE, "GetVM", &e, &reply,
                               "s", name);
        if (r < 0) {
                if (error_is(&e, "NoSuchVM") || sd_bus_error_has_name(&e, SD_BUS_ERROR_INVALID_ARGS))
                        call_fail(call, VIR_ERR_NO_DOMAIN, VIR_FROM_DOMAIN,
                                  "Domain not found: no domain with matching name '%s'", name);
                else
                        call_fail_bus(call, &e, r, "GetVM");
                sd_bus_error_free(&e);
                return NULL;
        }
        return lookup_path_reply(call, reply);
}

static VmInfo *lookup_uuid(Call *call, const uint8_t uuid[VIR_UUID_BUFLEN], const char *name)
{
        sd_bus_error e = SD_BUS_ERROR_NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        char s[37];
        int r;

        uuid_format(uuid, s);
        r = sd_bus_call_method(ppcvm_bus, PPCVMD_BUS_NAME, PPCVMD_MGR_PATH, PPCVMD_MGR_IFACE, "GetVMByUUID", &e,
                               &reply, "s", s);
        if (r < 0) {
                if (error_is(&e, "NoSuchVM") || sd_bus_error_has_name(&e, SD_BUS_ERROR_INVALID_ARGS)) {
                        if (name)
                                call_fail(call, VIR_ERR_NO_DOMAIN, VIR_FROM_DOMAIN,
                                          "Domain not found: no domain with matching uuid '%s' (%s)", s, name);
                        else
                                call_fail(call, VIR_ERR_NO_DOMAIN, VIR_FROM_DOMAIN,
                                          "Domain not found: no domain with matching uuid '%s'", s);
                } else {
                        call_fail_bus(call, &e, r, "GetVMByUUID");
                }
                sd_bus_error_free(&e);
                return NULL;
        }
        return lookup_path_reply(call, reply);
}

VmInfo *vm_lookup_uuid(Call *call, const uint8_t uuid[VIR_UUID_BUFLEN])
{
        return lookup_uuid(call, uuid, NULL);
}

VmInfo *vm_lookup_dom(Call *call, const struct lv_dom *dom)
{
        return lookup_uuid(call, dom->uuid, dom->name);
}

GPtrArray *vm_list_all(Call *call)
{
        sd_bus_error e = SD_BUS_ERROR_NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        GPtrArray *list;
        const char *name, *uuid, *state, *path;
        int r;

        r = sd_bus_call_method(ppcvm_bus, PPCVMD_BUS_NAME, PPCVMD_MGR_PATH, PPCVMD_MGR_IFACE, "ListVMs", &e,
                               &reply, "");
        if (r < 0) {
                call_fail_bus(call, &e, r, "ListVMs");
                sd_bus_error_free(&e);
                return NULL;
        }
        list = g_ptr_array_new_with_free_func((GDestroyNotify)vm_info_free);
        r = sd_bus_message_enter_container(reply, 'a', "(ssso)");
        while (r > 0 && (r = sd_bus_message_read(reply, "(ssso)", &name, &uuid, &state, &path)) > 0) {
                VmInfo *vm = vm_info_fetch(path);
                /* A VM that went away between the two calls is skipped. */
                if (vm)
                        g_ptr_array_add(list, vm);
        }
        return list;
}

VmInfo *vm_lookup_id(Call *call, int32_t id)
{
        g_autoptr(GPtrArray) all = vm_list_all(call);

        if (!all)
                return NULL;
        for (guint i = 0; i < all->len; i++) {
                VmInfo *vm = all->pdata[i];
                if (id >= 0 && vm_lv_id(vm) == id)
                        return g_ptr_array_steal_index(all, i);
        }
        call_fail(call, VIR_ERR_NO_DOMAIN, VIR_FROM_DOMAIN, "Domain not found: no domain with matching id %d", id);
        return NULL;
}

int vm_call(Call *call, const VmInfo *vm, const char *method, const char *sig, ...)
{
        sd_bus_error e = SD_BUS_ERROR_NULL;
        va_list ap;
        int r;

        va_start(ap, sig);
        r = sd_bus_call_methodv(ppcvm_bus, PPCVMD_BUS_NAME, vm->path, PPCVMD_VM_IFACE, method, &e, NULL, sig, ap);
        va_end(ap);
        if (r < 0) {
                call_fail_bus(call, &e, r, method);
                sd_bus_error_free(&e);
                return -1;
        }
        return 0;
}

bool vm_is_active(const VmInfo *vm)
{
        return strcmp(vm->state, "shutoff") != 0;
}

/* virDomainState and its reason for ppcvmd's state and exit reason. */
int vm_lv_state(const VmInfo *vm, int *ret_reason)
{
        const char *why = vm->exit_reason ? vm->exit_reason : "";

        *ret_reason = 1;  /* BOOTED, USER, ... : the common "normal" reason */
        if (strcmp(vm->state, "running") == 0 || strcmp(vm->state, "starting") == 0)
                return VIR_DOMAIN_RUNNING;
        if (strcmp(vm->state, "paused") == 0)
                return VIR_DOMAIN_PAUSED;
        if (strcmp(vm->state, "stopping") == 0)
                return VIR_DOMAIN_SHUTDOWN;
        if (strcmp(vm->state, "crashed") == 0) {
                *ret_reason = g_str_has_prefix(why, "os-term") ? 1 : 0;
                return VIR_DOMAIN_CRASHED;
        }
        if (strcmp(why, "destroyed") == 0)
                *ret_reason = 2;
        else if (g_str_has_prefix(why, "crashed") || g_str_has_prefix(why, "os-term"))
                *ret_reason = 3;
        else if (strcmp(why, "poweroff") == 0 || strcmp(why, "shutdown-timeout") == 0)
                *ret_reason = 1;
        else if (strcmp(why, "daemon-stopped") == 0)
                *ret_reason = 8;
        else
                *ret_reason = 0;
        return VIR_DOMAIN_SHUTOFF;
}

int32_t vm_lv_id(const VmInfo *vm)
{
        return vmcache_id(vm);
}

void put_vm_dom(struct xdr_writer *w, const VmInfo *vm)
{
        lv_put_dom(w, vm->name, vm->uuid, vm_lv_id(vm));
}
