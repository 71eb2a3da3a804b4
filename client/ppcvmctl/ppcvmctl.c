/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ppcvmctl: the command line of ppcvmd.  A thin D-Bus client: every command
 * is one or two method calls on org.ppcvm.ppcvmd1.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ppcvmctl.h"

bool arg_json;
static const char *arg_bus;
sd_bus *bus;

struct command {
        const char *name;
        const char *args;
        const char *summary;
        int (*run)(int argc, char **argv);
        const char *help;
};

static const struct command *find_command(const char *name);

static int connect_bus(void)
{
        int r;

        if (bus)
                return 0;
        if (!arg_bus)
                arg_bus = getenv("PPCVMCTL_BUS");
        if (!arg_bus || strcmp(arg_bus, "system") == 0)
                r = sd_bus_open_system(&bus);
        else if (strcmp(arg_bus, "session") == 0)
                r = sd_bus_open_user(&bus);
        else {
                r = sd_bus_new(&bus);
                if (r >= 0)
                        r = sd_bus_set_address(bus, arg_bus);
                if (r >= 0)
                        r = sd_bus_set_bus_client(bus, 1);
                if (r >= 0)
                        r = sd_bus_start(bus);
        }
        if (r < 0) {
                fprintf(stderr, "Failed to connect to the %s bus: %s\n", arg_bus ? arg_bus : "system",
                        strerror(-r));
                return r;
        }
        return 0;
}

/* Resolves a VM name to its object path, with the daemon's own error. */
int vm_path(const char *name, char **ret)
{
        sd_bus_error error = SD_BUS_ERROR_NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        const char *path;
        int r;

        r = sd_bus_call_method(bus, BUS_NAME, MGR_PATH, MGR_IFACE, "GetVM", &error, &reply, "s", name);
        if (r < 0) {
                print_bus_error("Failed to find the VM", &error, r);
                sd_bus_error_free(&error);
                return r;
        }
        r = sd_bus_message_read(reply, "o", &path);
        if (r < 0)
                return r;
        *ret = g_strdup(path);
        return 0;
}

static char *read_file_arg(const char *file)
{
        g_autoptr(GError) e = NULL;
        char *data = NULL;

        if (strcmp(file, "-") == 0) {
                GString *s = g_string_new(NULL);
                char buf[4096];
                size_t n;
                while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
                        g_string_append_len(s, buf, (gssize)n);
                return g_string_free(s, FALSE);
        }
        if (!g_file_get_contents(file, &data, NULL, &e)) {
                fprintf(stderr, "Failed to read %s: %s\n", file, e->message);
                return NULL;
        }
        return data;
}

/* A simple VM method call: `ppcvmctl start NAME` and friends. */
static int simple_vm_call(const char *name, const char *method, const char *done, const char *sig, ...)
{
        sd_bus_error error = SD_BUS_ERROR_NULL;
        g_autofree char *path = NULL;
        g_autofree char *what = NULL;
        va_list ap;
        int r;

        r = vm_path(name, &path);
        if (r < 0)
                return 1;
        va_start(ap, sig);
        r = sd_bus_call_methodv(bus, BUS_NAME, path, VM_IFACE, method, &error, NULL, sig, ap);
        va_end(ap);
        if (r < 0) {
                what = g_strdup_printf("Failed to %s %s", done, name);
                r = print_bus_error(what, &error, r);
                sd_bus_error_free(&error);
                return r;
        }
        return 0;
}

static int cmd_simple(int argc, char **argv)
{
        static const struct { const char *cmd, *method, *verb; } map[] = {
                { "start", "Start", "start" },       { "pause", "Pause", "pause" },
                { "resume", "Resume", "resume" },    { "destroy", "Destroy", "destroy" },
                { "reset", "Reset", "reset" },       { "undefine", "Undefine", "undefine" },
        };
        for (unsigned i = 0; i < G_N_ELEMENTS(map); i++)
                if (strcmp(argv[0], map[i].cmd) == 0)
                        return simple_vm_call(argv[1], map[i].method, map[i].verb, "");
        return 1;
}

