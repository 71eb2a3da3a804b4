/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The block translator (x86-64 hosts; jit/none.c elsewhere), as the
 * execution loop (exec.c) uses it.
 *
 * A block starts at any decoded slot of a page and runs to an
 * unconditional branch, the end of the page or a length limit.  Its code
 * keeps the handler contract of cpu.h exactly: instructions the translator
 * knows are inline templates, every other one is a call of the slot's
 * handler with cpu->nip at that instruction, and the block leaves on any
 * result but EMU_NEXT with cpu->nip as the handler left it.  On every exit
 * cpu->insns has counted the instructions the block completed, the one
 * that ended it included (as the interpreter counts).
 *
 * Code belongs to its decoded page: page_fill (a page decoded afresh)
 * resets the page's entries.  A block goes straight on to the block at its
 * jump's target only while no request (kick, interrupt it may take) is
 * pending and nothing asks for single steps: inline when MSR[IR] is clear,
 * the target is in its page and the page's code generation is the one it
 * was translated under; otherwise (relocated fetch, another page) when
 * emu_exec_page_cached finds the target's page as the loop would, checking
 * the fetch translation afresh at every jump, since one real page may be
 * mapped at several effective addresses and translations change.
 *
 * Translated code assumes MSR[SF] = 1 (64-bit mode; a change of SF ends a
 * block through EMU_JUMP): the loop runs 32-bit code in the interpreter.
 */
#pragma once

#include "vcpu/emu/emu.h"

struct emu_jit;

/* The JIT of vcpu v, or NULL when PPCVMD_EMU_JIT=0, on hosts without a
 * translator, or when executable memory is refused (the interpreter runs). */
struct emu_jit *emu_jit_create(struct emu_vcpu *v);
void emu_jit_free(struct emu_jit *jit);

/* Forgets the translated blocks of pg (its slots are decoded afresh). */
void emu_jit_page_reset(struct emu_page *pg);
void emu_jit_page_free(struct emu_page *pg);

/* Runs the block at slot i of pg (cpu->nip is its address), translating it
 * first if needed: EMU_JUMP or EMU_EXIT (or any other handler result), or
 * -1 when there is no code for it (the caller interprets). */
int emu_jit_run(struct emu_jit *jit, struct emu_page *pg, unsigned i);

/* From exec.c: the decoded page and slot (*ret_i) the loop would run for
 * cpu->nip without translating, decoding or filling anything - the page
 * cached for its real page and MSR[LE], code unchanged, and with MSR[IR]
 * set the fetch translation cached and current - else NULL. */
struct emu_page *emu_exec_page_cached(struct emu_vcpu *v, unsigned *ret_i);

/* From exec.c: slot i of pg, decoded (and specialised) if it was not yet;
 * whether pg holds little-endian code. */
struct emu_insn *emu_exec_slot(struct emu_page *pg, unsigned i);
bool emu_exec_page_le(const struct emu_page *pg);
