/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VM definitions <-> JSON.  Every field is checked here, once, with a message
 * that names the field and the bad value: the rest of the daemon trusts a
 * parsed definition.
 */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "definition.h"
#include "machine/machine.h"

G_DEFINE_QUARK(ppcvmd-vm-error-quark, vm_error)

static const char *const action_names[_VM_ACTION_MAX] = {
        [VM_ACTION_DESTROY] = "destroy",
        [VM_ACTION_RESTART] = "restart",
        [VM_ACTION_PRESERVE] = "preserve",
};

const char *vm_action_to_string(enum vm_action a)
{
        return (unsigned)a < _VM_ACTION_MAX ? action_names[a] : NULL;
}

int vm_action_from_string(const char *s)
{
        for (int i = 0; s && i < _VM_ACTION_MAX; i++)
                if (strcmp(s, action_names[i]) == 0)
                        return i;
        return -1;
}

bool vm_name_is_valid(const char *name)
{
        size_t n;

        if (!name)
                return false;
        n = strlen(name);
        if (n == 0 || n > VM_NAME_MAX || name[0] == '.' || name[0] == '-')
                return false;
        for (size_t i = 0; i < n; i++) {
                char c = name[i];
                if (!g_ascii_isalnum(c) && c != '_' && c != '.' && c != '-' && c != '+')
                        return false;
        }
        return true;
}

bool vm_uuid_is_valid(const char *uuid)
{
        if (!uuid || strlen(uuid) != 36)
                return false;
        for (int i = 0; i < 36; i++) {
                bool dash = i == 8 || i == 13 || i == 18 || i == 23;
                if (dash ? uuid[i] != '-' : !g_ascii_isxdigit(uuid[i]))
                        return false;
        }
        return true;
}

void vm_uuid_generate(char out[37])
{
        uint8_t b[16];

        if (getrandom(b, sizeof(b), 0) != sizeof(b))
                for (size_t i = 0; i < sizeof(b); i++)
                        b[i] = (uint8_t)g_random_int();
        b[6] = (b[6] & 0x0f) | 0x40;   /* version 4 */
        b[8] = (b[8] & 0x3f) | 0x80;   /* RFC 4122 variant */
        snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                 b[12], b[13], b[14], b[15]);
}

VmDefinition *vm_definition_new(void)
{
        VmDefinition *d = g_new0(VmDefinition, 1);

        d->memory_mib = 256;
        d->vcpus = 1;
        d->backend = VCPU_BACKEND_AUTO;
        d->cmdline = g_strdup("");
        d->console_ring_kib = 64;
        d->on_poweroff = VM_ACTION_DESTROY;
        d->on_reboot = VM_ACTION_RESTART;
        d->on_crash = VM_ACTION_PRESERVE;
        return d;
}

void vm_definition_free(VmDefinition *d)
{
        if (!d)
                return;
        g_free(d->name);
        g_free(d->kernel);
        g_free(d->initrd);
        g_free(d->cmdline);
        g_free(d);
}

VmDefinition *vm_definition_copy(const VmDefinition *d)
{
        VmDefinition *c = g_memdup2(d, sizeof(*d));

        c->name = g_strdup(d->name);
        c->kernel = g_strdup(d->kernel);
        c->initrd = g_strdup(d->initrd);
        c->cmdline = g_strdup(d->cmdline);
        return c;
}

static gboolean set_invalid(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean set_invalid(GError **error, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        g_autofree char *msg = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        g_set_error_literal(error, VM_ERROR, VM_ERROR_INVALID_ARGS, msg);
        return FALSE;
}

/* Typed member readers: absent members keep the default. */
static gboolean get_string(JsonObject *o, const char *key, char **ret, GError **error)
{
        JsonNode *n = json_object_get_member(o, key);

        if (!n || JSON_NODE_HOLDS_NULL(n))
                return TRUE;
        if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
                return set_invalid(error, "\"%s\" must be a string", key);
        const char *s = json_node_get_string(n);
        if (!g_utf8_validate(s, -1, NULL))
                return set_invalid(error, "\"%s\" is not valid UTF-8", key);
        g_free(*ret);
        *ret = g_strdup(s);
        return TRUE;
}

static gboolean get_uint(JsonObject *o, const char *key, uint64_t min, uint64_t max,
                         uint64_t *ret, GError **error)
{
        JsonNode *n = json_object_get_member(o, key);

        if (!n)
                return TRUE;
        if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
                return set_invalid(error, "\"%s\" must be a whole number", key);
        gint64 v = json_node_get_int(n);
        if (v < 0 || (uint64_t)v < min || (uint64_t)v > max)
                return set_invalid(error, "\"%s\" is %" G_GINT64_FORMAT ": it must be between %" G_GUINT64_FORMAT
                                   " and %" G_GUINT64_FORMAT, key, v, min, max);
        *ret = (uint64_t)v;
        return TRUE;
}

static gboolean get_int(JsonObject *o, const char *key, int64_t *ret, GError **error)
{
        JsonNode *n = json_object_get_member(o, key);

        if (!n)
                return TRUE;
        if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
                return set_invalid(error, "\"%s\" must be a whole number", key);
        *ret = json_node_get_int(n);
        return TRUE;
}

static gboolean get_bool(JsonObject *o, const char *key, bool *ret, GError **error)
{
        JsonNode *n = json_object_get_member(o, key);

        if (!n)
                return TRUE;
        if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_BOOLEAN)
                return set_invalid(error, "\"%s\" must be true or false", key);
        *ret = json_node_get_boolean(n);
        return TRUE;
}

