/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Integer and branch heavy: a small stack bytecode interpreter (switch
 * dispatch, unpredictable indirect branches) running a program that counts
 * primes by trial division and sums a Collatz walk.
 */
#include "wl.h"

const char wl_name[] = "interp";
const unsigned wl_default_scale = 4;

enum op {
        OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_MUL, OP_MOD, OP_DIV2,
        OP_LT, OP_EQ, OP_JMP, OP_JZ, OP_DUP, OP_DROP, OP_AND, OP_HALT,
};

/* The program, assembled at start-up (labels resolved by emit/label). */
static int32_t code[256];
static size_t ncode;
static size_t label_at[16];
static struct { size_t at; int label; } fixup[32];
static size_t nfixup;

static void emit(int32_t w) { code[ncode++] = w; }
static void emit_jump(int32_t op, int label)
{
        emit(op);
        fixup[nfixup].at = ncode;
        fixup[nfixup++].label = label;
        emit(0);
}
static void label(int l) { label_at[l] = ncode; }

enum { L_LOOP, L_END, L_DLOOP, L_PRIME, L_NEXTD, L_COLLATZ, L_EVEN, L_STEP, L_INC };

/* var[0] n, var[1] primes, var[2] d, var[3] limit, var[4] collatz sum, var[5] x.
 * for n in 2..limit: trial division counts primes; then one Collatz step of n
 * is added to the sum. */
static void assemble(void)
{
        ncode = nfixup = 0;
        emit(OP_PUSH); emit(2); emit(OP_STORE); emit(0);
        label(L_LOOP);
        emit(OP_LOAD); emit(0); emit(OP_LOAD); emit(3); emit(OP_LT); emit_jump(OP_JZ, L_END);
        emit(OP_PUSH); emit(2); emit(OP_STORE); emit(2);
        label(L_DLOOP);
        /* d*d > n: prime */
        emit(OP_LOAD); emit(0); emit(OP_LOAD); emit(2); emit(OP_LOAD); emit(2); emit(OP_MUL);
        emit(OP_LT); emit_jump(OP_JZ, L_NEXTD);
        emit_jump(OP_JMP, L_PRIME);
        label(L_NEXTD);
        emit(OP_LOAD); emit(0); emit(OP_LOAD); emit(2); emit(OP_MOD); emit(OP_PUSH); emit(0);
        emit(OP_EQ); emit_jump(OP_JZ, L_INC);    /* not a divisor: d++ */
        emit_jump(OP_JMP, L_COLLATZ);                       /* composite */
        label(L_INC);
        emit(OP_LOAD); emit(2); emit(OP_PUSH); emit(1); emit(OP_ADD); emit(OP_STORE); emit(2);
        emit_jump(OP_JMP, L_DLOOP);
        label(L_PRIME);
        emit(OP_LOAD); emit(1); emit(OP_PUSH); emit(1); emit(OP_ADD); emit(OP_STORE); emit(1);
        label(L_COLLATZ);
        emit(OP_LOAD); emit(0); emit(OP_STORE); emit(5);
        emit(OP_LOAD); emit(5); emit(OP_PUSH); emit(1); emit(OP_AND); emit_jump(OP_JZ, L_EVEN);
        emit(OP_LOAD); emit(5); emit(OP_PUSH); emit(3); emit(OP_MUL); emit(OP_PUSH); emit(1);
        emit(OP_ADD); emit(OP_DUP); emit(OP_ADD);   /* (3x+1)*2, halved below */
        emit_jump(OP_JMP, L_STEP);
        label(L_EVEN);
        emit(OP_LOAD); emit(5);
        label(L_STEP);
        emit(OP_DIV2); emit(OP_LOAD); emit(4); emit(OP_ADD); emit(OP_STORE); emit(4);
        emit(OP_LOAD); emit(0); emit(OP_PUSH); emit(1); emit(OP_ADD); emit(OP_STORE); emit(0);
        emit_jump(OP_JMP, L_LOOP);
        label(L_END);
        emit(OP_HALT);
        for (size_t i = 0; i < nfixup; i++)
                code[fixup[i].at] = (int32_t)label_at[fixup[i].label];
}

static int64_t run(int32_t limit, uint64_t *ret_steps)
{
        int64_t stack[64], var[8] = { 0 };
        int sp = 0;
        size_t pc = 0;
        uint64_t steps = 0;

        var[3] = limit;
        for (;;) {
                int32_t op = code[pc++];

                steps++;
                switch (op) {
                case OP_PUSH:  stack[sp++] = code[pc++]; break;
                case OP_LOAD:  stack[sp++] = var[code[pc++]]; break;
                case OP_STORE: var[code[pc++]] = stack[--sp]; break;
                case OP_ADD:   sp--; stack[sp - 1] += stack[sp]; break;
                case OP_SUB:   sp--; stack[sp - 1] -= stack[sp]; break;
                case OP_MUL:   sp--; stack[sp - 1] *= stack[sp]; break;
                case OP_MOD:   sp--; stack[sp - 1] %= stack[sp]; break;
                case OP_DIV2:  stack[sp - 1] >>= 1; break;
                case OP_LT:    sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
                case OP_EQ:    sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
                case OP_AND:   sp--; stack[sp - 1] &= stack[sp]; break;
                case OP_JMP:   pc = (size_t)code[pc]; break;
                case OP_JZ:    pc = stack[--sp] ? pc + 1 : (size_t)code[pc]; break;
                case OP_DUP:   stack[sp] = stack[sp - 1]; sp++; break;
                case OP_DROP:  sp--; break;
                case OP_HALT:
                        *ret_steps = steps;
                        return var[1] * 1000003 + var[4];
                default:
                        *ret_steps = steps;
                        return -1;
                }
                if (sp < 0 || sp > 60)
                        return -2;
        }
}

uint64_t wl_run(unsigned scale)
{
        uint64_t h = 0;

        assemble();
        for (unsigned i = 0; i < scale; i++) {
                uint64_t steps;
                int64_t r = run(20000 + (int32_t)i, &steps);

                h = wl_mix(h, (uint64_t)r);
                h = wl_mix(h, steps);
        }
        return h;
}