static int cmd_shutdown(int argc, char **argv)
{
        static const struct option opts[] = { { "timeout", required_argument, NULL, 't' }, {} };
        double timeout = 60;
        int c;

        while ((c = getopt_long(argc, argv, "", opts, NULL)) >= 0) {
                if (c != 't')
                        return 2;
                char *end;
                timeout = strtod(optarg, &end);
                if (*end || timeout < 0 || timeout > 86400) {
                        fprintf(stderr, "--timeout takes seconds, from 0 (wait forever) to 86400\n");
                        return 2;
                }
        }
        if (optind + 1 != argc)
                return 2;
        return simple_vm_call(argv[optind], "Shutdown", "shut down", "t", (uint64_t)(timeout * 1e6));
}

static int add_definition(const char *file, const char *method, const char *verb)
{
        sd_bus_error error = SD_BUS_ERROR_NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        g_autofree char *json = read_file_arg(file);
        const char *path;
        int r;

        if (!json)
                return 1;
        r = sd_bus_call_method(bus, BUS_NAME, MGR_PATH, MGR_IFACE, method, &error, &reply, "s", json);
        if (r < 0) {
                g_autofree char *what = g_strdup_printf("Failed to %s the VM in %s", verb, file);
                r = print_bus_error(what, &error, r);
                sd_bus_error_free(&error);
                return r;
        }
        if (sd_bus_message_read(reply, "o", &path) >= 0 && !arg_json)
                printf("%s\n", path);
        return 0;
}

static int cmd_define(int argc, char **argv)
{
        return add_definition(argv[1], "DefineVM", "define");
}

static int cmd_create(int argc, char **argv)
{
        return add_definition(argv[1], "CreateVM", "create");
}

static int cmd_list(int argc, char **argv)
{
        sd_bus_error error = SD_BUS_ERROR_NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        g_autoptr(JsonBuilder) b = json_builder_new();
        const char *name, *uuid, *state, *path;
        int r;

        r = sd_bus_call_method(bus, BUS_NAME, MGR_PATH, MGR_IFACE, "ListVMs", &error, &reply, "");
        if (r < 0) {
                r = print_bus_error("Failed to list VMs", &error, r);
                sd_bus_error_free(&error);
                return r;
        }
        r = sd_bus_message_enter_container(reply, 'a', "(ssso)");
        if (r < 0)
                return print_bus_error("Failed to read the VM list", NULL, r);
        json_builder_begin_array(b);
        if (!arg_json)
                printf("%-24s %-10s %s\n", "NAME", "STATE", "UUID");
        while ((r = sd_bus_message_read(reply, "(ssso)", &name, &uuid, &state, &path)) > 0) {
                if (arg_json) {
                        json_builder_begin_object(b);
                        json_builder_set_member_name(b, "name");
                        json_builder_add_string_value(b, name);
                        json_builder_set_member_name(b, "uuid");
                        json_builder_add_string_value(b, uuid);
                        json_builder_set_member_name(b, "state");
                        json_builder_add_string_value(b, state);
                        json_builder_set_member_name(b, "path");
                        json_builder_add_string_value(b, path);
                        json_builder_end_object(b);
                } else {
                        printf("%-24s %-10s %s\n", name, state, uuid);
                }
        }
        json_builder_end_array(b);
        if (arg_json) {
                g_autoptr(JsonNode) root = json_builder_get_root(b);
                print_json(root);
        }
        return r < 0 ? print_bus_error("Failed to read the VM list", NULL, r) : 0;
}

