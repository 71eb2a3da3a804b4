/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Domain XML -> ppcvmd definition. */
#include <errno.h>
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "domxml.h"

#define MIB (1024ull * 1024)

typedef struct {
        Call *call;
        JsonObject *def;
        bool memory_seen;
        uint64_t memory_bytes;
        uint64_t current_bytes;
        bool current_seen;
        bool console_seen;
} Parse;

static bool is(const xmlNode *n, const char *name)
{
        return strcmp((const char *)n->name, name) == 0;
}

static bool in_ns(const xmlNode *n)
{
        return n->ns && n->ns->href && strcmp((const char *)n->ns->href, DOMXML_NS) == 0;
}

static bool unsupported(Parse *p, const char *what, const char *name)
{
        call_fail(p->call, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
                  "unsupported configuration: %s <%s> is not supported by ppcvmd", what, name);
        return false;
}

/* As unsupported() for a child element: "parent/child". */
static bool unsupported_child(Parse *p, const char *parent, const xmlNode *n)
{
        g_autofree char *name = g_strdup_printf("%s/%s", parent, (const char *)n->name);

        return unsupported(p, "element", name);
}

static bool xml_error(Parse *p, const char *fmt, const char *arg)
{
        g_autofree char *m = g_strdup_printf(fmt, arg);

        call_fail(p->call, VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: %s", m);
        return false;
}

/* An element's text, trimmed; "" when it has none. */
static char *text_of(const xmlNode *n)
{
        xmlChar *t = xmlNodeGetContent(n);
        char *s = g_strstrip(g_strdup(t ? (const char *)t : ""));

        xmlFree(t);
        return s;
}

static char *attr(const xmlNode *n, const char *name)
{
        xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
        char *s = v ? g_strdup((const char *)v) : NULL;

        xmlFree(v);
        return s;
}

static bool parse_uint(const char *s, uint64_t *ret)
{
        char *end;
        guint64 v;

        if (!*s || !g_ascii_isdigit(*s))
                return false;
        errno = 0;
        v = g_ascii_strtoull(s, &end, 10);
        if (errno || *end)
                return false;
        *ret = v;
        return true;
}

/* libvirt's memory units; KiB when none is given. */
static bool unit_scale(const char *unit, uint64_t *ret)
{
        static const struct { const char *name; uint64_t scale; } units[] = {
                { "b", 1 }, { "bytes", 1 }, { "KB", 1000ull }, { "k", 1024ull }, { "KiB", 1024ull },
                { "MB", 1000000ull }, { "M", MIB }, { "MiB", MIB }, { "GB", 1000000000ull },
                { "G", MIB * 1024 }, { "GiB", MIB * 1024 }, { "TB", 1000000000000ull },
                { "T", MIB * MIB }, { "TiB", MIB * MIB },
        };

        if (!unit) {
                *ret = 1024;
                return true;
        }
        for (size_t i = 0; i < G_N_ELEMENTS(units); i++)
                if (strcmp(unit, units[i].name) == 0) {
                        *ret = units[i].scale;
                        return true;
                }
        return false;
}

static bool parse_memory(Parse *p, const xmlNode *n, uint64_t *ret_bytes)
{
        g_autofree char *unit = attr(n, "unit");
        g_autofree char *text = text_of(n);
        uint64_t scale, v;

        if (!unit_scale(unit, &scale))
                return xml_error(p, "unknown memory unit '%s'", unit);
        if (!parse_uint(text, &v) || v > UINT64_MAX / scale)
                return xml_error(p, "invalid memory value '%s'", text);
        *ret_bytes = v * scale;
        return true;
}

static bool parse_action(Parse *p, const xmlNode *n)
{
        g_autofree char *v = text_of(n);

        if (strcmp(v, "destroy") != 0 && strcmp(v, "restart") != 0 && strcmp(v, "preserve") != 0) {
                call_fail(p->call, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
                          "unsupported configuration: <%s>%s</%s> is not supported by ppcvmd "
                          "(destroy, restart or preserve)", n->name, v, n->name);
                return false;
        }
        json_object_set_string_member(p->def, (const char *)n->name, v);
        return true;
}

static bool parse_os_type(Parse *p, const xmlNode *n)
{
        g_autofree char *arch = attr(n, "arch");
        g_autofree char *machine = attr(n, "machine");
        g_autofree char *type = text_of(n);

        if (strcmp(type, "hvm") != 0) {
                call_fail(p->call, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
                          "unsupported configuration: <os><type>%s</type> is not supported by ppcvmd (hvm)", type);
                return false;
        }
        if (arch && strcmp(arch, "ppc64") != 0) {
                call_fail(p->call, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
                          "unsupported configuration: <type arch='%s'> is not supported by ppcvmd (ppc64)", arch);
                return false;
        }
        if (machine && strcmp(machine, "pseries") != 0) {
                call_fail(p->call, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
                          "unsupported configuration: <type machine='%s'> is not supported by ppcvmd (pseries)",
                          machine);
                return false;
        }
        return true;
}

static bool parse_os(Parse *p, const xmlNode *os)
{
        for (const xmlNode *n = os->children; n; n = n->next) {
                g_autofree char *v = NULL;
                if (n->type != XML_ELEMENT_NODE)
                        continue;
                if (is(n, "type")) {
                        if (!parse_os_type(p, n))
                                return false;
                        continue;
                }
                if (!is(n, "kernel") && !is(n, "initrd") && !is(n, "cmdline"))
                        return unsupported_child(p, "os", n);
                v = text_of(n);
                json_object_set_string_member(p->def, (const char *)n->name, v);
        }
        return true;
}

static bool parse_console(Parse *p, const xmlNode *c)
{
        g_autofree char *type = attr(c, "type");

        if (p->console_seen)
                return unsupported(p, "a second", "console");
        p->console_seen = true;
        if (type && strcmp(type, "pty") != 0) {
                call_fail(p->call, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
                          "unsupported configuration: <console type='%s'> is not supported by ppcvmd (pty)", type);
                return false;
        }
        /* <source>, <target> and <alias> describe the one console there is
         * (dumpxml of a running VM includes its pty), so they are accepted. */
        for (const xmlNode *n = c->children; n; n = n->next)
                if (n->type == XML_ELEMENT_NODE && !is(n, "source") && !is(n, "target") && !is(n, "alias"))
                        return unsupported_child(p, "console", n);
        return true;
}

static bool parse_devices(Parse *p, const xmlNode *devs)
{
        for (const xmlNode *n = devs->children; n; n = n->next) {
                if (n->type != XML_ELEMENT_NODE)
                        continue;
                if (!is(n, "console"))
                        return unsupported(p, "device", (const char *)n->name);
                if (!parse_console(p, n))
                        return false;
        }
        return true;
}

static bool parse_settings(Parse *p, const xmlNode *s)
{
        for (const xmlNode *n = s->children; n; n = n->next) {
                g_autofree char *v = NULL;
                uint64_t num;
                if (n->type != XML_ELEMENT_NODE)
                        continue;
                v = text_of(n);
                if (is(n, "backend")) {
                        json_object_set_string_member(p->def, "backend", v);
                } else if (is(n, "testdev")) {
                        if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
                                return xml_error(p, "<ppcvm:testdev> must be yes or no, not '%s'", v);
                        json_object_set_boolean_member(p->def, "testdev", strcmp(v, "yes") == 0);
                } else if (is(n, "console_ring_kib")) {
                        if (!parse_uint(v, &num) || num > G_MAXINT32)
                                return xml_error(p, "invalid <ppcvm:console_ring_kib> '%s'", v);
                        json_object_set_int_member(p->def, "console_ring_kib", (gint64)num);
                } else if (is(n, "rtc_offset")) {
                        char *end;
                        gint64 off = g_ascii_strtoll(v, &end, 10);
                        if (!*v || *end)
                                return xml_error(p, "invalid <ppcvm:rtc_offset> '%s'", v);
                        json_object_set_int_member(p->def, "rtc_offset", off);
                } else {
                        return unsupported_child(p, "ppcvm:settings", n);
                }
        }
        return true;
}

static bool parse_vcpu(Parse *p, const xmlNode *n)
{
        g_autofree char *text = text_of(n);
        g_autofree char *current = attr(n, "current");
        g_autofree char *cpuset = attr(n, "cpuset");
        g_autofree char *placement = attr(n, "placement");
        uint64_t v;

        if (!parse_uint(text, &v) || v > G_MAXINT32)
                return xml_error(p, "invalid vcpu count '%s'", text);
        if (current && strcmp(current, text) != 0)
                return unsupported(p, "attribute current of", "vcpu");
        if (cpuset)
                return unsupported(p, "attribute cpuset of", "vcpu");
        if (placement && strcmp(placement, "static") != 0)
                return unsupported(p, "attribute placement of", "vcpu");
        json_object_set_int_member(p->def, "vcpus", (gint64)v);
        return true;
}

static bool parse_child(Parse *p, const xmlNode *n)
{
        if (in_ns(n)) {
                if (!is(n, "settings")) {
                        g_autofree char *name = g_strdup_printf("ppcvm:%s", (const char *)n->name);
                        return unsupported(p, "element", name);
                }
                return parse_settings(p, n);
        }
        if (is(n, "name") || is(n, "uuid")) {
                g_autofree char *v = text_of(n);
                uint8_t u[VIR_UUID_BUFLEN];
                char canon[37];
                if (is(n, "uuid")) {
                        if (!uuid_parse(v, u))
                                return xml_error(p, "malformed uuid '%s'", v);
                        uuid_format(u, canon);
                        json_object_set_string_member(p->def, "uuid", canon);
                } else {
                        json_object_set_string_member(p->def, "name", v);
                }
                return true;
        }
        if (is(n, "memory")) {
                p->memory_seen = true;
                return parse_memory(p, n, &p->memory_bytes);
        }
        if (is(n, "currentMemory")) {
                p->current_seen = true;
                return parse_memory(p, n, &p->current_bytes);
        }
        if (is(n, "vcpu"))
                return parse_vcpu(p, n);
        if (is(n, "os"))
                return parse_os(p, n);
        if (is(n, "on_poweroff") || is(n, "on_reboot") || is(n, "on_crash"))
                return parse_action(p, n);
        if (is(n, "devices"))
                return parse_devices(p, n);
        return unsupported(p, "element", (const char *)n->name);
}

static bool parse_domain(Parse *p, const xmlNode *root)
{
        g_autofree char *type = attr(root, "type");

        if (!is(root, "domain") || root->ns)
                return xml_error(p, "the root element is <%s>, not <domain>", (const char *)root->name);
        if (!type)
                return xml_error(p, "%s", "missing domain type attribute");
        if (strcmp(type, LV_DRIVER_TYPE) != 0) {
                call_fail(p->call, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
                          "unsupported configuration: <domain type='%s'> is not supported by ppcvmd "
                          "(type='" LV_DRIVER_TYPE "')", type);
                return false;
        }
        for (const xmlNode *n = root->children; n; n = n->next)
                if (n->type == XML_ELEMENT_NODE && !parse_child(p, n))
                        return false;
        if (!json_object_has_member(p->def, "name"))
                return xml_error(p, "%s", "missing <name>");
        if (!json_object_has_member(p->def, "kernel")) {
                call_fail(p->call, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
                          "unsupported configuration: ppcvmd boots a kernel directly: <os><kernel> is required");
                return false;
        }
        if (p->current_seen && (!p->memory_seen || p->current_bytes != p->memory_bytes))
                return unsupported(p, "a value of", "currentMemory different from memory");
        if (p->memory_seen) {
                if (p->memory_bytes % MIB != 0 || p->memory_bytes == 0)
                        return unsupported(p, "a size that is not a whole number of MiB in", "memory");
                json_object_set_int_member(p->def, "memory_mib", (gint64)(p->memory_bytes / MIB));
        }
        return true;
}

char *domxml_to_definition(Call *call, const char *xml, char **ret_name)
{
        g_autoptr(JsonObject) def = json_object_new();
        Parse p = { .call = call, .def = def };
        g_autoptr(JsonNode) node = NULL;
        xmlDoc *doc;
        bool ok;

        doc = xmlReadMemory(xml, (int)strlen(xml), "domain.xml", NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        if (!doc) {
                const xmlError *e = xmlGetLastError();
                g_autofree char *m = g_strstrip(g_strdup(e && e->message ? e->message : "malformed XML"));
                call_fail(call, VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: line %d: %s", e ? e->line : 0, m);
                return NULL;
        }
        ok = xmlDocGetRootElement(doc) && parse_domain(&p, xmlDocGetRootElement(doc));
        if (!ok && !call->err_message)
                call_fail(call, VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: empty document");
        xmlFreeDoc(doc);
        if (!ok)
                return NULL;
        *ret_name = g_strdup(json_object_get_string_member(def, "name"));
        node = json_node_init_object(json_node_alloc(), def);
        return json_to_string(node, FALSE);
}
