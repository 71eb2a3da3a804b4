#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The emulator's unit tests built for ppc64le (cross/ppc64le.ini) and run
# under qemu-ppc64le-static: a big-endian-host assumption or a host-order
# bug in the emulator shows up as a failure here.  TAP summary; skipped when
# libfdt for ppc64el cannot be fetched.
#   cross-unit.sh SOURCE BUILD
set -eu
src=$1
build=$2
cache=$build/tests/kvm/cache
rc=0
sh "$src/tests/kvm/fetch-debs.sh" "$cache" "${PPCVMD_CACHE:-/tmp/ppcvmd-cache}/debian-ppc64el/debs" >&2 || rc=$?
if [ "$rc" = 77 ]; then
        echo "1..0 # SKIP libfdt for ppc64el cannot be fetched here"
        exit 0
fi
[ "$rc" = 0 ] || exit "$rc"
cdir=$build/tests/kvm/cross-ppc64le
fdt=$cache/fdt
if [ ! -f "$cdir/build.ninja" ]; then
        meson setup "$cdir" "$src" --cross-file "$src/cross/ppc64le.ini" \
                -Dc_args="-I$fdt/usr/include" \
                -Dc_link_args="-L$fdt/usr/lib/powerpc64le-linux-gnu -static" >&2
fi
if meson test -C "$cdir" --suite emu --suite kvm-unit --print-errorlogs >&2; then
        echo "1..1"; echo "ok 1 - emu and kvm-unit suites pass as ppc64le under qemu-ppc64le-static"
else
        echo "1..1"; echo "not ok 1 - emu or kvm-unit suite fails as ppc64le (see the log above)"
        exit 1
fi
