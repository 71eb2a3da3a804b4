/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <grp.h>
#include <linux/kvm.h>
#include <pwd.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "bus-util.h"
#include "definition.h"
#include "manager.h"

int bus_set_gerror(sd_bus_error *ret_error, const GError *error)
{
        const char *name = PPCVMD_ERROR ".Failed";

        if (error && error->domain == VM_ERROR) {
                switch ((VmErrorCode)error->code) {
                case VM_ERROR_INVALID_ARGS:
                        name = SD_BUS_ERROR_INVALID_ARGS;
                        break;
                case VM_ERROR_NO_SUCH_VM:
                        name = PPCVMD_ERROR ".NoSuchVM";
                        break;
                case VM_ERROR_EXISTS:
                        name = PPCVMD_ERROR ".VMExists";
                        break;
                case VM_ERROR_WRONG_STATE:
                        name = PPCVMD_ERROR ".WrongState";
                        break;
                case VM_ERROR_ACCESS_DENIED:
                        name = SD_BUS_ERROR_ACCESS_DENIED;
                        break;
                case VM_ERROR_FAILED:
                        break;
                }
        }
        return sd_bus_error_set(ret_error, name, error ? error->message : "Failed");
}

static const char *errno_name(int err)
{
        switch (err) {
        case EINVAL: return "EINVAL";
        case ENOENT: return "ENOENT";
        case ENOMEM: return "ENOMEM";
        case EBUSY: return "EBUSY";
        case EEXIST: return "EEXIST";
        case ENODEV: return "ENODEV";
        case ENXIO: return "ENXIO";
        case EPERM: return "EPERM";
        case EACCES: return "EACCES";
        case EFAULT: return "EFAULT";
        case ENOSYS: return "ENOSYS";
        case EOPNOTSUPP: return "EOPNOTSUPP";
        case E2BIG: return "E2BIG";
        case ERANGE: return "ERANGE";
        default: return "EIO";
        }
}

int bus_set_errno(sd_bus_error *ret_error, int err, const char *fmt, ...)
{
        char name[64], msg[512];
        va_list ap;

        err = err < 0 ? -err : err;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        snprintf(name, sizeof(name), PPCVMD_ERROR ".%s", errno_name(err));
        sd_bus_error_setf(ret_error, name, "%s: %s", msg, strerror(err));
        return -err;
}

static bool uid_in_group(uid_t uid, gid_t group)
{
        struct passwd *pw = getpwuid(uid);
        gid_t groups[256];
        int n = G_N_ELEMENTS(groups);

        if (!pw)
                return false;
        if (pw->pw_gid == group)
                return true;
        if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) < 0)
                return false;
        for (int i = 0; i < n; i++)
                if (groups[i] == group)
                        return true;
        return false;
}

int bus_check_write_access(sd_bus_message *m, sd_bus_error *ret_error)
{
        sd_bus_creds *creds = NULL;
        uid_t uid;
        int r;

        r = sd_bus_query_sender_creds(m, SD_BUS_CREDS_EUID | SD_BUS_CREDS_AUGMENT, &creds);
        if (r >= 0)
                r = sd_bus_creds_get_euid(creds, &uid);
        if (r < 0) {
                sd_bus_creds_unref(creds);
                return sd_bus_error_set(ret_error, SD_BUS_ERROR_ACCESS_DENIED,
                                        "Cannot tell who is calling, so changes are refused");
        }
        bool ok = uid == 0 || uid == geteuid();
        if (!ok) {
                struct group *gr = getgrnam(PPCVMD_GROUP);
                const gid_t *gids = NULL;
                int n = sd_bus_creds_get_supplementary_gids(creds, &gids);
                for (int i = 0; gr && i < n; i++)
                        ok = ok || gids[i] == gr->gr_gid;
                ok = ok || (gr && uid_in_group(uid, gr->gr_gid));
        }
        sd_bus_creds_unref(creds);
        if (!ok)
                return sd_bus_error_setf(ret_error, SD_BUS_ERROR_ACCESS_DENIED,
                                         "User %u may not change VMs: that needs root or the '%s' group",
                                         (unsigned)uid, PPCVMD_GROUP);
        return 0;
}

const char *kvm_exit_reason_name(unsigned reason)
{
        switch (reason) {
        case KVM_EXIT_UNKNOWN: return "unknown";
        case KVM_EXIT_DEBUG: return "debug";
        case KVM_EXIT_HLT: return "hlt";
        case KVM_EXIT_MMIO: return "mmio";
        case KVM_EXIT_SHUTDOWN: return "shutdown";
        case KVM_EXIT_INTR: return "intr";
        case KVM_EXIT_DCR: return "dcr";
        case KVM_EXIT_INTERNAL_ERROR: return "internal_error";
        case KVM_EXIT_OSI: return "osi";
        case KVM_EXIT_PAPR_HCALL: return "papr_hcall";
        case KVM_EXIT_SYSTEM_EVENT: return "system_event";
        default: return NULL;
        }
}
