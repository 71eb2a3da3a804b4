/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Changes: define, create, undefine, start, stop, pause, autostart, and the
 * console.  Every procedure here is refused on a read-only connection by
 * dispatch.c before it runs.
 */
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "domxml.h"
#include "procs.h"

#define VIR_DOMAIN_START_AUTODESTROY 2u
#define CREATE_PAUSED 1u   /* Manager.CreateVMWithFlags */

/* Redefining a VM by name keeps what the XML does not carry: its UUID
 * (libvirt matches a UUID-less redefinition by name) and its autostart. */
static char *merge_existing(const char *json, const char *name)
{
        g_autoptr(JsonParser) parser = json_parser_new();
        g_autoptr(JsonNode) root = NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        g_autoptr(VmInfo) vm = NULL;
        const char *path;
        JsonObject *d;

        if (sd_bus_call_method(ppcvm_bus, PPCVMD_BUS_NAME, PPCVMD_MGR_PATH, PPCVMD_MGR_IFACE, "GetVM", NULL,
                               &reply, "s", name) < 0 ||
            sd_bus_message_read(reply, "o", &path) < 0 || !(vm = vm_info_fetch(path)))
                return g_strdup(json);
        if (!json_parser_load_from_data(parser, json, -1, NULL))
                return g_strdup(json);
        root = json_node_copy(json_parser_get_root(parser));
        d = json_node_get_object(root);
        if (!json_object_has_member(d, "uuid"))
                json_object_set_string_member(d, "uuid", vm->uuid_str);
        if (vm->persistent)
                json_object_set_boolean_member(d, "autostart", vm->autostart);
        return json_to_string(root, FALSE);
}

/* Calls a Manager method taking a definition and returning a VM path, and
 * answers with that domain. */
static int manager_define(Call *call, const char *method, const char *json, bool with_flags, uint64_t flags)
{
        sd_bus_error e = SD_BUS_ERROR_NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        g_autoptr(VmInfo) vm = NULL;
        const char *path;
        int r;

        if (with_flags)
                r = sd_bus_call_method(ppcvm_bus, PPCVMD_BUS_NAME, PPCVMD_MGR_PATH, PPCVMD_MGR_IFACE, method, &e,
                                       &reply, "st", json, flags);
        else
                r = sd_bus_call_method(ppcvm_bus, PPCVMD_BUS_NAME, PPCVMD_MGR_PATH, PPCVMD_MGR_IFACE, method, &e,
                                       &reply, "s", json);
        if (r < 0) {
                call_fail_bus(call, &e, r, method);
                sd_bus_error_free(&e);
                return -1;
        }
        if (sd_bus_message_read(reply, "o", &path) < 0 || !(vm = vm_info_fetch(path)))
                return call_fail(call, VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN,
                                 "operation failed: the new domain disappeared at once");
        put_vm_dom(&call->ret, vm);
        return 0;
}

static int define_common(Call *call, bool has_flags)
{
        g_autofree char *xml = NULL, *json = NULL, *merged = NULL, *name = NULL;

        xdr_get_string(&call->args, XDR_STRING_MAX, &xml);
        if (has_flags)
                (void)xdr_get_u32(&call->args);   /* VALIDATE: the XML is always checked */
        if (!call_args_done(call) || !(json = domxml_to_definition(call, xml, &name)))
                return -1;
        merged = merge_existing(json, name);
        return manager_define(call, "DefineVM", merged, false, 0);
}

static int define_xml(Call *call)
{
        return define_common(call, false);
}

static int define_xml_flags(Call *call)
{
        return define_common(call, true);
}

