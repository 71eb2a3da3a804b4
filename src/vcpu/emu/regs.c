/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* XER, kept as separate bits for cheap updates, and assembled on demand. */
#include "cpu.h"

uint64_t emu_get_xer(const struct emu_cpu *cpu)
{
        return (cpu->so ? XER_SO : 0) | (cpu->ov ? XER_OV : 0) | (cpu->ca ? XER_CA : 0) |
               (cpu->ov32 ? XER_OV32 : 0) | (cpu->ca32 ? XER_CA32 : 0) | (cpu->xer_bc & XER_BC);
}

void emu_set_xer(struct emu_cpu *cpu, uint64_t xer)
{
        cpu->so = !!(xer & XER_SO);
        cpu->ov = !!(xer & XER_OV);
        cpu->ca = !!(xer & XER_CA);
        cpu->ov32 = !!(xer & XER_OV32);
        cpu->ca32 = !!(xer & XER_CA32);
        cpu->xer_bc = xer & XER_BC;
}
