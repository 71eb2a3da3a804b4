/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Just enough of a flattened device tree reader to find nodes by path and
 * read their properties.  Node "offsets" are offsets of FDT_BEGIN_NODE tokens
 * in the structure block.
 */
#include "rt.h"

#define FDT_MAGIC       0xd00dfeed
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

static const uint8_t *fdt;
static const uint8_t *structs;
static const char *strings;

static uint32_t rd32(const void *p)
{
        return be32(*(const uint32_t *)p);
}

static int align4(int n)
{
        return (n + 3) & ~3;
}

static uint32_t token(int off)
{
        return rd32(structs + off);
}

bool dt_init(const void *blob)
{
        if (!blob || rd32(blob) != FDT_MAGIC)
                return false;
        fdt = blob;
        structs = fdt + rd32(fdt + 8);
        strings = (const char *)fdt + rd32(fdt + 12);
        return true;
}

const void *dt_blob(void)
{
        return fdt;
}

const char *dt_name(int node)
{
        return (const char *)structs + node + 4;
}

static int skip_nops(int off)
{
        while (token(off) == FDT_NOP)
                off += 4;
        return off;
}

/* Offset of the first token after a node's name. */
static int after_name(int node)
{
        return node + 4 + align4((int)strlen(dt_name(node)) + 1);
}

/* Offset of the first token after a property (or NOP). */
static int after_prop(int off)
{
        return off + 12 + align4((int)rd32(structs + off + 4));
}

/* Offset of the first child (or END_NODE) of a node. */
static int after_props(int node)
{
        int off = skip_nops(after_name(node));

        while (token(off) == FDT_PROP)
                off = skip_nops(after_prop(off));
        return off;
}

/* Offset just past a node's FDT_END_NODE. */
static int node_end(int node)
{
        int off = after_props(node);

        while (token(off) == FDT_BEGIN_NODE)
                off = skip_nops(node_end(off));
        return off + 4;
}

int dt_next_child(int node, int prev)
{
        int off = prev < 0 ? after_props(node) : skip_nops(node_end(prev));

        return token(off) == FDT_BEGIN_NODE ? off : -1;
}

const void *dt_prop(int node, const char *name, int *ret_len)
{
        int off = skip_nops(after_name(node));

        while (token(off) == FDT_PROP) {
                if (!strcmp(strings + rd32(structs + off + 8), name)) {
                        if (ret_len)
                                *ret_len = (int)rd32(structs + off + 4);
                        return structs + off + 12;
                }
                off = skip_nops(after_prop(off));
        }
        return NULL;
}

uint32_t dt_u32(int node, const char *name, uint32_t dflt)
{
        int len;
        const void *p = dt_prop(node, name, &len);

        return p && len >= 4 ? rd32(p) : dflt;
}

bool dt_has_string(int node, const char *prop, const char *s)
{
        int len;
        const char *p = dt_prop(node, prop, &len);

        for (int i = 0; p && i < len; i += (int)strlen(p + i) + 1)
                if (!strcmp(p + i, s))
                        return true;
        return false;
}

/* "vty" matches "vty" and "vty@71000000"; "vty@1" matches only itself. */
static bool name_matches(const char *name, const char *comp, size_t n)
{
        if (strncmp(name, comp, n))
                return false;
        return name[n] == 0 || name[n] == '@';
}

int dt_find(const char *path)
{
        int node = skip_nops(0);

        if (!fdt || *path != '/')
                return -1;
        while (*path == '/')
                path++;
        while (*path) {
                size_t n = 0;
                int child = -1;

                while (path[n] && path[n] != '/')
                        n++;
                while ((child = dt_next_child(node, child)) >= 0)
                        if (name_matches(dt_name(child), path, n))
                                break;
                if (child < 0)
                        return -1;
                node = child;
                path += n;
                while (*path == '/')
                        path++;
        }
        return node;
}
