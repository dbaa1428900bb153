#!/bin/sh
# timeout: 240
# drm_gpusvm on a real mmu_interval_notifier: a real process
# (/bin/wakeref-simuser) binds an xe device's GPU SVM to anonymous memory of
# its own, GPU faults make 2 MiB notifiers and 64 KiB ranges, and its own
# munmap (full or partial), madvise and exit make the kernel invalidate
# them: ranges set unmapped (partial_unmap), collected and removed with
# their notifiers; drm_gpusvm_fini removes what is left.  The oracle is
# checked against the addresses the process mapped and what it can touch.
. /lib/wakeref/lib.sh
export WAKEREF_FEATURES=all	# the views too

X=wakeref-sim-xe.0
I=wakeref-sim-i915.0
O=$WR_SIM_DIR/owners
K=64k

svm_lines() { grep "^svm $X " "$O" | cut -d' ' -f3- | tr '\n' ';'; }
svm_stat() {
	awk -v d="$X" -v k="$1=" '$1 == "svm_stats" && $2 == d {
		for (i = 3; i <= NF; i++) if (index($i, k) == 1) print substr($i, length(k) + 1) }' "$O"
}
# hex N: N as 0x...
hex() { printf '0x%x' "$1"; }
# span START SIZE: "0xSTART-0xLAST"
span() { echo "$(hex "$1")-$(hex $(($1 + $2 - 1)))"; }
# range OFF [FLAGS]: the oracle's line of the 64 KiB range at A+OFF
range() { echo "range $(span $((A + $1)) 65536) flags=${2:-has_dma_mapping,migrate_devmem}"; }
notifier() { echo "notifier $(span $((A + $1)) 2097152)"; }
# svm_is "LINE;..." MSG: the device's svm lines (after "svm DEV ") are these
svm_is() { assert_eq "$(svm_lines)" "$1" "$2"; }
# svm_state NOTIFIERS RANGES MSG LINE...: the bound GPU SVM holds these
svm_state() {
	local want="gpusvms=1;$GPUSVM notifiers=$1 ranges=$2;" msg=$3 l
	shift 3
	for l; do want="$want$l;"; done
	svm_is "$want" "$msg"
}
gpusvm_line() { grep "^svm $X gpusvm=" "$O" | cut -d' ' -f3 ; }

# ---- the garbage collector by hand, so the unmapped ranges can be seen
sim_load xe_devs=1 svm_gc_auto=0 || test_end
svm_is "gpusvms=0;" "no GPU SVM yet"
# which drm_gpusvm: the kernel's own (drm_gpusvm_helper.ko, loaded at boot)
# wherever the kernel ships it (6.18, 7.x), else the sim's re-implementation
gpusvm_mod=$(awk '$3 == "drm_gpusvm_range_find_or_insert" { print $4 }' /proc/kallsyms | sort -u |
	tr '\n' ' ')
if kernel_has_gpusvm; then
	assert_eq "$gpusvm_mod" "[drm_gpusvm_helper] " "drm_gpusvm is the kernel's own"
	assert_match /proc/modules "^drm_gpusvm_helper .* wakeref_sim,? " \
		"wakeref_sim uses drm_gpusvm_helper"
else
	assert_eq "$gpusvm_mod" "[wakeref_sim] " "drm_gpusvm is the sim's re-implementation"
fi
sim_owners_lacks "^svm $I |^svm_stats $I " "i915 has no GPU SVM"
sim_ctl_fails svm_fault xe.0 0x10000
sim_ctl_fails svm_gc xe.0
sim_ctl_fails svm_fini xe.0
sim_ctl_fails svm_fault i915.0 0x10000

simuser_start 0 svm /dev/$X 4m || test_end
A=$(simuser_addr 0)
[ $((A % 2097152)) = 0 ] && pass "bound at $A, 2 MiB aligned" || fail "addr $A"
GPUSVM=$(gpusvm_line)
svm_state 0 0 "bound: a GPU SVM, nothing in it"
if out=$(echo exit | /bin/wakeref-simuser svm /dev/$X 2m 2>&1); then
	fail "a second bind succeeded: $out"
else
	case $out in
	*busy*) pass "a second bind is refused: busy" ;;
	*) fail "second bind: $out" ;;
	esac
fi

# GPU faults: from the process's ioctl, and from ctl (another context)
simuser_cmd 0 fault 0
assert_eq "${SIMUSER_REPLY#ok * fault }" "range=$(span $A 65536)" "fault at A: the 64 KiB range"
simuser_cmd 0 fault 0x10000
simuser_cmd 0 fault 0x34567
assert_eq "${SIMUSER_REPLY#ok * fault }" "range=$(span $((A + 0x30000)) 65536)" "aligned down"
sim_ctl svm_fault xe.0 "$(hex $((A + 0x50000)))"
simuser_cmd 0 fault 2m
svm_state 2 5 "two notifiers, five ranges, pages mapped" "$(notifier 0)" "$(notifier 2097152)" \
	"$(range 0)" "$(range 0x10000)" "$(range 0x30000)" "$(range 0x50000)" \
	"$(range 2097152)"
assert_eq "$(svm_stat faults) $(svm_stat invalidations)" "5 0" "five faults, no invalidation yet"
simuser_cmd 0 fault 0x10000
assert_eq "$(svm_stat faults) $(grep -c "^svm $X range " "$O")" "6 5" "a fault in a range reuses it"
# the GPU faulted the pages in for the CPU too
simuser_cmd 0 touch 0 $K && assert_eq "${SIMUSER_REPLY##*minflt=}" 0 "GPU-faulted pages are present"
simuser_cmd 0 touch 0x100000 && assert_eq "${SIMUSER_REPLY##*minflt=}" 1 "other pages are not"

