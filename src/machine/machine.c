/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The machine's life: create, start, pause, resume, stop, reset, destroy. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/machine_internal.h"

static const char *const stop_reason_names[_MACHINE_STOP_MAX] = {
        [MACHINE_STOP_NONE] = "none",
        [MACHINE_STOP_POWEROFF] = "poweroff",
        [MACHINE_STOP_REBOOT] = "reboot",
        [MACHINE_STOP_OS_TERM] = "os-term",
        [MACHINE_STOP_CRASHED] = "crashed",
};

const char *machine_stop_reason_to_string(enum machine_stop_reason r)
{
        return (unsigned)r < _MACHINE_STOP_MAX ? stop_reason_names[r] : NULL;
}

static int check_config(const struct machine_config *cfg, char *err, size_t err_len)
{
        if (cfg->vcpus < 1 || cfg->vcpus > MACHINE_MAX_VCPUS) {
                snprintf(err, err_len, "%u vcpus: a machine has 1 to %u", cfg->vcpus, MACHINE_MAX_VCPUS);
                return -EINVAL;
        }
        if (cfg->memory_bytes < MACHINE_MIN_MEMORY || cfg->memory_bytes > MACHINE_MAX_MEMORY ||
            cfg->memory_bytes % (1ull << 20)) {
                snprintf(err, err_len, "memory of %" PRIu64 " bytes: it must be a whole number of MiB"
                         " from %llu MiB to %llu MiB", cfg->memory_bytes,
                         MACHINE_MIN_MEMORY >> 20, MACHINE_MAX_MEMORY >> 20);
                return -EINVAL;
        }
        if (cfg->testdev && cfg->memory_bytes > TESTDEV_BASE) {
                snprintf(err, err_len, "the test device sits at 0x%llx: it needs memory of at most %llu MiB",
                         TESTDEV_BASE, TESTDEV_BASE >> 20);
                return -EINVAL;
        }
        if (!cfg->kernel_path) {
                snprintf(err, err_len, "no kernel given");
                return -EINVAL;
        }
        return 0;
}

static bool ops_complete(const struct vcpu_backend_ops *o)
{
        return o->vm_create && o->vm_destroy && o->set_memory_region && o->vcpu_create &&
               o->vcpu_destroy && o->run && o->get_regs && o->set_regs;
}

static int pick_backend(struct machine *m, char *err, size_t err_len)
{
        int r;

        if (m->cfg.backend_ops) {
                m->ops = m->cfg.backend_ops;
                snprintf(m->backend_reason, sizeof(m->backend_reason), "given by the caller");
        } else {
                r = vcpu_backend_select(m->cfg.backend, &m->ops, m->backend_reason,
                                        sizeof(m->backend_reason));
                if (r < 0) {
                        snprintf(err, err_len, "backend %s: %s",
                                 vcpu_backend_kind_to_string(m->cfg.backend) ?: "?", m->backend_reason);
                        return r;
                }
        }
        if (!ops_complete(m->ops)) {
                snprintf(err, err_len, "the %s backend cannot run vcpus yet", m->ops->name);
                return -ENOSYS;
        }
        return 0;
}

static int create_vcpus(struct machine *m, char *err, size_t err_len)
{
        struct vcpu_vm_config vc = { .max_vcpus = m->nr_vcpus };
        int r;

        r = m->ops->vm_create(&vc, &m->vm);
        if (r < 0) {
                snprintf(err, err_len, "the %s backend cannot create a VM: %s", m->ops->name, strerror(-r));
                return r;
        }
        for (unsigned i = 0; i < m->nr_vcpus; i++) {
                struct machine_vcpu *mv = &m->vcpus[i];

                mv->m = m;
                mv->index = i;
                r = m->ops->vcpu_create(m->vm, i, &mv->vcpu);
                if (r < 0) {
                        snprintf(err, err_len, "the %s backend cannot create vcpu %u: %s",
                                 m->ops->name, i, strerror(-r));
                        return r;
                }
                m->plat.vcpus[i] = mv->vcpu;
        }
        return 0;
}

static int setup_platform(struct machine *m, char *err, size_t err_len)
{
        int r = platform_init(&m->plat, m->cfg.rtc_offset, m->cfg.testdev);

        if (r < 0) {
                snprintf(err, err_len, "cannot set up the devices: %s", strerror(-r));
                return r;
        }
        m->plat.hooks = machine_platform_hooks;
        m->plat.hooks.opaque = m;
        m->plat.nr_vcpus = m->nr_vcpus;
        m->plat.xics.nr_servers = m->nr_vcpus;
        return 0;
}

