#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Boots Debian's ppc64el kernel with a busybox initramfs and checks /init ran.

    boot.py [--vcpus N] [--mmu radix|hash] [--via ppcvm-run|ppcvmctl]

Programs and files come from the environment meson sets: PPCVM_RUN, PPCVMD,
PPCVMCTL, LINUX_FETCH (fetch-debian-ppc64el), LINUX_MKINITRAMFS, LINUX_INIT
(init.sh) and LINUX_CACHE (where the packages and the initramfs are kept;
$PPCVMD_CACHE wins when set).

The guest must print every line init.sh prints, with the expected values,
and then power itself off (ppcvm-run / ppcvmctl run exit 0).  Exits 77 (skip)
when the Debian packages cannot be fetched (no root, no network), 0 on
success, 1 on failure.  Prints the time from the start of the VMM to
PPCVMD-INIT-DONE.
"""
import argparse
import fcntl
import os
import re
import select
import subprocess
import sys
import time

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))


def env_path(name, default=""):
    return os.environ.get(name, default)


def cache_dir():
    return env_path("PPCVMD_CACHE") or env_path("LINUX_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "ppcvmd")


def prepare():
    """Fetches the packages and builds the initramfs once, under a lock so the
    parallel variants share them.  Returns (vmlinux, initramfs) or None."""
    cache = cache_dir()
    os.makedirs(cache, exist_ok=True)
    with open(os.path.join(cache, "linux-test.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        fetch = env_path("LINUX_FETCH", os.path.join(HERE, "fetch-debian-ppc64el"))
        p = subprocess.run([fetch, cache], capture_output=True, text=True)
        lines = p.stdout.split()
        if p.returncode != 0 or len(lines) != 2:
            print(f"cannot fetch Debian's ppc64el kernel and busybox:\n{p.stderr}")
            return None
        vmlinux, busybox = lines
        init = env_path("LINUX_INIT", os.path.join(HERE, "init.sh"))
        mkinit = env_path("LINUX_MKINITRAMFS", os.path.join(HERE, "mkinitramfs.py"))
        out = os.path.join(cache, "debian-ppc64el", "initramfs.cpio.gz")
        inputs = (busybox, init, mkinit)
        if not os.path.exists(out) or any(os.path.getmtime(f) > os.path.getmtime(out) for f in inputs):
            tmp = out + ".tmp"
            subprocess.run([sys.executable, mkinit, busybox, init, tmp], check=True)
            os.replace(tmp, out)
        return vmlinux, out


def expected_lines(vcpus, mmu):
    year = time.gmtime().tm_year
    return [
        ("init started", r"^PPCVMD-INIT-START$"),
        (f"{vcpus} cpus online", rf"^cpus: {vcpus}$"),
        ("a POWER9 cpu", r"^cpu\s*: POWER9"),
        ("the pSeries platform", r"^platform\s*: pSeries"),
        (f"the {mmu} MMU", rf"^MMU\s*: {'Radix' if mmu == 'radix' else 'Hash'}$"),
        ("a little-endian 64-bit machine", r"^ppc64le$"),
        # The clock was set from RTAS get-time-of-day, not left at 1970.
        ("the host's year from the RTC", rf"^year: ({year - 1}|{year}|{year + 1})$"),
        ("a shell loop", r"^sum: 5050$"),
        ("a pipeline", r"^sorted: 1 2 3 $"),
        ("a file in tmpfs", r"^file: hello$"),
        ("init finished", r"^PPCVMD-INIT-DONE$"),
    ]


def check_output(text, vcpus, mmu):
    lines = [l.rstrip("\r") for l in text.splitlines()]
    missing = [what for what, rx in expected_lines(vcpus, mmu)
               if not any(re.search(rx, l) for l in lines)]
    return missing


def run_and_time(argv, timeout, steps=(), marker=b"PPCVMD-INIT-DONE"):
    """Runs argv, its output to a pipe; returns (exit, output, seconds to
    marker or None).  steps: (text, action) pairs in order; once the output
    shows text, action(proc) runs (it may write to proc.stdin)."""
    start = time.monotonic()
    done_at = None
    out = b""
    steps = list(steps)
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.PIPE if steps else subprocess.DEVNULL)
    try:
        fd = proc.stdout.fileno()
        while True:
            left = start + timeout - time.monotonic()
            if left <= 0:
                proc.kill()
                break
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            out += chunk
            if done_at is None and marker in out:
                done_at = time.monotonic() - start
            while steps and steps[0][0].encode() in out:
                steps.pop(0)[1](proc)
        rc = proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return rc, out.decode(errors="replace"), done_at


def boot_ppcvm_run(vmlinux, initrd, append, vcpus, timeout):
    argv = [env_path("PPCVM_RUN"), "--kernel", vmlinux, "--initrd", initrd,
            "--append", append, "--vcpus", str(vcpus), "--memory", "512",
            "--timeout", str(timeout), "--backend", "emu"]
    return run_and_time(argv, timeout + 30)


def boot_ppcvmctl(vmlinux, initrd, append, vcpus, timeout, shell=False):
    """`ppcvmctl run` against a private bus and ppcvmd (see tests/e2e).  With
    shell, init leaves a shell on the console: a command typed there must
    run (console input, its interrupt), then ppcvmctl shutdown must power
    the guest off through the EPOW event."""
    sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
    import harness
    harness.PPCVMD = env_path("PPCVMD")
    harness.PPCVMCTL = env_path("PPCVMCTL")
    env = harness.Env()
    try:
        if shell:
            append += " ppcvmd.shell=1"
        argv = env.ctl_argv("run", "--kernel", vmlinux, "--initrd", initrd, "--append", append,
                            "--vcpus", vcpus, "--memory", "512M", "--backend", "emu",
                            "--name", "linux")

        def type_command(proc):
            proc.stdin.write(b"echo PPCVMD-TYPED-$((6 * 7))\n")
            proc.stdin.flush()

        shutdowns = []

        def shutdown(proc):
            # --timeout 0: never destroyed, so only the guest's own power-off
            # can end the run with exit 0.  In the background: it may wait
            # for the VM to stop while the console is still being read.
            shutdowns.append(subprocess.Popen(env.ctl_argv("shutdown", "linux", "--timeout", "0"),
                                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT))

        # Type at the shell's prompt, not before it: input that arrives while
        # the shell waits must reach it through the vty's interrupt.
        steps = [("/ # ", type_command), ("PPCVMD-TYPED-42", shutdown)] if shell else []
        rc, out, done_at = run_and_time(argv, timeout, steps)
        for p in shutdowns:
            try:
                text = p.communicate(timeout=60)[0].decode(errors="replace")
            except subprocess.TimeoutExpired:
                p.kill()
                text = p.communicate()[0].decode(errors="replace") + " (did not finish)"
            if p.returncode != 0:
                out += f"\nppcvmctl shutdown failed ({p.returncode}): {text}"
                rc = rc or 1
        if rc != 0:
            out += "\n--- ppcvmd log ---\n" + env.log()
        return rc, out, done_at
    finally:
        env.close()


def boot_ppcvmctl_console(vmlinux, initrd, append, vcpus, timeout):
    """A persistent VM on a private ppcvmd: ppcvmctl define and start, then
    `ppcvmctl console` must give init's shell (a typed command runs) and
    ppcvmctl shutdown must power it off (state shutoff, reason poweroff)."""
    sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
    import harness
    harness.PPCVMD = env_path("PPCVMD")
    harness.PPCVMCTL = env_path("PPCVMCTL")
    env = harness.Env()
    con = None
    out = ""
    rc = 1
    done_at = None
    try:
        env.define("linux", kernel=vmlinux, initrd=initrd, cmdline=append + " ppcvmd.shell=1",
                   memory_mib=512, vcpus=vcpus)
        start = time.monotonic()
        env.ctl("start", "linux")
        con = harness.Console(env, "linux")
        try:
            con.expect("PPCVMD-INIT-DONE", timeout)
            done_at = time.monotonic() - start
            con.expect("/ # ", 60)
            con.send("echo PPCVMD-TYPED-$((6 * 7))\n")
            con.expect("PPCVMD-TYPED-42", 60)
            env.ctl("shutdown", "linux", "--timeout", "0")
            off = harness.wait_for(lambda: env.state("linux") == "shutoff", 120)
            reason = env.info("linux").get("ExitReason")
            if off and reason == "poweroff":
                rc = 0
            else:
                out += f"\nthe VM is {env.state('linux')}, exit reason {reason!r}, not shutoff by poweroff"
        except AssertionError as e:
            out += f"\n{e}"
        out = con.drain(0.5) + out
        if rc != 0:
            out += "\n--- ppcvmd log ---\n" + env.log()
        return rc, out, done_at
    finally:
        if con:
            con.close()
        env.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vcpus", type=int, default=1)
    ap.add_argument("--mmu", choices=("radix", "hash"), default="radix")
    ap.add_argument("--via", choices=("ppcvm-run", "ppcvmctl", "ppcvmctl-console"),
                    default="ppcvm-run")
    ap.add_argument("--shell", action="store_true",
                    help="with --via ppcvmctl: type into the shell, then ppcvmctl shutdown")
    ap.add_argument("--timeout", type=int, default=400)
    args = ap.parse_args()

    files = prepare()
    if files is None:
        return SKIP
    vmlinux, initrd = files
    append = "console=hvc0" + (" disable_radix" if args.mmu == "hash" else "")
    if args.via == "ppcvm-run":
        rc, out, done_at = boot_ppcvm_run(vmlinux, initrd, append, args.vcpus, args.timeout)
    elif args.via == "ppcvmctl":
        rc, out, done_at = boot_ppcvmctl(vmlinux, initrd, append, args.vcpus, args.timeout,
                                         args.shell)
    else:
        args.shell = True
        rc, out, done_at = boot_ppcvmctl_console(vmlinux, initrd, append, args.vcpus, args.timeout)

    missing = check_output(out, args.vcpus, args.mmu)
    if args.shell and "PPCVMD-TYPED-42" not in out:
        missing.append("the result of the command typed into the shell")
    if args.shell and "Failed to start orderly shutdown" in out:
        missing.append("an orderly power-off (/sbin/poweroff run by the kernel)")
    ok = rc == 0 and not missing
    print(out)
    if not ok:
        if missing:
            print("the guest never showed: " + ", ".join(missing))
        if rc != 0:
            print(f"{args.via} exited {rc}, not 0 (the guest did not power itself off)")
        return 1
    how = "ppcvmctl shutdown powered it off" if args.shell else "it powered itself off"
    print(f"{args.via}, {args.vcpus} vcpu(s), {args.mmu}: PPCVMD-INIT-DONE after "
          f"{done_at:.1f} s, then {how}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
