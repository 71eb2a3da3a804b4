/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emurun.h"
#include "qemurun.h"

static uint64_t to_target64(uint64_t v, bool le) { return le ? v : __builtin_bswap64(v); }
static uint32_t to_target32(uint32_t v, bool le) { return le ? v : __builtin_bswap32(v); }

/* The u64 fields of struct oracle_state, swapped to or from the target's order. */
static void swap_state(struct oracle_state *s, bool le)
{
        uint64_t *f = (uint64_t *)s;
        for (size_t i = 0; i < O_MEM / 8; i++)
                f[i] = to_target64(f[i], le);
}

static int write_all(FILE *f, const void *p, size_t n)
{
        return fwrite(p, 1, n, f) == n ? 0 : -EIO;
}

static int write_input(const struct qemu_side *q, FILE *f, unsigned n,
                       const struct seq *const *seqs, const struct code *const *codes)
{
        uint32_t hdr[2] = { to_target32(ORACLE_MAGIC, q->le), to_target32(n, q->le) };
        int r = write_all(f, hdr, sizeof(hdr));

        for (unsigned i = 0; i < n && r == 0; i++) {
                struct oracle_state st = seqs[i]->init;
                uint32_t ch[2] = { to_target32(codes[i]->n, q->le), 0 };
                uint32_t w[ORACLE_MAX_WORDS];

                swap_state(&st, q->le);
                for (unsigned j = 0; j < codes[i]->n; j++)
                        w[j] = to_target32(codes[i]->w[j], q->le);
                r = write_all(f, ch, sizeof(ch));
                if (r == 0)
                        r = write_all(f, &st, sizeof(st));
                if (r == 0)
                        r = write_all(f, w, codes[i]->n * 4);
        }
        if (fflush(f) != 0)
                r = -EIO;
        return r;
}

static enum fault_kind fault_of_signal(uint64_t sig, uint64_t code)
{
        switch (sig) {
        case 0: return FAULT_NONE;
        case SIGILL: return (code == 5 || code == 6) ? FAULT_PRIV : FAULT_ILLEGAL; /* ILL_PRVOPC, ILL_PRVREG */
        case SIGTRAP: return FAULT_TRAP;
        case SIGFPE: return FAULT_FP;
        case SIGBUS: return FAULT_ALIGN;
        case SIGSEGV: return FAULT_STORAGE;
        default: return FAULT_OTHER;
        }
}

static int run_qemu(const struct qemu_side *q, int in_fd, int out_fd, char *err, size_t errlen)
{
        pid_t pid = fork();
        int status;

        if (pid < 0) {
                snprintf(err, errlen, "fork: %s", strerror(errno));
                return -errno;
        }
        if (pid == 0) {
                if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0)
                        _exit(126);
                execl(q->qemu, q->qemu, "-cpu", "power9", q->harness, (char *)NULL);
                _exit(127);
        }
        if (waitpid(pid, &status, 0) < 0) {
                snprintf(err, errlen, "waitpid: %s", strerror(errno));
                return -errno;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                snprintf(err, errlen, "%s %s: %s %d", q->qemu, q->harness,
                         WIFEXITED(status) ? "exit status" : "killed by signal",
                         WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
                return -EIO;
        }
        return 0;
}

static FILE *temp_file(char *path, size_t len)
{
        const char *dir = getenv("TMPDIR");
        snprintf(path, len, "%s/ppcvm-oracle-XXXXXX", dir && *dir ? dir : "/tmp");
        int fd = mkstemp(path);
        if (fd < 0)
                return NULL;
        unlink(path);
        return fdopen(fd, "w+");
}

int qemu_run_batch(const struct qemu_side *q, unsigned n, const struct seq *const *seqs,
                   const struct code *const *codes, struct oracle_state *out,
                   char *err, size_t errlen)
{
        char pin[256], pout[256];
        FILE *fin = temp_file(pin, sizeof(pin));
        FILE *fout = temp_file(pout, sizeof(pout));
        int r = -EIO;

        if (!fin || !fout) {
                snprintf(err, errlen, "temporary file: %s", strerror(errno));
                goto out;
        }
        if (write_input(q, fin, n, seqs, codes) < 0 || fseek(fin, 0, SEEK_SET) != 0) {
                snprintf(err, errlen, "writing the harness input failed");
                goto out;
        }
        r = run_qemu(q, fileno(fin), fileno(fout), err, errlen);
        if (r < 0)
                goto out;
        if (fseek(fout, 0, SEEK_SET) != 0) {
                r = -EIO;
                goto out;
        }
        for (unsigned i = 0; i < n; i++) {
                if (fread(&out[i], sizeof(out[i]), 1, fout) != 1) {
                        snprintf(err, errlen, "the harness answered %u of %u cases", i, n);
                        r = -EIO;
                        goto out;
                }
                swap_state(&out[i], q->le);
                out[i].sig = fault_of_signal(out[i].sig, out[i].sig_code);
        }
        r = 0;
out:
        if (fin)
                fclose(fin);
        if (fout)
                fclose(fout);
        return r;
}
