/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The connection: handshake (AUTH_LIST, SUPPORTS_FEATURE, CONNECT_OPEN),
 * facts about the host and the hypervisor, event and close callbacks.
 */
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "ppcvm-bus.h"

#define PPCVM_MAX_VCPUS 64   /* vm-definition.schema.json: vcpus maximum */

static int auth_list(Call *call)
{
        if (!call_args_done(call))
                return -1;
        /* Only REMOTE_AUTH_NONE: the socket's permissions are the access
         * control, as for libvirtd's unix sockets without polkit. */
        xdr_put_u32(&call->ret, 1);
        xdr_put_u32(&call->ret, 0);
        return 0;
}

static int supports_feature(Call *call)
{
        int32_t feature = xdr_get_i32(&call->args);

        if (!call_args_done(call))
                return -1;
        xdr_put_i32(&call->ret, feature == VIR_DRV_FEATURE_PROGRAM_KEEPALIVE ||
                                        feature == VIR_DRV_FEATURE_REMOTE_EVENT_CALLBACK ||
                                        feature == VIR_DRV_FEATURE_REMOTE_CLOSE_CALLBACK);
        return 0;
}

/* ppcvm:///system or ppcvm:///session, with any query; "" or NULL (a
 * client that opened remote:///) means the default. */
static bool uri_is_ours(const char *uri)
{
        g_autofree char *scheme = NULL, *host = NULL, *path = NULL;

        if (!uri || !*uri)
                return true;
        if (!g_uri_split(uri, G_URI_FLAGS_NONE, &scheme, NULL, &host, NULL, &path, NULL, NULL, NULL))
                return false;
        return scheme && strcmp(scheme, "ppcvm") == 0 && (!host || !*host) &&
               (strcmp(path, "/system") == 0 || strcmp(path, "/session") == 0);
}

static int connect_open(Call *call)
{
        g_autofree char *name = NULL;
        uint32_t flags;

        xdr_get_opt_string(&call->args, &name);
        flags = xdr_get_u32(&call->args);
        if (!call_args_done(call))
                return -1;
        if (call->client->opened)
                return call_fail(call, VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE,
                                 "internal error: connection already open");
        if (!uri_is_ours(name))
                return call_fail(call, VIR_ERR_NO_CONNECT, VIR_FROM_NONE,
                                 "no connection driver available for %s", name);
        call->client->opened = true;
        /* The -ro socket is read-only whatever the client asks for. */
        call->client->readonly = call->client->ro_socket || (flags & REMOTE_DRIVER_OPEN_RO);
        call->client->uri = g_strdup(name && *name ? name : "ppcvm:///system");
        return 0;
}

static int connect_close(Call *call)
{
        call->client->opened = false;
        if (call->client->callbacks)
                g_array_set_size(call->client->callbacks, 0);
        return call_args_done(call) ? 0 : -1;
}

static int get_type(Call *call)
{
        xdr_put_string(&call->ret, LV_DRIVER_TYPE);
        return call_args_done(call) ? 0 : -1;
}

/* "x.y.z" as libvirt's major * 1000000 + minor * 1000 + micro. */
static uint64_t version_number(const char *v)
{
        unsigned major = 0, minor = 0, micro = 0;

        sscanf(v, "%u.%u.%u", &major, &minor, &micro);
        return (uint64_t)major * 1000000 + minor * 1000 + micro;
}

static int get_version(Call *call)
{
        g_autofree char *v = NULL;
        sd_bus_error e = SD_BUS_ERROR_NULL;
        int r;

        if (!call_args_done(call))
                return -1;
        r = sd_bus_get_property_string(ppcvm_bus, PPCVMD_BUS_NAME, PPCVMD_MGR_PATH, PPCVMD_MGR_IFACE, "Version",
                                       &e, &v);
        if (r < 0) {
                call_fail_bus(call, &e, r, "Version");
                sd_bus_error_free(&e);
                return -1;
        }
        xdr_put_u64(&call->ret, version_number(v));
        return 0;
}

static int get_lib_version(Call *call)
{
        xdr_put_u64(&call->ret, version_number(PPCVMD_VERSION));
        return call_args_done(call) ? 0 : -1;
}

static int get_hostname(Call *call)
{
        xdr_put_string(&call->ret, g_get_host_name());
        return call_args_done(call) ? 0 : -1;
}

static int get_uri(Call *call)
{
        xdr_put_string(&call->ret, call->client->uri);
        return call_args_done(call) ? 0 : -1;
}

static int get_max_vcpus(Call *call)
{
        g_autofree char *type = NULL;

        xdr_get_opt_string(&call->args, &type);
        if (!call_args_done(call))
                return -1;
        xdr_put_i32(&call->ret, PPCVM_MAX_VCPUS);
        return 0;
}

