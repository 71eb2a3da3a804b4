/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "devtest.h"

static void h_stop(void *o, enum platform_stop why, const char *detail)
{
        struct devtest *t = o;

        t->stops++;
        t->stop_why = why;
        strncpy(t->stop_detail, detail, sizeof(t->stop_detail) - 1);
}

static int h_start_cpu(void *o, unsigned index, uint64_t entry, uint64_t r3)
{
        struct devtest *t = o;

        t->start_calls++;
        t->start_index = index;
        t->start_entry = entry;
        t->start_r3 = r3;
        return t->start_ret;
}

static void h_stop_self(void *o, unsigned index)
{
        struct devtest *t = o;

        t->stop_self_calls++;
        t->stopped[index] = true;
}

static bool h_cpu_stopped(void *o, unsigned index)
{
        return ((struct devtest *)o)->stopped[index];
}

static void h_console(void *o, const uint8_t *buf, size_t len)
{
        struct devtest *t = o;

        if (len > sizeof(t->out) - t->out_len)
                len = sizeof(t->out) - t->out_len;
        memcpy(t->out + t->out_len, buf, len);
        t->out_len += len;
}

void devtest_init(struct devtest *t, bool testdev)
{
        memset(t, 0, sizeof(*t));
        CHECK(platform_init(&t->p, 0, testdev) == 0);
        t->ram = calloc(1, DEVTEST_RAM);
        CHECK(t->ram);
        t->p.ram = t->ram;
        t->p.ram_size = DEVTEST_RAM;
        CHECK(fake_vcpu_ops.vm_create(&(struct vcpu_vm_config){ .max_vcpus = 2 }, &t->vm) == 0);
        for (unsigned i = 0; i < 2; i++) {
                CHECK(fake_vcpu_ops.vcpu_create(t->vm, i, &t->v[i]) == 0);
                t->p.vcpus[i] = t->v[i];
        }
        t->p.nr_vcpus = 2;
        t->p.xics.nr_servers = 2;
        t->p.hooks = (struct platform_hooks){
                .opaque = t, .stop = h_stop, .start_cpu = h_start_cpu, .stop_self = h_stop_self,
                .cpu_stopped = h_cpu_stopped, .console_output = h_console,
        };
        t->stopped[1] = true;
}

void devtest_fini(struct devtest *t)
{
        for (unsigned i = 0; i < 2; i++)
                fake_vcpu_ops.vcpu_destroy(t->v[i]);
        fake_vcpu_ops.vm_destroy(t->vm);
        platform_fini(&t->p);
        free(t->ram);
}

int64_t devtest_hcall(struct devtest *t, unsigned cpu, uint64_t nr, uint64_t a0, uint64_t a1,
                      uint64_t a2, uint64_t a3, uint64_t ret_args[9])
{
        uint64_t args[9] = { a0, a1, a2, a3 };
        int64_t r = hcall_dispatch(&t->p, t->v[cpu], nr, args);

        if (ret_args)
                memcpy(ret_args, args, sizeof(args));
        return r;
}

static void put_be32(uint8_t *b, uint32_t v)
{
        b[0] = v >> 24;
        b[1] = v >> 16;
        b[2] = v >> 8;
        b[3] = v;
}

uint32_t devtest_be32(const struct devtest *t, uint64_t gpa)
{
        const uint8_t *b = t->ram + gpa;

        return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

int32_t devtest_rtas(struct devtest *t, uint32_t token, uint32_t nargs, uint32_t nret,
                     const uint32_t *args, uint32_t *rets)
{
        uint8_t *blk = t->ram + DEVTEST_RTAS;
        int64_t r;

        put_be32(blk, token);
        put_be32(blk + 4, nargs);
        put_be32(blk + 8, nret);
        for (uint32_t i = 0; i < nargs; i++)
                put_be32(blk + 12 + 4 * i, args[i]);
        for (uint32_t i = 0; i < nret; i++)
                put_be32(blk + 12 + 4 * (nargs + i), 0xdeadbeef);
        r = devtest_hcall(t, 0, KVMPPC_H_RTAS, DEVTEST_RTAS, 0, 0, 0, NULL);
        if (r != H_SUCCESS)
                return (int32_t)r;
        for (uint32_t i = 0; i < nret; i++)
                rets[i] = devtest_be32(t, DEVTEST_RTAS + 12 + 4 * (nargs + i));
        return nret ? (int32_t)rets[0] : 0;
}
