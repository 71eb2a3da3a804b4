/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Persistent definitions: one JSON file per VM in the state directory,
 * written atomically (temporary file, fsync, rename, fsync of the directory),
 * so a crash at any moment leaves either the old or the new file, never a
 * partial one.
 */
#pragma once

#include <glib.h>

#include "definition.h"

int store_init(const char *dir, GError **error);
int store_save(const char *dir, const VmDefinition *d, GError **error);
int store_remove(const char *dir, const char *name, GError **error);

/* Calls fn for every valid definition; reports each unreadable or invalid
 * file through bad (path, reason) and skips it.  Never deletes anything. */
typedef void (*store_load_fn)(VmDefinition *d, void *userdata);   /* takes d */
typedef void (*store_bad_fn)(const char *path, const char *reason, void *userdata);
int store_load_all(const char *dir, store_load_fn fn, store_bad_fn bad, void *userdata, GError **error);