static gboolean get_action(JsonObject *o, const char *key, enum vm_action *ret, GError **error)
{
        g_autofree char *s = NULL;

        if (!get_string(o, key, &s, error))
                return FALSE;
        if (!s)
                return TRUE;
        int a = vm_action_from_string(s);
        if (a < 0)
                return set_invalid(error, "\"%s\" is \"%s\": it must be destroy, restart or preserve", key, s);
        *ret = a;
        return TRUE;
}

static const char *const known_keys[] = {
        "name", "uuid", "memory_mib", "vcpus", "backend", "kernel", "initrd", "cmdline",
        "autostart", "rtc_offset", "console_ring_kib", "testdev",
        "on_poweroff", "on_reboot", "on_crash", NULL,
};

static uint64_t host_memory_mib(void)
{
        long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
        if (pages <= 0 || size <= 0)
                return MACHINE_MAX_MEMORY >> 20;
        return (uint64_t)pages * (uint64_t)size >> 20;
}

VmDefinition *vm_definition_from_json(const char *json, size_t len, GError **error)
{
        g_autoptr(JsonParser) parser = json_parser_new();
        g_autoptr(VmDefinition) d = vm_definition_new();
        g_autofree char *backend = NULL, *uuid = NULL;
        g_autoptr(GError) perr = NULL;
        uint64_t v;
        JsonObject *o;

        if (len > VM_DEF_MAX_JSON) {
                set_invalid(error, "the definition is %zu bytes; at most %d are accepted", len, VM_DEF_MAX_JSON);
                return NULL;
        }
        if (!g_utf8_validate(json, (gssize)len, NULL)) {
                set_invalid(error, "the definition is not valid UTF-8");
                return NULL;
        }
        if (!json_parser_load_from_data(parser, json, (gssize)len, &perr)) {
                set_invalid(error, "the definition is not valid JSON: %s", perr->message);
                return NULL;
        }
        JsonNode *root = json_parser_get_root(parser);
        if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
                set_invalid(error, "the definition must be a JSON object");
                return NULL;
        }
        o = json_node_get_object(root);

        g_autoptr(GList) members = json_object_get_members(o);
        for (GList *l = members; l; l = l->next)
                if (!g_strv_contains(known_keys, l->data)) {
                        set_invalid(error, "unknown field \"%s\" in the definition", (const char *)l->data);
                        return NULL;
                }

        if (!get_string(o, "name", &d->name, error))
                return NULL;
        if (!d->name) {
                set_invalid(error, "the definition has no \"name\"");
                return NULL;
        }
        if (!vm_name_is_valid(d->name)) {
                set_invalid(error, "\"%s\" is not a valid VM name: use 1 to %d letters, digits, '_', '.', '+' or '-', "
                            "not starting with '.' or '-'", d->name, VM_NAME_MAX);
                return NULL;
        }
        if (!get_string(o, "uuid", &uuid, error))
                return NULL;
        if (uuid) {
                if (!vm_uuid_is_valid(uuid)) {
                        set_invalid(error, "\"%s\" is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", uuid);
                        return NULL;
                }
                g_strlcpy(d->uuid, uuid, sizeof(d->uuid));
                for (char *c = d->uuid; *c; c++)
                        *c = g_ascii_tolower(*c);
        } else {
                vm_uuid_generate(d->uuid);
        }

        uint64_t host_mib = host_memory_mib();
        v = d->memory_mib;
        if (!get_uint(o, "memory_mib", MACHINE_MIN_MEMORY >> 20, MACHINE_MAX_MEMORY >> 20, &v, error))
                return NULL;
        if (v > host_mib) {
                set_invalid(error, "\"memory_mib\" is %" G_GUINT64_FORMAT ": this host has only %" G_GUINT64_FORMAT " MiB",
                            v, host_mib);
                return NULL;
        }
        d->memory_mib = v;
        v = d->vcpus;
        if (!get_uint(o, "vcpus", 1, MACHINE_MAX_VCPUS, &v, error))
                return NULL;
        d->vcpus = (unsigned)v;

        if (!get_string(o, "backend", &backend, error))
                return NULL;
        if (backend) {
                int k = vcpu_backend_kind_from_string(backend);
                if (k < 0) {
                        set_invalid(error, "\"backend\" is \"%s\": it must be auto, emu or kvm", backend);
                        return NULL;
                }
                d->backend = k;
        }

        if (!get_string(o, "kernel", &d->kernel, error) || !get_string(o, "initrd", &d->initrd, error) ||
            !get_string(o, "cmdline", &d->cmdline, error))
                return NULL;
        if (!d->kernel || !*d->kernel) {
                set_invalid(error, "the definition has no \"kernel\"");
                return NULL;
        }
        if (!g_path_is_absolute(d->kernel) || (d->initrd && !g_path_is_absolute(d->initrd))) {
                set_invalid(error, "\"kernel\" and \"initrd\" must be absolute paths");
                return NULL;
        }
        if (d->initrd && !*d->initrd)
                g_clear_pointer(&d->initrd, g_free);
        if (!d->cmdline)
                d->cmdline = g_strdup("");
        if (strlen(d->cmdline) > 4095) {
                set_invalid(error, "\"cmdline\" is longer than 4095 bytes");
                return NULL;
        }

        if (!get_bool(o, "autostart", &d->autostart, error) || !get_bool(o, "testdev", &d->testdev, error) ||
            !get_int(o, "rtc_offset", &d->rtc_offset, error))
                return NULL;
        if (d->rtc_offset < -(INT64_C(1) << 40) || d->rtc_offset > (INT64_C(1) << 40)) {
                set_invalid(error, "\"rtc_offset\" is out of range");
                return NULL;
        }
        v = d->console_ring_kib;
        if (!get_uint(o, "console_ring_kib", 1, 16384, &v, error))
                return NULL;
        d->console_ring_kib = (unsigned)v;

        if (!get_action(o, "on_poweroff", &d->on_poweroff, error) ||
            !get_action(o, "on_reboot", &d->on_reboot, error) || !get_action(o, "on_crash", &d->on_crash, error))
                return NULL;
        return g_steal_pointer(&d);
}