static int create_xml(Call *call)
{
        g_autofree char *xml = NULL, *json = NULL, *name = NULL;
        uint32_t flags;

        xdr_get_string(&call->args, XDR_STRING_MAX, &xml);
        flags = xdr_get_u32(&call->args);
        if (!call_args_done(call))
                return -1;
        if (flags & VIR_DOMAIN_START_AUTODESTROY)
                return call_fail(call, VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_DOMAIN,
                                 "Operation not supported: ppcvmd does not destroy domains with their connection");
        if (!(json = domxml_to_definition(call, xml, &name)))
                return -1;
        return manager_define(call, "CreateVMWithFlags", json, true,
                              flags & VIR_DOMAIN_START_PAUSED ? CREATE_PAUSED : 0);
}

/* Start, with VIR_DOMAIN_START_PAUSED as Start then Pause: ppcvmd starts a
 * defined VM running (CreateVMWithFlags pauses only transient ones), so the
 * guest may run a few instructions first. */
static int start_vm(Call *call, VmInfo *vm, uint32_t flags)
{
        if (flags & VIR_DOMAIN_START_AUTODESTROY)
                return call_fail(call, VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_DOMAIN,
                                 "Operation not supported: ppcvmd does not destroy domains with their connection");
        if (vm_is_active(vm))
                return call_fail(call, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                                 "Requested operation is not valid: domain is already running");
        if (vm_call(call, vm, "Start", "") < 0)
                return -1;
        if ((flags & VIR_DOMAIN_START_PAUSED) && vm_call(call, vm, "Pause", "") < 0)
                return -1;
        return 0;
}

static int create(Call *call)
{
        g_autoptr(VmInfo) vm = call_get_vm(call, false, NULL);

        return vm ? start_vm(call, vm, 0) : -1;
}

static int create_with_flags(Call *call)
{
        uint32_t flags;
        g_autoptr(VmInfo) vm = call_get_vm(call, true, &flags);
        g_autoptr(VmInfo) now = NULL;

        if (!vm || start_vm(call, vm, flags) < 0)
                return -1;
        /* The reply carries the domain again, now with its id. */
        now = vm_info_fetch(vm->path);
        put_vm_dom(&call->ret, now ? now : vm);
        return 0;
}

/* A VM method for a procedure taking {dom} or {dom; flags}. */
static int simple(Call *call, bool has_flags, const char *method)
{
        uint32_t flags = 0;
        g_autoptr(VmInfo) vm = call_get_vm(call, has_flags, &flags);

        if (!vm)
                return -1;
        if (strcmp(method, "Destroy") == 0 && !vm_is_active(vm))
                return call_fail(call, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                                 "Requested operation is not valid: domain is not running");
        if (strcmp(method, "Shutdown") == 0)
                return vm_call(call, vm, method, "t", (uint64_t)0);
        return vm_call(call, vm, method, "");
}

static int destroy(Call *call) { return simple(call, false, "Destroy"); }
static int destroy_flags(Call *call) { return simple(call, true, "Destroy"); }
static int suspend(Call *call) { return simple(call, false, "Pause"); }
static int resume(Call *call) { return simple(call, false, "Resume"); }
/* libvirt's shutdown asks the guest and returns; so does Shutdown(0). */
static int shutdown_(Call *call) { return simple(call, false, "Shutdown"); }
static int shutdown_flags(Call *call) { return simple(call, true, "Shutdown"); }
/* ppcvmd cannot ask a guest to reboot: a reboot is a reset. */
static int reboot(Call *call) { return simple(call, true, "Reset"); }
static int reset(Call *call) { return simple(call, true, "Reset"); }
static int undefine(Call *call) { return simple(call, false, "Undefine"); }
/* Every undefine flag is about state ppcvmd does not keep (managed save,
 * snapshots, NVRAM, TPM): with none of it, each is trivially honoured. */
static int undefine_flags(Call *call) { return simple(call, true, "Undefine"); }

