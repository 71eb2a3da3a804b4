/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cpu.h"

const struct emu_opdesc emu_ops_vsx_fp[] = {
        { NULL, 0, 0, NULL, NULL },
};
