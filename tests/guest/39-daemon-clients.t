#!/bin/sh
# timeout: 600
# No client can stall the daemon.  With 10,000 wakerefs held and the
# simulated driver making a storm of gets and puts (bench), a client that
# connects to the metrics port and says nothing and a `wakeref dump` whose
# reader never reads must not delay the other dumps (the goal is 1 s each:
# the slowest is printed; checked against a stall of 4 s), nor
# stop the daemon reading events (the drops, against the same storm without
# them, are printed), nor keep SIGTERM waiting (within 1 s).  Then the throughput of dumps, as
# figures.
. /lib/wakeref/lib.sh

HELD=10000
STORM=1000000	# bench pairs: a few seconds of events

sim_load || test_end
ifconfig lo 127.0.0.1 up 2>/dev/null || ip link set lo up

# a start that fails (no socket can be made there) leaves no lock behind
/bin/wakeref daemon --socket /proc/wakeref.sock > fail.out 2> fail.err
assert_eq "$?" 1 "a daemon that cannot listen fails"
assert_match fail.err 'cannot listen on /proc/wakeref.sock' "and says why"
[ -e /run/wakeref/daemon.lock ] && fail "the failed start left its lock file" ||
	pass "no lock file left"

daemon_start --metrics-port 9464 || test_end
for f in /run/wakeref/journal.rec /run/wakeref/daemon.lock /run/wakeref/pins.meta; do
	[ "$(stat -c %a "$f")" = 600 ] && pass "$f is 0600" ||
		fail "$f is $(stat -c %a "$f")"
done
[ "$(stat -c %a /run/wakeref)" = 711 ] && pass "/run/wakeref is 0711" ||
	fail "/run/wakeref is $(stat -c %a /run/wakeref)"
sim_ctl get i915.0 get leaky_path n=$HELD || test_end
# the daemon reads the events of the gets in turns: wait (20 s at most) until it has all
i=0
until /bin/wakeref dump 2> /dev/null | grep -q "^Wakeref count: $HELD\$"; do
	i=$((i + 1)); [ $i -lt 200 ] || break; usleep 100000
done
/bin/wakeref dump -f owners > held.owners || fail "dump -f owners failed"
n=$(grep -c '^owner ' held.owners)
[ "$n" -ge 1 ] && pass "dump: the held wakerefs listed" || fail "no owners: $(head -n 3 held.owners)"
/bin/wakeref dump > held.txt
assert_match held.txt "^Wakeref count: $HELD\$" "$HELD wakerefs held"

# drops: the ring-buffer drops the daemon counted so far
drops() { /bin/wakeref stats | sed -n 's/.*ring-buffer drops \([0-9]*\),.*/\1/p'; }
# events: the gets and puts the daemon has read into its table so far
events() {
	/bin/wakeref stats |
		sed -n 's/^device .*: [0-9]* held, \([0-9]*\) gets, \([0-9]*\) puts,.*/\1 \2/p' |
		awk '{ n += $1 + $2 } END { print n + 0 }'
}

# storm NAME: the bench in the background and dumps one after the other
# while it runs; the slowest dump's ms in $slow, the dumps in $dumps, the
# failed ones in $bad, the drops it caused in $lost
storm() {
	local before t0 t1 bpid ev0
	before=$(drops)
	ev0=$(events)
	slow=0 dumps=0 bad=0
	echo "bench i915.0 pmu_sample n=$STORM" > "$WR_SIM_DIR/ctl" &
	bpid=$!
	while _wr_alive "$bpid"; do
		t0=$(_wr_now_ms)
		/bin/wakeref dump > storm.out 2> storm.err || bad=$((bad + 1))
		t1=$(_wr_now_ms)
		grep -q "^Wakeref count: " storm.out || bad=$((bad + 1))
		[ $((t1 - t0)) -gt "$slow" ] && slow=$((t1 - t0))
		dumps=$((dumps + 1))
	done
	wait "$bpid" || fail "$1: bench failed"
	lost=$(($(drops) - before))
	read_during=$(($(events) - ev0))
	echo "$1: $dumps dumps during the storm, slowest $slow ms, $lost events dropped"
	[ "$dumps" -ge 2 ] && pass "$1: dumps answered during the storm" ||
		fail "$1: only $dumps dumps during the storm"
	assert_eq "$bad" 0 "$1: every dump whole"
	# the figure is printed above (the goal is 1 s); under emulation on a busy
	# host a dump can take longer, so the check is that none is stalled: the
	# stall this guards against held dumps 5 s and more, until they timed out
	[ "$slow" -lt 4000 ] && pass "$1: no dump stalled (slowest $slow ms)" ||
		fail "$1: a dump took $slow ms"
}

storm "storm alone"
alone=$lost

