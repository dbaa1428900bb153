#!/bin/sh
# timeout: 240
# The fast unwinder (bpf/wr_unwind.bpf.h, userspace/kernel/unwind.c): stacks
# walked with rules from the kernel's ORC tables must be the very stacks
# bpf_get_stack() gives.  WAKEREF_UNWIND=verify walks both ways and counts
# every stack that differs; the owners must still be the oracle's.  Its
# negative control: rules broken on purpose (WAKEREF_UNWIND_BREAK=end) must
# make every stack walked fast differ.
. /lib/wakeref/lib.sh

# "fast unwinder (MODE): W stacks walked, S by bpf_get_stack; ... D stacks differed"
unwind_counts() {
	sed -n 's/^wakeref: fast unwinder ([a-z]*): \([0-9]*\) stacks walked, \([0-9]*\) by bpf_get_stack;.* \([0-9]*\) stacks differed$/\1 \2 \3/p' \
		/tmp/wakeref.err | tail -1
}

# ops from several sites and contexts; a snapshot between rounds makes the
# frontend read the events, and learn the rules of the stacks it missed
workload() {
	local i
	for i in 1 2 3; do
		sim_ctl get i915.0 get gem_fault
		sim_ctl get i915.0 get_raw hotplug_work ctx=wq
		sim_ctl get i915.0 get leaky_path ctx=task:simkt
		sim_ctl get i915.0 get_if_active guc_submit ctx=irq
		sim_ctl put i915.0 gem_fault
		sim_ctl put i915.0 hotplug_work
		sim_ctl put i915.0 guc_submit ctx=irq
		sim_ctl get xe.0 xe_get xe_exec
		sim_ctl put xe.0 xe_exec
		sim_ctl bench i915.0 pmu_sample n=100
		wakeref_snapshot "/tmp/unwind.$1.$i"
	done
}

# traced_run MODE ARGS...: wakeref trace ARGS with WAKEREF_UNWIND=MODE through
# the workload, its owners checked against the oracle's; COUNTS: its
# unwinder's "walked slow differed"
traced_run() {
	local mode=$1
	shift
	export WAKEREF_UNWIND=$mode
	wakeref_start trace "$@" -f owners || return 1
	WR_SNAPSHOTS=0
	workload "$mode"
	compare_owners "$WR_SIM_DIR/owners" "/tmp/unwind.$mode.3"
	wakeref_stop > /dev/null || fail "wakeref exited with rc=$?"
	unset WAKEREF_UNWIND
	grep 'fast unwinder (' /tmp/wakeref.err
	COUNTS=$(unwind_counts)
}

sim_load xe_devs=1 || test_end

WAKEREF_UNWIND=bogus /bin/wakeref trace > /tmp/bogus.out 2>&1 &&
	fail "a bad WAKEREF_UNWIND is taken" || pass "a bad WAKEREF_UNWIND is refused"
assert_match /tmp/bogus.out "bad WAKEREF_UNWIND 'bogus': want off, fast or verify" \
	"and named, with what it takes"

traced_run verify || test_end
set -- $COUNTS
if [ $# -ne 3 ]; then
	fail "no fast-unwinder line on stderr"
	sed 's/^/    ! /' /tmp/wakeref.err
else
	assert_eq "$3" 0 "verify: every stack walked fast is bpf_get_stack()'s ($1 walked, $2 not)"
	[ "$1" -ge 300 ] && pass "verify: most stacks walked fast ($1)" ||
		fail "verify: only $1 stacks walked fast, $2 by bpf_get_stack"
	[ "$2" -ge 1 ] && pass "verify: stacks not yet learnt went the slow way ($2)" ||
		fail "verify: no stack went the slow way, yet nothing was learnt before"
fi

# the leaks of that run released: the next starts from nothing held
for i in 1 2 3; do sim_ctl put i915.0 leaky_path; done

# the negative control: verify must catch a wrong rule.  WAKEREF_UNWIND_BREAK=end
# makes every learnt rule end the stack at its frame: each stack walked fast
# is then one frame where bpf_get_stack() has more, and must be counted.
export WAKEREF_UNWIND_BREAK=end
traced_run verify || test_end
unset WAKEREF_UNWIND_BREAK
set -- $COUNTS
if [ $# -ne 3 ]; then
	fail "wrong rules: no fast-unwinder line on stderr"
else
	[ "$1" -ge 1 ] && [ "$3" = "$1" ] &&
		pass "verify catches wrong rules: all $1 stacks walked with them differed" ||
		fail "verify missed wrong rules: $1 walked fast, $3 differed"
fi
for i in 1 2 3; do sim_ctl put i915.0 leaky_path; done

# fast, as it ships: the same owners as the oracle, stacks walked fast
traced_run fast -v || test_end
set -- $COUNTS
[ $# -eq 3 ] && [ "$1" -ge 300 ] && pass "fast: $1 stacks walked fast, $2 by bpf_get_stack" ||
	fail "fast: stacks walked fast: '$*'"
# stack words: plain loads where bpf_rdonly_cast() exists (6.2+)
how=$(stack_reads)
assert_match /tmp/wakeref.err "stack read by $how\\)" "fast: stack words read by $how on $(uname -r)"
# the leaking site is in the report
assert_match /tmp/wakeref.out 'sim_leaky_path' "the leaking site is named"

sim_unload
test_end
