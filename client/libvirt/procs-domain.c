/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Domains as libvirt sees them, read-only: lookups, listings, info, state,
 * XML.  Each call resolves its domain by UUID, as libvirtd does.
 */
#include <string.h>

#include "domxml.h"
#include "procs.h"

#define VIR_DOMAIN_XML_INACTIVE 2u

VmInfo *call_get_vm(Call *call, bool flags_follow, uint32_t *ret_flags)
{
        struct lv_dom dom;
        VmInfo *vm;

        lv_get_dom(&call->args, &dom);
        if (flags_follow)
                *ret_flags = xdr_get_u32(&call->args);
        if (!call_args_done(call)) {
                lv_dom_clear(&dom);
                return NULL;
        }
        vm = vm_lookup_dom(call, &dom);
        lv_dom_clear(&dom);
        return vm;
}

static int lookup_by_name(Call *call)
{
        g_autofree char *name = NULL;
        g_autoptr(VmInfo) vm = NULL;

        xdr_get_string(&call->args, XDR_STRING_MAX, &name);
        if (!call_args_done(call) || !(vm = vm_lookup_name(call, name)))
                return -1;
        put_vm_dom(&call->ret, vm);
        return 0;
}

static int lookup_by_uuid(Call *call)
{
        uint8_t uuid[VIR_UUID_BUFLEN];
        g_autoptr(VmInfo) vm = NULL;

        xdr_get_fixed(&call->args, uuid, sizeof(uuid));
        if (!call_args_done(call) || !(vm = vm_lookup_uuid(call, uuid)))
                return -1;
        put_vm_dom(&call->ret, vm);
        return 0;
}

static int lookup_by_id(Call *call)
{
        int32_t id = xdr_get_i32(&call->args);
        g_autoptr(VmInfo) vm = NULL;

        if (!call_args_done(call) || !(vm = vm_lookup_id(call, id)))
                return -1;
        put_vm_dom(&call->ret, vm);
        return 0;
}

static bool matches(const VmInfo *vm, uint32_t flags)
{
        bool active = vm_is_active(vm);
        int reason, state = vm_lv_state(vm, &reason);

#define FILTER(yes, no, cond)                                                  \
        if ((flags & ((yes) | (no))) && !((flags & (yes) && (cond)) || (flags & (no) && !(cond)))) \
                return false;
        FILTER(VIR_CONNECT_LIST_DOMAINS_ACTIVE, VIR_CONNECT_LIST_DOMAINS_INACTIVE, active)
        FILTER(VIR_CONNECT_LIST_DOMAINS_PERSISTENT, VIR_CONNECT_LIST_DOMAINS_TRANSIENT, vm->persistent)
        FILTER(VIR_CONNECT_LIST_DOMAINS_AUTOSTART, VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART, vm->autostart)
#undef FILTER
        if (flags & (VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED |
                     VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER)) {
                bool ok = (flags & VIR_CONNECT_LIST_DOMAINS_RUNNING && state == VIR_DOMAIN_RUNNING) ||
                          (flags & VIR_CONNECT_LIST_DOMAINS_PAUSED && state == VIR_DOMAIN_PAUSED) ||
                          (flags & VIR_CONNECT_LIST_DOMAINS_SHUTOFF && state == VIR_DOMAIN_SHUTOFF) ||
                          (flags & VIR_CONNECT_LIST_DOMAINS_OTHER && state != VIR_DOMAIN_RUNNING &&
                           state != VIR_DOMAIN_PAUSED && state != VIR_DOMAIN_SHUTOFF);
                if (!ok)
                        return false;
        }
        return true;
}

static int list_all_domains(Call *call)
{
        int32_t need_results = xdr_get_i32(&call->args);
        uint32_t flags = xdr_get_u32(&call->args);
        g_autoptr(GPtrArray) all = NULL;
        g_autoptr(GPtrArray) hits = g_ptr_array_new();

        if (!call_args_done(call) || !(all = vm_list_all(call)))
                return -1;
        for (guint i = 0; i < all->len; i++)
                if (matches(all->pdata[i], flags))
                        g_ptr_array_add(hits, all->pdata[i]);
        if (hits->len > REMOTE_DOMAIN_LIST_MAX)
                return call_fail(call, VIR_ERR_RPC, VIR_FROM_RPC, "too many domains: %u", hits->len);
        xdr_put_u32(&call->ret, need_results ? hits->len : 0);
        for (guint i = 0; need_results && i < hits->len; i++)
                put_vm_dom(&call->ret, hits->pdata[i]);
        xdr_put_u32(&call->ret, hits->len);
        return 0;
}

