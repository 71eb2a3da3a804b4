/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * virtppcvmd: main.  Where the sockets are, which bus ppcvmd is on.
 *
 *   system  /run/libvirt/virtppcvmd-sock     (0660, group ppcvm)
 *           /run/libvirt/virtppcvmd-sock-ro  (0666, read-only)
 *   session $XDG_RUNTIME_DIR/libvirt/virtppcvmd-sock (and -ro)
 *   --socket PATH: PATH and PATH-ro, for tests and unprivileged use.
 * Under systemd socket activation the passed sockets are used; one whose
 * name (FileDescriptorName=) contains "-ro" is read-only.
 */
#include <errno.h>
#include <getopt.h>
#include <glib-unix.h>
#include <grp.h>
#include <libxml/parser.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "ppcvm-bus.h"

#define SYSTEM_SOCKET "/run/libvirt/virtppcvmd-sock"
#define RW_GROUP "ppcvm"

static const char *arg_socket;
static const char *arg_socket_ro;
static const char *arg_bus = "system";
static bool arg_session;

static void help(void)
{
        printf("Usage: virtppcvmd [OPTIONS]\n"
               "\n"
               "Serves libvirt's remote protocol for ppcvmd: virsh -c ppcvm:///system, python3-libvirt, ...\n"
               "\n"
               "Options:\n"
               "  --socket PATH        listen on PATH (read-write) and PATH-ro (read-only)\n"
               "                       (default: " SYSTEM_SOCKET "[-ro])\n"
               "  --socket-ro PATH     the read-only socket's path\n"
               "  --session            listen on $XDG_RUNTIME_DIR/libvirt/virtppcvmd-sock[-ro]\n"
               "  --bus system|session|ADDRESS  where ppcvmd is (default: system)\n"
               "  --version            print the version and exit\n"
               "  -h, --help           print this help and exit\n");
}

static int parse_args(int argc, char **argv)
{
        enum { OPT_SOCKET = 0x100, OPT_SOCKET_RO, OPT_SESSION, OPT_BUS, OPT_VERSION };
        static const struct option options[] = {
                { "socket", required_argument, NULL, OPT_SOCKET },
                { "socket-ro", required_argument, NULL, OPT_SOCKET_RO },
                { "session", no_argument, NULL, OPT_SESSION },
                { "bus", required_argument, NULL, OPT_BUS },
                { "version", no_argument, NULL, OPT_VERSION },
                { "help", no_argument, NULL, 'h' },
                {}
        };
        int c;

        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0) {
                switch (c) {
                case OPT_SOCKET: arg_socket = optarg; break;
                case OPT_SOCKET_RO: arg_socket_ro = optarg; break;
                case OPT_SESSION: arg_session = true; break;
                case OPT_BUS: arg_bus = optarg; break;
                case OPT_VERSION: puts(PPCVMD_VERSION); return 0;
                case 'h': help(); return 0;
                default: return -EINVAL;
                }
        }
        if (optind < argc) {
                fprintf(stderr, "Unexpected argument: %s\n", argv[optind]);
                return -EINVAL;
        }
        return 1;
}

static int listen_passed_sockets(void)
{
        char **names = NULL;
        int n = sd_listen_fds_with_names(1, &names);

        for (int i = 0; i < n; i++)
                server_adopt_listener(SD_LISTEN_FDS_START + i, names && strstr(names[i], "-ro") != NULL);
        g_strfreev(names);
        return n;
}

static int listen_sockets(void)
{
        g_autofree char *rw = NULL, *ro = NULL;
        bool system = !arg_socket && !arg_session;
        struct group *gr;
        int r;

        if (arg_socket)
                rw = g_strdup(arg_socket);
        else if (arg_session)
                rw = g_build_filename(g_get_user_runtime_dir(), "libvirt", "virtppcvmd-sock", NULL);
        else
                rw = g_strdup(SYSTEM_SOCKET);
        ro = arg_socket_ro ? g_strdup(arg_socket_ro) : g_strconcat(rw, "-ro", NULL);
        r = server_listen(rw, false, system ? 0660 : 0600);
        if (r < 0) {
                fprintf(stderr, "Failed to listen on %s: %s\n", rw, strerror(-r));
                return r;
        }
        if (system && (gr = getgrnam(RW_GROUP)) && chown(rw, 0, gr->gr_gid) < 0)
                fprintf(stderr, "Failed to give %s to group " RW_GROUP ": %s\n", rw, strerror(errno));
        r = server_listen(ro, true, 0666);
        if (r < 0) {
                fprintf(stderr, "Failed to listen on %s: %s\n", ro, strerror(-r));
                return r;
        }
        return 0;
}

static gboolean on_quit(gpointer loop)
{
        g_main_loop_quit(loop);
        return G_SOURCE_CONTINUE;
}

int main(int argc, char **argv)
{
        g_autoptr(GMainLoop) loop = NULL;
        int r;

        r = parse_args(argc, argv);
        if (r <= 0)
                return r < 0 ? 2 : 0;
        signal(SIGPIPE, SIG_IGN);
        xmlInitParser();
        r = ppcvm_bus_open(arg_bus);
        if (r < 0) {
                fprintf(stderr, "Failed to connect to the %s bus: %s\n", arg_bus, strerror(-r));
                return 1;
        }
        vmcache_init();
        if (listen_passed_sockets() <= 0 && listen_sockets() < 0)
                return 1;
        ppcvm_bus_attach();
        loop = g_main_loop_new(NULL, FALSE);
        g_unix_signal_add(SIGTERM, on_quit, loop);
        g_unix_signal_add(SIGINT, on_quit, loop);
        (void)sd_notify(0, "READY=1");
        g_main_loop_run(loop);
        (void)sd_notify(0, "STOPPING=1");
        server_shutdown();
        sd_bus_flush_close_unref(ppcvm_bus);
        return 0;
}