# munmap: full and partial.  The first splits the VMA inside a 2 MiB block
# the VMA spans, and the kernel invalidates that block (MMU_NOTIFY_CLEAR from
# __split_huge_pmd(), huge page or not): the other ranges there lose their
# pages but stay; the second notifier's block is not touched.
simuser_cmd 0 munmap 0x10000 $K
simuser_cmd 0 munmap 0x38000 32k
svm_state 2 5 "munmap: unmapped, partial_unmap, pages unmapped" "$(notifier 0)" \
	"$(notifier 2097152)" "$(range 0 migrate_devmem)" \
	"$(range 0x10000 migrate_devmem,unmapped)" \
	"$(range 0x30000 migrate_devmem,partial_unmap,unmapped)" \
	"$(range 0x50000 migrate_devmem)" "$(range 2097152)"
assert_eq "$(svm_stat invalidations) $(svm_stat unmapped)" "3 2" \
	"three invalidations (split, two munmaps), two ranges unmapped"
simuser_cmd_fails 0 touch 0x10000
simuser_cmd 0 touch 0x30000 && pass "the process keeps the first half of the partial range"
sim_ctl svm_gc xe.0
svm_state 2 3 "the garbage collector removed both" "$(notifier 0)" "$(notifier 2097152)" \
	"$(range 0 migrate_devmem)" "$(range 0x50000 migrate_devmem)" "$(range 2097152)"
assert_eq "$(svm_stat removed)" 2 "two removed"
sim_ctl svm_fault xe.0 "$A"
simuser_cmd 0 fault 0x50000
svm_state 2 3 "GPU faults get the pages back" "$(notifier 0)" "$(notifier 2097152)" \
	"$(range 0)" "$(range 0x50000)" "$(range 2097152)"

# madvise(DONTNEED): an invalidation that unmaps pages but keeps the range
simuser_cmd 0 dontneed 0 $K
svm_state 2 3 "DONTNEED: pages gone, range kept" "$(notifier 0)" "$(notifier 2097152)" \
	"$(range 0 migrate_devmem)" "$(range 0x50000)" "$(range 2097152)"
assert_eq "$(svm_stat invalidations) $(svm_stat unmapped)" "4 2" "an invalidation, nothing unmapped"
sim_ctl svm_fault xe.0 "$A"
assert_match "$O" "^svm $X $(range 0)$" "a GPU fault gets its pages again"
sim_ctl svm_evict xe.0 "$A"
sim_ctl_fails svm_evict xe.0 "$(hex $((A + 0x100000)))"

# the last range of a notifier takes it along
simuser_cmd 0 munmap 2m 2m
sim_ctl svm_gc xe.0
svm_state 1 2 "second notifier gone with its range" "$(notifier 0)" "$(range 0)" \
	"$(range 0x50000)"
simuser_cmd_fails 0 fault 2m

# exit without cleanup: the mm goes away under the notifiers
simuser_cmd 0 exit
simuser_end 0
[ "$(svm_stat releases)" -ge 1 ] && pass "exit: MMU_NOTIFY_RELEASE" ||
	fail "releases=$(svm_stat releases)"
svm_state 1 2 "exit_mmap unmapped every range" "$(notifier 0)" \
	"$(range 0 migrate_devmem,unmapped)" "$(range 0x50000 migrate_devmem,unmapped)"
sim_ctl_fails svm_fault xe.0 "$A"
sim_ctl svm_gc xe.0
svm_state 0 0 "collected: nothing left but the GPU SVM"
sim_ctl svm_fini xe.0
svm_is "gpusvms=0;" "svm_fini: gone"

# fini with ranges alive: their notifiers leave the mm, munmap is silent
simuser_start 1 svm /dev/$X 2m shared || test_end
A=$(simuser_addr 1)
GPUSVM=$(gpusvm_line)
simuser_cmd 1 fault 0
simuser_cmd 1 fault 0x20000
svm_state 1 2 "shared memory: no migrate_devmem" "$(notifier 0)" "$(range 0 has_dma_mapping)" \
	"$(range 0x20000 has_dma_mapping)"
inv=$(svm_stat invalidations)
simuser_cmd 1 unbind
svm_is "gpusvms=0;" "unbind with live ranges: all gone"
simuser_cmd 1 munmap 0 $K
assert_eq "$(svm_stat invalidations)" "$inv" "no notifier left on the mm"
simuser_cmd 1 touch 0x20000 && pass "the process goes on"
simuser_end 1
sim_owners_lacks "^stats .* asserts=[1-9]" "no assert"
sim_unload

# ---- the garbage collector as xe runs it: a work item on every unmap
sim_load xe_devs=1 || test_end
simuser_start 2 svm /dev/$X 2m || test_end
A=$(simuser_addr 2)
simuser_cmd 2 fault 0
simuser_cmd 2 fault 0x10000
simuser_cmd 2 munmap 0x10000 $K
wait_owners "^svm $X gpusvm=0x[0-9a-f]+ notifiers=1 ranges=1$" 3000 "the work removed the unmapped range"
assert_eq "$(svm_stat removed)" 1 "one removed"
simuser_cmd 2 exit
simuser_end 2
wait_owners "^svm $X gpusvm=0x[0-9a-f]+ notifiers=0 ranges=0$" 3000 \
	"exit: the work removed the rest and the notifier"
assert_eq "$(grep -c "^svm $X gpusvms=1$" "$O")" 1 "the GPU SVM stays until fini"
sim_unload && pass "unload tears the GPU SVM down"
test_end
