#!/bin/bash
# bench.sh - make bench: tracing overhead, event throughput and memory.
#
# One guest run (tests/bench/guest/bench.t, against the simulated driver)
# measures, in the same boot: the cost of a get+put pair untraced, with
# empty fentry/fexit programs, with wakeref, and with i915's debug-build
# tracking; the highest paced event rate the default buffers carry without a
# drop, and the drops at twice that; the daemon's RSS and dump time with 10k
# and 100k outstanding owners; dump requests a second with 10k owners per
# format (tests/bench/dump_rate.c, one client asking again as soon as it has
# the whole answer).  The host measures owner-table replay speed
# (tests/bench/bench_replay.c) and the same dump requests a second against
# a table built without BPF, served by the daemon's own server and dump
# path.  Everything is written to
# build/bench/results.json and summed up on stdout.
#
# The guest runs under TCG: absolute times are not those of hardware, the
# ratios measured in one run are what to compare.  By default its clock
# counts instructions (qemu -icount shift=2: 4 ns each), not the host's
# time: the host's other load, and which of the host's cores runs which
# vCPU, then move no figure, and a change's effect shows in one run.  The
# two vCPUs take turns on one host thread and the clock counts the
# instructions of both, so (c) includes the frontend's work on the other
# vCPU: the whole cost of tracing a pair, not the traced thread's delay.
# BENCH_CLOCK=wall: the host's clock and parallel vCPUs instead (noisy on
# a shared machine: (c) moved by half from run to run).
#
# The multi-CPU source (the sim's bench cpus=C, a loop on each vCPU at once)
# fills the ring buffer from several CPUs: with two vCPUs it made 80,000
# events a guest second on 6.12 where one loop makes about 50,000.  Beyond
# what the loops can make, the bound of the default buffers' lossless rate
# is the frontend's reading rate, 2 s over its CPU time a pair, printed
# next to it: the rate it keeps up with given a CPU of its own.
#
# Environment: BENCH_KERNEL (6.12), BENCH_CLOCK (icount), BENCH_SECONDS (60,
# each throughput run), BENCH_PAIRS (8000 pairs per overhead run: their
# events must fit the ring buffer), BENCH_REPEAT (5, median of), BENCH_RATES
# ("2000 5000 10000 20000 40000 80000" pairs/s, tried in order),
# BENCH_MC_RATES ("20000 40000 80000": the same from every vCPU at once), BENCH_FRAMES
# ("8:8 4:4 1:1": the BPF side again with WAKEREF_FRAMES set to each),
# BENCH_DUMP_SECONDS (5, each request of the dump rate), BENCH_PARTS (the
# guest's parts to run, of "overhead throughput overflow daemon dumps", all
# by default: BENCH_PARTS=dumps measures the dump rate alone), BENCH_HOST
# (1; 0: no host figures after the guest's),
# BENCH_STOP (1; 0: no stop figures), BENCH_STOP_KERNEL (7.x) and BENCH_STOP_REPEAT (3): the stop figures
# (`make bench-stop` alone).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
out=build/bench
mkdir -p "$out"
kernel=${BENCH_KERNEL:-6.12}

# host_replay: replay 1M events with 10k and 100k owners left, the best of
# five runs each (CPU time; the host's other load can only slow a run down:
# the median of three moved between 4.8 and 6.3 M events/s on one day)
host_replay() {
	local n
	echo "bench: host replay" >&2
	make -s "$out/bench_replay"
	: > "$out/replay.jsonl"
	for n in 10000 100000; do
		"$out/bench_replay" gen tests/unit/fixtures/kallsyms.txt 1000000 $n "$out/replay.rec"
		for _ in 1 2 3 4 5; do
			"$out/bench_replay" run "$out/replay.rec"
		done | sort -t: -k5 -n | tail -n 1 >> "$out/replay.jsonl"
	done
	rm -f "$out/replay.rec"
	host_path
	host_dumps
}