static int copy_strings(struct machine *m, const struct machine_config *cfg)
{
        m->kernel_path = strdup(cfg->kernel_path);
        m->initrd_path = cfg->initrd_path ? strdup(cfg->initrd_path) : NULL;
        m->cmdline = strdup(cfg->cmdline ? cfg->cmdline : "");
        if (!m->kernel_path || !m->cmdline || (cfg->initrd_path && !m->initrd_path))
                return -ENOMEM;
        m->cfg.kernel_path = m->kernel_path;
        m->cfg.initrd_path = m->initrd_path;
        m->cfg.cmdline = m->cmdline;
        return 0;
}

int machine_create(const struct machine_config *cfg, const struct machine_callbacks *cb,
                   struct machine **ret, char *err, size_t err_len)
{
        struct machine *m;
        int r;

        if ((r = check_config(cfg, err, err_len)) < 0)
                return r;
        m = calloc(1, sizeof(*m));
        if (!m) {
                snprintf(err, err_len, "out of memory");
                return -ENOMEM;
        }
        m->cfg = *cfg;
        if (cb)
                m->cb = *cb;
        m->nr_vcpus = cfg->vcpus;
        pthread_mutex_init(&m->lock, NULL);
        pthread_cond_init(&m->cond, NULL);
        if ((r = copy_strings(m, cfg)) < 0) {
                snprintf(err, err_len, "out of memory");
                goto fail;
        }
        if ((r = setup_platform(m, err, err_len)) < 0)
                goto fail;
        if ((r = pick_backend(m, err, err_len)) < 0 || (r = create_vcpus(m, err, err_len)) < 0 ||
            (r = machine_memory_map(m, err, err_len)) < 0)
                goto fail;
        m->plat.ram = m->ram;
        m->plat.ram_size = m->ram_size;
        if ((r = machine_boot_read(m, err, err_len)) < 0 ||
            (r = machine_boot_load(m, err, err_len)) < 0)
                goto fail;
        if ((r = machine_boot_vcpus(m)) < 0) {
                snprintf(err, err_len, "cannot set the boot registers: %s", strerror(-r));
                goto fail;
        }
        m->state = MACHINE_CREATED;
        *ret = m;
        return 0;
fail:
        machine_destroy(m);
        return r;
}

void machine_destroy(struct machine *m)
{
        if (!m)
                return;
        machine_threads_join(m);
        for (unsigned i = 0; i < m->nr_vcpus; i++)
                if (m->vcpus[i].vcpu)
                        m->ops->vcpu_destroy(m->vcpus[i].vcpu);
        if (m->vm)
                m->ops->vm_destroy(m->vm);
        machine_memory_unmap(m);
        if (m->plat.hooks.opaque)
                platform_fini(&m->plat);
        free(m->fdt);
        free(m->kernel_buf);
        free(m->initrd_buf);
        free(m->kernel_path);
        free(m->initrd_path);
        free(m->cmdline);
        pthread_cond_destroy(&m->cond);
        pthread_mutex_destroy(&m->lock);
        free(m);
}

int machine_start(struct machine *m)
{
        if (m->state != MACHINE_CREATED)
                return m->state == MACHINE_STOPPED ? -ESTALE : -EBUSY;
        m->stop_req = false;
        m->pause_req = false;
        m->stop_reported = false;
        m->state = MACHINE_RUNNING;
        return machine_threads_start(m);
}

/* Like machine_start, but every vcpu parks before running an instruction:
 * the caller attaches what it needs (the console) and then resumes. */
int machine_start_paused(struct machine *m)
{
        int r;

        if (m->state != MACHINE_CREATED)
                return m->state == MACHINE_STOPPED ? -ESTALE : -EBUSY;
        m->stop_req = false;
        m->pause_req = true;
        m->stop_reported = false;
        m->state = MACHINE_RUNNING;
        r = machine_threads_start(m);
        if (r < 0)
                return r;
        return machine_pause(m);
}

/* How many vcpus are parked or gone (a thread that ended counts). */
static bool all_parked(struct machine *m)
{
        return m->parked == m->nr_vcpus;
}

int machine_pause(struct machine *m)
{
        if (m->state == MACHINE_PAUSED)
                return 0;
        if (m->state != MACHINE_RUNNING)
                return -EINVAL;
        pthread_mutex_lock(&m->lock);
        m->pause_req = true;
        pthread_mutex_unlock(&m->lock);
        machine_kick_all(m);
        pthread_mutex_lock(&m->lock);
        while (!all_parked(m) && !m->stop_req)
                pthread_cond_wait(&m->cond, &m->lock);
        pthread_mutex_unlock(&m->lock);
        if (m->stop_req) {
                /* the guest stopped meanwhile: the threads are ending */
                machine_stop(m);
                return -ESHUTDOWN;
        }
        m->state = MACHINE_PAUSED;
        return 0;
}