/* Reads every property of an interface into a JSON object and prints it. */
static int show_properties(const char *path, const char *iface, const char *title)
{
        sd_bus_error error = SD_BUS_ERROR_NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        g_autoptr(JsonBuilder) b = json_builder_new();
        const char *name, *contents;
        int r;

        r = sd_bus_call_method(bus, BUS_NAME, path, "org.freedesktop.DBus.Properties", "GetAll", &error, &reply,
                               "s", iface);
        if (r < 0) {
                r = print_bus_error(title, &error, r);
                sd_bus_error_free(&error);
                return r;
        }
        json_builder_begin_object(b);
        r = sd_bus_message_enter_container(reply, 'a', "{sv}");
        while (r >= 0 && (r = sd_bus_message_enter_container(reply, 'e', "sv")) > 0) {
                char type;
                r = sd_bus_message_read(reply, "s", &name);
                if (r < 0 || (r = sd_bus_message_peek_type(reply, &type, &contents)) < 0)
                        break;
                r = sd_bus_message_enter_container(reply, 'v', contents);
                if (r < 0)
                        break;
                json_builder_set_member_name(b, name);
                if (strcmp(contents, "s") == 0) {
                        const char *s;
                        r = sd_bus_message_read(reply, "s", &s);
                        json_builder_add_string_value(b, s);
                        if (!arg_json && r >= 0 && strcmp(name, "Definition") != 0)
                                printf("%16s: %s\n", name, s);
                } else if (strcmp(contents, "b") == 0) {
                        int v;
                        r = sd_bus_message_read(reply, "b", &v);
                        json_builder_add_boolean_value(b, v);
                        if (!arg_json && r >= 0)
                                printf("%16s: %s\n", name, v ? "yes" : "no");
                } else if (strcmp(contents, "u") == 0) {
                        uint32_t v;
                        r = sd_bus_message_read(reply, "u", &v);
                        json_builder_add_int_value(b, v);
                        if (!arg_json && r >= 0)
                                printf("%16s: %" PRIu32 "\n", name, v);
                } else if (strcmp(contents, "t") == 0) {
                        uint64_t v;
                        r = sd_bus_message_read(reply, "t", &v);
                        json_builder_add_int_value(b, (gint64)v);
                        if (!arg_json && r >= 0)
                                printf("%16s: %" PRIu64 "\n", name, v);
                } else if (strcmp(contents, "a{st}") == 0 || strcmp(contents, "a{sx}") == 0) {
                        const char *k;
                        uint64_t v;
                        char fmt[] = "{st}";
                        fmt[2] = contents[3];
                        json_builder_begin_object(b);
                        if (!arg_json)
                                printf("%16s:", name);
                        r = sd_bus_message_enter_container(reply, 'a', contents + 1);
                        while (r >= 0 && (r = sd_bus_message_read(reply, fmt, &k, &v)) > 0) {
                                json_builder_set_member_name(b, k);
                                json_builder_add_int_value(b, (gint64)v);
                                if (!arg_json)
                                        printf(" %s=%" PRId64, k, (int64_t)v);
                        }
                        if (r >= 0)
                                r = sd_bus_message_exit_container(reply);
                        json_builder_end_object(b);
                        if (!arg_json)
                                printf("\n");
                } else {
                        r = sd_bus_message_skip(reply, contents);
                        json_builder_add_null_value(b);
                }
                if (r >= 0)
                        r = sd_bus_message_exit_container(reply);
                if (r >= 0)
                        r = sd_bus_message_exit_container(reply);
        }
        json_builder_end_object(b);
        if (r < 0)
                return print_bus_error(title, NULL, r);
        if (arg_json) {
                g_autoptr(JsonNode) root = json_builder_get_root(b);
                print_json(root);
        }
        return 0;
}

static int cmd_info(int argc, char **argv)
{
        g_autofree char *path = NULL;
        if (vm_path(argv[1], &path) < 0)
                return 1;
        return show_properties(path, VM_IFACE, "Failed to read the VM's properties");
}

static int cmd_caps(int argc, char **argv)
{
        return show_properties(MGR_PATH, MGR_IFACE, "Failed to read the daemon's capabilities");
}