char *vm_definition_to_json(const VmDefinition *d, bool pretty)
{
        g_autoptr(JsonBuilder) b = json_builder_new();
        g_autoptr(JsonGenerator) gen = json_generator_new();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, d->name);
        json_builder_set_member_name(b, "uuid");
        json_builder_add_string_value(b, d->uuid);
        json_builder_set_member_name(b, "memory_mib");
        json_builder_add_int_value(b, (gint64)d->memory_mib);
        json_builder_set_member_name(b, "vcpus");
        json_builder_add_int_value(b, d->vcpus);
        json_builder_set_member_name(b, "backend");
        json_builder_add_string_value(b, vcpu_backend_kind_to_string(d->backend));
        json_builder_set_member_name(b, "kernel");
        json_builder_add_string_value(b, d->kernel);
        if (d->initrd) {
                json_builder_set_member_name(b, "initrd");
                json_builder_add_string_value(b, d->initrd);
        }
        json_builder_set_member_name(b, "cmdline");
        json_builder_add_string_value(b, d->cmdline);
        json_builder_set_member_name(b, "autostart");
        json_builder_add_boolean_value(b, d->autostart);
        json_builder_set_member_name(b, "rtc_offset");
        json_builder_add_int_value(b, d->rtc_offset);
        json_builder_set_member_name(b, "console_ring_kib");
        json_builder_add_int_value(b, d->console_ring_kib);
        json_builder_set_member_name(b, "testdev");
        json_builder_add_boolean_value(b, d->testdev);
        json_builder_set_member_name(b, "on_poweroff");
        json_builder_add_string_value(b, vm_action_to_string(d->on_poweroff));
        json_builder_set_member_name(b, "on_reboot");
        json_builder_add_string_value(b, vm_action_to_string(d->on_reboot));
        json_builder_set_member_name(b, "on_crash");
        json_builder_add_string_value(b, vm_action_to_string(d->on_crash));
        json_builder_end_object(b);

        root = json_builder_get_root(b);
        json_generator_set_root(gen, root);
        json_generator_set_pretty(gen, pretty);
        return json_generator_to_data(gen, NULL);
}