# host_dumps: dump requests a second with 10k owners (tests/bench/dump_rate.c);
# wall time with the client and the server in two processes: the host's
# other load moves them, the floor measured beside them in the same run
# (floor_ratio) less
host_dumps() {
	echo "bench: host dump requests a second" >&2
	make -s "$out/dump_rate"
	"$out/dump_rate" host tests/unit/fixtures/kallsyms.txt "${BENCH_DUMP_SECONDS:-5}" 10000 \
		> "$out/dumps_host.jsonl"
}

# dump_lines JSONL: the dump rates, one line each
dump_lines() {
	local re='.*"where":"\([^"]*\)".*"request":"\([^"]*\)".*"per_s":\([0-9]*\),'
	re+='"bytes":\([0-9]*\),"floor_ratio":\([0-9.]*\).*'
	sed -n "s/$re/\\1|\\2|\\3|\\4|\\5/p" "$1" |
		while IFS='|' read -r where req per_s bytes ratio; do
			printf '  %-44s %10s\n' "dumps/s, 10k owners, $where: ${req#dump }" \
				"$per_s ($bytes B; x $ratio of the floor)"
		done
}

# host_path: the instructions of the per-event path (site__apply(): the stack
# to a site, the owner table), counted by callgrind over 200k events with 10k
# owners left.  A count, not a time: the host's load moves nothing, and the
# guest's clock (-icount shift=2) is 4 ns an instruction, so twice the count
# a pair, times 4 ns, is what the frontend's share of (c) can come down to
# (the goal: 2 us a pair).  Needs valgrind; skipped, and said, without it.
host_path() {
	local ev ir tail
	if ! command -v valgrind > /dev/null; then
		echo "bench: no valgrind: the instructions of the per-event path are not counted" >&2
		return 0
	fi
	echo "bench: host per-event path (callgrind)" >&2
	# plain, then with every put tail-called (its function put back): the
	# frontend's share of the tail-call repair
	for tail in "" tail; do
		"$out/bench_replay" gen tests/unit/fixtures/kallsyms.txt 200000 10000 "$out/path.rec" \
			$tail
		ev=$(valgrind --tool=callgrind --callgrind-out-file="$out/path.callgrind" \
			--toggle-collect=site__apply "$out/bench_replay" run "$out/path.rec" 2> /dev/null |
			sed -n 's/.*"events":\([0-9]*\).*/\1/p')
		ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$out/path.callgrind")
		rm -f "$out/path.rec" "$out/path.callgrind"
		[ -n "$ev" ] && [ -n "$ir" ] || { echo "bench: callgrind gave no count" >&2; return 0; }
		awk -v ir="$ir" -v ev="$ev" -v key="${tail:+tail_}path" 'BEGIN {
			printf "{\"%s\":{\"events\":%d,\"instructions\":%d," \
			"\"instructions_per_pair\":%.0f,\"guest_clock_ns_per_pair\":%.0f}}\n",
			key, ev, ir, 2 * ir / ev, 8 * ir / ev }' >> "$out/replay.jsonl"
	done
}

# stop_run: `wakeref ci -- true`, start to exit, in a guest of
# BENCH_STOP_KERNEL (7.x) with every view on and with owners only
# (tests/bench/guest/stop.t), by the host's clock: a stop waits for the
# kernel's RCU grace periods, which are timer-driven, and under -icount an
# idle guest's clock jumps over such waits.  Its lines go to stop.jsonl.
stop_run() {
	local k=${BENCH_STOP_KERNEL:-7.x} kver log rc=0

	echo "BENCH_STOP_REPEAT=${BENCH_STOP_REPEAT:-3}" > "$out/stop.conf"
	echo "bench: ci -- true, start to exit, on $k (TCG, the host's clock)" >&2
	WAKEREF_EXTRA="$out/stop.conf:/etc/wakeref-bench.conf" \
		tools/vmtest.sh --kernel "$k" --tests-dir tests/bench/guest --timeout 1800 \
		--test-timeout 900 stop > "$out/vmtest-stop.log" 2>&1 || rc=$?
	kver=$(sed -n 's/.*fetch .* s (kernel \([^)]*\)).*/\1/p' "$out/vmtest-stop.log" | head -1)
	log=build/vmtest/$kver-guest/tests/stop.log
	if [ -z "$kver" ] || [ ! -f "$log" ] || [ "$rc" != 0 ]; then
		echo "bench: the stop run failed (rc=$rc; see $out/vmtest-stop.log)" >&2
		[ -f "$log" ] && grep FAIL "$log" >&2
		return 1
	fi
	sed -n 's/^ *BENCH //p' "$log" > "$out/stop.jsonl"
}

