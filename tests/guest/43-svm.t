#!/bin/sh
# timeout: 420
# The GPU SVM view against the simulated driver's oracle, in one daemon
# session (one wakeref start): a real process (/bin/wakeref-simuser) binds
# an xe device's GPU SVM, GPU faults make notifiers and ranges, its munmap
# (whole and partial) invalidates them (unmapped, partial_unmap), ranges
# left unmapped past the threshold are a GC backlog until the collector
# removes them, its exit without cleanup unmaps the rest (MMU_NOTIFY_RELEASE),
# and drm_gpusvm_fini tears the GPU SVM down, also with ranges alive.  After
# each step the "svm" lines of `wakeref dump -f owners` must be the oracle's,
# the invalidation counters too, and `wakeref svm -j` must say the same.
# The daemon is a persistent one with a tiny journal, killed after the
# munmaps: the next one must rebuild the table from the compacted journal
# (issue #19), and the rest runs on it.
. /lib/wakeref/lib.sh
export WAKEREF_FEATURES=all	# the views too

X=wakeref-sim-xe.0
O=$WR_SIM_DIR/owners
K=64k

# svm_same MSG: the daemon's svm lines are the oracle's, now
svm_same() {
	/bin/wakeref dump -f owners > dump.owners || { fail "$1: wakeref dump failed"; return 1; }
	grep '^svm ' "$O" | sort > svm.want
	grep '^svm ' dump.owners | sort > svm.got
	if cmp -s svm.want svm.got; then
		pass "$1 ($(wc -l < svm.want) svm lines equal the oracle's)"
		return 0
	fi
	fail "$1: the svm lines differ (- oracle, + wakeref):"
	diff svm.want svm.got | grep '^[-+][^-+]' | sed 's/^/    /'
	return 1
}
# stat_of FILE KEY: a counter of the device's svm_stats line
stat_of() {
	awk -v d="$X" -v k="$2=" '$1 == "svm_stats" && $2 == d {
		for (i = 3; i <= NF; i++) if (index($i, k) == 1) print substr($i, length(k) + 1) }' "$1"
}
# stats_same KEY...: wakeref's counters (of the last svm_same) are the oracle's
stats_same() {
	local k
	for k; do
		assert_eq "$(stat_of dump.owners "$k")" "$(stat_of "$O" "$k")" "svm_stats $k"
	done
}
svm_json() { /bin/wakeref svm -j --daemon > svm.json || fail "wakeref svm -j --daemon"; }
# json_count REGEX: how many times REGEX occurs in svm.json
json_count() { grep -o -- "$1" svm.json | wc -l; }
hex() { printf '0x%x' "$1"; }

sim_load xe_devs=1 svm_gc_auto=0 || test_end
export WAKEREF_SVM_GC_THRESHOLD_MS=300	# the daemon's; later commands keep the default
# persistent, and its journal compacted again and again
daemon_start --journal-max 1 -v || test_end
unset WAKEREF_SVM_GC_THRESHOLD_MS
pass "daemon ready"
# start-up cost of the SVM rows under emulation: what -v says
grep -E 'loaded the BPF|attached in|resolved the attach' /tmp/d.err | sed 's/^/    /'
echo "    SVM programs attached: $(grep -c 'attached svm_' /tmp/d.err)"
grep -q 'attached svm_xe_init to wakeref_sim:xe_svm_init as fexit' /tmp/d.err &&
	pass "xe_svm_init traced (drm_gpusvm_init, 10 arguments, is left to it)" ||
	fail "xe_svm_init not attached"
assert_eq "$(grep -c 'wakeref: attached svm_' /tmp/d.err)" 16 "the 16 GPU SVM rows of this layout"

svm_same "nothing bound: the xe device, no GPU SVM"

# ---- bind, fault
simuser_start 0 svm /dev/$X 4m || test_end
A=$(simuser_addr 0)
svm_same "bound: an empty GPU SVM"
simuser_cmd 0 fault 0
simuser_cmd 0 fault 0x10000
simuser_cmd 0 fault 0x34567
sim_ctl svm_fault xe.0 "$(hex $((A + 0x50000)))"
simuser_cmd 0 fault 2m
simuser_cmd 0 fault 0x10000
svm_same "faulted: two notifiers, five ranges, pages mapped"
stats_same invalidations unmapped

# ---- munmap: whole and partial; the collector by hand, so the backlog shows
simuser_cmd 0 munmap 0x10000 $K
simuser_cmd 0 munmap 0x38000 32k
svm_same "munmap: unmapped, partial_unmap, pages unmapped"
stats_same invalidations unmapped releases

# ---- a restart from a snapshot of this table (two notifiers, ranges
# unmapped, partly unmapped and mapped, recent invalidations): what follows
# runs on the new daemon, its view rebuilt from the journal alone (SIGKILL
# saves nothing)
daemon_compact wakeref-sim-i915.0 || test_end
export WAKEREF_SVM_GC_THRESHOLD_MS=300	# a setting, not in the journal
daemon_restart --journal-max 1 || test_end
unset WAKEREF_SVM_GC_THRESHOLD_MS
svm_same "after compaction and restart"
stats_same invalidations unmapped releases
usleep 500000
svm_json
assert_eq "$(json_count '"kind":"gc-backlog"')" 2 "past 300 ms: two ranges in the GC backlog"
assert_match svm.json "\"kind\":\"gc-backlog\",\"device\":\"$X\",\"gpusvm\":\"0x[0-9a-f]+\",\"what\":\"range\",\"start\":\"$(hex $((A + 0x30000)))\",\"last\":\"$(hex $((A + 0x3ffff)))\",\"flags\":\\[\"migrate_devmem\",\"partial_unmap\",\"unmapped\"\\]" \
	"the partial one, with its flags"
