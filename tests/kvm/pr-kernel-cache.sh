#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Finds the KVM-PR kernel kvm-nested-pr boots, or builds it once, and prints
# its directory (vmlinux, kvm.ko, kvm-pr.ko).
#
#   pr-kernel-cache.sh BUILD_DIR
#
# Looks, in order, in $PPCVMD_PR_KERNEL, $PPCVMD_PR_CACHE (default
# /var/cache/ppcvmd/kvm-pr, which survives between CI runs on one machine),
# ${PPCVMD_CACHE:-/tmp/ppcvmd-cache}/kvm-pr and BUILD_DIR/kvm-pr-kernel.
# When none holds a kernel it builds one with build-pr-kernel.sh (Debian's
# linux-source-6.1; 7-12 minutes on 2 idle cores, 25 on a loaded machine)
# into $PPCVMD_PR_CACHE, or into BUILD_DIR/kvm-pr-kernel where that cannot
# be created, and keeps only the three files.
# PPCVMD_BUILD_PR_KERNEL=0 turns the build off (the lookup still happens).
#
# Exit status: 0 and the directory on stdout; 77 when there is no kernel
# (build turned off, or not possible here: not root and packages missing).
set -eu
build=$(realpath -m "$1")
here=$(dirname "$(realpath "$0")")
system=${PPCVMD_PR_CACHE:-/var/cache/ppcvmd/kvm-pr}
shared=${PPCVMD_CACHE:-/tmp/ppcvmd-cache}/kvm-pr
local_dir=$build/kvm-pr-kernel

has_kernel() { [ -f "$1/vmlinux" ] && [ -f "$1/kvm.ko" ] && [ -f "$1/kvm-pr.ko" ]; }

for d in ${PPCVMD_PR_KERNEL:-} "$system" "$shared" "$local_dir"; do
        if has_kernel "$d"; then
                echo "$d"
                exit 0
        fi
done
if [ "${PPCVMD_BUILD_PR_KERNEL:-1}" = 0 ]; then
        echo "kvm-pr: no KVM-PR kernel cached and PPCVMD_BUILD_PR_KERNEL=0: not building one" >&2
        exit 77
fi
if [ "$(id -u)" != 0 ]; then
        for t in flex bison bc powerpc64le-linux-gnu-gcc; do
                command -v "$t" >/dev/null 2>&1 || { echo "kvm-pr: $t missing and not root: not building the KVM-PR kernel" >&2; exit 77; }
        done
        [ -f /usr/src/linux-source-6.1.tar.xz ] ||
                { echo "kvm-pr: linux-source-6.1 missing and not root: not building the KVM-PR kernel" >&2; exit 77; }
fi

out=$system
mkdir -p "$(dirname "$out")" 2>/dev/null && [ -w "$(dirname "$out")" ] || out=$local_dir
mkdir -p "$(dirname "$out")"
# One builder at a time; a second CI run waits and then finds the kernel.
exec 9>"$out.lock"
flock 9
rm -rf "$(dirname "$out")"/.kvm-pr-trash.* 2>/dev/null || true
if ! has_kernel "$out"; then
        log=$out.build.log
        echo "kvm-pr: building the KVM-PR kernel into $out (log: $log)" >&2
        start=$(date +%s)
        if ! sh "$here/build-pr-kernel.sh" "$out" >"$log" 2>&1; then
                echo "kvm-pr: the KVM-PR kernel build failed (see $log)" >&2
                exit 77
        fi
        echo "kvm-pr: KVM-PR kernel built in $(($(date +%s) - start)) s" >&2
        # The 1.6 GB of source and objects are not needed again.  Deleting
        # them took 3 minutes on a loaded machine: moved aside at once,
        # deleted in the background.
        trash=$(mktemp -d "$(dirname "$out")/.kvm-pr-trash.XXXXXX")
        mv "$out/src" "$out/obj" "$trash/"
        (rm -rf "$trash" >/dev/null 2>&1 &)
fi
echo "$out"