# stop_print: the stop figures, one line per feature set and way of detaching
stop_print() {
	sed 's/.*"features":"\([^"]*\)","detach":"\([^"]*\)","kernel":"\([^"]*\)","ci_true_ms":\([0-9]*\),"detached_ms":\([0-9]*\),"load_s":\([^,]*\),"attach_s":\([^,]*\),"detach_s":\([^,]*\).*/\1 \2 \3 \4 \5 \6 \7 \8/' \
		"$out/stop.jsonl" | while read -r f how k ms gone load att det; do
		printf '  %-44s %10s\n' "ci -- true, --features $f, detach $how (s)" \
			"$(awk -v m="$ms" 'BEGIN { printf "%.1f", m / 1000 }')" \
			"    until detached (s)" "$(awk -v m="$gone" 'BEGIN { printf "%.1f", m / 1000 }')" \
			"    load / attach / detach ($k)" "$load / $att / $det"
	done
}

if [ "${1:-}" = --stop ]; then		# make bench-stop: the stop figures alone
	stop_run
	echo
	echo "wakeref bench, stop ($(date -u +%F), guest: QEMU TCG, the host's clock; goal: all < 5 s)"
	stop_print
	exit 0
fi

if [ "${1:-}" = --host ]; then		# make bench-host: the replay figures alone
	host_replay
	cat "$out/replay.jsonl" "$out/dumps_host.jsonl"
	dump_lines "$out/dumps_host.jsonl"
	exit 0
fi

cat > "$out/bench.conf" <<EOF
BENCH_PAIRS=${BENCH_PAIRS:-8000}
BENCH_SECONDS=${BENCH_SECONDS:-60}
BENCH_REPEAT=${BENCH_REPEAT:-5}
BENCH_RATES="${BENCH_RATES:-2000 5000 10000 20000 40000 80000}"
BENCH_FRAMES="${BENCH_FRAMES:-8:8 4:4 1:1}"
BENCH_DUMP_SECONDS=${BENCH_DUMP_SECONDS:-5}
BENCH_PARTS="${BENCH_PARTS:-overhead throughput overflow daemon dumps}"
BENCH_MC_RATES="${BENCH_MC_RATES:-20000 40000 80000}"
EOF

# Debian's 6.1 kernel does not boot under -icount here (with or without
# sleep=off it stops after "Probing EDD" in the real-mode setup: seven
# minutes without a line, 2026-12-07): say so at once rather than hang
case $kernel in
6.1|6.1.*)
	if [ "${BENCH_CLOCK:-icount}" = icount ]; then
		echo "bench: 6.1 does not boot under qemu -icount: run it with BENCH_CLOCK=wall" \
			"(the host's clock: ratios of one run, noisier)" >&2
		exit 2
	fi
	;;
esac

case ${BENCH_CLOCK:-icount} in
icount)
	qemu_args="-icount shift=2,sleep=off"
	clock="instructions (4 ns each)"
	;;
wall)
	qemu_args=
	clock="the host's"
	;;
*)
	echo "bench: BENCH_CLOCK=${BENCH_CLOCK}: want icount or wall" >&2
	exit 2
	;;
