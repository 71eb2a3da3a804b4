/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The VSCR moves (Power ISA 3.0 Book I, 6.5).  The VMX and VSX instructions
 * themselves live in op_vmx_*.c and op_vsx_*.c, one file per concern.
 * VSCR has two bits: NJ (non-Java mode, denormals flushed to zero by VMX
 * floating point) and SAT (sticky saturation).
 */
#include "vec_ops.h"

VX_OP(mfvscr, VW(t, 3) = cpu->vscr)
VX_OP(mtvscr, cpu->vscr = VW(b, 3) & (VSCR_NJ | VSCR_SAT); t = vr_get(cpu, in->rt))

const struct emu_opdesc emu_ops_vector[] = {
        { "mfvscr", VX_MASK, VXO(1540), op_mfvscr, NULL },
        { "mtvscr", VX_MASK, VXO(1604), op_mtvscr, NULL },
        { NULL, 0, 0, NULL, NULL },
};
