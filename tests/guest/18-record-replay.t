#!/bin/sh
# timeout: 150
# record then replay: the identical report, from the file alone, the views
# too (an object faulted onto i915's GGTT userfault list, with its stack);
# damaged recordings are refused with a reason.
. /lib/wakeref/lib.sh
export WAKEREF_FEATURES=all	# the views too

sim_load xe_devs=1 || test_end
sim_ctl gem_create i915.0 g1 gtt pages=2
G1=$(awk '$1 == "gem" && $3 == "g1" { for (i = 4; i <= NF; i++)
	if (index($i, "obj=") == 1) print substr($i, 5) }' "$WR_SIM_DIR/gem")
simuser_start 0 gem /dev/wakeref-sim-i915.0 g1 || test_end
# the oracle's gets, puts and failed gets, summed over the devices
oracle_events() {
	awk '$1 == "stats" { for (i = 3; i <= NF; i++) { split($i, kv, "=")
		if (kv[1] == "gets" || kv[1] == "puts" || kv[1] == "failed_gets") n += kv[2] } }
		END { print n + 0 }' "$WR_SIM_DIR/owners"
}
wakeref_start record -o /tmp/run.rec || test_end
E0=$(oracle_events)
sim_ctl get i915.0 get leaky_path		# holds i915 awake: no suspend drains g1
simuser_cmd 0 touch 0 1p
# the fault's wakeref goes back when the sim's userfault timer fires: wait for it
i=0
while grep -q '^owner .* vm_fault_gtt ' "$WR_SIM_DIR/owners" && [ $i -lt 100 ]; do
	usleep 50000
	i=$((i + 1))
done
sim_ctl getput i915.0 get gem_fault n=3
sim_ctl display_get i915.0 pipe_a atomic_commit
sim_ctl get xe.0 xe_get xe_exec
sim_ctl get xe.0 xe_get_if_active xe_ioctl
sim_ctl put xe.0 xe_ioctl
grep '^owner ' "$WR_SIM_DIR/owners" > oracle.txt
N=$(($(oracle_events) - E0))
wakeref_stop || fail "wakeref record exited with $?"
simuser_end 0
cp /tmp/wakeref.out live.txt
assert_match live.txt '^Userfault lists ' "live: the userfault view's section"
assert_match live.txt "^    obj $G1 size 8192 mmap gtt" "live: g1 on the GGTT list, as the oracle's gem file says"
assert_match live.txt '^       vm_fault_gtt\+0x[0-9a-f]*/0x[0-9a-f]* \[wakeref_sim\]$' \
	"live: the fault's stack, symbolized"
assert_match live.txt '^Wakeref count: 2$' "live: the i915 leaks"

/bin/wakeref report /tmp/run.rec > replay.txt 2> replay.err
assert_eq "$?" 0 "report exits 0"
if cmp -s live.txt replay.txt; then
	pass "the replayed report is identical to the live one ($(grep -c '' live.txt) lines)"
else
	fail "replayed report differs from the live one:"
	diff live.txt replay.txt | head -n 20 | sed 's/^/    /'
fi
/bin/wakeref report -f json /tmp/run.rec > replay.json
assert_match replay.json "\"userfault\":\\{.*\"address\":\"$G1\"" "report -f json: g1 in the userfault view"
/bin/wakeref report -f owners /tmp/run.rec > replay-owners.txt
compare_owners oracle.txt replay-owners.txt
/bin/wakeref report --info /tmp/run.rec > info.txt
if grep -qF "kernel $(uname -r)" info.txt; then pass "info: the kernel release"
else fail "info: no kernel release $(uname -r) in: $(cat info.txt)"; fi
assert_match info.txt "^  $N events over " "info: every get and put the oracle counted ($N)"

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
