/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The backend's probe: which KVM flavours can run a PowerPC VM here. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "vcpu/kvm/kvm_internal.h"
#include "vcpu/kvm/kvm_probe.h"

int kvm_open_system(int *ret_fd, char *reason, size_t reason_len)
{
        int fd = open(KVM_DEV_PATH, O_RDWR | O_CLOEXEC);
        int version;

        if (fd < 0) {
                int e = errno;
                snprintf(reason, reason_len, "cannot open " KVM_DEV_PATH ": %s", strerror(e));
                return -e;
        }
        version = ioctl(fd, KVM_GET_API_VERSION, 0);
        if (version != KVM_API_VERSION_OK) {
                snprintf(reason, reason_len, KVM_DEV_PATH " speaks KVM API %d, not %d",
                         version, KVM_API_VERSION_OK);
                close(fd);
                return -ENODEV;
        }
        *ret_fd = fd;
        return 0;
}

#if defined(__powerpc64__)
static void try_flavour(int sys_fd, int type, struct kvm_probe_flavour *f)
{
        int vm = ioctl(sys_fd, KVM_CREATE_VM, (unsigned long)type);

        if (vm < 0) {
                f->usable = false;
                f->error = errno;
                return;
        }
        f->usable = true;
        f->error = 0;
        close(vm);
}

static const char *flavour_text(const struct kvm_probe_flavour *f, char *buf, size_t len)
{
        if (f->usable)
                return "usable";
        snprintf(buf, len, "not usable (KVM_CREATE_VM: %s)", strerror(f->error));
        return buf;
}

static int probe_powerpc(struct kvm_probe_result *res)
{
        char hv[96], pr[96], why[160];
        int fd, r;

        res->powerpc_host = true;
        r = kvm_open_system(&fd, why, sizeof(why));
        if (r < 0) {
                snprintf(res->reason, sizeof(res->reason), "%s", why);
                return r;
        }
        res->device = true;
        res->api_version = KVM_API_VERSION_OK;
        try_flavour(fd, PPC_KVM_VM_HV, &res->hv);
        try_flavour(fd, PPC_KVM_VM_PR, &res->pr);
        close(fd);
        snprintf(res->reason, sizeof(res->reason), "KVM-HV %s; KVM-PR %s",
                 flavour_text(&res->hv, hv, sizeof(hv)), flavour_text(&res->pr, pr, sizeof(pr)));
        return res->hv.usable || res->pr.usable ? 0 : -ENODEV;
}
#else
/* KVM here runs guests of the host's own architecture; a VM of "type 1"
 * would mean something else entirely, so nothing is created. */
static int probe_foreign(struct kvm_probe_result *res)
{
        struct utsname u;
        const char *arch = uname(&u) == 0 ? u.machine : "non-PowerPC";
        int fd = open(KVM_DEV_PATH, O_RDWR | O_CLOEXEC);

        res->hv.error = res->pr.error = ENODEV;
        if (fd < 0) {
                snprintf(res->reason, sizeof(res->reason),
                         "this host is %s with no usable " KVM_DEV_PATH " (%s); "
                         "KVM-HV and KVM-PR need a PowerPC host", arch, strerror(errno));
                return -ENODEV;
        }
        res->device = true;
        res->api_version = ioctl(fd, KVM_GET_API_VERSION, 0);
        close(fd);
        snprintf(res->reason, sizeof(res->reason),
                 KVM_DEV_PATH " here is %s KVM (API %d): it cannot run PowerPC guests; "
                 "KVM-HV and KVM-PR need a PowerPC host", arch, res->api_version);
        return -ENODEV;
}
#endif

int kvm_probe_host(struct kvm_probe_result *res)
{
        memset(res, 0, sizeof(*res));
        res->api_version = -1;
#if defined(__powerpc64__)
        return probe_powerpc(res);
#else
        return probe_foreign(res);
#endif
}