static int node_get_info(Call *call)
{
        struct utsname u;
        struct sysinfo si;
        char model[32] = "";
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);

        if (!call_args_done(call))
                return -1;
        if (uname(&u) == 0)
                g_strlcpy(model, u.machine, sizeof(model));
        if (sysinfo(&si) < 0)
                si.totalram = 0, si.mem_unit = 1;
        xdr_put_char_array(&call->ret, model, sizeof(model));
        xdr_put_u64(&call->ret, (uint64_t)si.totalram * si.mem_unit / 1024);
        xdr_put_i32(&call->ret, (int32_t)cpus);
        xdr_put_i32(&call->ret, 0);      /* mhz: unknown */
        xdr_put_i32(&call->ret, 1);      /* nodes */
        xdr_put_i32(&call->ret, 1);      /* sockets */
        xdr_put_i32(&call->ret, (int32_t)cpus);
        xdr_put_i32(&call->ret, 1);      /* threads */
        return 0;
}

static int get_capabilities(Call *call)
{
        g_autoptr(GString) x = g_string_new(NULL);
        struct utsname u;

        if (!call_args_done(call))
                return -1;
        if (uname(&u) < 0)
                strcpy(u.machine, "unknown");
        g_string_append_printf(x,
                "<capabilities>\n"
                "  <host>\n"
                "    <cpu>\n"
                "      <arch>%s</arch>\n"
                "    </cpu>\n"
                "  </host>\n"
                "  <guest>\n"
                "    <os_type>hvm</os_type>\n"
                "    <arch name='ppc64'>\n"
                "      <wordsize>64</wordsize>\n"
                "      <machine maxCpus='%d'>pseries</machine>\n"
                "      <domain type='" LV_DRIVER_TYPE "'/>\n"
                "    </arch>\n"
                "  </guest>\n"
                "</capabilities>\n",
                u.machine, PPCVM_MAX_VCPUS);
        xdr_put_string(&call->ret, x->str);
        return 0;
}

/* What a domain of ppcvmd can be: virsh domcapabilities.  Arguments that
 * name another arch, machine or virt type are refused, as libvirt's drivers
 * refuse what they cannot run. */
static int get_domain_capabilities(Call *call)
{
        g_autofree char *emulator = NULL, *arch = NULL, *machine = NULL, *virttype = NULL;
        g_autoptr(GString) x = g_string_new(NULL);

        xdr_get_opt_string(&call->args, &emulator);
        xdr_get_opt_string(&call->args, &arch);
        xdr_get_opt_string(&call->args, &machine);
        xdr_get_opt_string(&call->args, &virttype);
        (void)xdr_get_u32(&call->args);
        if (!call_args_done(call))
                return -1;
        if ((arch && strcmp(arch, "ppc64") != 0) || (machine && strcmp(machine, "pseries") != 0) ||
            (virttype && strcmp(virttype, LV_DRIVER_TYPE) != 0))
                return call_fail(call, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_NONE,
                                 "unsupported configuration: ppcvmd runs arch ppc64, machine pseries, "
                                 "virt type " LV_DRIVER_TYPE " only");
        g_string_append_printf(x,
                "<domainCapabilities>\n"
                "  <domain>" LV_DRIVER_TYPE "</domain>\n"
                "  <machine>pseries</machine>\n"
                "  <arch>ppc64</arch>\n"
                "  <vcpu max='%d'/>\n"
                "  <os supported='yes'>\n"
                "    <loader supported='no'/>\n"
                "  </os>\n"
                "  <devices>\n"
                "    <disk supported='no'/>\n"
                "    <graphics supported='no'/>\n"
                "    <video supported='no'/>\n"
                "    <hostdev supported='no'/>\n"
                "  </devices>\n"
                "</domainCapabilities>\n",
                PPCVM_MAX_VCPUS);
        xdr_put_string(&call->ret, x->str);
        return 0;
}

static int is_secure(Call *call)
{
        xdr_put_i32(&call->ret, 1);   /* a local unix socket */
        return call_args_done(call) ? 0 : -1;
}

static int is_encrypted(Call *call)
{
        xdr_put_i32(&call->ret, 0);
        return call_args_done(call) ? 0 : -1;
}

static int node_get_security_model(Call *call)
{
        /* No security driver: empty model and doi, so virsh prints no
         * security lines. */
        xdr_put_u32(&call->ret, 0);
        xdr_put_u32(&call->ret, 0);
        return call_args_done(call) ? 0 : -1;
}

