/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once
#include "ppcvm-bus.h"

/* Reads a remote_nonnull_domain argument (and a flags word after it when
 * flags_follow) and resolves it; NULL with the call's error set. */
VmInfo *call_get_vm(Call *call, bool flags_follow, uint32_t *ret_flags);