static int cmd_pvinfo(int argc, char **argv)
{
        sd_bus_error error = SD_BUS_ERROR_NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        const void *words;
        size_t size;
        uint32_t flags;
        int r;

        r = sd_bus_call_method(bus, BUS_NAME, MGR_PATH, MGR_IFACE, "GetPVInfo", &error, &reply, "");
        if (r >= 0)
                r = sd_bus_message_read(reply, "u", &flags);
        if (r >= 0)
                r = sd_bus_message_read_array(reply, 'u', &words, &size);
        if (r < 0) {
                r = print_bus_error("Failed to get the paravirtual information", &error, r);
                sd_bus_error_free(&error);
                return r;
        }
        const uint32_t *w = words;
        size_t n = size / sizeof(uint32_t);
        if (arg_json) {
                g_autoptr(JsonBuilder) b = json_builder_new();
                json_builder_begin_object(b);
                json_builder_set_member_name(b, "flags");
                json_builder_add_int_value(b, flags);
                json_builder_set_member_name(b, "hcall");
                json_builder_begin_array(b);
                for (size_t i = 0; i < n; i++)
                        json_builder_add_int_value(b, w[i]);
                json_builder_end_array(b);
                json_builder_end_object(b);
                g_autoptr(JsonNode) root = json_builder_get_root(b);
                print_json(root);
        } else {
                printf("flags: 0x%08" PRIx32 "\nhcall:", flags);
                for (size_t i = 0; i < n; i++)
                        printf(" 0x%08" PRIx32, w[i]);
                printf("\n");
        }
        return 0;
}

static int parse_vcpu_option(int argc, char **argv, unsigned *ret)
{
        static const struct option opts[] = { { "vcpu", required_argument, NULL, 'v' }, {} };
        int c;

        *ret = 0;
        while ((c = getopt_long(argc, argv, "", opts, NULL)) >= 0) {
                char *end;
                if (c != 'v')
                        return -1;
                unsigned long v = strtoul(optarg, &end, 10);
                if (*end || end == optarg || v > 1023) {
                        fprintf(stderr, "--vcpu takes a vcpu number\n");
                        return -1;
                }
                *ret = (unsigned)v;
        }
        return 0;
}

static char *vcpu_path(const char *vmpath, unsigned n)
{
        return g_strdup_printf("%s/vcpu/%u", vmpath, n);
}

static int cmd_interrupt(int argc, char **argv)
{
        sd_bus_error error = SD_BUS_ERROR_NULL;
        g_autofree char *path = NULL, *vp = NULL;
        unsigned vcpu;
        int r;

        if (parse_vcpu_option(argc, argv, &vcpu) < 0 || optind + 2 != argc)
                return 2;
        if (vm_path(argv[optind], &path) < 0)
                return 1;
        vp = vcpu_path(path, vcpu);
        r = sd_bus_call_method(bus, BUS_NAME, vp, VCPU_IFACE, "Interrupt", &error, NULL, "s", argv[optind + 1]);
        if (r < 0) {
                r = print_bus_error("Failed to deliver the interrupt", &error, r);
                sd_bus_error_free(&error);
                return r;
        }
        return 0;
}

