#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Builds a small ppc64le kernel with KVM-PR (Debian's packaged kernel has no
# kvm-pr.ko: its NO_HZ_FULL/CONTEXT_TRACKING_USER rule PR out) from Debian's
# linux-source-6.1, into OUT (outside the source tree; ~7 minutes on 2 cores).
#
#   build-pr-kernel.sh OUT          then: PPCVMD_PR_KERNEL=OUT meson test --suite kvm
#
# OUT ends up holding vmlinux, kvm.ko and kvm-pr.ko.  Needs root once, for
# apt-get install linux-source-6.1 flex bison bc libelf-dev libssl-dev.
set -eu
out=$(realpath -m "$1")
if [ -f "$out/vmlinux" ] && [ -f "$out/kvm-pr.ko" ]; then
        echo "$out already holds a KVM-PR kernel"
        exit 0
fi
mkdir -p "$out/src"
if [ ! -f /usr/src/linux-source-6.1.tar.xz ]; then
        apt-get install -y -q linux-source-6.1 flex bison bc libelf-dev libssl-dev
fi
if [ ! -d "$out/src/linux-source-6.1" ]; then
        tar -C "$out/src" -xJf /usr/src/linux-source-6.1.tar.xz
fi
# Hash MMU by default (PR needs it), pseries, KVM-PR as a module.
cat > "$out/pr.config" <<'CONFIG'
CONFIG_PPC64=y
CONFIG_PPC_BOOK3S_64=y
CONFIG_CPU_LITTLE_ENDIAN=y
CONFIG_POWERPC64_CPU=y
CONFIG_PPC_PSERIES=y
CONFIG_PPC_64S_HASH_MMU=y
CONFIG_PPC_RADIX_MMU=y
CONFIG_PPC_OF_BOOT_TRAMPOLINE=y
CONFIG_SMP=y
CONFIG_NR_CPUS=4
CONFIG_PPC_FPU=y
CONFIG_ALTIVEC=y
CONFIG_VSX=y
CONFIG_PRINTK=y
CONFIG_BUG=y
CONFIG_TTY=y
CONFIG_HVC_CONSOLE=y
CONFIG_BLK_DEV_INITRD=y
CONFIG_RD_GZIP=y
CONFIG_DEVTMPFS=y
CONFIG_PROC_FS=y
CONFIG_SYSFS=y
CONFIG_BINFMT_ELF=y
CONFIG_BINFMT_SCRIPT=y
CONFIG_MODULES=y
CONFIG_MODULE_UNLOAD=y
CONFIG_FUTEX=y
CONFIG_HIGH_RES_TIMERS=y
CONFIG_NO_HZ_IDLE=y
CONFIG_VIRTUALIZATION=y
CONFIG_KVM_BOOK3S_64=m
CONFIG_KVM_BOOK3S_64_PR=m
CONFIG_PPC_DISABLE_WERROR=y
CONFIG
k="make -C $out/src/linux-source-6.1 ARCH=powerpc CROSS_COMPILE=powerpc64le-linux-gnu- O=$out/obj"
$k KCONFIG_ALLCONFIG="$out/pr.config" allnoconfig
$k -j"$(nproc)" vmlinux modules
cp "$out/obj/vmlinux" "$out/vmlinux"
cp "$out/obj/arch/powerpc/kvm/kvm.ko" "$out/obj/arch/powerpc/kvm/kvm-pr.ko" "$out/"
echo "KVM-PR kernel in $out"
