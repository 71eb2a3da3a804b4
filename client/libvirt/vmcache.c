/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What virtppcvmd remembers about ppcvmd's VMs: the libvirt id of each
 * active one (ppcvmd has none; libvirt clients expect a small number while
 * a domain runs and -1 otherwise), and the last state each VM's signals
 * reported, whose changes become libvirt lifecycle events.
 *
 * Events follow ppcvmd's signals only, in their order, never the state a
 * lookup happened to fetch: a fetch can be ahead of signals still queued,
 * and mixing the two would report some transitions twice.
 */
#include <string.h>

#include "ppcvm-bus.h"

typedef struct {
        char *name;
        uint8_t uuid[VIR_UUID_BUFLEN];
        char *state;
        bool persistent;
} Entry;

static GHashTable *entries;   /* path -> Entry */
static GHashTable *ids;       /* uuid string -> id */
static int32_t next_id = 1;

static void entry_free(Entry *e)
{
        g_free(e->name);
        g_free(e->state);
        g_free(e);
}

static bool state_active(const char *s)
{
        return s && strcmp(s, "shutoff") != 0;
}

static int32_t id_for(const uint8_t uuid[VIR_UUID_BUFLEN], bool active)
{
        char key[37];
        gpointer v;

        uuid_format(uuid, key);
        if (!active) {
                g_hash_table_remove(ids, key);
                return -1;
        }
        v = g_hash_table_lookup(ids, key);
        if (v)
                return GPOINTER_TO_INT(v);
        g_hash_table_insert(ids, g_strdup(key), GINT_TO_POINTER(next_id));
        return next_id++;
}

int32_t vmcache_id(const VmInfo *vm)
{
        return id_for(vm->uuid, vm_is_active(vm));
}

void vmcache_observe(const VmInfo *vm)
{
        (void)id_for(vm->uuid, vm_is_active(vm));
}

static void emit(const Entry *e, int event, int detail)
{
        int32_t id = id_for(e->uuid, state_active(e->state));

        for (GList *l = lv_clients; l; l = l->next) {
                Client *c = l->data;
                for (guint i = 0; c->callbacks && i < c->callbacks->len; i++) {
                        EventCallback *cb = &g_array_index(c->callbacks, EventCallback, i);
                        struct xdr_writer w;
                        if (cb->filtered && memcmp(cb->uuid, e->uuid, VIR_UUID_BUFLEN) != 0)
                                continue;
                        xdr_writer_init(&w);
                        xdr_put_i32(&w, cb->id);
                        lv_put_dom(&w, e->name, e->uuid, id);
                        xdr_put_i32(&w, event);
                        xdr_put_i32(&w, detail);
                        if (!w.err)
                                client_send_message(c, REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
                                                    VIR_NET_MESSAGE, 0, VIR_NET_OK, w.buf, w.len);
                        xdr_writer_free(&w);
                }
        }
}

static int stopped_detail(const char *why)
{
        if (!why || strcmp(why, "destroyed") == 0)
                return VIR_DOMAIN_EVENT_STOPPED_DESTROYED;
        if (g_str_has_prefix(why, "crashed") || g_str_has_prefix(why, "os-term"))
                return VIR_DOMAIN_EVENT_STOPPED_CRASHED;
        return VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN;
}

/* The events a state change is, as libvirt's own drivers report them. */
static void transition(Entry *e, const char *to, const char *why)
{
        g_autofree char *from = e->state;

        if (strcmp(from, to) == 0) {
                g_steal_pointer(&from);
                return;
        }
        e->state = g_strdup(to);
        if (!state_active(from) && state_active(to))
                emit(e, VIR_DOMAIN_EVENT_STARTED, 0);
        if (strcmp(to, "paused") == 0)
                emit(e, VIR_DOMAIN_EVENT_SUSPENDED, 0);
        else if (strcmp(from, "paused") == 0 && strcmp(to, "running") == 0)
                emit(e, VIR_DOMAIN_EVENT_RESUMED, 0);
        else if (strcmp(to, "crashed") == 0)
                emit(e, VIR_DOMAIN_EVENT_CRASHED, 0);
        else if (strcmp(to, "shutoff") == 0)
                emit(e, VIR_DOMAIN_EVENT_STOPPED, stopped_detail(why));
}

static void set_persistent(Entry *e, bool persistent)
{
        if (e->persistent == persistent)
                return;
        e->persistent = persistent;
        emit(e, persistent ? VIR_DOMAIN_EVENT_DEFINED : VIR_DOMAIN_EVENT_UNDEFINED, 0);
}

/* A VM seen for the first time: shut off and transient until its own
 * signals (or, at startup, its fetched state) say otherwise. */
