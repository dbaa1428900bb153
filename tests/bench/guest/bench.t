#!/bin/sh
# timeout: 2400
# make bench, inside the guest (tools/bench.sh runs it and collects the
# "BENCH {json}" lines):
#   overhead per get+put pair in the simulated driver's tight loop:
#     (a) untraced, (b) empty fentry/fexit programs attached,
#     (c) wakeref as it ships, (d) i915's debug-build tracking, untraced,
#     as the guest kernel's i915 builds it (6.8+: ref_tracker), and the
#     pre-6.8 stack-depot owner array (d_depot) for comparison; (c) again
#     with the fast unwinder off (WAKEREF_UNWIND=off: bpf_get_stack() only),
#     and without the tail-call repair (WAKEREF_NO_TAIL_REPAIR: no call
#     read before a put's return address, no trampolines);
#   throughput: the highest paced event rate the default buffers carry
#     without a drop over BENCH_SECONDS, then twice that, where every drop
#     must be counted (events seen + drops = events made); then the same
#     loop on every CPU at once (the sim's cpus=), BENCH_MC_RATES;
#   the daemon's RSS and dump time with 10k and 100k outstanding owners;
#   (c) again at other stack depths (WAKEREF_FRAMES), the cost's main knob;
#   dump requests a second with 10,000 owners held, per format, from one
#   client asking again as soon as it has an answer (/bin/wakeref-dump-rate,
#   tests/bench/dump_rate.c).
# Settings come from /etc/wakeref-bench.conf (BENCH_PAIRS, BENCH_SECONDS,
# BENCH_REPEAT, BENCH_RATES, BENCH_MC_RATES, BENCH_FRAMES, BENCH_DUMP_SECONDS, and
# BENCH_PARTS: which of overhead, throughput, overflow, daemon, dumps run).
. /lib/wakeref/lib.sh

