/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ppcvmd definition -> domain XML.  Every setting is written out, defaults
 * included, so the XML says exactly what the VM is. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "domxml.h"

static const char *str_or(JsonObject *o, const char *key, const char *dflt)
{
        return json_object_has_member(o, key) ? json_object_get_string_member(o, key) : dflt;
}

static gint64 int_or(JsonObject *o, const char *key, gint64 dflt)
{
        return json_object_has_member(o, key) ? json_object_get_int_member(o, key) : dflt;
}

static void element(GString *x, const char *indent, const char *name, const char *value)
{
        g_autofree char *v = g_markup_escape_text(value, -1);

        g_string_append_printf(x, "%s<%s>%s</%s>\n", indent, name, v, name);
}

char *domxml_from_vm(const VmInfo *vm, bool inactive)
{
        g_autoptr(JsonParser) parser = json_parser_new();
        g_autoptr(GString) x = g_string_new(NULL);
        JsonObject *d;
        gint64 mem_kib;
        int32_t id = inactive ? -1 : vm_lv_id(vm);

        if (!vm->definition || !json_parser_load_from_data(parser, vm->definition, -1, NULL) ||
            !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)))
                return NULL;
        d = json_node_get_object(json_parser_get_root(parser));
        mem_kib = int_or(d, "memory_mib", 256) * 1024;

        g_string_append(x, "<domain type='" LV_DRIVER_TYPE "'");
        if (id >= 0)
                g_string_append_printf(x, " id='%d'", id);
        g_string_append(x, " xmlns:ppcvm='" DOMXML_NS "'>\n");
        element(x, "  ", "name", vm->name);
        element(x, "  ", "uuid", vm->uuid_str);
        g_string_append_printf(x, "  <memory unit='KiB'>%" G_GINT64_FORMAT "</memory>\n", mem_kib);
        g_string_append_printf(x, "  <currentMemory unit='KiB'>%" G_GINT64_FORMAT "</currentMemory>\n", mem_kib);
        g_string_append_printf(x, "  <vcpu placement='static'>%" G_GINT64_FORMAT "</vcpu>\n",
                               int_or(d, "vcpus", 1));
        g_string_append(x, "  <os>\n    <type arch='ppc64' machine='pseries'>hvm</type>\n");
        element(x, "    ", "kernel", str_or(d, "kernel", ""));
        if (json_object_has_member(d, "initrd"))
                element(x, "    ", "initrd", str_or(d, "initrd", ""));
        if (*str_or(d, "cmdline", ""))
                element(x, "    ", "cmdline", str_or(d, "cmdline", ""));
        g_string_append(x, "  </os>\n");
        element(x, "  ", "on_poweroff", str_or(d, "on_poweroff", "destroy"));
        element(x, "  ", "on_reboot", str_or(d, "on_reboot", "restart"));
        element(x, "  ", "on_crash", str_or(d, "on_crash", "preserve"));
        g_string_append(x, "  <devices>\n    <console type='pty'>\n");
        g_string_append(x, "      <target type='serial' port='0'/>\n    </console>\n  </devices>\n");
        g_string_append(x, "  <ppcvm:settings>\n");
        element(x, "    ", "ppcvm:backend", str_or(d, "backend", "auto"));
        g_string_append_printf(x, "    <ppcvm:rtc_offset>%" G_GINT64_FORMAT "</ppcvm:rtc_offset>\n",
                               int_or(d, "rtc_offset", 0));
        g_string_append_printf(x, "    <ppcvm:console_ring_kib>%" G_GINT64_FORMAT "</ppcvm:console_ring_kib>\n",
                               int_or(d, "console_ring_kib", 64));
        element(x, "    ", "ppcvm:testdev",
                json_object_has_member(d, "testdev") && json_object_get_boolean_member(d, "testdev") ? "yes"
                                                                                                    : "no");
        g_string_append(x, "  </ppcvm:settings>\n</domain>\n");
        return g_string_free(g_steal_pointer(&x), FALSE);
}