static int cmd_enable_cap(int argc, char **argv)
{
        sd_bus_error error = SD_BUS_ERROR_NULL;
        g_autoptr(sd_bus_message) m = NULL;
        g_autofree char *path = NULL, *vp = NULL;
        uint64_t args[4] = { 0 };
        unsigned vcpu, nargs = 0;
        uint32_t cap, flags = 0;
        char *end;
        int r;

        if (parse_vcpu_option(argc, argv, &vcpu) < 0 || optind + 2 > argc)
                return 2;
        const char *capname = argv[optind + 1];
        if (g_ascii_strcasecmp(capname, "osi") == 0 || g_ascii_strcasecmp(capname, "PPC_OSI") == 0)
                cap = 52;
        else {
                errno = 0;
                unsigned long v = strtoul(capname, &end, 0);
                if (errno || *end || end == capname || v > UINT32_MAX) {
                        fprintf(stderr, "\"%s\" is not a capability: give its number or 'osi'\n", capname);
                        return 2;
                }
                cap = (uint32_t)v;
        }
        for (int i = optind + 2; i < argc; i++) {
                if (strncmp(argv[i], "flags=", 6) == 0) {
                        flags = (uint32_t)strtoul(argv[i] + 6, NULL, 0);
                        continue;
                }
                if (nargs >= 4) {
                        fprintf(stderr, "At most 4 capability arguments\n");
                        return 2;
                }
                args[nargs++] = strtoull(argv[i], NULL, 0);
        }
        if (vm_path(argv[optind], &path) < 0)
                return 1;
        vp = vcpu_path(path, vcpu);
        r = sd_bus_message_new_method_call(bus, &m, BUS_NAME, vp, VCPU_IFACE, "EnableCap");
        if (r >= 0)
                r = sd_bus_message_append(m, "uu", cap, flags);
        if (r >= 0)
                r = sd_bus_message_append_array(m, 't', args, nargs * sizeof(uint64_t));
        if (r >= 0)
                r = sd_bus_call(bus, m, 0, &error, NULL);
        if (r < 0) {
                r = print_bus_error("Failed to enable the capability", &error, r);
                sd_bus_error_free(&error);
                return r;
        }
        return 0;
}

static int cmd_regs(int argc, char **argv)
{
        sd_bus_error error = SD_BUS_ERROR_NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        g_autoptr(JsonBuilder) b = json_builder_new();
        g_autofree char *path = NULL, *vp = NULL;
        const char *name;
        uint64_t v;
        unsigned vcpu, col = 0;
        int r;

        if (parse_vcpu_option(argc, argv, &vcpu) < 0 || optind + 1 != argc)
                return 2;
        if (vm_path(argv[optind], &path) < 0)
                return 1;
        vp = vcpu_path(path, vcpu);
        r = sd_bus_call_method(bus, BUS_NAME, vp, VCPU_IFACE, "GetRegs", &error, &reply, "");
        if (r < 0) {
                r = print_bus_error("Failed to read the registers", &error, r);
                sd_bus_error_free(&error);
                return r;
        }
        json_builder_begin_object(b);
        r = sd_bus_message_enter_container(reply, 'a', "{st}");
        while (r >= 0 && (r = sd_bus_message_read(reply, "{st}", &name, &v)) > 0) {
                json_builder_set_member_name(b, name);
                json_builder_add_int_value(b, (gint64)v);
                if (!arg_json)
                        printf("%6s %016" PRIx64 "%s", name, v, ++col % 4 == 0 ? "\n" : "  ");
        }
        json_builder_end_object(b);
        if (!arg_json && col % 4)
                printf("\n");
        if (arg_json) {
                g_autoptr(JsonNode) root = json_builder_get_root(b);
                print_json(root);
        }
        return r < 0 ? print_bus_error("Failed to read the registers", NULL, r) : 0;
}

static int cmd_stats(int argc, char **argv)
{
        g_autofree char *path = NULL;
        uint32_t n = 0;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        int r;

        if (vm_path(argv[1], &path) < 0)
                return 1;
        r = sd_bus_get_property_trivial(bus, BUS_NAME, path, VM_IFACE, "VCPUs", &error, 'u', &n);
        if (r < 0) {
                r = print_bus_error("Failed to read the VM", &error, r);
                sd_bus_error_free(&error);
                return r;
        }
        for (uint32_t i = 0; i < n; i++) {
                g_autofree char *vp = vcpu_path(path, i);
                g_autofree char *title = g_strdup_printf("Failed to read vcpu %u (is the VM running?)", i);
                if (!arg_json)
                        printf("vcpu %u:\n", i);
                r = show_properties(vp, VCPU_IFACE, title);
                if (r)
                        return r;
        }
        return 0;
}

