#!/bin/sh
# timeout: 240
# An owner in another module: the sound driver stand-in (wakeref_sim_snd, as
# snd_hda_intel) binds the simulated i915's audio component and, in its
# probe work, takes display power through the component's ops as the real
# driver does (azx_probe_work -> azx_probe_continue -> snd_hdac_display_power
# -> acomp->ops->get_power = i915_audio_component_get_power ->
# intel_display_power_get), and keeps it (a controller inside the GPU).
# wakeref's verdict line, its owner ("who") line and --by module must name
# the function and the module the sound module's oracle names, outside the
# GPU driver, with the task and the work the oracle saw; the i915 oracle
# must hold that reference; unloading the sound module puts it.
. /lib/wakeref/lib.sh

I=wakeref-sim-i915.0
O=$WR_SIM_DIR/oracle
SO=/sys/kernel/debug/wakeref_sim_snd/oracle
# so_field FIELD: FIELD=value of the sound module's oracle
so_field() { tr ' ' '\n' < "$SO" | sed -n "s/^$1=//p"; }

sim_load || test_end
wakeref_start record -o /tmp/snd.rec || test_end
snd_load || test_end
deadline=$(($(_wr_now_ms) + 10000))
until grep -q ' held=1 ' "$SO" 2>/dev/null || [ "$(_wr_now_ms)" -gt "$deadline" ]; do
	usleep 50000
done
sed 's/^/    = /' "$SO"
OWN=$(so_field owner)
P=$(so_field pid)
C=$(so_field comm)
[ "$(so_field held)" = 1 ] && [ -n "$OWN" ] && [ "$OWN" != - ] &&
	pass "the sound module holds display power, asked by $OWN (pid $P $C)" ||
	{ fail "the sound module's probe took no display power: $(cat "$SO")"; test_end; }
assert_match "$O" "^Owner .* what=audio unit=wakelock " "the i915 oracle holds the audio reference"
assert_eq "$(grep -c '^Owner ' "$O")" 1 "it is the device's one owner"
wakeref_stop || fail "wakeref record exited with rc=$?"

/bin/wakeref report /tmp/snd.rec --by module > /tmp/snd.txt 2>&1 || fail "report"
sed 's/^/    | /' /tmp/snd.txt
# the verdict: the owner function and its module, outside the driver, the work
V=$(grep "^$I: " /tmp/snd.txt | head -n 1)
case $V in
"$I: 1 wakeref held, oldest "*" s, by $OWN [wakeref_sim_snd, outside wakeref_sim] (pid $P $C, work azx_probe_work)")
	pass "verdict: $OWN in wakeref_sim_snd, outside the driver, pid $P, work azx_probe_work" ;;
*) fail "verdict: wanted 'by $OWN [wakeref_sim_snd, outside wakeref_sim] (pid $P $C, work azx_probe_work)', got '$V'" ;;
esac
assert_match /tmp/snd.txt "^ *1  wakeref_sim_snd\$" "--by module counts it in wakeref_sim_snd"
/bin/wakeref report /tmp/snd.rec -f owners > /tmp/snd.owners 2>&1 || fail "report -f owners"
W=$(grep "^who $I " /tmp/snd.owners)
case $W in
"who $I $OWN pid=$P tgid=$P comm="*" context=work context_fn=azx_probe_work module=wakeref_sim_snd")
	pass "who: $OWN, pid $P, work azx_probe_work, module wakeref_sim_snd" ;;
*) fail "who: wanted $OWN pid=$P ... module=wakeref_sim_snd, got '$W'" ;;
esac

# the sound module's removal puts it (azx_free -> snd_hdac_display_power)
snd_unload
grep -q '^Owner ' "$O" && fail "an owner left after the sound module's removal" ||
	pass "nothing held after the sound module's removal"
sim_owners_has "^device $I driver=i915 count=0 " "the driver's count back to 0"
sim_unload
test_end