static int event_register(Call *call)
{
        int32_t event_id = xdr_get_i32(&call->args);
        EventCallback cb = { 0 };
        struct lv_dom dom;
        bool filtered;
        Client *c = call->client;

        lv_get_opt_dom(&call->args, &dom, &filtered);
        lv_dom_clear(&dom);
        if (!call_args_done(call))
                return -1;
        if (event_id != VIR_DOMAIN_EVENT_ID_LIFECYCLE)
                return call_fail(call, VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_NONE,
                                 "Operation not supported: event %d is not supported by ppcvmd", event_id);
        cb.id = c->next_callback_id++;
        cb.filtered = filtered;
        memcpy(cb.uuid, dom.uuid, VIR_UUID_BUFLEN);
        if (!c->callbacks)
                c->callbacks = g_array_new(FALSE, FALSE, sizeof(EventCallback));
        g_array_append_val(c->callbacks, cb);
        xdr_put_i32(&call->ret, cb.id);
        return 0;
}

static int event_deregister(Call *call)
{
        int32_t id = xdr_get_i32(&call->args);
        Client *c = call->client;

        if (!call_args_done(call))
                return -1;
        for (guint i = 0; c->callbacks && i < c->callbacks->len; i++)
                if (g_array_index(c->callbacks, EventCallback, i).id == id) {
                        g_array_remove_index(c->callbacks, i);
                        return 0;
                }
        return call_fail(call, VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                         "invalid argument: no event callback with id %d", id);
}

/* The client's close callback fires when the connection drops; nothing
 * to keep on this side. */
static int close_callback(Call *call)
{
        return call_args_done(call) ? 0 : -1;
}

const ProcEntry procs_connect[] = {
        { REMOTE_PROC_AUTH_LIST, "virConnectOpen", auth_list, 0 },
        { REMOTE_PROC_CONNECT_SUPPORTS_FEATURE, "virConnectSupportsFeature", supports_feature, 0 },
        { REMOTE_PROC_CONNECT_OPEN, "virConnectOpen", connect_open, 0 },
        { REMOTE_PROC_CONNECT_CLOSE, "virConnectClose", connect_close, 0 },
        { REMOTE_PROC_CONNECT_GET_TYPE, "virConnectGetType", get_type, PROC_NEEDS_OPEN },
        { REMOTE_PROC_CONNECT_GET_VERSION, "virConnectGetVersion", get_version, PROC_NEEDS_OPEN },
        { REMOTE_PROC_CONNECT_GET_LIB_VERSION, "virConnectGetLibVersion", get_lib_version, PROC_NEEDS_OPEN },
        { REMOTE_PROC_CONNECT_GET_HOSTNAME, "virConnectGetHostname", get_hostname, PROC_NEEDS_OPEN },
        { REMOTE_PROC_CONNECT_GET_URI, "virConnectGetURI", get_uri, PROC_NEEDS_OPEN },
        { REMOTE_PROC_CONNECT_GET_MAX_VCPUS, "virConnectGetMaxVcpus", get_max_vcpus, PROC_NEEDS_OPEN },
        { REMOTE_PROC_NODE_GET_INFO, "virNodeGetInfo", node_get_info, PROC_NEEDS_OPEN },
        { REMOTE_PROC_CONNECT_GET_CAPABILITIES, "virConnectGetCapabilities", get_capabilities, PROC_NEEDS_OPEN },
        { REMOTE_PROC_CONNECT_GET_DOMAIN_CAPABILITIES, "virConnectGetDomainCapabilities",
          get_domain_capabilities, PROC_NEEDS_OPEN },
        { REMOTE_PROC_CONNECT_IS_SECURE, "virConnectIsSecure", is_secure, PROC_NEEDS_OPEN },
        { REMOTE_PROC_CONNECT_IS_ENCRYPTED, "virConnectIsEncrypted", is_encrypted, PROC_NEEDS_OPEN },
        { REMOTE_PROC_NODE_GET_SECURITY_MODEL, "virNodeGetSecurityModel", node_get_security_model,
          PROC_NEEDS_OPEN },
        { REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY, "virConnectDomainEventRegisterAny",
          event_register, PROC_NEEDS_OPEN },
        { REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY, "virConnectDomainEventDeregisterAny",
          event_deregister, PROC_NEEDS_OPEN },
        { REMOTE_PROC_CONNECT_REGISTER_CLOSE_CALLBACK, "virConnectRegisterCloseCallback", close_callback,
          PROC_NEEDS_OPEN },
        { REMOTE_PROC_CONNECT_UNREGISTER_CLOSE_CALLBACK, "virConnectUnregisterCloseCallback", close_callback,
          PROC_NEEDS_OPEN },
        { 0 },
};
