/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once
/*
 * virtppcvmd: libvirt's remote protocol in front of ppcvmd, so that virsh,
 * python3-libvirt and every other libvirt client can manage ppcvmd's VMs
 * with the URI ppcvm:///system.  One GLib main loop serves every client;
 * each call becomes one or two synchronous D-Bus calls to ppcvmd.
 */
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <systemd/sd-bus.h>

#include "packet.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(sd_bus_message, sd_bus_message_unref)

#define PPCVMD_BUS_NAME "org.ppcvm.ppcvmd1"
#define PPCVMD_MGR_PATH "/org/ppcvm/ppcvmd1"
#define PPCVMD_VM_PREFIX "/org/ppcvm/ppcvmd1/vm"
#define PPCVMD_MGR_IFACE "org.ppcvm.ppcvmd1.Manager"
#define PPCVMD_VM_IFACE "org.ppcvm.ppcvmd1.VM"

/* The hypervisor type clients see (virsh version, virConnectGetType). */
#define LV_DRIVER_TYPE "ppcvm"

typedef struct Client Client;

/* One registered lifecycle callback of a client. */
typedef struct {
        int32_t id;
        bool filtered;                     /* only events of this uuid */
        uint8_t uuid[VIR_UUID_BUFLEN];
} EventCallback;

struct Client {
        int fd;
        bool ro_socket;                    /* accepted on the -ro socket */
        bool readonly;
        bool opened;                       /* CONNECT_OPEN succeeded */
        char *uri;
        guint in_source;
        guint out_source;
        /* The frame being read: its length word, then its body. */
        uint8_t word[4];
        size_t word_got;
        uint8_t *body;
        uint32_t body_len;
        size_t body_got;
        GByteArray *out;
        GHashTable *streams;               /* serial -> ConsoleStream */
        GArray *callbacks;                 /* EventCallback */
        int32_t next_callback_id;
        bool closing;
};

/* A call being answered: its header, the arguments still to read, the
 * reply payload being written, or the error. */
typedef struct {
        Client *client;
        struct lv_header hdr;
        struct xdr_reader args;
        struct xdr_writer ret;
        int err_code;
        int err_domain;
        char *err_message;
} Call;

/* server.c */
extern GList *lv_clients;
/* Queues a whole frame for the client (takes the writer's buffer). */
void client_send_frame(Client *c, struct xdr_writer *frame);
/* Frames of REMOTE_PROGRAM not answering a call: events, stream data. */
void client_send_message(Client *c, int32_t proc, uint32_t type, uint32_t serial, uint32_t status,
                         const void *payload, size_t len);
size_t client_pending_output(const Client *c);
void client_drop(Client *c);
int server_listen(const char *path, bool readonly, mode_t mode);
void server_adopt_listener(int fd, bool readonly);
void server_shutdown(void);

/* dispatch.c */
void dispatch_call(Client *c, const struct lv_header *h, const uint8_t *payload, size_t len);
void dispatch_call_with_fds(Client *c, const struct lv_header *h);
/* Sets the call's error; returns -1 so handlers can `return call_fail(...)`. */
int call_fail(Call *call, int code, int domain, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* False (and the error set) when the arguments did not decode exactly. */
bool call_args_done(Call *call);

/* A handler: 0 with the reply payload in call->ret, or -1 with the error set. */
typedef int (*ProcHandler)(Call *call);
#define PROC_WRITE      1u   /* refused on a read-only connection */
#define PROC_NEEDS_OPEN 2u   /* only after CONNECT_OPEN */
typedef struct {
        int32_t proc;
        const char *api;        /* libvirt's API name, for the read-only error */
        ProcHandler run;
        unsigned flags;
} ProcEntry;
extern const ProcEntry procs_connect[];
extern const ProcEntry procs_domain[];
extern const ProcEntry procs_lifecycle[];

/* console-stream.c */
int console_stream_open(Call *call, int fd);
/* A STREAM frame from the client (dropped when its stream has ended). */
void console_stream_input(Client *c, const struct lv_header *h, const uint8_t *payload, size_t len);
void console_streams_free(Client *c);
/* The client's output queue drained: resume reading consoles. */
void console_streams_resume(Client *c);
