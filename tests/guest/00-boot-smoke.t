#!/bin/sh
# The guest environment every other test relies on: the expected kernel,
# vmlinux BTF, bpffs/debugfs/tracefs, and unrestricted kallsyms.
. /lib/wakeref/lib.sh

[ -n "$WAKEREF_KVER" ] || fail "wakeref.kver missing from the kernel command line"
assert_eq "$(uname -r)" "$WAKEREF_KVER" "running the kernel the host built for"

if [ -s /sys/kernel/btf/vmlinux ]; then
	pass "/sys/kernel/btf/vmlinux present"
else
	fail "/sys/kernel/btf/vmlinux missing or empty (CONFIG_DEBUG_INFO_BTF?)"
fi

for m in "/sys/fs/bpf bpf" "/sys/kernel/debug debugfs" "/sys/kernel/tracing tracefs"; do
	assert_match /proc/mounts "^[^ ]+ ${m% *} ${m#* } " "${m#* } mounted on ${m% *}"
done

assert_eq "$(cat /proc/sys/kernel/kptr_restrict)" 0 "kptr_restrict=0"
# the first text symbol: early in the file, which is slow to read under TCG
sym=$(grep -m1 ' [Tt] ' /proc/kallsyms)
case ${sym%% *} in
"") fail "no text symbol in /proc/kallsyms" ;;
*[!0]*) pass "kallsyms shows real addresses ($sym)" ;;
*) fail "kallsyms addresses are hidden ($sym)" ;;
esac

test_end
