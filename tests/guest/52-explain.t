#!/bin/sh
# wakeref explain FUNC: the error path of i915_gem_shrink() that returns with
# its wakeref held (the sim's copy of i915 before 0c9477738649) is named by
# the callee and the error the sim's knob makes i915_gem_object_lock()
# return, counted as the oracle counts the wakerefs left held; with every
# lock succeeding (the negative control) no leak path is named.
. /lib/wakeref/lib.sh

CTL=$WR_SIM_DIR/ctl
EXPLAIN="/bin/wakeref explain i915_gem_shrink --module $WR_SIM_KO"

# how many wakerefs the oracle says i915_gem_shrink holds ("owner DEV FUNC N")
held_by_shrink() {
	awk '$1 == "owner" && $3 == "i915_gem_shrink" { n = $4 } END { print n + 0 }' \
		"$WR_SIM_DIR/owners"
}

sim_load || test_end

# bad input: one line that says what is wrong
/bin/wakeref explain no_such_function_here > bad.out 2> bad.err
assert_eq "$?" 2 "an unknown function: exit 2"
assert_match bad.err '^wakeref: explain: no_such_function_here is no function of the running kernel' \
	"an unknown function: said so"
$EXPLAIN -d 0.1 > none.out 2>&1
assert_eq "$?" 0 "nothing called: exit 0"
/bin/wakeref explain sim_oracle_put --module $WR_SIM_KO > noget.out 2> noget.err
assert_eq "$?" 2 "a function that takes no wakeref: exit 2"
assert_match noget.err 'sim_oracle_put calls no runtime-PM get itself' "... said so"

# negative control: the locks succeed, every call puts its wakeref
$EXPLAIN -- sh -c "echo 'gem_shrink i915.0 n=3' > $CTL" > clean.out 2> clean.err
assert_eq "$?" 0 "no leak: exit 0 (the command's status)"
assert_eq "$(held_by_shrink)" 0 "oracle: i915_gem_shrink holds nothing"
assert_match clean.out '^explain i915_gem_shrink \[wakeref_sim\]: 3 calls, 0 returned holding' \
	"negative control: the three calls followed, none leaked"
assert_match clean.out '^  no leak path: i915_gem_shrink put every wakeref it took$' \
	"negative control: no leak path"
assert_eq "$(grep -c 'leaked its wakeref' clean.out)" 0 "negative control: no path named"
assert_match clean.out '^  watched gets: intel_runtime_pm_get_if_in_use$' \
	"the get i915_gem_shrink calls is watched"
assert_match clean.out '^  watched callees:.* i915_gem_object_lock' "its lock is watched"

# the knob: 3 of 5 shrinks fail their first lock with -EDEADLK
$EXPLAIN -- sh -c "echo 'gem_shrink i915.0 EDEADLK n=3' > $CTL &&
	echo 'gem_shrink i915.0 n=2' > $CTL" > leak.out 2> leak.err
assert_eq "$?" 3 "a leak: exit 3"
held=$(held_by_shrink)
assert_eq "$held" 3 "oracle: i915_gem_shrink holds the 3 wakerefs of its failed calls"
assert_match leak.out "^explain i915_gem_shrink \\[wakeref_sim\\]: 5 calls, $held returned holding" \
	"5 calls followed, as many leaked as the oracle holds"
assert_match leak.out "^  i915_gem_shrink leaked its wakeref after i915_gem_object_lock\\(\\) returned -EDEADLK \\(-35\\), $held times of 5 calls; i915_gem_shrink returned -EDEADLK \\(-35\\)\$" \
	"the path: the failing callee and the knob's error, as often as the oracle"
assert_eq "$(grep -c 'leaked its wakeref' leak.out)" 1 "one path"

# another error, another path: the knob's EINTR
$EXPLAIN -- sh -c "echo 'gem_shrink i915.0 EINTR' > $CTL" > eintr.out 2> eintr.err
assert_eq "$?" 3 "EINTR: exit 3"
assert_eq "$(held_by_shrink)" $((held + 1)) "oracle: one more held"
assert_match eintr.out '^  i915_gem_shrink leaked its wakeref after i915_gem_object_lock\(\) returned -EINTR \(-4\), 1 time of 1 calls' \
	"EINTR named"
# the same answer after ci's report, which then fails
/bin/wakeref ci --settle 0 --explain i915_gem_shrink --explain-module $WR_SIM_KO -- \
	sh -c "echo 'gem_shrink i915.0 EDEADLK' > $CTL" > ci.out 2> ci.err
assert_eq "$?" 3 "ci --explain: exit 3"
assert_eq "$(held_by_shrink)" $((held + 2)) "oracle: one more held"
assert_match ci.out '^  i915_gem_shrink leaked its wakeref after i915_gem_object_lock\(\) returned -EDEADLK \(-35\), 1 time of 1 calls' \
	"ci --explain: the path after the report"
# without FUNC: a first run finds the top owner, a second explains it
/bin/wakeref explain --module $WR_SIM_KO -- \
	sh -c "echo 'gem_shrink i915.0 EDEADLK' > $CTL" > top.out 2> top.err
assert_eq "$?" 3 "explain without FUNC: exit 3"
assert_eq "$(held_by_shrink)" $((held + 4)) "oracle: two more held, one a run"
assert_match top.err 'the top owner is i915_gem_shrink \(1 held\)' "the top owner found"
assert_match top.out '^  i915_gem_shrink leaked its wakeref after i915_gem_object_lock\(\) returned -EDEADLK \(-35\), 1 time of 1 calls' \
	"explain without FUNC: the top owner's path"
for f in clean leak eintr ci top; do
	[ -s $f.err ] && sed 's/^/    | /' $f.err
done
sim_unload
test_end