static int cmd_console(int argc, char **argv)
{
        sd_bus_error error = SD_BUS_ERROR_NULL;
        g_autoptr(sd_bus_message) reply = NULL;
        g_autofree char *path = NULL;
        int fd, r;

        if (vm_path(argv[1], &path) < 0)
                return 1;
        r = sd_bus_call_method(bus, BUS_NAME, path, VM_IFACE, "OpenConsole", &error, &reply, "");
        if (r >= 0)
                r = sd_bus_message_read(reply, "h", &fd);
        if (r < 0) {
                r = print_bus_error("Failed to open the console", &error, r);
                sd_bus_error_free(&error);
                return r;
        }
        console_pump(fd, true, isatty(STDIN_FILENO));
        return 0;
}

static int cmd_version(int argc, char **argv)
{
        g_autofree char *v = NULL;
        printf("ppcvmctl %s\n", PPCVMD_VERSION);
        if (sd_bus_get_property_string(bus, BUS_NAME, MGR_PATH, MGR_IFACE, "Version", NULL, &v) >= 0)
                printf("ppcvmd %s\n", v);
        return 0;
}

static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
        { "list", "", "List VMs and their states", cmd_list, "" },
        { "define", "FILE", "Define a persistent VM from a JSON definition (- reads stdin)", cmd_define, "" },
        { "create", "FILE", "Create and start a transient VM from a JSON definition", cmd_create, "" },
        { "undefine", "VM", "Remove a VM's definition (a running VM becomes transient)", cmd_simple, "" },
        { "start", "VM", "Start a defined VM", cmd_simple, "" },
        { "shutdown", "VM [--timeout SEC]", "Ask the guest to power off; destroy it after a timeout", cmd_shutdown,
          "  --timeout SEC   seconds before the VM is destroyed (default 60; 0 waits forever)\n" },
        { "destroy", "VM", "Stop a VM at once", cmd_simple, "" },
        { "pause", "VM", "Pause a running VM", cmd_simple, "" },
        { "resume", "VM", "Resume a paused VM", cmd_simple, "" },
        { "reset", "VM", "Reset a VM to its boot state", cmd_simple, "" },
        { "info", "VM", "Show a VM's properties", cmd_info, "" },
        { "console", "VM", "Attach to a VM's console (Ctrl-] leaves)", cmd_console, "" },
        { "run", "--kernel ELF", "Run a guest in a transient VM, its console here", cmd_run,
          "  --kernel ELF      the guest kernel (64-bit PowerPC ELF)\n"
          "  --initrd FILE     an initial RAM disk\n"
          "  --append ARGS     the kernel command line\n"
          "  --vcpus N         vcpus (default 1)\n"
          "  --memory SIZE     guest RAM: MiB, or with a K/M/G suffix (default 256M)\n"
          "  --backend B       auto, emu or kvm (default auto)\n"
          "  --name NAME       the VM's name (default run-PID)\n"
          "  --testdev         map the MMIO test device\n"
          "Exits 0 when the guest powers off, 1 on any error, 2 when it reboots,\n"
          "3 when the guest OS terminates itself, 4 when it crashes.\n" },
        { "interrupt", "VM [--vcpu N] raise|raise-level|lower", "Raise or lower a vcpu's external interrupt",
          cmd_interrupt, "  --vcpu N   the vcpu (default 0)\n" },
        { "enable-cap", "VM [--vcpu N] CAP [ARG...] [flags=N]", "Enable a capability on a vcpu (e.g. osi)",
          cmd_enable_cap, "  --vcpu N   the vcpu (default 0)\n" },
        { "caps", "", "Show the backend in use and its capabilities", cmd_caps, "" },
        { "pvinfo", "", "Show the paravirtual hypercall instructions", cmd_pvinfo, "" },
        { "regs", "VM [--vcpu N]", "Show a paused vcpu's registers", cmd_regs, "  --vcpu N   the vcpu (default 0)\n" },
        { "stats", "VM", "Show per-vcpu exit statistics", cmd_stats, "" },
        { "version", "", "Show the versions of ppcvmctl and ppcvmd", cmd_version, "" },
        { "help", "[COMMAND]", "Show help", cmd_help, "" },
};

