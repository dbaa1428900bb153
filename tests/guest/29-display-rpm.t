#!/bin/sh
# Display's runtime PM, traced on the path the running kernel has.  Display
# power reaches runtime PM:
#   up to 6.16  through i915's global intel_runtime_pm_* (6.15, 6.16 not read);
#   6.17, 6.18  through the global intel_display_rpm_* wrappers, which call
#               those same globals;
#   6.19 on     through the same wrappers and display->parent->rpm, i915's
#               static i915_display_rpm_* ops, which never call the globals,
#               except get_noresume (the inner event must not count twice).
# Every kind of display get and put must reach wakeref on that path's rows,
# owned by the code that asked for display power, as the oracle says, and
# wakeref's totals must be the driver's.
. /lib/wakeref/lib.sh

I=wakeref-sim-i915.0
EV=/tmp/wakeref.out

case $(uname -r) in
5.* | 6.[0-9].* | 6.1[0-6].*) KIND=globals ;;
6.1[78].*) KIND=wrappers ;;
*) KIND=ops ;;
esac
if [ "$KIND" = ops ]; then
	ROW=i915_display_rpm_ OTHER=intel_runtime_pm_
	GETS="get get_raw get_if_in_use get_noresume" PUTS="put put_raw put_unchecked"
else
	ROW=intel_runtime_pm_ OTHER=i915_display_rpm_
	# the async put's work upgrades its raw reference: get_noresume from 6.10
	case $(uname -r) in
	5.* | 6.[0-9].*) GETS="get get_raw get_if_in_use" ;;
	*) GETS="get get_raw get_if_in_use get_noresume" ;;
	esac
	PUTS="put_unchecked put_raw"
fi
echo "display's runtime PM on $(uname -r): $KIND, rows ${ROW}*"

# oracle_stat NAME: the oracle's counter NAME of the i915 device
oracle_stat() {
	awk -v d="$I" -v k="$1=" '$1 == "stats" && $2 == d {
		for (i = 3; i <= NF; i++) if (index($i, k) == 1) print substr($i, length(k) + 1) }' \
		"$WR_SIM_DIR/owners"
}

sim_load || test_end
wait_runtime_status $I suspended 2000 || test_end
gets0=$(oracle_stat gets)
puts0=$(oracle_stat puts)
wakeref_start trace -f jsonl || test_end

sim_ctl display_get i915.0 pipe_a atomic_commit
sim_ctl display_get_if_enabled i915.0 pipe_a hotplug_work
sim_ctl display_get_if_enabled i915.0 aux_a hotplug_work	# off: given back
sim_ctl display_put i915.0 pipe_a hotplug_work
sim_ctl display_put_async i915.0 pipe_a atomic_commit delay_ms=200
wait_owners "^async_put $I pending=0$" 4000 "the async put's work ran"
sim_ctl display_get i915.0 pipe_b atomic_commit
sim_ctl display_get_if_enabled i915.0 pipe_b hotplug_work
grep '^owner ' "$WR_SIM_DIR/owners" > oracle.txt
gets=$(($(oracle_stat gets) - gets0))
puts=$(($(oracle_stat puts) - puts0))
wakeref_stop || fail "wakeref exited with rc=$?"

# the rows of this kernel's path carried every kind of get and put
for f in $GETS; do
	n=$(grep -c "^{\"type\":\"get\",.*\"hook\":\"$ROW$f\"," "$EV")
	[ "$n" -ge 1 ] && pass "display's $f reached wakeref on $ROW$f ($n)" ||
		fail "no display $f on $ROW$f"
done
for f in $PUTS; do
	n=$(grep -c "^{\"type\":\"put\",.*\"hook\":\"$ROW$f\"," "$EV")
	[ "$n" -ge 1 ] && pass "display's $f reached wakeref on $ROW$f ($n)" ||
		fail "no display $f on $ROW$f"
done

# the other rows: 6.19+ globals see only the op's nested get_noresume
if [ "$KIND" = ops ]; then
	outer=$(grep -c '^{"type":"get",.*"hook":"i915_display_rpm_get_noresume",' "$EV")
	inner=$(grep -c '^{"type":"get",.*"hook":"intel_runtime_pm_get_noresume",' "$EV")
	assert_eq "$inner" "$outer" "each op get_noresume calls the global once, and only that"
	assert_eq "$(grep '"hook":"intel_runtime_pm_' "$EV" | grep -vc 'i915_display_rpm_get_noresume+')" \
		0 "no display reference on the globals but from inside the op"
else
	assert_eq "$(grep -c "\"hook\":\"$OTHER" "$EV")" 0 "no event on ${OTHER}* (not on $KIND kernels)"
fi

# what asked for display power owns it, display's layers crossed
sed -n 's/^{"type":"owner","device":"\([^"]*\)","count":\([0-9]*\),"owner":"\([^"]*\)".*/owner \1 \3 \2/p' \
	"$EV" > owners.txt
compare_owners oracle.txt owners.txt
assert_match "$EV" '^\{"type":"owner","device":"wakeref-sim-i915\.0","count":1,"owner":"sim_atomic_commit","via":"intel_display_power_get",' \
	"owned by the display caller, via intel_display_power_get"
held=$(grep '^{"type":"owner",.*"owner":"sim_atomic_commit"' "$EV")
case $held in
*"\"stack\":[\"${ROW}get+0x"*) pass "its stack starts at ${ROW}get" ;;
*) fail "its stack does not start at ${ROW}get: $held" ;;
esac
case $KIND:$held in
globals:*intel_display_rpm_*) fail "a display rpm wrapper in a $KIND stack" ;;
globals:*) pass "no display rpm wrapper on $KIND kernels" ;;
*:*'"intel_display_rpm_get+0x'*) pass "through intel_display_rpm_get" ;;
*) fail "no intel_display_rpm_get frame on a $KIND kernel: $held" ;;
esac

# wakeref counted each reference once, as the driver did
assert_match "$EV" "^\\{\"type\":\"device\",\"device\":\"$I\",\"driver\":\"i915\",.*\"gets\":$gets,\"puts\":$puts,\"failed_gets\":0,\"unmatched_puts\":0," \
	"wakeref's gets and puts are the driver's ($gets, $puts)"
assert_match "$EV" "^\\{\"type\":\"device\",\"device\":\"$I\",.*\"divergence\":null" \
	"no divergence from the driver's count"
sim_unload
test_end
