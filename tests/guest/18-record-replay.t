#!/bin/sh
# record then replay: the identical report, from the file alone; damaged
# recordings are refused with a reason.
. /lib/wakeref/lib.sh
export WAKEREF_FEATURES=all	# the views too

sim_load xe_devs=1 || test_end
wakeref_start record -o /tmp/run.rec || test_end
sim_ctl get i915.0 get leaky_path
sim_ctl getput i915.0 get gem_fault n=3
sim_ctl display_get i915.0 pipe_a atomic_commit
sim_ctl get xe.0 xe_get xe_exec
sim_ctl get xe.0 xe_get_if_active xe_ioctl
sim_ctl put xe.0 xe_ioctl
grep '^owner ' "$WR_SIM_DIR/owners" > oracle.txt
wakeref_stop || fail "wakeref record exited with $?"
# the views (userfault lists) are not recorded: their section is the live report's alone
sed '/^Userfault lists /,/^$/d' /tmp/wakeref.out > live.txt
assert_match /tmp/wakeref.out '^Userfault lists ' "live: the userfault view's section"
assert_match live.txt '^Wakeref count: 2$' "live: the i915 leaks"

/bin/wakeref report /tmp/run.rec > replay.txt 2> replay.err
assert_eq "$?" 0 "report exits 0"
if cmp -s live.txt replay.txt; then
	pass "the replayed report is identical to the live one ($(grep -c '' live.txt) lines)"
else
	fail "replayed report differs from the live one:"
	diff live.txt replay.txt | head -n 20 | sed 's/^/    /'
fi
/bin/wakeref report -f owners /tmp/run.rec > replay-owners.txt
compare_owners oracle.txt replay-owners.txt
/bin/wakeref report --info /tmp/run.rec > info.txt
if grep -qF "kernel $(uname -r)" info.txt; then pass "info: the kernel release"
else fail "info: no kernel release $(uname -r) in: $(cat info.txt)"; fi
assert_match info.txt '^  11 events over ' "info: every event"

# damage: cut short, garbage, not a recording
size=$(wc -c < /tmp/run.rec)
head -c $((size - 10)) /tmp/run.rec > cut.rec
/bin/wakeref report cut.rec > /dev/null 2> cut.err && fail "a truncated recording was accepted"
assert_match cut.err 'cut.rec: not a usable recording: record runs past the end of the file \(truncated\?\)' \
	"truncated: says so"
head -c 200 /dev/urandom > junk.rec
/bin/wakeref report junk.rec > /dev/null 2> junk.err && fail "garbage was accepted"
assert_match junk.err 'junk.rec: not a usable recording: no WAKEREF magic' "garbage: says so"
/bin/wakeref report /nonexistent.rec > /dev/null 2> none.err && fail "a missing file was accepted"
assert_match none.err 'cannot open /nonexistent.rec: No such file' "missing: says so"
sim_unload
test_end
