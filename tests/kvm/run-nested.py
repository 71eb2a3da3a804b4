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


# Differences from the emulator seen on nested KVM-HV (QEMU 7.2 TCG pseries,
# Debian 6.1 kvm-hv): reported as TAP TODO while they fail, with the reason.
KNOWN_HV = {
    "kvm-check irq-level-stays-be": "HV does not deliver a KVM_INTERRUPT_SET_LEVEL line again after "
                                    "the guest's rfid re-enables MSR[EE]; it delivers once, like SET",
    "kvm-check irq-level-stays-le": "as irq-level-stays-be",
    "guest hcalls-be on kvm matches emu": "kvm-hv serves H_REGISTER_VPA in the kernel: it accepts a VPA "
                                          "across a page boundary and a DTL without a VPA, which PAPR "
                                          "(and the emulator) refuse",
    "guest hcalls-le on kvm matches emu": "as hcalls-be",
}


# On KVM-PR under QEMU TCG, a PR guest's `sc 1` is answered by QEMU with
# H_PRIVILEGE and never reaches kvm-pr (kvm-testing.md 3c).
KNOWN_PR = {
    f"kvm-check hcall-{k}-{e}": "QEMU TCG answers a PR guest's sc 1 itself (H_PRIVILEGE); "
                                "kvm-pr never sees the hypercall"
    for k in ("exit", "return", "drained-by-immediate-exit") for e in ("be", "le")
}
for e in ("be", "le"):
    KNOWN_PR[f"kvm-check irq-level-stays-{e}"] = ("no external interrupt reached the PR guest "
                                                  "(0 deliveries; cause not found yet)")
    KNOWN_PR[f"kvm-check irq-edge-delivered-{e}"] = KNOWN_PR[f"kvm-check irq-level-stays-{e}"]
KNOWN_PR["kvm-check one-reg-tb-offset"] = "KVM_REG_PPC_TB_OFFSET is an HV register; PR has none"


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
    sh(["ninja", "-C", cdir, "tools/ppcvm-run", "tests/kvm/kvm-check"], stdout=subprocess.DEVNULL)
    return os.path.join(cdir, "tools", "ppcvm-run"), os.path.join(cdir, "tests", "kvm", "kvm-check")


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
        m = re.match(r"=== (KVMCHECK|GUEST \S+) (BEGIN|END rc=(\d+))", line)
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
        prdir = a.pr_kernel
        if not prdir or not os.path.exists(os.path.join(prdir, "vmlinux")):
            print("1..0 # SKIP KVM-PR needs a kernel built by tests/kvm/build-pr-kernel.sh "
                  "(PPCVMD_PR_KERNEL=<its output dir>); none found")
            return 0
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
    runner, checker = cross_build(os.path.abspath(a.source), build, os.path.join(cache, "fdt"))
    print(f"# cross build: {time.monotonic() - t:.1f} s")

    gdir = os.path.join(build, "tests", "guests")
    files = {"init": os.path.join(HERE, "init.sh"),
             "bin/busybox": os.path.join(cache, "busybox", "bin", "busybox"),
             "bin/ppcvm-run": runner, "bin/kvm-check": checker,
             "kvm-args": f"--backend kvm --type {1 if a.flavour == 'hv' else 2} "
                         f"--bench {a.bench if a.flavour == 'hv' else 0}\n".encode()}
    files.update(mods)
    listing = []
    # The guests talk to their console through hypercalls, which a PR guest
    # cannot make under TCG: on PR only kvm-check runs.
    for name, opts in (GUESTS if a.flavour == "hv" else []):
        for e in ("be", "le"):
            elf = os.path.join(gdir, f"{name}-{e}.elf")
            if os.path.exists(elf):
                files[f"guests/{name}-{e}.elf"] = elf
                listing.append(f"{name}-{e} {opts}")
    files["guests/list"] = ("\n".join(listing) + "\n").encode()
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
    for entry in listing:
        name = entry.split()[0]
        got = secs.get(f"GUEST {name}")
        want_lines, want_rc = emu[name]
        if not got:
            tap(False, f"guest {name} on kvm", "no output (did the boot finish?)")
            continue
        body, rc = got
        same = clean_console(body) == clean_console(want_lines) and rc == want_rc
        diag = "" if same else (f"kvm rc={rc} emu rc={want_rc}\n  kvm: " + "\n  kvm: ".join(body[-8:]) +
                                "\n  emu: " + "\n  emu: ".join(want_lines[-8:]))
        tap(same, f"guest {name} on kvm matches emu", diag)

    print(f"1..{len(tests)}")
    known = KNOWN_HV if a.flavour == "hv" else KNOWN_PR
    for i, (ok, name, diag) in enumerate(tests, 1):
        todo = f" # TODO {known[name]}" if not ok and name in known else ""
        print(f"{'ok' if ok else 'not ok'} {i} - {name}{todo}")
        if not ok and diag:
            for d in diag.splitlines():
                print("# " + d)
    return 0 if all(ok or name in known for ok, name, _ in tests) else 1


if __name__ == "__main__":
    sys.exit(main())