static Entry *entry_add(const char *path, bool quiet)
{
        g_autoptr(VmInfo) vm = vm_info_fetch(path);
        Entry *e;

        if (!vm)
                return NULL;
        e = g_new0(Entry, 1);
        e->name = g_strdup(vm->name);
        memcpy(e->uuid, vm->uuid, VIR_UUID_BUFLEN);
        e->state = g_strdup(quiet ? vm->state : "shutoff");
        e->persistent = quiet && vm->persistent;
        g_hash_table_replace(entries, g_strdup(path), e);
        if (!quiet)
                set_persistent(e, vm->persistent);
        return e;
}

static int on_vm_new(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
        const char *name, *path;

        if (sd_bus_message_read(m, "so", &name, &path) >= 0 && !g_hash_table_contains(entries, path))
                entry_add(path, false);
        return 0;
}

static int on_vm_removed(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
        const char *name, *path;
        Entry *e;

        if (sd_bus_message_read(m, "so", &name, &path) < 0)
                return 0;
        e = g_hash_table_lookup(entries, path);
        if (!e)
                return 0;
        transition(e, "shutoff", NULL);
        set_persistent(e, false);
        g_hash_table_remove(entries, path);
        return 0;
}

static int on_properties_changed(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
        const char *iface, *key, *s;
        g_autofree char *state = NULL, *why = NULL;
        const char *path = sd_bus_message_get_path(m);
        int persistent = -1, b;
        bool redefined = false;
        Entry *e;
        int r;

        if (sd_bus_message_read(m, "s", &iface) < 0 || strcmp(iface, PPCVMD_VM_IFACE) != 0)
                return 0;
        r = sd_bus_message_enter_container(m, 'a', "{sv}");
        while (r > 0 && (r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
                r = sd_bus_message_read(m, "s", &key);
                if (r >= 0 && strcmp(key, "State") == 0 && (r = sd_bus_message_read(m, "v", "s", &s)) >= 0)
                        state = g_strdup(s);
                else if (r >= 0 && strcmp(key, "ExitReason") == 0 &&
                         (r = sd_bus_message_read(m, "v", "s", &s)) >= 0)
                        why = g_strdup(s);
                else if (r >= 0 && strcmp(key, "Persistent") == 0 &&
                         (r = sd_bus_message_read(m, "v", "b", &b)) >= 0)
                        persistent = b;
                else if (r >= 0)
                        r = sd_bus_message_skip(m, "v");
                if (r >= 0)
                        r = sd_bus_message_exit_container(m);
        }
        if (r >= 0 && sd_bus_message_exit_container(m) >= 0 &&
            sd_bus_message_enter_container(m, 'a', "s") > 0) {
                while (sd_bus_message_read(m, "s", &key) > 0)
                        if (strcmp(key, "Definition") == 0)
                                redefined = true;
        }
        if (!path)
                return 0;
        e = g_hash_table_lookup(entries, path);
        if (!e) {
                e = entry_add(path, false);
                if (!e)
                        return 0;
                redefined = false;
        }
        if (state)
                transition(e, state, why);
        if (persistent >= 0) {
                bool was = e->persistent;
                set_persistent(e, persistent);
                if (was && persistent && redefined)
                        emit(e, VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_DEFINED_UPDATED);
        }
        return 0;
}

void vmcache_init(void)
{
        g_autoptr(sd_bus_message) reply = NULL;
        const char *name, *uuid, *state, *path;
        int r;

        entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)entry_free);
        ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        /* Only ppcvmd's signals: the bus checks the sender owns the name,
         * so no other client can forge lifecycle events. */
        sd_bus_match_signal(ppcvm_bus, NULL, PPCVMD_BUS_NAME, PPCVMD_MGR_PATH, PPCVMD_MGR_IFACE, "VMNew",
                            on_vm_new, NULL);
        sd_bus_match_signal(ppcvm_bus, NULL, PPCVMD_BUS_NAME, PPCVMD_MGR_PATH, PPCVMD_MGR_IFACE, "VMRemoved",
                            on_vm_removed, NULL);
        sd_bus_add_match(ppcvm_bus, NULL,
                         "type='signal',sender='" PPCVMD_BUS_NAME "',interface='org.freedesktop.DBus.Properties',"
                         "member='PropertiesChanged',path_namespace='" PPCVMD_VM_PREFIX "'",
                         on_properties_changed, NULL);
        /* What exists already is the starting point, without events. */
        r = sd_bus_call_method(ppcvm_bus, PPCVMD_BUS_NAME, PPCVMD_MGR_PATH, PPCVMD_MGR_IFACE, "ListVMs", NULL,
                               &reply, "");
        if (r < 0)
                return;
        r = sd_bus_message_enter_container(reply, 'a', "(ssso)");
        while (r > 0 && (r = sd_bus_message_read(reply, "(ssso)", &name, &uuid, &state, &path)) > 0)
                entry_add(path, true);
}
