#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Fetches, once, the Debian ppc64el packages the kvm suite needs and
# unpacks them under CACHE (normally <builddir>/tests/kvm/cache):
#   kernel/   linux-image-*-powerpc64le (vmlinux, kvm.ko, kvm-hv.ko)
#   busybox/  busybox-static
#   fdt/      libfdt1 + libfdt-dev (for the ppc64le cross build of the core)
#
#   fetch-debs.sh CACHE [SHARED_DEB_DIR]
#
# SHARED_DEB_DIR: a directory that may already hold some of the .debs (the
# Linux boot tests' cache); they are copied rather than downloaded again.
# Only Debian's archive is used.  The ppc64el architecture is added for the
# download and removed afterwards; while it is configured, apt-get update
# exits 100 (bookworm-security's ppc64el index fails its size check), which
# is tolerated because the indexes needed load fine.
# Exit status: 0 ready, 77 cannot fetch (not root, no network): skip.
set -eu
cache=$1
shared=${2:-}
mkdir -p "$cache/debs"

ready() {
        ls "$cache"/kernel/boot/vmlinux-* >/dev/null 2>&1 &&
        [ -x "$cache/busybox/bin/busybox" ] &&
        ls "$cache"/fdt/usr/lib/powerpc64le-linux-gnu/libfdt.a >/dev/null 2>&1
}
if ready; then
        exit 0
fi

have_deb() { ls "$cache"/debs/"$1"_*_ppc64el.deb >/dev/null 2>&1; }

if [ -n "$shared" ] && [ -d "$shared" ]; then
        for d in "$shared"/linux-image-*-powerpc64le_*_ppc64el.deb \
                 "$shared"/busybox-static_*_ppc64el.deb; do
                [ -f "$d" ] && cp -n "$d" "$cache/debs/"
        done
fi

want=""
have_deb 'linux-image-*-powerpc64le' || want="$want IMAGE"
have_deb busybox-static || want="$want busybox-static:ppc64el"
have_deb libfdt1 || want="$want libfdt1:ppc64el"
have_deb libfdt-dev || want="$want libfdt-dev:ppc64el"

if [ -n "$want" ]; then
        if [ "$(id -u)" != 0 ]; then
                echo "kvm: fetching ppc64el packages needs root (apt-get); skipping" >&2
                exit 77
        fi
        added=0
        if ! dpkg --print-foreign-architectures | grep -qx ppc64el; then
                dpkg --add-architecture ppc64el
                added=1
        fi
        cleanup() {
                if [ "$added" = 1 ]; then
                        dpkg --remove-architecture ppc64el || true
                        apt-get update -q >/dev/null 2>&1 || true
                fi
        }
        trap cleanup EXIT
        apt-get update -q >"$cache/apt-update.log" 2>&1 || [ $? = 100 ] || {
                echo "kvm: apt-get update failed (see $cache/apt-update.log); skipping" >&2
                exit 77
        }
        case "$want" in
        *IMAGE*)
                image=$(apt-cache depends linux-image-powerpc64le:ppc64el 2>/dev/null |
                        sed -n 's/.*Depends: \(linux-image-[0-9][^: ]*-powerpc64le\).*/\1/p' | head -n 1)
                [ -n "$image" ] || { echo "kvm: no linux-image-powerpc64le in the archive" >&2; exit 77; }
                want=$(echo "$want" | sed "s/IMAGE/$image:ppc64el/")
                ;;
        esac
        # shellcheck disable=SC2086
        (cd "$cache/debs" && apt-get download -q $want) >"$cache/download.log" 2>&1 || {
                echo "kvm: apt-get download failed (see $cache/download.log)" >&2
                exit 77
        }
fi

rm -rf "$cache/kernel" "$cache/busybox" "$cache/fdt"
dpkg-deb -x "$(ls "$cache"/debs/linux-image-*-powerpc64le_*_ppc64el.deb | head -n 1)" "$cache/kernel"
# Keep only the KVM modules of the 3000-odd.
find "$cache/kernel/lib/modules" -name '*.ko' ! -name 'kvm*.ko' -delete
dpkg-deb -x "$(ls "$cache"/debs/busybox-static_*_ppc64el.deb | head -n 1)" "$cache/busybox"
dpkg-deb -x "$(ls "$cache"/debs/libfdt1_*_ppc64el.deb | head -n 1)" "$cache/fdt"
dpkg-deb -x "$(ls "$cache"/debs/libfdt-dev_*_ppc64el.deb | head -n 1)" "$cache/fdt"
ready