/* The legacy listings: ids of active domains, names of inactive ones. */
static GPtrArray *list_filtered(Call *call, bool active)
{
        g_autoptr(GPtrArray) all = vm_list_all(call);
        GPtrArray *hits;

        if (!all)
                return NULL;
        hits = g_ptr_array_new_with_free_func((GDestroyNotify)vm_info_free);
        for (guint i = 0; i < all->len; i++)
                if (vm_is_active(all->pdata[i]) == active)
                        g_ptr_array_add(hits, g_steal_pointer(&all->pdata[i]));
        return hits;
}

static int num_of(Call *call, bool active)
{
        g_autoptr(GPtrArray) hits = NULL;

        if (!call_args_done(call) || !(hits = list_filtered(call, active)))
                return -1;
        xdr_put_i32(&call->ret, (int32_t)hits->len);
        return 0;
}

static int num_of_domains(Call *call)
{
        return num_of(call, true);
}

static int num_of_defined_domains(Call *call)
{
        return num_of(call, false);
}

static int list_domains(Call *call)
{
        int32_t max = xdr_get_i32(&call->args);
        g_autoptr(GPtrArray) hits = NULL;
        guint n;

        if (!call_args_done(call))
                return -1;
        if (max < 0 || max > REMOTE_DOMAIN_LIST_MAX)
                return call_fail(call, VIR_ERR_RPC, VIR_FROM_RPC, "maxids %d out of range", max);
        if (!(hits = list_filtered(call, true)))
                return -1;
        n = MIN(hits->len, (guint)max);
        xdr_put_u32(&call->ret, n);
        for (guint i = 0; i < n; i++)
                xdr_put_i32(&call->ret, vm_lv_id(hits->pdata[i]));
        return 0;
}

static int list_defined_domains(Call *call)
{
        int32_t max = xdr_get_i32(&call->args);
        g_autoptr(GPtrArray) hits = NULL;
        guint n;

        if (!call_args_done(call))
                return -1;
        if (max < 0 || max > REMOTE_DOMAIN_LIST_MAX)
                return call_fail(call, VIR_ERR_RPC, VIR_FROM_RPC, "maxnames %d out of range", max);
        if (!(hits = list_filtered(call, false)))
                return -1;
        n = MIN(hits->len, (guint)max);
        xdr_put_u32(&call->ret, n);
        for (guint i = 0; i < n; i++)
                xdr_put_string(&call->ret, ((VmInfo *)hits->pdata[i])->name);
        return 0;
}

static int get_info(Call *call)
{
        g_autoptr(VmInfo) vm = call_get_vm(call, false, NULL);
        int reason;

        if (!vm)
                return -1;
        xdr_put_u32(&call->ret, (uint32_t)vm_lv_state(vm, &reason));
        xdr_put_u64(&call->ret, vm->memory_mib * 1024);
        xdr_put_u64(&call->ret, vm->memory_mib * 1024);   /* no balloon: always all of it */
        xdr_put_u32(&call->ret, vm->vcpus);
        xdr_put_u64(&call->ret, 0);   /* cpuTime: ppcvmd does not account it */
        return 0;
}

static int get_state(Call *call)
{
        uint32_t flags;
        g_autoptr(VmInfo) vm = call_get_vm(call, true, &flags);
        int reason;

        if (!vm)
                return -1;
        xdr_put_i32(&call->ret, vm_lv_state(vm, &reason));
        xdr_put_i32(&call->ret, reason);
        return 0;
}

