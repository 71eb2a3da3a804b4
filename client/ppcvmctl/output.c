/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ppcvmctl.h"

void print_json(JsonNode *node)
{
        g_autoptr(JsonGenerator) gen = json_generator_new();
        g_autofree char *s = NULL;

        json_generator_set_root(gen, node);
        json_generator_set_pretty(gen, TRUE);
        s = json_generator_to_data(gen, NULL);
        printf("%s\n", s);
}

int print_bus_error(const char *what, const sd_bus_error *error, int r)
{
        if (error && sd_bus_error_is_set(error))
                fprintf(stderr, "%s: %s\n", what, error->message);
        else
                fprintf(stderr, "%s: %s\n", what, strerror(r < 0 ? -r : r));
        return 1;
}
