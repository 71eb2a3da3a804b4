#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The kvm suite: ppcvmd's /dev/kvm backend for real, in a PowerPC Linux.

    run-nested.py --source DIR --build DIR [--flavour hv|pr] [--bench N]

1. Debian's ppc64el kernel, busybox and libfdt (fetch-debs.sh; cached in the
   build directory).
2. A ppc64le cross build (cross/ppc64le.ini) of the static ppcvm-run and
   kvm-check.
3. An initramfs: busybox, kvm.ko + kvm-hv.ko (or a self-built kernel's
   kvm-pr.ko), the runner, kvm-check and the test guests (both byte orders).
4. qemu-system-ppc64 -M pseries,cap-nested-hv=on -cpu power9, under a
   host-side watchdog; every console line is timestamped on the host.
5. The same guests and kvm-check on the emulator, here; their console output,
   exit status and CHECK lines must match the nested /dev/kvm runs.
Prints TAP; "1..0 # SKIP" when the packages (or, for PR, the kernel) are missing.
"""
import argparse
import gzip
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# name, ppcvm-run options.  Guests whose result is the same on any correct
# backend (no timing, no emulator-only paravirt).
GUESTS = [
    ("hello", ""), ("hcalls", ""), ("rtas", ""), ("dec", ""), ("xics", ""),
    ("smp", "--vcpus 2"), ("devtree", "--vcpus 2"), ("program", ""),
    ("endian", ""), ("compute", ""), ("align", ""), ("syscall", ""),
    ("fpint", ""), ("testdev", "--testdev"),
]
# kvm-rerun boots each little-endian guest this many times in one machine.
RERUNS = 3


# Differences from the emulator seen on nested KVM-HV (QEMU 7.2 TCG pseries,
# Debian 6.1 kvm-hv): reported as TAP TODO while they fail, with the reason.
KNOWN_HV = {
    "kvm-check irq-level-stays-be": "nested HV keeps the level and delivers it at every entry into the "
                                    "guest (irq-level-redelivered), but not at the rfid that turns MSR[EE] "
                                    "on: kvm-hv asks for that exit with LPCR[MER], which QEMU's TCG (L0) "
                                    "stores but never raises an interrupt for",
    "kvm-check irq-level-stays-le": "as irq-level-stays-be",
}


# Differences between kvm and emu that are the platform's own behaviour,
# accepted line by line: {guest name prefix: [(kvm line, emu line), ...]}.
# A guest's final PASS/FAIL line may then differ too, when every other
# difference was accepted.
#
# hcalls: KVM-HV serves H_REGISTER_VPA in the kernel (it owns the VPA: it
# writes the dispatch and yield counts and the dispatch trace log entries),
# and it checks that an area does not cross a *host* page, 64 KiB on
# Debian's ppc64le kernel, where PAPR and the emulator say 4 KiB.  So the
# VPA that crosses a 4 KiB boundary is accepted and stays registered; the
# guest's next check, a DTL "without a VPA", then has one and succeeds; and
# KVM writes a dispatch trace entry over that DTL's size field at the next
# dispatch, so registering the same DTL again reads a size of 0 and fails
# with H_PARAMETER (book3s_hv.c do_h_register_vpa, kvmppc_create_dtl_entry).
# A guest that keeps PAPR's 4 KiB rule sees no difference.
ACCEPTED_HV = {
    "hcalls-": [
        ("FAIL H_REGISTER_VPA across a page boundary = 0 (expected -4)",
         "ok   H_REGISTER_VPA across a page boundary = -4"),
        ("FAIL H_REGISTER_VPA DTL without a VPA = 0 (expected -16)",
         "ok   H_REGISTER_VPA DTL without a VPA = -16"),
        ("FAIL H_REGISTER_VPA DTL = -4 (expected 0)",
         "ok   H_REGISTER_VPA DTL = 0"),
    ],
}


def compare_console(name, kvm_lines, kvm_rc, emu_lines, emu_rc, accepted):
    """(same, diag): the consoles match, line for line, apart from the
    accepted differences for this guest; diag says what differed or what
    was accepted.  Each kvm-rerun run ("=== RUN" line) is judged alone."""
    kvm_l, emu_l = clean_console(kvm_lines), clean_console(emu_lines)
    pairs = [p for prefix, ps in accepted.items() if name.startswith(prefix) for p in ps]
    if len(kvm_l) != len(emu_l) or kvm_rc != emu_rc:
        return False, (f"kvm rc={kvm_rc} emu rc={emu_rc}, {len(kvm_l)} vs {len(emu_l)} lines\n  kvm: " +
                       "\n  kvm: ".join(kvm_l[-8:]) + "\n  emu: " + "\n  emu: ".join(emu_l[-8:]))
    runs, cur = [], []
    for k, e in zip(kvm_l, emu_l):
        if re.fullmatch(r"=== RUN \d+", e) and cur:
            runs.append(cur)
            cur = []
        cur.append((k, e))
    runs.append(cur)
    notes, rest = [], []
    for run in runs:
        diffs = [(k, e) for k, e in run if k != e]
        left = [d for d in diffs if d not in pairs]
        if left == [("FAIL", "PASS")] and len(diffs) > 1:
            left = []   # the verdict of a run whose only failures are accepted ones
        notes += [f"accepted: kvm '{k}' / emu '{e}'" for k, e in diffs if (k, e) not in left]
        rest += left
    if not rest:
        return True, "\n".join(notes)
    return False, "".join(f"  kvm: {k}\n  emu: {e}\n" for k, e in rest)


# On KVM-PR under QEMU TCG, a PR guest's `sc 1` is answered by QEMU with
# H_PRIVILEGE and never reaches kvm-pr: kvm-pr runs the guest in problem
# state, and QEMU's virtual hypervisor takes every `sc 1` itself, answering
# H_PRIVILEGE when MSR[PR] is set (hw/ppc/spapr.c emulate_spapr_hypercall),
# before any interrupt reaches the L1 kernel (kvm-testing.md 3c).  The
# guest goes on with r3 = -3 (kvm-check prints it).
KNOWN_PR = {
    f"kvm-check hcall-{k}-{e}": "QEMU TCG answers a PR guest's sc 1 itself (H_PRIVILEGE, the guest goes "
                                "on with r3 = -3); kvm-pr never sees the hypercall"
    for k in ("exit", "return", "drained-by-immediate-exit") for e in ("be", "le")
}


def newc(out, name, mode, data=b""):
    name_b = name.encode() + b"\0"
    fields = (newc.ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0)
    newc.ino += 1
    out.write(b"070701" + "".join(f"{v:08x}" for v in fields).encode() + name_b)
    out.write(b"\0" * ((4 - (110 + len(name_b)) % 4) % 4))
    out.write(data)
    out.write(b"\0" * ((4 - len(data) % 4) % 4))


newc.ino = 1


def initramfs(path, files):
    """files: {path in archive: host path or bytes}."""
    dirs = set()
    for p in files:
        parts = p.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:i]))
    with gzip.open(path, "wb", compresslevel=1) as out:
        for d in sorted(dirs):
            newc(out, d, 0o040755)
        for p, src in files.items():
            data = src if isinstance(src, bytes) else open(src, "rb").read()
            newc(out, p, 0o100755, data)
        newc(out, "TRAILER!!!", 0)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def cross_build(source, build, fdt):
    cdir = os.path.join(build, "tests", "kvm", "cross-ppc64le")
    if not os.path.exists(os.path.join(cdir, "build.ninja")):
        sh(["meson", "setup", cdir, source, "--cross-file", os.path.join(source, "cross", "ppc64le.ini"),
            f"-Dc_args=-I{fdt}/usr/include",
            f"-Dc_link_args=-L{fdt}/usr/lib/powerpc64le-linux-gnu -static"], stdout=subprocess.DEVNULL)
    sh(["ninja", "-C", cdir, "tools/ppcvm-run", "tests/kvm/kvm-check", "tests/kvm/kvm-rerun"],
       stdout=subprocess.DEVNULL)
    return (os.path.join(cdir, "tools", "ppcvm-run"), os.path.join(cdir, "tests", "kvm", "kvm-check"),
            os.path.join(cdir, "tests", "kvm", "kvm-rerun"))


def boot(vmlinux, initrd, watchdog, log):
    cmd = ["qemu-system-ppc64", "-M",
           "pseries,x-vof=on,cap-nested-hv=on,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off",
           "-cpu", "power9", "-m", "2G", "-smp", "2", "-nographic", "-no-reboot", "-nodefaults",
           "-serial", "stdio", "-kernel", vmlinux, "-initrd", initrd,
           "-append", "console=hvc0 quiet"]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    lines = []
    logf = open(log, "w")
    deadline = t0 + watchdog
    os.set_blocking(p.stdout.fileno(), False)
    buf = b""
    while p.poll() is None and time.monotonic() < deadline:
        try:
            chunk = p.stdout.read()
        except BlockingIOError:
            chunk = None
        if chunk:
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                lines.append((time.monotonic() - t0, line.decode(errors="replace").rstrip("\r")))
                logf.write(f"{lines[-1][0]:9.3f} {lines[-1][1]}\n")
                logf.flush()
        else:
            time.sleep(0.02)
    timed_out = p.poll() is None
    if timed_out:
        p.kill()
    p.wait()
    rest = p.stdout.read() or b""
    for line in (buf + rest).split(b"\n"):
        if line:
            lines.append((time.monotonic() - t0, line.decode(errors="replace").rstrip("\r")))
            logf.write(f"{lines[-1][0]:9.3f} {lines[-1][1]}\n")
    logf.close()
    return lines, time.monotonic() - t0, timed_out


def sections(lines):
    """{'KVMCHECK': (lines, rc), 'GUEST name': (lines, rc)} from the markers."""
    out, cur, body = {}, None, []
    for _, line in lines:
        m = re.match(r"=== (KVMCHECK|GUEST \S+|RERUN \S+) (BEGIN|END rc=(\d+))", line)
        if m and m.group(2) == "BEGIN":
            cur, body = m.group(1), []
        elif m and cur == m.group(1):
            out[cur] = (body, int(m.group(3)))
            cur = None
        elif cur:
            body.append(line)
    return out


def clean_console(text_lines):
    # The kernel may interleave its own messages; drop them.
    return [l for l in text_lines if not re.match(r"^\[\s*\d+\.\d+\]", l)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--flavour", default="hv", choices=["hv", "pr"])
    ap.add_argument("--bench", type=int, default=20000)
    ap.add_argument("--watchdog", type=int, default=600)
    ap.add_argument("--guests", default="", help="debugging: only these guests (comma separated)")
    ap.add_argument("--rerun-args", default="", help="debugging: more kvm-rerun options (--regs)")
    ap.add_argument("--pr-kernel", default=os.environ.get("PPCVMD_PR_KERNEL", ""))
    a = ap.parse_args()

    build = os.path.abspath(a.build)
    cache = os.path.join(build, "tests", "kvm", "cache")
    t = time.monotonic()
    r = subprocess.run(["sh", os.path.join(HERE, "fetch-debs.sh"), cache,
                        os.environ.get("PPCVMD_CACHE", "/tmp/ppcvmd-cache") + "/debian-ppc64el/debs"])
    if r.returncode == 77:
        print("1..0 # SKIP ppc64el packages cannot be fetched here")
        return 0
    if r.returncode:
        print("Bail out! fetch-debs.sh failed")
        return 1
    print(f"# fetch: {time.monotonic() - t:.1f} s")

    kdir = os.path.join(cache, "kernel")
    if a.flavour == "pr":
        # The cached kernel (pr-kernel-cache.sh looks; scripts/test-all
        # builds it when missing).
        prdir = a.pr_kernel
        if not prdir:
            r = subprocess.run(["sh", os.path.join(HERE, "pr-kernel-cache.sh"), build], stdout=subprocess.PIPE,
                               env=dict(os.environ, PPCVMD_BUILD_PR_KERNEL="0"))
            prdir = r.stdout.decode().strip() if r.returncode == 0 else ""
        if not prdir or not os.path.exists(os.path.join(prdir, "vmlinux")):
            print("1..0 # SKIP KVM-PR needs a kernel built by tests/kvm/build-pr-kernel.sh "
                  "(scripts/test-all builds one into /var/cache/ppcvmd/kvm-pr; or PPCVMD_PR_KERNEL=<dir>); "
                  "none found")
            return 0
        print(f"# KVM-PR kernel: {prdir}")
        vmlinux = os.path.join(prdir, "vmlinux")
        mods = {"lib/kvm.ko": os.path.join(prdir, "kvm.ko"), "lib/kvm-pr.ko": os.path.join(prdir, "kvm-pr.ko")}
    else:
        vmlinux = [os.path.join(kdir, "boot", f) for f in os.listdir(os.path.join(kdir, "boot"))
                   if f.startswith("vmlinux-")][0]
        mods = {}
        for root, _, files in os.walk(os.path.join(kdir, "lib", "modules")):
            for f in files:
                if f in ("kvm.ko", "kvm-hv.ko"):
                    mods["lib/" + f] = os.path.join(root, f)

    t = time.monotonic()
    runner, checker, rerunner = cross_build(os.path.abspath(a.source), build, os.path.join(cache, "fdt"))
    print(f"# cross build: {time.monotonic() - t:.1f} s")

    gdir = os.path.join(build, "tests", "guests")
    files = {"init": os.path.join(HERE, "init.sh"),
             "bin/busybox": os.path.join(cache, "busybox", "bin", "busybox"),
             "bin/ppcvm-run": runner, "bin/kvm-check": checker, "bin/kvm-rerun": rerunner,
             "kvm-args": f"--backend kvm --type {1 if a.flavour == 'hv' else 2} "
                         f"--bench {a.bench if a.flavour == 'hv' else 0}\n".encode()}
    files.update(mods)
    listing = []
    # The guests talk to their console through hypercalls, which a PR guest
    # cannot make under TCG: on PR only kvm-check runs.
    only = set(a.guests.split(",")) if a.guests else None
    for name, opts in (GUESTS if a.flavour == "hv" else []):
        if only and name not in only:
            continue
        for e in ("be", "le"):
            elf = os.path.join(gdir, f"{name}-{e}.elf")
            if os.path.exists(elf):
                files[f"guests/{name}-{e}.elf"] = elf
                listing.append(f"{name}-{e} {opts}")
    files["guests/list"] = ("\n".join(listing) + "\n").encode()
    # The same machine booted RERUNS times (reset and start again, as the
    # daemon does when a guest reboots): little-endian builds, every guest.
    reruns = [e for e in listing if e.split()[0].endswith("-le") or only]
    files["guests/rerun-list"] = ("\n".join(reruns) + "\n").encode()
    files["rerun-count"] = f"{RERUNS}\n".encode()
    files["rerun-args"] = f"{a.rerun_args}\n".encode()
    initrd = os.path.join(build, "tests", "kvm", f"initramfs-{a.flavour}.cpio.gz")
    initramfs(initrd, files)

    # The emulator's answers, here.
    host_runner = os.path.join(build, "tools", "ppcvm-run")
    host_check = os.path.join(build, "tests", "kvm", "kvm-check")
    emu = {}
    for entry in listing:
        name, *opts = entry.split()
        p = subprocess.run([host_runner, "--kernel", os.path.join(gdir, name + ".elf"), "--backend", "emu",
                            "--timeout", "10"] + opts, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        emu[name] = (p.stdout.decode(errors="replace").splitlines(), p.returncode)
    host_rerun = os.path.join(build, "tests", "kvm", "kvm-rerun")
    emu_rerun = {}
    for entry in reruns:
        name, *opts = entry.split()
        p = subprocess.run([host_rerun, "--kernel", os.path.join(gdir, name + ".elf"), "--backend", "emu",
                            "--runs", str(RERUNS)] + opts, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        emu_rerun[name] = (p.stdout.decode(errors="replace").splitlines(), p.returncode)
    emu_check = subprocess.run([host_check, "--backend", "emu"], stdout=subprocess.PIPE,
                               timeout=120).stdout.decode().splitlines()

    log = os.path.join(build, "tests", "kvm", f"nested-{a.flavour}.log")
    lines, total, timed_out = boot(vmlinux, initrd, a.watchdog, log)
    print(f"# nested boot: {total:.1f} s of host time (console with host timestamps: {log})")
    secs = sections(lines)
    tests = []

    def tap(ok, name, diag=""):
        tests.append((ok, name, diag))

    tap(not timed_out and any("=== ALL DONE" in l for _, l in lines), "nested boot finished",
        "watchdog fired" if timed_out else "")
    for _, l in lines:
        if l.startswith("=== INSMOD"):
            print("# " + l)
    kc = secs.get("KVMCHECK")
    if not kc:
        tap(False, "kvm-check ran")
    else:
        body, rc = kc
        for l in body:
            if l.startswith(("INFO", "CAP", "BENCH", "DONE")):
                print("# kvm: " + l)
        kvm_checks = {l.split()[1]: l for l in body if l.startswith("CHECK ")}
        # The probe and the capabilities the backend reports there.
        flav = a.flavour.upper()
        tap(any(l.startswith("INFO probe:") and f"KVM-{flav} usable" in l for l in body),
            f"probe reports KVM-{flav} usable")
        tap(any(l.startswith("INFO auto: kvm ") for l in body), "auto selection picks kvm")
        caps = {}
        for l in body:
            m = re.match(r"CAP (\S+) system=(-?\d+) vm=(-?\d+)", l)
            if m:
                caps[m.group(1)] = (int(m.group(2)), int(m.group(3)))
        for c in ("PPC_PAPR", "PPC_IRQ_LEVEL", "PPC_UNSET_IRQ", "ENABLE_CAP", "ONE_REG", "IMMEDIATE_EXIT"):
            tap(caps.get(c, (0, 0))[1] > 0, f"capability {c} reported by the VM", str(caps.get(c)))
        tap(bool(caps) and all(sv == vv for sv, vv in caps.values()), "system and VM fds agree",
            str({k: v for k, v in caps.items() if v[0] != v[1]}))
        for l in emu_check:
            if l.startswith("CHECK "):
                n = l.split()[1]
                got = kvm_checks.get(n, "missing")
                tap(got.endswith(" ok") and l.endswith(" ok"), f"kvm-check {n}",
                    f"kvm: {got} / emu: {l}")
    # Host-side timing of the hcall benchmark.
    ts = {m.group(1): t for t, l in lines for m in [re.match(r"BENCH (start|end) ", l)] if m}
    if "start" in ts and "end" in ts and a.bench:
        us = (ts["end"] - ts["start"]) / a.bench * 1e6
        print(f"# hcall exit round trip on nested {a.flavour.upper()}: {us:.0f} us "
              f"({a.bench} round trips in {ts['end'] - ts['start']:.2f} s of host time)")
    accepted = ACCEPTED_HV if a.flavour == "hv" else {}
    for entry in listing:
        name = entry.split()[0]
        got = secs.get(f"GUEST {name}")
        want_lines, want_rc = emu[name]
        if not got:
            tap(False, f"guest {name} on kvm", "no output (did the boot finish?)")
            continue
        same, diag = compare_console(name, *got, want_lines, want_rc, accepted)
        tap(same, f"guest {name} on kvm matches emu", diag)
    for entry in reruns:
        name = entry.split()[0]
        got = secs.get(f"RERUN {name}")
        test_name = f"guest {name} booted {RERUNS} times in one VM on kvm matches emu"
        if not got:
            tap(False, test_name, "no output (did the boot finish?)")
            continue
        same, diag = compare_console(name, *got, *emu_rerun[name], accepted)
        tap(same, test_name, diag)

    print(f"1..{len(tests)}")
    known = KNOWN_HV if a.flavour == "hv" else KNOWN_PR
    for i, (ok, name, diag) in enumerate(tests, 1):
        todo = f" # TODO {known[name]}" if not ok and name in known else ""
        print(f"{'ok' if ok else 'not ok'} {i} - {name}{todo}")
        if diag and (not ok or diag.startswith("accepted")):
            for d in diag.splitlines():
                print("# " + d)
    return 0 if all(ok or name in known for ok, name, _ in tests) else 1


if __name__ == "__main__":
    sys.exit(main())
