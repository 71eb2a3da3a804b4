/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"

static gboolean fail_errno(GError **error, int err, const char *what, const char *path)
{
        g_set_error(error, VM_ERROR, VM_ERROR_FAILED, "Failed to %s %s: %s", what, path, g_strerror(err));
        return FALSE;
}

int store_init(const char *dir, GError **error)
{
        if (g_mkdir_with_parents(dir, 0755) < 0) {
                int err = errno;
                fail_errno(error, err, "create state directory", dir);
                return -err;
        }
        return 0;
}

static char *def_path(const char *dir, const char *name)
{
        g_autofree char *file = g_strconcat(name, ".json", NULL);
        return g_build_filename(dir, file, NULL);
}

static int fsync_dir(const char *dir)
{
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        int r = fsync(fd) < 0 ? -errno : 0;
        close(fd);
        return r;
}

int store_save(const char *dir, const VmDefinition *d, GError **error)
{
        g_autofree char *json = vm_definition_to_json(d, true);
        g_autofree char *path = def_path(dir, d->name);
        g_autofree char *tmp = g_strdup_printf("%s/.%s.json.XXXXXX", dir, d->name);
        size_t len = strlen(json), off = 0;
        int fd, err;

        fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0644);
        if (fd < 0) {
                err = errno;
                fail_errno(error, err, "create", tmp);
                return -err;
        }
        while (off < len) {
                ssize_t n = write(fd, json + off, len - off);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0) {
                        err = n < 0 ? errno : EIO;
                        goto fail;
                }
                off += (size_t)n;
        }
        if (write(fd, "\n", 1) != 1 || fsync(fd) < 0) {
                err = errno ? errno : EIO;
                goto fail;
        }
        if (close(fd) < 0) {
                fd = -1;
                err = errno;
                goto fail;
        }
        fd = -1;
        if (rename(tmp, path) < 0) {
                err = errno;
                goto fail;
        }
        (void)fsync_dir(dir);
        return 0;
fail:
        if (fd >= 0)
                close(fd);
        unlink(tmp);
        fail_errno(error, err, "write", path);
        return -err;
}

int store_remove(const char *dir, const char *name, GError **error)
{
        g_autofree char *path = def_path(dir, name);

        if (unlink(path) < 0 && errno != ENOENT) {
                int err = errno;
                fail_errno(error, err, "remove", path);
                return -err;
        }
        (void)fsync_dir(dir);
        return 0;
}

int store_load_all(const char *dir, store_load_fn fn, store_bad_fn bad, void *userdata, GError **error)
{
        g_autoptr(GDir) d = NULL;
        g_autoptr(GError) derr = NULL;
        const char *name;

        d = g_dir_open(dir, 0, &derr);
        if (!d) {
                g_set_error(error, VM_ERROR, VM_ERROR_FAILED, "Failed to read state directory %s: %s", dir,
                            derr->message);
                return -EIO;
        }
        while ((name = g_dir_read_name(d))) {
                g_autofree char *path = NULL, *data = NULL, *expect = NULL;
                g_autoptr(GError) e = NULL;
                size_t len;

                /* Temporary files of an interrupted save start with a dot. */
                if (name[0] == '.' || !g_str_has_suffix(name, ".json"))
                        continue;
                path = g_build_filename(dir, name, NULL);
                if (!g_file_get_contents(path, &data, &len, &e)) {
                        bad(path, e->message, userdata);
                        continue;
                }
                VmDefinition *def = vm_definition_from_json(data, len, &e);
                if (!def) {
                        bad(path, e->message, userdata);
                        continue;
                }
                expect = g_strconcat(def->name, ".json", NULL);
                if (strcmp(expect, name) != 0) {
                        g_autofree char *why = g_strdup_printf("it defines \"%s\", which belongs in %s", def->name,
                                                               expect);
                        bad(path, why, userdata);
                        vm_definition_free(def);
                        continue;
                }
                fn(def, userdata);
        }
        return 0;
}
