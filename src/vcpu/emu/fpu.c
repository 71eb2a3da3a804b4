/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cpu.h"

uint64_t emu_fp_single_to_double(uint32_t s) { (void)s; return 0; }
uint32_t emu_fp_double_to_single(uint64_t d) { (void)d; return 0; }