static int get_xml_desc(Call *call)
{
        uint32_t flags;
        g_autoptr(VmInfo) vm = call_get_vm(call, true, &flags);
        g_autofree char *xml = NULL;

        if (!vm)
                return -1;
        xml = domxml_from_vm(vm, flags & VIR_DOMAIN_XML_INACTIVE);
        if (!xml)
                return call_fail(call, VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN,
                                 "internal error: ppcvmd's definition of %s does not parse", vm->name);
        xdr_put_string(&call->ret, xml);
        return 0;
}

static int get_autostart(Call *call)
{
        g_autoptr(VmInfo) vm = call_get_vm(call, false, NULL);

        if (!vm)
                return -1;
        xdr_put_i32(&call->ret, vm->autostart);
        return 0;
}

static int is_active(Call *call)
{
        g_autoptr(VmInfo) vm = call_get_vm(call, false, NULL);

        if (!vm)
                return -1;
        xdr_put_i32(&call->ret, vm_is_active(vm));
        return 0;
}

static int is_persistent(Call *call)
{
        g_autoptr(VmInfo) vm = call_get_vm(call, false, NULL);

        if (!vm)
                return -1;
        xdr_put_i32(&call->ret, vm->persistent);
        return 0;
}

static int get_os_type(Call *call)
{
        g_autoptr(VmInfo) vm = call_get_vm(call, false, NULL);

        if (!vm)
                return -1;
        xdr_put_string(&call->ret, "hvm");
        return 0;
}

static int get_max_memory(Call *call)
{
        g_autoptr(VmInfo) vm = call_get_vm(call, false, NULL);

        if (!vm)
                return -1;
        xdr_put_u64(&call->ret, vm->memory_mib * 1024);
        return 0;
}

static int has_managed_save_image(Call *call)
{
        uint32_t flags;
        g_autoptr(VmInfo) vm = call_get_vm(call, true, &flags);

        if (!vm)
                return -1;
        xdr_put_i32(&call->ret, 0);   /* ppcvmd has no saved state */
        return 0;
}

#define RO PROC_NEEDS_OPEN
const ProcEntry procs_domain[] = {
        { REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, "virDomainLookupByName", lookup_by_name, RO },
        { REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID, "virDomainLookupByUUID", lookup_by_uuid, RO },
        { REMOTE_PROC_DOMAIN_LOOKUP_BY_ID, "virDomainLookupByID", lookup_by_id, RO },
        { REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS, "virConnectListAllDomains", list_all_domains, RO },
        { REMOTE_PROC_CONNECT_NUM_OF_DOMAINS, "virConnectNumOfDomains", num_of_domains, RO },
        { REMOTE_PROC_CONNECT_LIST_DOMAINS, "virConnectListDomains", list_domains, RO },
        { REMOTE_PROC_CONNECT_NUM_OF_DEFINED_DOMAINS, "virConnectNumOfDefinedDomains", num_of_defined_domains,
          RO },
        { REMOTE_PROC_CONNECT_LIST_DEFINED_DOMAINS, "virConnectListDefinedDomains", list_defined_domains, RO },
        { REMOTE_PROC_DOMAIN_GET_INFO, "virDomainGetInfo", get_info, RO },
        { REMOTE_PROC_DOMAIN_GET_STATE, "virDomainGetState", get_state, RO },
        { REMOTE_PROC_DOMAIN_GET_XML_DESC, "virDomainGetXMLDesc", get_xml_desc, RO },
        { REMOTE_PROC_DOMAIN_GET_AUTOSTART, "virDomainGetAutostart", get_autostart, RO },
        { REMOTE_PROC_DOMAIN_IS_ACTIVE, "virDomainIsActive", is_active, RO },
        { REMOTE_PROC_DOMAIN_IS_PERSISTENT, "virDomainIsPersistent", is_persistent, RO },
        { REMOTE_PROC_DOMAIN_GET_OS_TYPE, "virDomainGetOSType", get_os_type, RO },
        { REMOTE_PROC_DOMAIN_GET_MAX_MEMORY, "virDomainGetMaxMemory", get_max_memory, RO },
        { REMOTE_PROC_DOMAIN_HAS_MANAGED_SAVE_IMAGE, "virDomainHasManagedSaveImage", has_managed_save_image, RO },
        { 0 },
};
