#!/bin/sh
# timeout: 120
# wakeref daemon: dumps on request (text, JSON, owners vs the oracle), stats,
# Prometheus metrics over HTTP and in a file, SIGUSR1 dumps to the log, a
# second daemon refused, a non-root client refused, SIGTERM stops it cleanly.
. /lib/wakeref/lib.sh

sim_load || test_end
ifconfig lo 127.0.0.1 up 2>/dev/null || ip link set lo up	# for the metrics endpoint
daemon_start --metrics-port 9464 --metrics-file /tmp/wakeref.prom || test_end
pass "daemon ready"

sim_ctl get i915.0 get leaky_path
sim_ctl getput i915.0 get gem_fault
/bin/wakeref dump > dump.txt
assert_match dump.txt '^Wakeref count: 1$' "dump: the leak"
assert_match dump.txt '^   sim_leaky_path\+0x' "dump: its holder"
/bin/wakeref dump -f owners > dump.owners
compare_owners "$WR_SIM_DIR/owners" dump.owners
# --pid, --device: the task the oracle says took the leak, or none
P=$(sed -n 's/^Owner .*func=[a-z_]*leaky_path .* pid=\([0-9]*\) .*/\1/p' "$WR_SIM_DIR/oracle" | head -n 1)
/bin/wakeref dump -f owners --pid "$P" > dump-pid.owners
assert_match dump-pid.owners '^owner wakeref-sim-i915\.0 sim_leaky_path 1$' "dump --pid $P: the oracle's task's owner"
/bin/wakeref dump -f owners --pid 1 > dump-pid1.owners
if grep -q '^owner ' dump-pid1.owners; then fail "dump --pid 1: init took no wakeref, yet:"
	sed 's/^/    /' dump-pid1.owners
else pass "dump --pid 1: no owner"; fi
/bin/wakeref dump --device wakeref-sim-xe.9 > dump-dev.txt
if grep -q 'wakeref-sim-i915' dump-dev.txt; then fail "dump --device: another device's report"
else pass "dump --device: only that device (none here)"; fi
/bin/wakeref dump -j > dump.json
assert_match dump.json '^\{"version":1,"devices":\[\{"device":"wakeref-sim-i915\.0"' "dump -j: one JSON document"
/bin/wakeref stats > stats.txt
assert_match stats.txt '^events 3, ring-buffer drops 0, recursion misses 0' "stats: events and losses"
assert_match stats.txt '^  i915 +intel_runtime_pm_get +present +wakeref_sim \(attached\)$' "stats: the attach plan"
wget -q -O metrics.txt http://127.0.0.1:9464/metrics || fail "wget: rc=$?"
assert_match metrics.txt '^wakeref_outstanding\{device="wakeref-sim-i915\.0",driver="i915"\} 1$' \
	"metrics over HTTP: one outstanding"
assert_match metrics.txt '^wakeref_lost_events_total\{reason="ringbuf_full"\} 0$' "metrics: losses"
/bin/wakeref metrics > metrics2.txt
gets=$(sed -n 's/^stats wakeref-sim-i915\.0 gets=\([0-9]*\) .*/\1/p' "$WR_SIM_DIR/owners")
assert_match metrics2.txt "^wakeref_events_total\\{device=\"wakeref-sim-i915\\.0\",driver=\"i915\",type=\"get\"\\} ${gets:-none}\$" \
	"metrics over the socket: the oracle's $gets gets"
[ -s /tmp/wakeref.prom ] && pass "metrics file written" || fail "no metrics file"

# only one daemon
/bin/wakeref daemon > d2.out 2> d2.err
assert_eq "$?" 1 "a second daemon refuses to start"
assert_match d2.err "another wakeref daemon is running \\(pid $DPID" "and says which"

# only root
mkdir -p /etc
grep -q '^nobody:' /etc/passwd 2>/dev/null || echo 'nobody:x:65534:65534:nobody:/tmp:/bin/sh' >> /etc/passwd
grep -q '^nogroup:' /etc/group 2>/dev/null || echo 'nogroup:x:65534:' >> /etc/group
su -s /bin/sh nobody -c '/bin/wakeref dump' > nr.out 2> nr.err
assert_eq "$?" 1 "a non-root client is refused"
assert_match nr.err 'the daemon refused: permission denied: only root may use the wakeref daemon \(uid 65534\)' \
	"and told why"

# SIGUSR1: a dump in the log
kill -USR1 $DPID
i=0
until grep -q 'dump requested' /tmp/d.err && grep -q '^Wakeref count: 1$' /tmp/d.err; do
	i=$((i + 1)); [ $i -lt 100 ] || break; usleep 50000
done
assert_match /tmp/d.err '^Wakeref count: 1$' "SIGUSR1: the dump is in the log"

# SIGTERM: clean stop
kill -TERM $DPID
wait $DPID
assert_eq "$?" 0 "SIGTERM: exit 0"
assert_match /tmp/d.err 'stopping \(SIGTERM\)' "SIGTERM: says so"
[ -e /run/wakeref/control.sock ] && fail "control socket left behind" || pass "socket removed"
/bin/wakeref dump > /dev/null 2> gone.err
assert_match gone.err 'no daemon answers on /run/wakeref/control.sock' "no daemon: clients say so"
assert_match /tmp/d.err 'the programs stay attached \(pinned in /sys/fs/bpf/wakeref\)' \
	"SIGTERM: the state stays pinned for the next daemon"
/bin/wakeref daemon --detach 2> detach.err || fail "daemon --detach: $(cat detach.err)"
sim_unload
test_end
