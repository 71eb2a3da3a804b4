/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "ldst.h"

const struct emu_opdesc emu_ops_cache[] = {
        { NULL, 0, 0, NULL, NULL },
};
