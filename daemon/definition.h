/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A VM definition: what a user asks for, as JSON (proto/vm-definition.schema.json).
 * Parsing validates everything; a definition that parsed is safe to use.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "vcpu/vcpu.h"

#define VM_NAME_MAX 64
#define VM_DEF_MAX_JSON (64 * 1024)

enum vm_action {
        VM_ACTION_DESTROY,
        VM_ACTION_RESTART,
        VM_ACTION_PRESERVE,
        _VM_ACTION_MAX,
};

typedef struct VmDefinition {
        char *name;
        char uuid[37];
        uint64_t memory_mib;
        unsigned vcpus;
        enum vcpu_backend_kind backend;
        char *kernel;
        char *initrd;            /* NULL: none */
        char *cmdline;           /* never NULL */
        bool autostart;
        int64_t rtc_offset;      /* seconds */
        unsigned console_ring_kib;
        bool testdev;
        enum vm_action on_poweroff, on_reboot, on_crash;
} VmDefinition;

#define VM_ERROR vm_error_quark()
GQuark vm_error_quark(void);

/* Error codes in VM_ERROR; each maps to a D-Bus error name. */
typedef enum {
        VM_ERROR_INVALID_ARGS,
        VM_ERROR_NO_SUCH_VM,
        VM_ERROR_EXISTS,
        VM_ERROR_WRONG_STATE,
        VM_ERROR_FAILED,
        VM_ERROR_ACCESS_DENIED,
} VmErrorCode;

VmDefinition *vm_definition_new(void);
void vm_definition_free(VmDefinition *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VmDefinition, vm_definition_free)

/* Parses and validates JSON; fills a UUID when absent. */
VmDefinition *vm_definition_from_json(const char *json, size_t len, GError **error);
char *vm_definition_to_json(const VmDefinition *d, bool pretty);
VmDefinition *vm_definition_copy(const VmDefinition *d);

/* Name rules: 1..64 bytes of [A-Za-z0-9_.+-], not starting with '.' or '-'. */
bool vm_name_is_valid(const char *name);
bool vm_uuid_is_valid(const char *uuid);
void vm_uuid_generate(char out[37]);

const char *vm_action_to_string(enum vm_action a);
int vm_action_from_string(const char *s);
