#!/bin/sh
# Usage and load errors: ppcvm-run exits 1 with a message naming the problem.
# test-ppcvm-run-errors.sh RUNNER
runner=$1
n=0
fail=0

check() {
        want=$1
        shift
        n=$((n + 1))
        msg=$("$runner" "$@" 2>&1 >/dev/null </dev/null)
        status=$?
        case "$status:$msg" in
        1:*"$want"*) echo "ok $n - $*" ;;
        *) echo "not ok $n - $*: status $status, message '$msg' (wanted '$want')"; fail=1 ;;
        esac
}

check "--kernel is required"
check "kernel /nonexistent/vmlinux: No such file" --kernel /nonexistent/vmlinux
check "not a regular file" --kernel /dev/null
check "not an ELF file" --kernel "$0"
check "--vcpus 65" --kernel /dev/null --vcpus 65
check "--memory 8" --kernel /dev/null --memory 8
check "--backend vax" --kernel /dev/null --backend vax
check "--timeout -1" --kernel /dev/null --timeout -1
check "unexpected argument" --kernel /dev/null extra
echo "1..$n"
exit $fail