# the bad clients: silent on the metrics port (4 at a time, each connecting
# again when the daemon drops it at its deadline), a dump nobody reads
mkfifo quiet
: > silent.on
SILENT=
for k in 1 2 3 4; do
	( while [ -e silent.on ]; do nc 127.0.0.1 9464 < quiet > /dev/null 2>&1; done ) &
	SILENT="$SILENT $!"
done
exec 7> quiet		# held open: nc's input stays silent, never at EOF
mkfifo stuck
/bin/wakeref dump -f perfetto > stuck 2> stuck.err &	# 1.7 MB for 10,000 owners
STUCKPID=$!
exec 8< stuck		# opened, never read
# wait for the nc loops to connect (30 s: a hang guard, not a speed check)
i=0
until [ "$(netstat -tn 2>/dev/null | grep -c ':9464 .*ESTABLISHED')" -ge 1 ]; do
	i=$((i + 1))
	[ $i -lt 300 ] || break
	usleep 100000
done
[ $i -lt 300 ] && pass "silent clients are connected to the metrics port" ||
	fail "netstat shows no connection to the metrics port 9464 after 30 s"
_wr_alive "$STUCKPID" && pass "a dump client that never reads is connected" ||
	fail "the stuck dump client exited: $(cat stuck.err)"

storm "with a silent and a stuck client"
# The drops are a figure, not a check: how many events a storm loses depends
# on how much CPU the emulated guest gets, and the nc loops reconnecting at
# their deadlines take some of it (CI once saw 16% more drops with them).
# What a client that stalls the loop would do (the bug this test guards
# against blocked the loop in read() for good) is stop the reading of events:
# that is checked.
echo "drops: $lost with the bad clients, $alone with the storm alone" \
     "($((lost * 100 / (alone + 1)))%)"
[ "$read_during" -gt 0 ] &&
	pass "the daemon read events while the bad clients were connected ($read_during)" ||
	fail "the daemon read no event while the bad clients were connected"

# 200 scrapes at once, the silent clients still there: none fails
: > scrape.fail
pids=
t0=$(_wr_now_ms)
for i in $(seq 200); do
	# (busybox wget -T crashes: timeout(1) bounds it instead)
	{ timeout 10 wget -q -O /dev/null http://127.0.0.1:9464/metrics || echo x >> scrape.fail; } &
	pids="$pids $!"
done
wait $pids
echo "200 simultaneous scrapes: $(($(_wr_now_ms) - t0)) ms, $(wc -l < scrape.fail) failed"
assert_eq "$(wc -l < scrape.fail)" 0 "200 simultaneous scrapes all answered"

# throughput: dumps of the 10,000 wakerefs one after the other, a client
# process each (under TCG its start costs more than the daemon's answer:
# the daemon's own rate is make bench's, BENCH_PARTS=dumps)
for spec in owners:10 text:100; do
	fmt=${spec%:*} n=${spec#*:}
	t0=$(_wr_now_ms)
	i=0
	while [ $i -lt "$n" ]; do
		/bin/wakeref dump -f $fmt > /dev/null || fail "dump -f $fmt failed"
		i=$((i + 1))
	done
	t1=$(_wr_now_ms)
	echo "throughput: $n dumps -f $fmt of $HELD wakerefs in $((t1 - t0)) ms" \
	     "($((n * 1000000 / (t1 - t0 + 1) / 1000)) a second, client processes included)"
done
t0=$(_wr_now_ms)
i=0
while [ $i -lt 200 ]; do
	/bin/wakeref stats > /dev/null || fail "stats failed"
	i=$((i + 1))
done
t1=$(_wr_now_ms)
echo "throughput: 200 stats in $((t1 - t0)) ms ($((200000 / (t1 - t0 + 1))) a second)"

# SIGTERM with the bad clients still connected
t0=$(_wr_now_ms)
kill -TERM $DPID
until grep -q 'stopping (SIGTERM)' /tmp/d.err; do
	[ $(($(_wr_now_ms) - t0)) -lt 5000 ] || break
	usleep 10000
done
t1=$(_wr_now_ms)
echo "SIGTERM honoured in $((t1 - t0)) ms"
[ $((t1 - t0)) -lt 1000 ] && pass "SIGTERM honoured within 1 s" ||
	fail "SIGTERM took $((t1 - t0)) ms"
wait $DPID
assert_eq "$?" 0 "the daemon exits 0"
# the stuck client's answer was cut (at its send deadline, or at the stop):
# once it can write again it must say so and fail
cat <&8 > /dev/null &
exec 8<&-
wait $STUCKPID
rc=$?
[ "$rc" -ne 0 ] && pass "the cut dump exits non-zero ($rc)" || fail "a cut dump exited 0"
assert_match stuck.err "answer was cut" "and says its answer was cut"
rm -f silent.on
exec 7>&-
wait $SILENT
sim_ctl reset i915.0
/bin/wakeref daemon --detach 2> detach.err || fail "daemon --detach: $(cat detach.err)"
sim_unload
test_end