esac

echo "bench: guest run on $kernel (TCG, clock: $clock); this takes a while:" \
	"throughput runs are ${BENCH_SECONDS:-60} s each" >&2
rc=0
WAKEREF_EXTRA="$out/bench.conf:/etc/wakeref-bench.conf $out/dump_rate:/bin/wakeref-dump-rate" \
	WAKEREF_QEMU_ARGS="$qemu_args" \
	tools/vmtest.sh --kernel "$kernel" --tests-dir tests/bench/guest --timeout 3600 \
	bench > "$out/vmtest.log" 2>&1 || rc=$?
kver=$(sed -n 's/.*fetch .* s (kernel \([^)]*\)).*/\1/p' "$out/vmtest.log" | head -1)
log=build/vmtest/$kver-guest/tests/bench.log
if [ -z "$kver" ] || [ ! -f "$log" ]; then
	echo "bench: the guest run left no log (see $out/vmtest.log)" >&2
	tail -20 "$out/vmtest.log" >&2
	exit 1
fi
if [ "$rc" != 0 ]; then
	echo "bench: the guest run failed (rc=$rc); its log: $log" >&2
	grep -E 'FAIL' "$log" >&2 || tail -20 "$log" >&2
	exit 1
fi
sed -n 's/^ *BENCH //p' "$log" > "$out/guest.jsonl"

if [ "${BENCH_HOST:-1}" = 0 ]; then	# the guest's figures alone
	: > "$out/replay.jsonl"
	: > "$out/dumps_host.jsonl"
else
	host_replay
fi
if [ "${BENCH_STOP:-1}" = 0 ]; then
	: > "$out/stop.jsonl"
else
	stop_run || : > "$out/stop.jsonl"
fi

# field JSONL KEY: the number after "KEY": in the lines of JSONL
field() { sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p" "$1"; }
first() { field "$@" | head -1; }

# ov KEY: a figure of the "overhead" line
ov() {
	{ grep '^{"overhead":' "$out/guest.jsonl" || true; } |
		sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" | head -1
}
a=$(ov untraced_ns)
b=$(ov empty_progs_ns)
c=$(ov wakeref_ns)
cbpf=$(ov wakeref_bpf_only_ns)
coff=$(ov wakeref_bpf_only_unwind_off_ns)
cnorep=$(ov wakeref_bpf_only_no_tail_repair_ns)
cfe=$(ov frontend_cpu_ns)
d=$(ov debug_tracking_ns)
dkind=$({ grep '^{"overhead":' "$out/guest.jsonl" || true; } |
	sed -n 's/.*"debug_tracking":"\([^"]*\)".*/\1/p')
ddepot=$(ov debug_depot_ns)
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", y ? x / y : 0 }'; }
# obj KEY: the object of the guest's "KEY" line, null when that part did not run
obj() {
	local v
	v=$({ grep "^{\"$1\":" "$out/guest.jsonl" || true; } | sed "s/^{\"$1\"://; s/}\$//" |
		head -1)
	echo "${v:-null}"
}
over_c=$((c - a))
over_d=$((d - a))
share=$(ratio "$over_c" "$over_d")
# the BPF side, as the loop sees it, plus every ns the frontend spent
share_whole=$(ratio $((cbpf + cfe - a)) "$over_d")
share_depot=$(ratio "$over_c" $((ddepot - a)))
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)

