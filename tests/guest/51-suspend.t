#!/bin/sh
# Across a system suspend and an unbind.  A real suspend (pm_test=devices:
# the PM core calls every device's suspend callbacks, waits, and resumes;
# no firmware needed) with a wakeref held on i915.1 and on xe.0 across it,
# and, as the audio component of thesofproject PR #5478 did, a get made on
# i915.1 from a callback that runs after i915.1 suspended (i915.0's: it
# was registered first, so it suspends last and resumes first) and its put
# from i915.0's resume, before i915.1's.  Then rmmod with the sites'
# wakerefs left held (unload_release=0), traced by kprobes (trampolines
# would keep the module): what each device still holds at the end of its
# unbind (intel_runtime_pm_driver_release, xe_pm_fini / xe_pm_runtime_fini).
# Each checked against the simulated driver's oracle: its "sleep" file, and
# the lines its unbind prints.
. /lib/wakeref/lib.sh

[ -w /sys/power/pm_test ] || { fail "no /sys/power/pm_test: the kernel lacks CONFIG_PM_DEBUG"; test_end; }
grep -qw freeze /sys/power/state || { fail "/sys/power/state has no freeze: $(cat /sys/power/state)"; test_end; }
# the PM core's wait between suspend and resume (default 5 s): nothing is timed on it
echo 1 > /sys/module/suspend/parameters/pm_test_delay 2>/dev/null || true

# sleep_lines FILE: the lines both the oracle and wakeref write, sorted
sleep_lines() {
	grep -E '^(suspend|suspend_owner|asleep_count) |^asleep [^ ]+ get ' "$1" | sort
}

sim_load i915_devs=2 xe_devs=1 || test_end
wakeref_start record -o /tmp/suspend.rec || test_end

# one event on each device, so that wakeref knows it (i915's callbacks name
# the device by its struct device, not by the driver's object)
sim_ctl getput i915.0 get gem_fault
sim_ctl getput i915.1 get gem_fault
# held across the suspend
sim_ctl get i915.1 get leaky_path
sim_ctl get xe.0 xe_get xe_exec
# the order bug: i915.1 touched while asleep
sim_ctl get i915.1 get_raw hotplug_work ctx=suspend:i915.0
sim_ctl put i915.1 hotplug_work ctx=resume:i915.0

echo devices > /sys/power/pm_test || fail "pm_test=devices refused"
if echo freeze > /sys/power/state; then
	pass "a system suspend (freeze, pm_test=devices) went through"
else
	fail "echo freeze > /sys/power/state failed"
fi
echo none > /sys/power/pm_test
cp "$WR_SIM_DIR/sleep" oracle-sleep.txt
cp "$WR_SIM_DIR/owners" oracle-owners.txt
wakeref_stop > /dev/null || fail "wakeref record exited with rc=$?"

sed 's/^/    oracle: /' oracle-sleep.txt
assert_match oracle-sleep.txt '^suspend wakeref-sim-i915\.1 suspends=1 resumes=1 failed=0 held=1$' \
	"oracle: i915.1 suspended and resumed once, one wakeref held"
assert_match oracle-sleep.txt '^asleep_count wakeref-sim-i915\.1 gets=1 puts=1$' \
	"oracle: i915.1 got and put once while asleep"
assert_match oracle-sleep.txt '^suspend_owner wakeref-sim-xe\.0 sim_xe_exec 1$' \
	"oracle: xe.0 held sim_xe_exec's across the suspend"
/bin/wakeref report -f owners /tmp/suspend.rec > owners.txt || fail "report -f owners: rc=$?"
sleep_lines oracle-sleep.txt > want.txt
sleep_lines owners.txt > got.txt
if [ -s want.txt ] && cmp -s want.txt got.txt; then
	pass "held at suspend and while suspended equal the oracle's ($(wc -l < want.txt) lines)"
else
	fail "sleep lines differ from the oracle's (- oracle, + wakeref):"
	diff want.txt got.txt | sed 's/^/    /'
fi
assert_match owners.txt '^asleep wakeref-sim-i915\.1 put sim_hotplug_work$' \
	"the put while asleep, by its releaser"
compare_owners oracle-owners.txt owners.txt

# the same recording as text and JSON
/bin/wakeref report /tmp/suspend.rec > text.txt || fail "report: rc=$?"
sed -n '/^wakeref-sim-i915\.1:/,/^$/p' text.txt | sed 's/^/    | /'
assert_match text.txt '^Held at system suspend \(i915_pm_suspend, pid [0-9]+ \[.*\]\): 1 wakeref$' \
	"text: one wakeref held at i915's system suspend"
assert_match text.txt '^ \(by sim_leaky_path, pid ' "text: its owner"
assert_match text.txt '^WARNING: 1 get and 1 put while suspended' "text: the order bug flagged"
assert_match text.txt '^Wakeref taken while suspended by sim_hotplug_work, pid ' "text: by whom"
/bin/wakeref report -f json /tmp/suspend.rec > report.json || fail "report -f json: rc=$?"
tr -d ' \n' < report.json > flat.json
assert_match flat.json '"held_at_suspend":\{"hook":"xe_pm_suspend",[^]]*"owner":"sim_xe_exec"' \
	"json: xe.0's owner held at suspend"
assert_match flat.json '"gets_while_suspended":1,"puts_while_suspended":1,"while_suspended":\[\{"type":"get","hook":"intel_runtime_pm_get_raw","function":"sim_hotplug_work"' \
	"json: the get while suspended"
sim_unload

# unbind with the sites' wakerefs left held, traced by kprobes
sim_load i915_devs=1 xe_devs=1 unload_release=0 || test_end
wakeref_start trace -f owners --no-fentry || test_end
sim_ctl get i915.0 get leaky_path
sim_ctl getput i915.0 get gem_fault
sim_ctl get xe.0 xe_get xe_exec
before=$(dmesg | wc -l)
sim_unload
# "DEV: unbind held=N" -> "unbind DEV held=N", "DEV: unbind_owner F N" -> "unbind_owner DEV F N"
dmesg | tail -n +$((before + 1)) > unbind-dmesg.txt
sed -n 's/^.*wakeref_sim: \(wakeref-sim-[a-z0-9.]*\): \(unbind[a-z_]*\) \(.*\)$/\2 \1 \3/p' \
	unbind-dmesg.txt | sort > want-unbind.txt
wakeref_stop > /dev/null || fail "wakeref exited with rc=$?"
grep -E '^unbind(_owner)? ' /tmp/wakeref.out | sort > got-unbind.txt
sed 's/^/    oracle: /' want-unbind.txt
assert_match want-unbind.txt '^unbind wakeref-sim-i915\.0 held=1$' "oracle: i915.0 leaks one at unbind"
assert_match want-unbind.txt '^unbind_owner wakeref-sim-xe\.0 sim_xe_exec 1$' \
	"oracle: xe.0 leaks sim_xe_exec's at unbind"
if [ -s want-unbind.txt ] && cmp -s want-unbind.txt got-unbind.txt; then
	pass "held at unbind equals the oracle's ($(wc -l < want-unbind.txt) lines)"
else
	fail "unbind lines differ from the oracle's (- oracle, + wakeref):"
	diff want-unbind.txt got-unbind.txt | sed 's/^/    /'
fi
grep -q 'i915 raw-wakerefs=1 wakelocks=1 on cleanup' unbind-dmesg.txt &&
	pass "the sim says what i915 would WARN at cleanup" ||
	fail "no 'i915 raw-wakerefs=1 wakelocks=1 on cleanup' in the kernel log"
test_end
