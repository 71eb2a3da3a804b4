/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "vm-state.h"

static const char *const state_names[_VM_STATE_MAX] = {
        [VM_STATE_SHUTOFF] = "shutoff",
        [VM_STATE_STARTING] = "starting",
        [VM_STATE_RUNNING] = "running",
        [VM_STATE_PAUSED] = "paused",
        [VM_STATE_STOPPING] = "stopping",
        [VM_STATE_CRASHED] = "crashed",
};

static const char *const op_names[_VM_OP_MAX] = {
        [VM_OP_START] = "Start",
        [VM_OP_PAUSE] = "Pause",
        [VM_OP_RESUME] = "Resume",
        [VM_OP_SHUTDOWN] = "Shutdown",
        [VM_OP_DESTROY] = "Destroy",
        [VM_OP_RESET] = "Reset",
        [VM_OP_UNDEFINE] = "Undefine",
        [VM_OP_REGS] = "register access",
        [VM_OP_INTERRUPT] = "Interrupt",
        [VM_OP_CONSOLE] = "OpenConsole",
};

#define S(x) (1u << VM_STATE_##x)

/* The transition table: the states each operation may start from. */
static const unsigned op_allowed[_VM_OP_MAX] = {
        [VM_OP_START] = S(SHUTOFF) | S(CRASHED),
        [VM_OP_PAUSE] = S(RUNNING) | S(STOPPING),
        [VM_OP_RESUME] = S(PAUSED),
        [VM_OP_SHUTDOWN] = S(RUNNING),
        [VM_OP_DESTROY] = S(STARTING) | S(RUNNING) | S(PAUSED) | S(STOPPING) | S(CRASHED),
        [VM_OP_RESET] = S(RUNNING) | S(PAUSED) | S(CRASHED),
        [VM_OP_UNDEFINE] = S(SHUTOFF) | S(RUNNING) | S(PAUSED) | S(STOPPING) | S(CRASHED) | S(STARTING),
        [VM_OP_REGS] = S(PAUSED) | S(CRASHED),
        [VM_OP_INTERRUPT] = S(RUNNING) | S(PAUSED) | S(STOPPING),
        [VM_OP_CONSOLE] = S(SHUTOFF) | S(STARTING) | S(RUNNING) | S(PAUSED) | S(STOPPING) | S(CRASHED),
};

static const char *const op_states_text[_VM_OP_MAX] = {
        [VM_OP_START] = "shut off or crashed",
        [VM_OP_PAUSE] = "running",
        [VM_OP_RESUME] = "paused",
        [VM_OP_SHUTDOWN] = "running",
        [VM_OP_DESTROY] = "running, paused, stopping or crashed",
        [VM_OP_RESET] = "running, paused or crashed",
        [VM_OP_UNDEFINE] = "in any state",
        [VM_OP_REGS] = "paused (or crashed)",
        [VM_OP_INTERRUPT] = "running or paused",
        [VM_OP_CONSOLE] = "in any state",
};

const char *vm_state_to_string(enum vm_state s)
{
        return (unsigned)s < _VM_STATE_MAX ? state_names[s] : NULL;
}

int vm_state_from_string(const char *s)
{
        for (int i = 0; s && i < _VM_STATE_MAX; i++)
                if (strcmp(s, state_names[i]) == 0)
                        return i;
        return -1;
}

const char *vm_op_to_string(enum vm_op op)
{
        return (unsigned)op < _VM_OP_MAX ? op_names[op] : NULL;
}

bool vm_state_allows(enum vm_state s, enum vm_op op)
{
        return (unsigned)s < _VM_STATE_MAX && (unsigned)op < _VM_OP_MAX && (op_allowed[op] & (1u << s));
}

const char *vm_op_valid_states(enum vm_op op)
{
        return (unsigned)op < _VM_OP_MAX ? op_states_text[op] : "never";
}
