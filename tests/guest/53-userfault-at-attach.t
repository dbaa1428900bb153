#!/bin/sh
# timeout: 240
# Objects already on the userfault lists when wakeref attaches: a GGTT and
# an lmem object of i915 and a VRAM BO of xe are faulted in by a real
# process first, then the daemon starts.  It must list them, line for line
# as the oracle does, each marked as found on its list at attach (no fault
# was seen), and follow them from then on: a removal after attach takes the
# object off (the BPF side only reports objects it follows).
. /lib/wakeref/lib.sh
export WAKEREF_FEATURES=owners,userfault

I=wakeref-sim-i915.0
X=wakeref-sim-xe.0
O=$WR_SIM_DIR/owners
G=$WR_SIM_DIR/gem

gem_get() {
	awk -v d="$1" -v n="$2" -v k="$3=" '$1 == "gem" && $2 == d && $3 == n {
		for (i = 4; i <= NF; i++) if (index($i, k) == 1) print substr($i, length(k) + 1) }' "$G"
}

# uf_check WHAT N: wakeref's userfault lines are the oracle's, N objects
uf_check() {
	grep '^userfault ' "$O" | sort > /tmp/uf.want
	/bin/wakeref dump -f owners > /tmp/uf.dump 2> /tmp/uf.err ||
		{ fail "$1: wakeref dump failed: $(cat /tmp/uf.err)"; return 1; }
	grep '^userfault ' /tmp/uf.dump | sort > /tmp/uf.got
	[ "$(grep -c ' obj=' /tmp/uf.want)" = "$2" ] ||
		{ fail "$1: the oracle lists $(grep -c ' obj=' /tmp/uf.want) objects, not $2"; return 1; }
	if cmp -s /tmp/uf.want /tmp/uf.got; then
		pass "$1: lists equal the oracle's ($2 objects)"
		return 0
	fi
	fail "$1: lists differ from the oracle's (- oracle, + wakeref):"
	diff /tmp/uf.want /tmp/uf.got | grep '^[-+][^-+]' | sed 's/^/    /'
	return 1
}

sim_load xe_devs=1 || test_end
sim_ctl gem_create i915.0 g1 gtt pages=2
sim_ctl gem_create i915.0 l1 lmem pages=4
sim_ctl gem_create xe.0 v1 vram pages=2
G1=$(gem_get $I g1 obj) L1=$(gem_get $I l1 obj) V1=$(gem_get $X v1 obj)
sim_ctl get i915.0 get debugfs_status		# both awake: no drain empties the lists
sim_ctl get xe.0 xe_get xe_exec
simuser_start 0 gem /dev/$I g1 || test_end
simuser_start 1 gem /dev/$I l1 || test_end
simuser_start 2 gem /dev/$X v1 || test_end
simuser_cmd 0 touch 0 1p
simuser_cmd 1 touch 0 2p
simuser_cmd 2 touch 0 1p
assert_match "$O" "^userfault $I ggtt obj=$G1" "the oracle: g1 on the GGTT list before attach"
assert_match "$O" "^userfault $I lmem obj=$L1" "the oracle: l1 on the lmem list before attach"
assert_match "$O" "^userfault $X vram obj=$V1" "the oracle: v1 on the VRAM list before attach"

daemon_start --no-persist || test_end
# its programs load with the rest: no second load without them, no kprobes
if grep -q 'failed to load' /tmp/d.err; then
	fail "the BPF programs failed to load:"
	sed 's/^/    ! /' /tmp/d.err
else
	pass "the BPF programs loaded at the first try"
fi
uf_check "listed before attach" 3
/bin/wakeref userfault -j --daemon > /tmp/uf.json || fail "wakeref userfault -j failed"
for o in "$G1" "$L1" "$V1"; do
	if grep -q "{\"address\":\"$o\",[^}]*\"origin_known\":false,\"listed_at_attach\":true" \
		/tmp/uf.json; then
		pass "JSON: $o marked as on its list at attach"
	else
		fail "JSON: $o not marked as on its list at attach:"
		sed 's/^/    /' /tmp/uf.json
	fi
done
assert_match /tmp/uf.json "\"address\":\"$G1\",\"size\":8192,\"mmap_type\":\"gtt\",\"userfault_count\":1," \
	"JSON: g1's size and userfault_count, read at attach"

# followed from attach on: removals after it take them off
sim_ctl gem_release_mmap i915.0 g1
uf_check "g1's mmap released after attach: off" 2
sim_ctl gem_release_mmap xe.0 v1
uf_check "v1's mmap released after attach: off" 1
simuser_end 1
sim_ctl gem_destroy i915.0 l1
uf_check "l1 destroyed after attach: off" 0
/bin/wakeref userfault -j --daemon > /tmp/uf.json
assert_match /tmp/uf.json '"lost":0,"malformed":0,' "no record lost or malformed"

kill "$DPID"
wait "$DPID"
simuser_end 0
simuser_end 2
sim_ctl gem_destroy i915.0 g1
sim_ctl gem_destroy xe.0 v1
sim_ctl put i915.0 debugfs_status
sim_ctl put xe.0 xe_exec
sim_unload
test_end