int machine_resume(struct machine *m)
{
        if (m->state == MACHINE_RUNNING)
                return 0;
        if (m->state != MACHINE_PAUSED)
                return -EINVAL;
        pthread_mutex_lock(&m->lock);
        m->pause_req = false;
        pthread_cond_broadcast(&m->cond);
        pthread_mutex_unlock(&m->lock);
        m->state = MACHINE_RUNNING;
        return 0;
}

int machine_stop(struct machine *m)
{
        if (m->state == MACHINE_STOPPED)
                return 0;
        machine_threads_join(m);
        m->state = MACHINE_STOPPED;
        return 0;
}

int machine_reset(struct machine *m, char *err, size_t err_len)
{
        int r;

        if (m->state != MACHINE_STOPPED && m->state != MACHINE_PAUSED && m->state != MACHINE_CREATED) {
                snprintf(err, err_len, "the machine must be stopped or paused to reset it");
                return -EBUSY;
        }
        machine_memory_clear(m);
        platform_reset(&m->plat, m->cfg.rtc_offset);
        r = machine_boot_load(m, err, err_len);
        if (m->ops->ram_written)
                m->ops->ram_written(m->vm, 0, m->ram_size);
        if (r < 0)
                return r;
        /* parked vcpu threads read their stopped flags under the lock */
        pthread_mutex_lock(&m->lock);
        r = machine_boot_vcpus(m);
        pthread_mutex_unlock(&m->lock);
        if (r < 0) {
                snprintf(err, err_len, "cannot set the boot registers: %s", strerror(-r));
                return r;
        }
        if (m->state == MACHINE_STOPPED)
                m->state = MACHINE_CREATED;
        return 0;
}

int machine_request_shutdown(struct machine *m)
{
        if (m->state != MACHINE_RUNNING && m->state != MACHINE_PAUSED)
                return -EINVAL;
        platform_request_shutdown(&m->plat);
        return 0;
}

size_t machine_console_input(struct machine *m, const uint8_t *buf, size_t len)
{
        return platform_console_input(&m->plat, buf, len);
}

uint64_t machine_console_dropped(struct machine *m)
{
        return hvterm_dropped(&m->plat.console);
}

int machine_osi_complete(struct machine *m, unsigned index, const uint64_t gprs[32])
{
        struct machine_vcpu *mv;
        int r = 0;

        if (index >= m->nr_vcpus)
                return -EINVAL;
        mv = &m->vcpus[index];
        pthread_mutex_lock(&m->lock);
        if (!mv->osi_waiting || mv->osi_done) {
                r = -ENOENT;
        } else {
                if (gprs)
                        memcpy(mv->vcpu->run->osi.gprs, gprs, sizeof(mv->vcpu->run->osi.gprs));
                else
                        mv->vcpu->run->osi.gprs[3] = (uint64_t)-1;
                mv->osi_done = true;
                pthread_cond_broadcast(&m->cond);
        }
        pthread_mutex_unlock(&m->lock);
        return r;
}

unsigned machine_vcpu_count(const struct machine *m)
{
        return m->nr_vcpus;
}

struct vcpu *machine_vcpu(struct machine *m, unsigned index)
{
        return index < m->nr_vcpus ? m->vcpus[index].vcpu : NULL;
}

const struct vcpu_backend_ops *machine_backend(const struct machine *m)
{
        return m->ops;
}

const char *machine_backend_reason(const struct machine *m)
{
        return m->backend_reason;
}

bool machine_is_running(const struct machine *m)
{
        return m->state == MACHINE_RUNNING && !__atomic_load_n(&m->stop_req, __ATOMIC_RELAXED);
}

const void *machine_fdt(const struct machine *m, size_t *ret_size)
{
        if (ret_size)
                *ret_size = m->fdt_size;
        return m->fdt;
}

int machine_vcpu_stats(const struct machine *m, unsigned index, struct vcpu_stats *ret)
{
        struct vcpu_stats s = { 0 };

        if (index >= m->nr_vcpus)
                return -EINVAL;
        if (m->ops->get_stats)
                m->ops->get_stats(m->vcpus[index].vcpu, &s);
        for (unsigned i = 0; i < 32; i++)
                s.exits[i] = __atomic_load_n(&m->vcpus[index].exits[i], __ATOMIC_RELAXED);
        *ret = s;
        return 0;
}

void machine_get_layout(const struct machine *m, struct machine_layout *ret)
{
        *ret = (struct machine_layout){
                .kernel_addr = m->kernel_addr, .kernel_end = m->kernel_end, .entry = m->entry,
                .initrd_start = m->initrd_start, .initrd_end = m->initrd_end,
                .fdt_addr = m->fdt_addr, .rtas_addr = m->rtas_addr,
        };
}

void *machine_ram(const struct machine *m, uint64_t *ret_size)
{
        if (ret_size)
                *ret_size = m->ram_size;
        return m->ram;
}
