/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device Control Registers (KVM_EXIT_DCR, BookE mfdcr/mtdcr).  The pseries
 * platform has no DCR devices: reads return 0, writes are ignored and counted
 * so a guest poking at them is visible.
 */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct dcr_bus {
        atomic_uint_least64_t reads, writes;
};

void dcr_bus_init(struct dcr_bus *b);
/* Serves one access: a read fills *data. */
void dcr_bus_access(struct dcr_bus *b, uint32_t dcrn, uint32_t *data, bool is_write);
