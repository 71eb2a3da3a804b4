/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cpu.h"

const struct emu_opdesc emu_ops_vmx_crypto[] = {
        { NULL, 0, 0, NULL, NULL },
};
