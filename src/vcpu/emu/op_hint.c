/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VMX data-stream hints: dst, dstt, dstst, dststt, dss, dssall.  They only
 * tell the cache what a program is about to touch; POWER9 performs no
 * operation for them (and QEMU neither), and Linux's radix context switch
 * issues dssall on every mm switch.  No facility check: a hint never traps.
 */
#include "cpu.h"

static int op_data_stream_hint(struct emu_cpu *cpu, const struct emu_insn *in)
{
        (void)cpu;
        (void)in;
        return EMU_NEXT;
}

#define X_FORM_31(xo) 0xfc0007feu, ((31u << 26) | ((uint32_t)(xo) << 1))

const struct emu_opdesc emu_ops_hint[] = {
        { "dst", X_FORM_31(342), op_data_stream_hint, NULL },
        { "dstst", X_FORM_31(374), op_data_stream_hint, NULL },
        { "dss", X_FORM_31(822), op_data_stream_hint, NULL },
        { NULL, 0, 0, NULL, NULL },
};
