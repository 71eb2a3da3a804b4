/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once
/*
 * The D-Bus side: ppcvmd's VMs as virtppcvmd needs them, and ppcvmd's
 * errors turned into libvirt's.
 */
#include "virtppcvmd.h"

typedef struct {
        char *path;
        char *name;
        char *uuid_str;
        uint8_t uuid[VIR_UUID_BUFLEN];
        char *state;            /* ppcvmd's state name */
        char *exit_reason;
        char *definition;       /* JSON */
        bool persistent;
        bool autostart;
        uint32_t vcpus;
        uint64_t memory_mib;
        uint64_t instructions;
} VmInfo;

void vm_info_free(VmInfo *vm);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VmInfo, vm_info_free)

extern sd_bus *ppcvm_bus;
int ppcvm_bus_open(const char *which);
void ppcvm_bus_attach(void);

/* Fetches a VM's properties (NULL when it is gone). */
VmInfo *vm_info_fetch(const char *path);

/* Lookups: the VM, or NULL with the call's error set as libvirt would. */
VmInfo *vm_lookup_name(Call *call, const char *name);
VmInfo *vm_lookup_uuid(Call *call, const uint8_t uuid[VIR_UUID_BUFLEN]);
VmInfo *vm_lookup_id(Call *call, int32_t id);
/* A remote_nonnull_domain argument, resolved by uuid as libvirtd does. */
VmInfo *vm_lookup_dom(Call *call, const struct lv_dom *dom);
/* Every VM, in ppcvmd's order (by name). */
GPtrArray *vm_list_all(Call *call);

/* A VM method call with ppcvmd's errors mapped; 0 or -1. */
int vm_call(Call *call, const VmInfo *vm, const char *method, const char *sig, ...);
/* Sets the call's error from a failed D-Bus call. */
int call_fail_bus(Call *call, const sd_bus_error *error, int r, const char *what);

/* libvirt's view of the VM */
bool vm_is_active(const VmInfo *vm);
int vm_lv_state(const VmInfo *vm, int *ret_reason);
int32_t vm_lv_id(const VmInfo *vm);
void put_vm_dom(struct xdr_writer *w, const VmInfo *vm);
bool uuid_parse(const char *s, uint8_t out[VIR_UUID_BUFLEN]);
void uuid_format(const uint8_t uuid[VIR_UUID_BUFLEN], char out[37]);

/* vmcache.c: what virtppcvmd remembers about each VM (its libvirt id, its
 * last state) and the lifecycle events its changes become. */
void vmcache_init(void);
void vmcache_observe(const VmInfo *vm);
int32_t vmcache_id(const VmInfo *vm);
