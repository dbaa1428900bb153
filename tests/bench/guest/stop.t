#!/bin/sh
# timeout: 900
# make bench (and make bench-stop), inside the guest: how long `wakeref ci
# -- true` takes, start to exit, with every view on and with owners only,
# and where that time goes (ci -v: program load, attach, each kind of link's
# detach); with the detach in the background (the default) also how long
# until its child is done, and, for comparison, with WAKEREF_DETACH=wait
# (detach before exiting).  The median of BENCH_STOP_REPEAT runs; every run
# is printed.
# Settings from /etc/wakeref-bench.conf (BENCH_STOP_REPEAT).
. /lib/wakeref/lib.sh

BENCH_STOP_REPEAT=3
[ -f /etc/wakeref-bench.conf ] && . /etc/wakeref-bench.conf

# median of the numbers on stdin; null when there are none
median() {
	sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "null" }'
}

# step WHAT FILE: the seconds of ci -v's line "WHAT ... in S s" in FILE
step() { sed -n "s/^wakeref: $1.* in \([0-9.]*\) s\$/\1/p" "$2" | tail -1; }

# detached: wait until no wakeref process is left (a background detach)
detached() {
	while pidof wakeref > /dev/null; do
		usleep 20000
	done
}

# runs FEATURES DETACH: BENCH_STOP_REPEAT runs of ci -- true; one JSON line
runs() {
	local i=0 t0 ms rc
	: > /tmp/ms
	: > /tmp/gone
	: > /tmp/load
	: > /tmp/attach
	: > /tmp/detach
	while [ $i -lt "$BENCH_STOP_REPEAT" ]; do
		detached
		sleep 1
		t0=$(_wr_now_ms)
		WAKEREF_DETACH=$2 WAKEREF_FEATURES=$1 /bin/wakeref ci -v -- true > /tmp/ci.out \
			2> /tmp/ci.err
		rc=$?
		ms=$(($(_wr_now_ms) - t0))
		detached
		echo $(($(_wr_now_ms) - t0)) >> /tmp/gone
		[ "$rc" = 0 ] || { fail "ci --features $1 -- true: rc $rc"; sed 's/^/    ! /' /tmp/ci.err; }
		echo "$ms" >> /tmp/ms
		step "loaded the BPF programs" /tmp/ci.err >> /tmp/load
		step "attached" /tmp/ci.err >> /tmp/attach
		step "detached [0-9]* functions" /tmp/ci.err >> /tmp/detach
		echo "run $i, $1, detach $2: $ms ms, detached after $(tail -1 /tmp/gone) ms"
		grep -E ' in [0-9.]+ s$' /tmp/ci.err | sed 's/^/    /'
		i=$((i + 1))
	done
	printf 'BENCH {"stop":{"features":"%s","detach":"%s","kernel":"%s","ci_true_ms":%s,' \
		"$1" "$2" "$(uname -r)" "$(median < /tmp/ms)"
	printf '"detached_ms":%s,' "$(median < /tmp/gone)"
	printf '"load_s":%s,"attach_s":%s,"detach_s":%s,"runs_ms":[%s]}}\n' \
		"$(median < /tmp/load)" "$(median < /tmp/attach)" "$(median < /tmp/detach)" \
		"$(paste -sd, /tmp/ms)"
}

sim_load xe_devs=1 || test_end
runs all background
runs all wait
runs owners background
pass "measured"
sim_unload
test_end