static int set_autostart(Call *call)
{
        struct lv_dom dom;
        g_autoptr(VmInfo) vm = NULL;
        int32_t on;

        lv_get_dom(&call->args, &dom);
        on = xdr_get_i32(&call->args);
        if (call_args_done(call))
                vm = vm_lookup_dom(call, &dom);
        lv_dom_clear(&dom);
        if (!vm)
                return -1;
        if (!vm->persistent)
                return call_fail(call, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                                 "Requested operation is not valid: cannot set autostart for transient domain");
        return vm_call(call, vm, "SetAutostart", "b", on != 0);
}

static int open_console(Call *call)
{
        struct lv_dom dom;
        g_autofree char *dev = NULL;
        g_autoptr(VmInfo) vm = NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        sd_bus_error e = SD_BUS_ERROR_NULL;
        int fd, r;

        lv_get_dom(&call->args, &dom);
        xdr_get_opt_string(&call->args, &dev);
        (void)xdr_get_u32(&call->args);   /* FORCE, SAFE: several readers are fine */
        if (call_args_done(call))
                vm = vm_lookup_dom(call, &dom);
        lv_dom_clear(&dom);
        if (!vm)
                return -1;
        if (dev && strcmp(dev, "console0") != 0 && strcmp(dev, "serial0") != 0)
                return call_fail(call, VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN,
                                 "internal error: cannot find character device %s", dev);
        if (!vm_is_active(vm))
                return call_fail(call, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                                 "Requested operation is not valid: domain is not running");
        r = sd_bus_call_method(ppcvm_bus, PPCVMD_BUS_NAME, vm->path, PPCVMD_VM_IFACE, "OpenConsole", &e, &reply,
                               "");
        if (r < 0) {
                call_fail_bus(call, &e, r, "OpenConsole");
                sd_bus_error_free(&e);
                return -1;
        }
        if (sd_bus_message_read(reply, "h", &fd) < 0 || (fd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) < 0)
                return call_fail(call, VIR_ERR_SYSTEM_ERROR, VIR_FROM_STREAMS,
                                 "Failed to receive the console from ppcvmd");
        return console_stream_open(call, fd);
}

#define W (PROC_NEEDS_OPEN | PROC_WRITE)
const ProcEntry procs_lifecycle[] = {
        { REMOTE_PROC_DOMAIN_DEFINE_XML, "virDomainDefineXML", define_xml, W },
        { REMOTE_PROC_DOMAIN_DEFINE_XML_FLAGS, "virDomainDefineXMLFlags", define_xml_flags, W },
        { REMOTE_PROC_DOMAIN_CREATE_XML, "virDomainCreateXML", create_xml, W },
        { REMOTE_PROC_DOMAIN_CREATE, "virDomainCreate", create, W },
        { REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS, "virDomainCreateWithFlags", create_with_flags, W },
        { REMOTE_PROC_DOMAIN_DESTROY, "virDomainDestroy", destroy, W },
        { REMOTE_PROC_DOMAIN_DESTROY_FLAGS, "virDomainDestroyFlags", destroy_flags, W },
        { REMOTE_PROC_DOMAIN_SUSPEND, "virDomainSuspend", suspend, W },
        { REMOTE_PROC_DOMAIN_RESUME, "virDomainResume", resume, W },
        { REMOTE_PROC_DOMAIN_SHUTDOWN, "virDomainShutdown", shutdown_, W },
        { REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS, "virDomainShutdownFlags", shutdown_flags, W },
        { REMOTE_PROC_DOMAIN_REBOOT, "virDomainReboot", reboot, W },
        { REMOTE_PROC_DOMAIN_RESET, "virDomainReset", reset, W },
        { REMOTE_PROC_DOMAIN_UNDEFINE, "virDomainUndefine", undefine, W },
        { REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS, "virDomainUndefineFlags", undefine_flags, W },
        { REMOTE_PROC_DOMAIN_SET_AUTOSTART, "virDomainSetAutostart", set_autostart, W },
        { REMOTE_PROC_DOMAIN_OPEN_CONSOLE, "virDomainOpenConsole", open_console, W },
        { 0 },
};