static const struct command *find_command(const char *name)
{
        for (unsigned i = 0; i < G_N_ELEMENTS(commands); i++)
                if (strcmp(commands[i].name, name) == 0)
                        return &commands[i];
        return NULL;
}

static void usage(FILE *f)
{
        fprintf(f, "Usage: ppcvmctl [--bus system|session|ADDRESS] [--json] COMMAND [ARGS]\n\n"
                   "Manages the PowerPC VMs of ppcvmd.\n\nCommands:\n");
        for (unsigned i = 0; i < G_N_ELEMENTS(commands); i++)
                fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
        fprintf(f, "\nOptions:\n"
                   "  --bus BUS   system (default), session, or a D-Bus address ($PPCVMCTL_BUS)\n"
                   "  --json      print queries as JSON\n"
                   "  -h, --help  show this help; 'ppcvmctl COMMAND --help' shows a command's\n");
}

static void command_help(const struct command *c)
{
        printf("Usage: ppcvmctl %s %s\n\n%s.\n", c->name, c->args, c->summary);
        if (c->help[0])
                printf("\n%s", c->help);
}

static int cmd_help(int argc, char **argv)
{
        const struct command *c = argc > 1 ? find_command(argv[1]) : NULL;
        if (argc > 1 && !c) {
                fprintf(stderr, "Unknown command \"%s\". Try 'ppcvmctl help'.\n", argv[1]);
                return 2;
        }
        if (c)
                command_help(c);
        else
                usage(stdout);
        return 0;
}

/* Plain positional-argument counts for commands without their own options. */
static int expected_args(const struct command *c)
{
        if (strcmp(c->args, "VM") == 0 || strcmp(c->args, "FILE") == 0)
                return 1;
        if (c->args[0] == 0)
                return 0;
        return -1;
}

int main(int argc, char **argv)
{
        static const struct option opts[] = {
                { "bus", required_argument, NULL, 'b' },
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, 'V' },
                {}
        };
        const struct command *cmd;
        int c, r;

        signal(SIGPIPE, SIG_IGN);
        while ((c = getopt_long(argc, argv, "+h", opts, NULL)) >= 0) {
                switch (c) {
                case 'b':
                        arg_bus = optarg;
                        break;
                case 'j':
                        arg_json = true;
                        break;
                case 'h':
                        usage(stdout);
                        return 0;
                case 'V':
                        printf("ppcvmctl %s\n", PPCVMD_VERSION);
                        return 0;
                default:
                        usage(stderr);
                        return 2;
                }
        }
        if (optind >= argc) {
                usage(stderr);
                return 2;
        }
        cmd = find_command(argv[optind]);
        if (!cmd) {
                fprintf(stderr, "Unknown command \"%s\". Try 'ppcvmctl --help'.\n", argv[optind]);
                return 2;
        }
        argc -= optind;
        argv += optind;
        for (int i = 1; i < argc; i++)
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                        command_help(cmd);
                        return 0;
                }
        if (cmd->run == cmd_help)
                return cmd_help(argc, argv);
        int n = expected_args(cmd);
        if (n >= 0 && argc - 1 != n) {
                fprintf(stderr, "Usage: ppcvmctl %s %s\n", cmd->name, cmd->args);
                return 2;
        }
        if (connect_bus() < 0)
                return 1;
        /* 0, not 1: GNU getopt re-initialises fully, dropping the "+" (stop at
         * the first non-option) of the global option scan above. */
        optind = 0;
        r = cmd->run(argc, argv);
        if (r == 2)
                fprintf(stderr, "Usage: ppcvmctl %s %s\n", cmd->name, cmd->args);
        sd_bus_flush_close_unref(bus);
        return r;
}
