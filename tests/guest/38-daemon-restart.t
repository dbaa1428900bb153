#!/bin/sh
# timeout: 300
# The daemon loses nothing across restarts: SIGTERM, then events while no
# daemon runs, then a new daemon (adopts the pinned programs, replays the
# journal, reads on); a SIGKILL in the middle of a scenario; stale pins of
# another build removed with a message; --detach; and in kprobe mode the
# simulated driver unloaded and loaded again while the daemon is attached.
# Every report is compared with the simulated driver's oracle.
. /lib/wakeref/lib.sh

O=$WR_SIM_DIR/owners

# tail_counts: the i915 device's "tail_calls calls_unseen" in the daemon's dump
tail_counts() {
	/bin/wakeref dump -f owners |
		sed -n 's/^device wakeref-sim-i915\.0 .* tail_calls=\([0-9]*\) calls_unseen=\([0-9]*\) .*/\1 \2/p'
}

# dump_matches MSG: the daemon's owners equal the oracle's, and the counts of
# the devices that hold wakerefs too
dump_matches() {
	/bin/wakeref dump -f owners > dump.owners || { fail "$1: dump failed"; return 1; }
	compare_owners "$O" dump.owners
	# devices holding something (the oracle lists idle ones wakeref never saw)
	grep '^device ' "$O" | sed 's/ wakeref_count=.*//' | grep -v ' count=0$' > want.dev
	grep '^device ' dump.owners | sed 's/ wakeref_count=.*//' | grep -v ' count=0$' > got.dev2
	cmp -s want.dev got.dev2 && pass "$1: device counts equal the oracle's" ||
		fail "$1: device lines differ: $(cat want.dev) vs $(cat got.dev2)"
}

sim_load xe_devs=1 || test_end
daemon_start || test_end
pass "daemon ready"
[ -d /sys/fs/bpf/wakeref ] && pass "its programs are pinned in /sys/fs/bpf/wakeref" ||
	fail "nothing pinned"
[ -e /sys/fs/bpf/wakeref/ulink-0 ] && [ -e /sys/fs/bpf/wakeref/ulink-1 ] &&
	pass "the fast unwinder's module watch is pinned too" || fail "no module watch pinned"
ls /sys/fs/bpf/wakeref/tlink-* > /dev/null 2>&1 &&
	pass "the tail callers' trampolines are pinned too" || fail "no trampoline pinned"
sim_ctl get i915.0 get leaky_path
sim_ctl getput i915.0 get gem_fault
dump_matches "first daemon"

# a clean stop, and events while no daemon runs
kill -TERM $DPID; wait $DPID
assert_eq "$?" 0 "SIGTERM: exit 0"
sim_ctl get i915.0 get_raw hotplug_work
sim_ctl getput i915.0 get gem_fault
sim_ctl get xe.0 xe_get xe_exec
sim_ctl put i915.0 leaky_path
daemon_start || test_end
assert_match /tmp/d.err '^wakeref: adopted [0-9]+ attached functions' "restart: the pins adopted"
grep -q 'fast unwinder off' /tmp/d.err && fail "restart: the fast unwinder was not adopted" ||
	pass "restart: the fast unwinder adopted with its module watch"
assert_match /tmp/d.err '^wakeref: replayed 3 events and 0 view records' "restart: the journal replayed"
assert_match /tmp/d.err "^wakeref: adopted [0-9]+ attached functions, [1-9][0-9]* tail callers' trampolines" \
	"restart: the trampolines adopted"
# guc_context_revoke, called through ce->ops->revoke, jumps to its put: only
# its trampoline names it (a repaired tail call); an unpinned trampoline dies
# with the first daemon, and the put then follows an indirect call
# (calls_unseen) and is paired as its caller's.  (The pinned link works
# whether or not the new daemon opens it; the line above says it did.)
set -- $(tail_counts)
sim_ctl context_revoke i915.0
assert_eq "$(tail_counts)" "$(($1 + 1)) $2" \
	"restart: a tail-called put through an ops table is put back by the adopted trampoline"
dump_matches "after a restart"
/bin/wakeref stats > stats.txt
# against the oracle's own counts: per device "NAME gets puts failed_gets"
# (devices with no event left out), and the events in all
sed -n 's/^stats \([^ ]*\) gets=\([0-9]*\) failed_gets=\([0-9]*\) puts=\([0-9]*\) .*/\1 \2 \4 \3/p' "$O" |
	grep -v ' 0 0 0$' | sort > want.cnt
awk '/^device /{ print $2, $6, $8, $10 }' stats.txt | grep -v ' 0 0 0$' | sort > got.cnt
cmp -s want.cnt got.cnt && pass "stats: each device's gets, puts and failed gets equal the oracle's" ||
	fail "stats: per-device counts differ from the oracle's: $(cat want.cnt) vs $(cat got.cnt)"
