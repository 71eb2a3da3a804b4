/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The VM state machine.  Each operation says in which states it is valid;
 * vm_state_check() answers before anything is touched, so a call in the wrong
 * state changes nothing.
 */
#pragma once

#include <stdbool.h>

enum vm_state {
        VM_STATE_SHUTOFF,     /* defined, not running */
        VM_STATE_STARTING,
        VM_STATE_RUNNING,
        VM_STATE_PAUSED,
        VM_STATE_STOPPING,    /* Shutdown asked the guest to power off */
        VM_STATE_CRASHED,     /* a vcpu failed; kept for inspection until Destroy */
        _VM_STATE_MAX,
};

enum vm_op {
        VM_OP_START,
        VM_OP_PAUSE,
        VM_OP_RESUME,
        VM_OP_SHUTDOWN,
        VM_OP_DESTROY,
        VM_OP_RESET,
        VM_OP_UNDEFINE,
        VM_OP_REGS,           /* GetRegs/SetRegs and friends */
        VM_OP_INTERRUPT,      /* VCPU.Interrupt, EnableCap */
        VM_OP_CONSOLE,        /* OpenConsole */
        _VM_OP_MAX,
};

const char *vm_state_to_string(enum vm_state s);
int vm_state_from_string(const char *s);
const char *vm_op_to_string(enum vm_op op);
/* Is op valid in state s? */
bool vm_state_allows(enum vm_state s, enum vm_op op);
/* A sentence listing the states in which op is valid ("running or paused"). */
const char *vm_op_valid_states(enum vm_op op);