{
	echo "{"
	echo "  \"machine\": {\"host_cpu\": \"$cpu\", \"host_cores\": $(nproc)," \
		"\"guest\": \"QEMU TCG, Debian $kernel\", \"guest_clock\": \"$clock\"," \
		"\"date\": \"$(date -u +%F)\"},"
	echo "  \"overhead\": $(obj overhead),"
	echo "  \"ratios\": {\"c_over_a\": $(ratio "$c" "$a"), \"c_over_b\": $(ratio "$c" "$b")," \
		"\"c_over_d\": $(ratio "$c" "$d"), \"wakeref_cost_share_of_debug_cost\": $share," \
		"\"bpf_and_frontend_cpu_share_of_debug_cost\": $share_whole," \
		"\"tail_repair_ns_per_pair\": $((cbpf - cnorep))," \
		"\"c_over_d_depot\": $(ratio "$c" "$ddepot")," \
		"\"wakeref_cost_share_of_debug_depot_cost\": $share_depot},"
	echo "  \"overhead_runs\": ["
	{ grep '"overhead_runs"' "$out/guest.jsonl" || true; } | sed 's/^{"overhead_runs"://; s/}$//' |
		sed '$!s/$/,/; s/^/    /'
	echo "  ],"
	echo "  \"overhead_by_frames\": ["
	{ grep '"overhead_frames"' "$out/guest.jsonl" || true; } | sed 's/^{"overhead_frames"://; s/}$//' |
		sed '$!s/$/,/; s/^/    /'
	echo "  ],"
	echo "  \"throughput_runs\": ["
	{ grep '"throughput_run"' "$out/guest.jsonl" || true; } | sed 's/^{"throughput_run"://; s/}$//' |
		sed '$!s/$/,/; s/^/    /'
	echo "  ],"
	echo "  \"throughput\": $(obj throughput),"
	echo "  \"throughput_cpus\": $(obj throughput_cpus),"
	echo "  \"overflow\": $(obj overflow),"
	echo "  \"daemon\": ["
	{ grep '"daemon"' "$out/guest.jsonl" || true; } | sed 's/^{"daemon"://; s/}$//' |
		sed '$!s/$/,/; s/^/    /'
	echo "  ],"
	echo "  \"dump_rate\": ["
	{ cat "$out/guest.jsonl" "$out/dumps_host.jsonl" | grep '"dump_rate"' || true; } |
		sed 's/^{"dump_rate"://; s/}$//' | sed '$!s/$/,/; s/^/    /'
	echo "  ],"
	echo "  \"replay\": ["
	sed '$!s/$/,/; s/^/    /' "$out/replay.jsonl"
	echo "  ],"
	echo "  \"stop\": ["
	sed 's/^{"stop"://; s/}$//' "$out/stop.jsonl" | sed '$!s/$/,/; s/^/    /'
	echo "  ]"
	echo "}"
} > "$out/results.json"

echo
echo "wakeref bench ($(date -u +%F), guest: QEMU TCG on $cpu, clock: $clock;" \
	"ratios are what counts)"
if [ -n "$a" ]; then
	printf '  %-44s %10s\n' "get+put pair, (a) untraced" "$a ns" \
		"(b) empty fentry/fexit programs" "$b ns" \
		"(c) wakeref" "$c ns" \
		"    its frontend's CPU a pair (reading alone)" "$cfe ns" \
		"(d) i915 debug-build tracking ($dkind)" "$d ns" \
		"    pre-6.8 debug build (debug-depot)" "$ddepot ns"
	printf '  %-44s %10s\n' "(c)/(a)" "$(ratio "$c" "$a")" "(c)/(b)" "$(ratio "$c" "$b")" \
		"(c)/(d)" "$(ratio "$c" "$d")" \
		"wakeref's cost / debug tracking's cost" "$share (goal <= 0.25)" \
		"    BPF side + all the frontend's CPU" "$share_whole (goal <= 0.25)" \
		"    / the pre-6.8 debug build's cost" "$share_depot"
	printf '  %-44s %10s\n' "(c), BPF side alone (frontend stopped)" "$cbpf ns" \
		"    the same, fast unwinder off" "$coff ns / $(ratio $((coff - a)) "$over_d")" \
		"    the same, tail-call repair off" "$cnorep ns" \
		"    the tail-call repair's cost a pair" "$((cbpf - cnorep)) ns (budget <= 1000 ns)"
	{ grep '"overhead_frames"' "$out/guest.jsonl" || true; } |
		sed 's/.*"frames":"\([^"]*\)","wakeref_bpf_only_ns":\([0-9]*\).*/\1 \2/' |
		while read -r f ns; do
			printf '  %-44s %10s\n' "  the same, WAKEREF_FRAMES=$f: ns / share" \
				"$ns / $(ratio $((ns - a)) "$over_d")"
		done
	printf '  %-44s %10s\n' "    the frontend's reading rate (2 s / that)" \
		"$(awk -v f="$cfe" 'BEGIN { printf "%.0f", f ? 2e9 / f : 0 }') events/s"