BENCH_PAIRS=8000		# 16000 events: they fit the default ring buffer
BENCH_SECONDS=60
BENCH_REPEAT=5
BENCH_RATES="2000 5000 10000 20000 40000 80000"
BENCH_FRAMES="8:8 4:4 1:1"
BENCH_DUMP_SECONDS=5
BENCH_PARTS="overhead throughput overflow daemon dumps"
BENCH_MC_RATES="20000 40000 80000"
[ -f /etc/wakeref-bench.conf ] && . /etc/wakeref-bench.conf
part() { case " $BENCH_PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
B=$WR_SIM_DIR/bench

out() { echo "BENCH $*"; }
bench_field() { tr ' ' '\n' < $B | sed -n "s/^$1=//p"; }

# run_median ARGS...: BENCH_REPEAT runs of BENCH_PAIRS pairs in the sim's
# loop; sets $med, the median ns per pair, and prints the runs as JSON under
# the name $VARIANT.  With wakeref running ($WAKEREF_PID), STOPPED=1 stops
# its frontend during each run (the BPF side alone), and after each run a
# snapshot drains the ring buffer: no run can overflow it (BENCH_PAIRS
# pairs fit), so every run measures the cost of events that are kept.
# Each run starts after 0.2 s of quiet: the work the commands between runs
# leave behind (process exits, RCU callbacks) would otherwise run on the
# other vCPU during the loop, and under -icount the guest's clock counts
# it (back to back, (a) gave 2.9 to 6.2 us; after a pause, 1.93 to 1.96).
#
# With wakeref running, FE_MED is also set: the median of the frontend's
# CPU time per pair, from the start of a run until it has read the run's
# events (/proc/PID/task/*/schedstat, ns; frontend_quiet), before the
# snapshot: a snapshot of -f owners prints every pair kept so far, a cost
# that grows run after run and is not an event's.  It means something only
# with the frontend stopped during the loop (STOPPED=1: it then reads the
# events alone): under -icount the clock counts the instructions of both
# vCPUs, so a thread's CPU time while the other vCPU is busy includes the
# other's (the same 16000 events "cost" the frontend 9 to 23 us a pair that
# way).
run_median() {
	local i=0 all= t0
	: > /tmp/runs
	: > /tmp/fe_runs
	while [ $i -lt "$BENCH_REPEAT" ]; do
		sleep 0.2
		[ -z "$WAKEREF_PID" ] || t0=$(frontend_cpu_ns)
		[ "${STOPPED:-0}" = 0 ] || kill -STOP "$WAKEREF_PID"
		sim_ctl bench i915.0 pmu_sample n="$BENCH_PAIRS" "$@" || return 1
		[ "${STOPPED:-0}" = 0 ] || kill -CONT "$WAKEREF_PID"
		bench_field ns_per_pair >> /tmp/runs
		[ -z "$WAKEREF_PID" ] || echo $((($(frontend_quiet) - t0) / BENCH_PAIRS)) >> /tmp/fe_runs
		[ -z "$WAKEREF_PID" ] || wakeref_snapshot /tmp/drain.snap || return 1
		i=$((i + 1))
	done
	med=$(median /tmp/runs)
	[ "$med" -gt 0 ] 2>/dev/null || { fail "$VARIANT: a bench run gave '$med' ns"; return 1; }
	all=$(tr '\n' ',' < /tmp/runs | sed 's/,$//')
	FE_MED=0
	if [ -s /tmp/fe_runs ]; then
		FE_MED=$(median /tmp/fe_runs)
		all="$all],\"frontend_cpu_ns\":[$(tr '\n' ',' < /tmp/fe_runs | sed 's/,$//')"
	fi
	out "{\"overhead_runs\":{\"variant\":\"$VARIANT\",\"median_ns\":$med,\"ns\":[$all]}}"
}

median() { sort -n "$1" | sed -n "$(((BENCH_REPEAT + 1) / 2))p"; }

# frontend_cpu_ns: the CPU time of wakeref's threads so far, ns
frontend_cpu_ns() {
	cat /proc/"$WAKEREF_PID"/task/*/schedstat | awk '{ t += $1 } END { printf "%.0f", t }'
}

# frontend_quiet: frontend_cpu_ns once the frontend has read what is in its
# ring buffers: less than 1 ms of CPU over 0.3 s (its idle wake-ups, every
# 100 ms, cost microseconds; under -icount sleep=off the wait costs nothing)
frontend_quiet() {
	local i=0 prev now
	now=$(frontend_cpu_ns)
	while [ $i -lt 50 ]; do
		prev=$now
		usleep 300000
		now=$(frontend_cpu_ns)
		[ $((now - prev)) -ge 1000000 ] || break
		i=$((i + 1))
	done
	echo "$now"
}

# start_traced: wakeref trace, its symbols read, the loop's stacks seen once
# (the fast unwinder learns a stack's frames from its first event) and its
# ring buffer empty, then quiet (settle)
start_traced() {
	wakeref_start trace -f owners || return 1
	WR_SNAPSHOTS=0
	sim_ctl bench i915.0 pmu_sample n=20 || return 1
	wakeref_snapshot /tmp/drain.snap
	sim_ctl bench i915.0 pmu_sample n=20 || return 1
	wakeref_snapshot /tmp/drain.snap
	settle
}

# settle: what a module load or an attach leaves behind (kworkers, RCU) runs
# for a few seconds, on either vCPU: the first runs after sim_load took
# (a) 4.0 to 5.9 us, then 1.93 to 1.97.  Under -icount, idle time costs
# no host time.
settle() { sleep 3; }

# loss_field KEY FILE: a number of the "loss ..." line of -f owners output
loss_field() { sed -n "s/^loss .*$1=\([0-9]*\).*/\1/p" "$2" | tail -1; }

sim_load || test_end
settle

if part overhead; then
# (a) and (d): nothing attached
VARIANT=a run_median || test_end
a=$med
VARIANT=d run_median tracking=debug || test_end
d=$med
dkind=$(bench_field tracking)
VARIANT=d_depot run_median tracking=debug-depot || test_end
ddepot=$med

# (b): the same programs, attached, returning at once
export WAKEREF_BENCH_EMPTY=1
start_traced || test_end
VARIANT=b run_median || test_end
b=$med
wakeref_stop > /dev/null
unset WAKEREF_BENCH_EMPTY

# (c): wakeref as it ships, and its BPF side alone (the frontend stopped)
start_traced || test_end
STOPPED=1 VARIANT=c_bpf_only run_median || test_end
cbpf=$med
cfe=$FE_MED
VARIANT=c run_median || test_end
c=$med
wakeref_snapshot /tmp/c.snap
wakeref_stop > /dev/null
cev=$(loss_field events /tmp/c.snap)
cdrop=$(loss_field ringbuf_drops /tmp/c.snap)
# two runs of BENCH_REPEAT, and start_traced's two warm-up runs of 20 pairs
assert_eq "$cev" $((2 * 2 * BENCH_PAIRS * BENCH_REPEAT + 2 * 2 * 20)) \
	"(c): every event of the loop seen"
assert_eq "$cdrop" 0 "(c): nothing dropped"

# (c) with the fast unwinder off: bpf_get_stack() for every stack
export WAKEREF_UNWIND=off
start_traced || test_end
STOPPED=1 VARIANT=c_bpf_only_unwind_off run_median || test_end
coff=$med
wakeref_stop > /dev/null
unset WAKEREF_UNWIND

# (c) without the tail-call repair, the BPF side alone: beside (c_bpf_only),
# what reading the call before every put's return address costs a pair
export WAKEREF_NO_TAIL_REPAIR=1
start_traced || test_end
STOPPED=1 VARIANT=c_bpf_only_no_tail_repair run_median || test_end
cnorep=$med
wakeref_stop > /dev/null
unset WAKEREF_NO_TAIL_REPAIR

# (c) at other stack depths (the frontend stopped: the BPF side's cost)
for f in $BENCH_FRAMES; do
	export WAKEREF_FRAMES=$f
	start_traced || test_end
	STOPPED=1 VARIANT="c_bpf_only_frames_$f" run_median || test_end
	wakeref_snapshot /tmp/f.snap
	wakeref_stop > /dev/null
	unset WAKEREF_FRAMES
	assert_eq "$(loss_field ringbuf_drops /tmp/f.snap)" 0 "WAKEREF_FRAMES=$f: nothing dropped"
	out "{\"overhead_frames\":{\"frames\":\"$f\",\"wakeref_bpf_only_ns\":$med}}"
done
out "{\"overhead\":{\"pairs\":$BENCH_PAIRS,\"repeat\":$BENCH_REPEAT,\"untraced_ns\":$a,\"empty_progs_ns\":$b,\"wakeref_ns\":$c,\"wakeref_bpf_only_ns\":$cbpf,\"wakeref_bpf_only_unwind_off_ns\":$coff,\"wakeref_bpf_only_no_tail_repair_ns\":$cnorep,\"frontend_cpu_ns\":$cfe,\"debug_tracking_ns\":$d,\"debug_tracking\":\"$dkind\",\"debug_depot_ns\":$ddepot}}"
fi

if part throughput; then
# throughput: paced runs under wakeref with the default ring buffer, after
# its start's own work (the symbols, the loop's stacks learnt): a run of
# 20,000 events a second right after the start dropped 46,411 of 600,000
# (6.12), where the same rate from two CPUs later dropped none
wakeref_start trace -f owners || test_end
WR_SNAPSHOTS=0
sim_ctl bench i915.0 pmu_sample n=20 || test_end
wakeref_snapshot /tmp/t.snap || test_end
prev_ev=$(loss_field events /tmp/t.snap)
prev_drop=$(loss_field ringbuf_drops /tmp/t.snap)
settle
best=0
# run_rate R [C]: BENCH_SECONDS at R pairs a second (from C CPUs at once,
# default 1); sets ev, drop, achieved
run_rate() {
	local n=$(($1 * BENCH_SECONDS)) ns cpus=${2:-1}
	sim_ctl bench i915.0 pmu_sample n=$n rate="$1" cpus="$cpus" || return 1
	ns=$(bench_field ns_total)
	wakeref_snapshot /tmp/t.snap || return 1
	ev=$(($(loss_field events /tmp/t.snap) - prev_ev))
	drop=$(($(loss_field ringbuf_drops /tmp/t.snap) - prev_drop))
	prev_ev=$((prev_ev + ev))
	prev_drop=$((prev_drop + drop))
	achieved=$((2 * n * 1000 / (ns / 1000000)))
	assert_eq $((ev + drop)) $((2 * n)) \
		"rate $1/s from $cpus CPU(s): seen + dropped = made (drops counted exactly)"
	out "{\"throughput_run\":{\"pairs_per_s\":$1,\"cpus\":$cpus,\"seconds\":$BENCH_SECONDS,\"events\":$((2 * n)),\"seen\":$ev,\"drops\":$drop,\"achieved_events_per_s\":$achieved}}"
}
for r in $BENCH_RATES; do
	run_rate "$r" || break
	[ "$drop" -eq 0 ] || break
	# the loop cannot go faster under emulation: higher rates are not rates
	[ "$achieved" -ge $((2 * r * 9 / 10)) ] || break
	best=$r
done
if [ "$best" -gt 0 ]; then
	run_rate $((2 * best))
	out "{\"throughput\":{\"lossless_pairs_per_s\":$best,\"lossless_events_per_s\":$((2 * best)),\"double_rate_drops\":$drop,\"double_rate_achieved_events_per_s\":$achieved}}"
else
	fail "no rate was carried without drops"
fi
# the same from every CPU at once: the ring buffer filled from several CPUs,
# the frontend sharing them with the loops
ncpu=$(nproc)
mbest=0
for r in $BENCH_MC_RATES; do
	run_rate "$r" "$ncpu" || break
	[ "$drop" -eq 0 ] || break
	[ "$achieved" -ge $((2 * r * 9 / 10)) ] || break
	mbest=$r
done
mlimit=$achieved
if [ "$mbest" -gt 0 ]; then
	out "{\"throughput_cpus\":{\"cpus\":$ncpu,\"lossless_events_per_s\":$((2 * mbest)),\"last_achieved_events_per_s\":$mlimit,\"last_drops\":$drop}}"
else
	fail "from $ncpu CPUs, no rate was carried without drops"
fi
wakeref_stop > /dev/null
fi

if part overflow; then
# overflow: the frontend stopped while the loop makes more events than the
# default ring buffer holds; what is not seen must be counted as dropped
wakeref_start trace -f owners || test_end
WR_SNAPSHOTS=0
kill -STOP "$WAKEREF_PID"
sim_ctl bench i915.0 pmu_sample n=40000 || test_end
kill -CONT "$WAKEREF_PID"
wakeref_snapshot /tmp/o.snap || test_end
wakeref_stop > /dev/null
oev=$(loss_field events /tmp/o.snap)
odrop=$(loss_field ringbuf_drops /tmp/o.snap)
assert_eq $((oev + odrop)) 80000 "overflow: seen + dropped = made"
[ "$odrop" -gt 0 ] || fail "overflow: 80000 events into the default ring buffer dropped none"
out "{\"overflow\":{\"events\":80000,\"seen\":$oev,\"drops\":$odrop}}"
fi

# the daemon with many outstanding owners: RSS and the time of a dump, and
# dump requests a second with 10,000 held
if part daemon || part dumps; then
daemon_start --no-persist || test_end
held=0
for want in 10000 100000; do
	[ $want = 10000 ] || part daemon || break
	while [ $held -lt $want ]; do
		# 5000 events a write: far less than the ring buffer holds
		k=$((want - held)); [ $k -le 5000 ] || k=5000
		sim_ctl get i915.0 get leaky_path n=$k || test_end
		held=$((held + k))
	done
	# the daemon reads events in turns between its clients: wait (30 s at
	# most) until it has read them all, then time a dump
	i=0
	until /bin/wakeref dump 2> /dev/null | grep -q "^Wakeref count: $want\$"; do
		i=$((i + 1)); [ $i -lt 300 ] || break; usleep 100000
	done
	t0=$(_wr_now_ms)
	/bin/wakeref dump -f owners > /tmp/dump.owners
	t1=$(_wr_now_ms)
	assert_match /tmp/dump.owners "^owner wakeref-sim-i915\\.0 sim_leaky_path $want\$" \
		"daemon: $want owners"
	rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$DPID/status)
	hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$DPID/status)
	part daemon && out "{\"daemon\":{\"outstanding\":$want,\"rss_kib\":$rss,"\
"\"peak_rss_kib\":$hwm,\"dump_ms\":$((t1 - t0))}}"
	if [ $want = 10000 ] && part dumps; then
		/bin/wakeref-dump-rate client /run/wakeref/control.sock "$BENCH_DUMP_SECONDS" \
			$want > /tmp/rate.jsonl 2> /tmp/rate.err ||
			fail "dump rate: $(cat /tmp/rate.err)"
		assert_eq "$(grep -c '"dump_rate"' /tmp/rate.jsonl)" 4 \
			"dump rate: the floor and three formats answered whole"
		sed 's/^/BENCH /' /tmp/rate.jsonl
	fi
done
kill -TERM $DPID
wait $DPID
fi
sim_unload
test_end