assert_eq "$(sed -n 's/^events \([0-9]*\), ring-buffer drops 0,.*/\1/p' stats.txt)" \
	"$(awk '{ s += $2 + $3 + $4 } END { print s + 0 }' want.cnt)" \
	"stats: every event the oracle saw counted once, none dropped"

# SIGKILL in the middle of a scenario: nothing lost either
sim_ctl get i915.0 get leaky_path ctx=task:holder
kill -KILL $DPID; wait $DPID 2>/dev/null
sim_ctl get i915.0 get_if_in_use pmu_sample
sim_ctl put xe.0 xe_exec
daemon_start || test_end
assert_match /tmp/d.err '^wakeref: adopted' "after SIGKILL: the pins adopted"
dump_matches "after SIGKILL"

# a journal that outgrows --journal-max starts over from a snapshot, and a
# daemon killed after that still rebuilds everything
kill -TERM $DPID; wait $DPID
daemon_start --journal-max 4 || test_end
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sim_ctl getput i915.0 get gem_fault; done
sim_ctl get i915.0 get_raw hotplug_work
/bin/wakeref stats > /dev/null	# a request: the loop has compacted by then
assert_match /tmp/d.err '^wakeref: journal compacted: [0-9]+ -> [0-9]+ bytes' \
	"the journal compacted"
[ "$(stat -c %s /run/wakeref/journal.rec)" -lt 12288 ] && pass "and stays small" ||
	fail "journal is $(stat -c %s /run/wakeref/journal.rec) bytes"
kill -KILL $DPID; wait $DPID 2>/dev/null
daemon_start || test_end
dump_matches "restarted from a compacted journal"

# only one daemon, and --detach refuses while one runs
/bin/wakeref daemon --detach 2> det.err
assert_eq "$?" 1 "--detach refuses while a daemon runs"
assert_match det.err "another wakeref daemon is running \\(pid $DPID" "and says which"

# fentry holds the module while pinned
kill -TERM $DPID; wait $DPID
rmmod wakeref_sim 2> rmmod.err && fail "rmmod succeeded under fentry" ||
	pass "rmmod refused while fentry programs are attached"

# stale pins: another build's are not adopted
sed -i 's/^build .*/build 0000000000000001/' /run/wakeref/pins.meta
daemon_start || test_end
assert_match /tmp/d.err 'stale pins under /sys/fs/bpf/wakeref: pinned by another wakeref build' \
	"stale pins: said and removed"
sim_ctl getput i915.0 get gem_fault
/bin/wakeref dump -f owners > stale.owners
assert_match stale.owners '^device wakeref-sim-i915\.0 .* held_before=[1-9]' \
	"a fresh start counts what is held as held before tracing"
kill -TERM $DPID; wait $DPID
/bin/wakeref daemon --detach 2> det.err || fail "--detach: $(cat det.err)"
assert_match det.err 'removed [0-9]+ pins' "--detach says what it removed"
[ -e /sys/fs/bpf/wakeref ] && fail "pins left after --detach" || pass "--detach: no pins left"
[ -e /run/wakeref/journal.rec ] && fail "journal left" || pass "--detach: no journal left"
sim_unload && pass "after --detach the module unloads"

# kprobe mode: unload and reload under the daemon
sim_load xe_devs=1 || test_end
daemon_start --no-fentry --no-persist || test_end
sim_ctl get i915.0 get leaky_path
dump_matches "kprobe mode"
sim_unload && pass "kprobe mode: the module unloads under the daemon"
i=0
until grep -q 'module wakeref_sim was unloaded while traced' /tmp/d.err; do
	i=$((i + 1)); [ $i -lt 100 ] || break; usleep 50000
done
# (the sim puts back what it holds when it unloads: nothing is left to drop)
assert_match /tmp/d.err 'module wakeref_sim was unloaded while traced: its devices are gone \(0 owners dropped\)' \
	"the daemon says the module went, and what it dropped"
/bin/wakeref dump -f owners > gone.owners
assert_eq "$(grep -c '^device ' gone.owners)" 0 "its devices are gone from the report"
sim_load xe_devs=1 || test_end
i=0
until grep -q 'traced modules loaded again' /tmp/d.err; do
	i=$((i + 1)); [ $i -lt 800 ] || break; usleep 50000
done
assert_match /tmp/d.err 'traced modules loaded again: attached [0-9]+ functions' "re-attached"
sim_ctl get i915.0 get_raw hotplug_work
sim_ctl getput xe.0 xe_get xe_exec
dump_matches "after the reload"
kill -TERM $DPID; wait $DPID
assert_eq "$?" 0 "stopped"
[ -e /sys/fs/bpf/wakeref ] && fail "--no-persist pinned" || pass "--no-persist: nothing pinned"
sim_unload
test_end