fi
[ "$(obj throughput)" = null ] ||
	printf '  %-44s %10s\n' "lossless rate, default buffers (events/s)" \
		"$(first "$out/guest.jsonl" lossless_events_per_s)" \
		"drops at twice that (all counted)" "$(first "$out/guest.jsonl" double_rate_drops)"
[ "$(obj throughput_cpus)" = null ] ||
	printf '  %-44s %10s\n' \
		"    from every vCPU at once ($(grep '"throughput_cpus"' "$out/guest.jsonl" |
			sed -n 's/.*"cpus":\([0-9]*\).*/\1/p') CPUs)" \
		"$(grep '"throughput_cpus"' "$out/guest.jsonl" |
			sed -n 's/.*"lossless_events_per_s":\([0-9]*\).*/\1/p')" \
		"    its last run, made (events/s)" \
		"$(grep '"throughput_cpus"' "$out/guest.jsonl" |
			sed -n 's/.*"last_achieved_events_per_s":\([0-9]*\).*/\1/p')"
[ "$(obj overflow)" = null ] ||
	printf '  %-44s %10s\n' "frontend stopped, 80000 events: seen + dropped" \
		"$(grep '"overflow"' "$out/guest.jsonl" | sed 's/.*"seen":\([0-9]*\),"drops":\([0-9]*\).*/\1 + \2/')"
paste -d' ' <(field "$out/guest.jsonl" outstanding) <(field "$out/guest.jsonl" rss_kib) \
	<(field "$out/guest.jsonl" dump_ms) | while read -r n rss ms; do
	printf '  %-44s %10s\n' "daemon, $n owners: RSS / dump" "$((rss / 1024)) MiB / $ms ms"
done
dump_lines "$out/guest.jsonl"
dump_lines "$out/dumps_host.jsonl"
paste -d' ' <(field "$out/replay.jsonl" outstanding) <(field "$out/replay.jsonl" events_per_s) \
	<(field "$out/replay.jsonl" max_rss_kib) | while read -r n eps rss; do
	printf '  %-44s %10s\n' "replay, $n owners: events/s (1 core) / RSS" \
		"$(awk -v e="$eps" 'BEGIN { printf "%.1f M", e / 1e6 }') / $((rss / 1024)) MiB"
done
{ grep '"path"' "$out/replay.jsonl" || true; } |
	sed 's/.*"instructions_per_pair":\([0-9]*\),"guest_clock_ns_per_pair":\([0-9]*\).*/\1 \2/' |
	while read -r n ns; do
		printf '  %-44s %10s\n' "per-event path, instructions a pair (host)" \
			"$n (x 4 ns: $ns ns)"
	done
paste -d' ' <({ grep '"path"' "$out/replay.jsonl" || true; } | sed 's/.*"instructions_per_pair":\([0-9]*\).*/\1/') \
	<({ grep '"tail_path"' "$out/replay.jsonl" || true; } | sed 's/.*"instructions_per_pair":\([0-9]*\).*/\1/') |
	while read -r plain tail; do
		[ -n "$tail" ] || continue
		printf '  %-44s %10s\n' "    every put tail-called, frame put back" \
			"$tail (+$((tail - plain)): $((4 * (tail - plain))) ns a pair)"
	done
stop_print
echo "  (all figures: $out/results.json)"