# drm_gpusvm's module: drm_gpusvm_helper where the sim runs on the kernel's
# own library (6.18, 7.x), else the sim's re-implementation in wakeref_sim
gmod=$(awk '$3 == "drm_gpusvm_range_find_or_insert" { gsub(/\[|\]/, "", $4); print $4; exit }' \
	/proc/kallsyms)
assert_match svm.json "\"stack\":\\[\"xe_svm_range_alloc\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[wakeref_sim\\]\",\"drm_gpusvm_range_find_or_insert\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[${gmod:-?}\\]\"" \
	"with the stack that made it, symbolized (drm_gpusvm in ${gmod:-no module})"
assert_match svm.json '"by_event":\{"unmap":2,"clear":1,' "invalidations by event: 2 munmaps, 1 split"
assert_match svm.json "\"event\":\"unmap\",\"start\":\"$(hex $((A + 0x10000)))\",\"last\":\"$(hex $((A + 0x1ffff)))\",\"ranges_hit\":1," \
	"the whole munmap: its interval, one range hit"
assert_match svm.json '"lost_records":0,"malformed_records":0,"state_may_be_wrong":false' \
	"no record lost"
/bin/wakeref dump > dump.txt
assert_match dump.txt '^  gc-backlog: wakeref-sim-xe.0: range 0x' "the daemon's text dump has it"
assert_match dump.txt 'unmapped [0-9.]+s ago and not removed \(threshold 300 ms\); made at:' \
	"with the threshold"
assert_match dump.txt '^GPU SVM anomalies: 2$' "and counts it"
sim_ctl svm_gc xe.0
svm_same "the collector removed both"
stats_same removed
svm_json
assert_eq "$(json_count '"kind":"gc-backlog"')" 0 "no backlog any more"

# ---- pages gone, range kept; a notifier with its last range
simuser_cmd 0 dontneed 0 $K
svm_same "DONTNEED: pages unmapped, range kept"
sim_ctl svm_fault xe.0 "$A"
sim_ctl svm_evict xe.0 "$A"
simuser_cmd 0 munmap 2m 2m
sim_ctl svm_gc xe.0
svm_same "the second notifier went with its range"
stats_same invalidations unmapped removed

# ---- exit without cleanup
simuser_cmd 0 exit
simuser_end 0
svm_same "exit: exit_mmap unmapped every range"
stats_same invalidations releases unmapped
svm_json
assert_match svm.json '"release":[1-9]' "MMU_NOTIFY_RELEASE seen"
assert_match svm.json '"lock_held_us":\[\{"from_us":' "a histogram of the time under the lock"
assert_match svm.json "\"stats\":\\{\"gpusvms_made\":1,\"gpusvms_fini\":0,.*\"invalidations\":$(stat_of "$O" invalidations)," \
	"JSON invalidations: the oracle's count"
sim_ctl svm_gc xe.0
sim_ctl svm_fini xe.0
svm_same "svm_fini: no GPU SVM"

# ---- fini with ranges alive: drm_gpusvm_fini removes them, nothing is left
simuser_start 1 svm /dev/$X 2m shared || test_end
simuser_cmd 1 fault 0
simuser_cmd 1 fault 0x20000
svm_same "bound again, shared memory: no migrate_devmem"
simuser_cmd 1 unbind
svm_same "unbind with live ranges: all gone"
svm_json
assert_match svm.json '"gpusvms_made":2,"gpusvms_fini":2,"fini_ranges":2,"fini_notifiers":1' \
	"the second fini had two ranges and a notifier alive"
assert_eq "$(json_count '"kind":"alive-after-fini"')" 0 "fini removed them all: none left"
simuser_cmd 1 munmap 0 $K
simuser_end 1
svm_same "munmap after fini: nothing to invalidate"
stats_same invalidations

kill -TERM $DPID
wait $DPID
assert_eq "$?" 0 "daemon exits 0 on SIGTERM"
assert_match /tmp/d.err '^GPU SVM \(drm_gpusvm\): 0 live on 1 devices' "the exit report has the view"
assert_match /tmp/d.err '^GPU SVM records: [1-9][0-9]*, lost 0, malformed 0$' "and its records"
# its pinned programs hold the modules, and would trace `wakeref svm` below
/bin/wakeref daemon --detach 2> det.err || fail "daemon --detach: $(cat det.err)"
sim_owners_lacks "^stats .* asserts=[1-9]" "no assert in the simulated driver"

# wakeref svm alone: only the SVM rows, what they cost to start under emulation
/bin/wakeref svm -v -j -d 0.1 > alone.json 2> alone.err || fail "wakeref svm -j: rc=$?"
grep -E 'loaded the BPF|attached in|resolved the attach' alone.err | sed 's/^/    svm alone: /'
assert_match alone.json '^\{"version":1,"svm":\{"gc_threshold_ms":1000,.*"devices":\[\{"device":"wakeref-sim-xe\.0","gpusvms":\[\],' \
	"wakeref svm -j: the default threshold, the xe device bound, no GPU SVM"
sim_unload
test_end
