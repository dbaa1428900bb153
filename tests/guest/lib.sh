# lib.sh: helpers for guest tests (busybox sh: POSIX plus `local`, no bash-isms).
# shellcheck shell=dash
#
# A test is a script run by the guest's /init (tools/guest-init.sh):
#   . /lib/wakeref/lib.sh
#   sim_load || test_end
#   ...checks...
#   test_end
# It passes iff it exits 0, prints at least one line starting with "ok:" (a
# passed check: a test that checks nothing fails), no line starting with FAIL and no shell
# error ("foo: not found"), and the kernel logs no warning or splat while it
# runs (tools/vmtest.sh checks all of these).
# The working directory is /tmp, emptied between tests.  $WAKEREF_KVER is the
# kernel release the host expects.
#
# Helpers that check something call fail() themselves and return 1, so a
# test can stop at the first broken precondition with `|| test_end`.

WR_SIM_KO=/lib/modules/wakeref_sim.ko
WR_SIM_DEBUG_KO=/lib/modules/wakeref_sim_debug.ko
WR_SIM_DIR=/sys/kernel/debug/wakeref_sim
WR_FAILED=0
# Tests of the owner table attach its functions only: every traced function
# costs about 0.2 s to attach and detach under emulation.  The view tests
# (40-43, the view scenarios) set WAKEREF_FEATURES=all.
export WAKEREF_FEATURES=owners
WAKEREF_PID=

fail() { echo "FAIL: $*"; WR_FAILED=1; return 1; }
pass() { echo "ok: $*"; }

# test_end: exit 1 if any check failed, else 0
test_end() { exit "$WR_FAILED"; }

# assert_eq ACTUAL EXPECTED MSG
assert_eq() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3: expected '$2', got '$1'"
	fi
}

# assert_match FILE REGEX MSG: some line of FILE matches the extended REGEX
assert_match() {
	if grep -Eq -- "$2" "$1" 2>/dev/null; then
		pass "$3"
		return 0
	fi
	fail "$3: no line of $1 matches /$2/"
	[ -f "$1" ] && head -n 20 "$1" | sed 's/^/    | /'
	return 1
}

# _wr_now_ms: guest uptime in milliseconds, without forking (/proc/uptime
# always has two decimals: "12.34" -> 12*1000 + 1340 - 1000)
_wr_now_ms() {
	local up rest
	read -r up rest < /proc/uptime
	echo $((${up%.*} * 1000 + 1${up#*.}0 - 1000))
}

# _wr_alive PID: the process exists and is not a zombie
_wr_alive() {
	local stat
	{ read -r stat < "/proc/$1/stat"; } 2>/dev/null || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

# _wr_insmod KO [PARAM=VALUE...]: load a build of the simulated driver
_wr_insmod() {
	local ko=$1 err
	shift
	[ -f "$ko" ] || { fail "$ko is not in the initramfs"; return 1; }
	err=$(insmod "$ko" "$@" 2>&1) || { fail "insmod $ko $*: $err"; return 1; }
	[ -d "$WR_SIM_DIR" ] || { fail "wakeref_sim loaded but $WR_SIM_DIR is missing"; return 1; }
}

# sim_load [PARAM=VALUE...]: load the simulated driver
# (i915_devs=N xe_devs=N autosuspend_ms=N)
sim_load() { _wr_insmod "$WR_SIM_KO" "$@"; }

# sim_load_debug [PARAM=VALUE...]: load its SIM_DEBUG_RPM=1 build instead (i915's
# debug-build runtime PM: unique cookies, a real intel_runtime_pm_put); same
# module name, so sim_unload unloads it
sim_load_debug() { _wr_insmod "$WR_SIM_DEBUG_KO" "$@"; }

# snd_load [PARAM=VALUE...]: the sound driver stand-in (wakeref_sim_snd),
# which binds the simulated i915's audio component; snd_unload before sim_unload
WR_SIM_SND_KO=/lib/modules/wakeref_sim_snd.ko
snd_load() { _wr_insmod "$WR_SIM_SND_KO" "$@"; }
snd_unload() { rmmod wakeref_sim_snd || fail "rmmod wakeref_sim_snd"; }

sim_unload() {
	local err i=0
	# a tracer that just stopped: the kernel drops its programs' hold on the
	# module after an RCU grace period (EAGAIN until then); after `ci`, whose
	# child detaches in the background, once that child is done (seconds
	# under emulation)
	until err=$(rmmod wakeref_sim 2>&1); do
		case $err in *"temporarily unavailable"*) ;; *) break ;; esac
		i=$((i + 1))
		[ $i -lt 600 ] || break
		usleep 100000
	done
	[ -z "$err" ] || { fail "rmmod wakeref_sim: $err"; return 1; }
}

# sim_ctl CMD...: write one command to the simulated driver's control file;
# a write error (the driver rejected the command) is a failure
sim_ctl() {
	local err
	err=$( { echo "$*" > "$WR_SIM_DIR/ctl"; } 2>&1) || { fail "sim_ctl $*: ${err:-write failed}"; return 1; }
}

# sim_ctl_fails CMD...: the simulated driver must reject the command
sim_ctl_fails() {
	if { echo "$*" > "$WR_SIM_DIR/ctl"; } 2>/dev/null; then
		fail "sim_ctl $*: accepted, expected an error"
		return 1
	fi
	pass "rejected: $*"
}

# sim_owners_has REGEX MSG: some line of the oracle's owners file matches
sim_owners_has() { assert_match "$WR_SIM_DIR/owners" "$1" "$2"; }

# sim_owners_lacks REGEX MSG: no line of the oracle's owners file matches
sim_owners_lacks() {
	if grep -Eq -- "$1" "$WR_SIM_DIR/owners"; then
		fail "$2: owners has /$1/"
		grep -E -- "$1" "$WR_SIM_DIR/owners" | sed 's/^/    | /'
		return 1
	fi
	pass "$2"
}

# sim_owner_lines DEV: the "owner DEV FUNC N" lines, space-separated as
# "FUNC=N ...", in the file's (sorted) order; "" if none
sim_owner_lines() {
	awk -v d="$1" '$1 == "owner" && $2 == d { printf "%s%s=%s", sep, $3, $4; sep = " " }' \
		"$WR_SIM_DIR/owners"
}

# wait_owners REGEX TIMEOUT_MS MSG: poll the owners file until a line matches
wait_owners() {
	local deadline
	deadline=$(($(_wr_now_ms) + $2))
	until grep -Eq -- "$1" "$WR_SIM_DIR/owners"; do
		if [ "$(_wr_now_ms)" -ge "$deadline" ]; then
			fail "$3: no owners line matches /$1/ within $2 ms"
			sed 's/^/    | /' "$WR_SIM_DIR/owners"
			return 1
		fi
		usleep 10000
	done
	pass "$3"
}

# daemon_start ARGS...: `wakeref daemon ARGS` in the background (output in
# /tmp/d.out and /tmp/d.err, pid in $DPID), ready within 60 s, or a FAIL
# with what it said and 1.  $WR_DAEMON_WRAP, if set, is a command the daemon
# runs under (setpriv ...: the systemd unit's capabilities).
daemon_start() {
	local deadline
	: > /tmp/d.out
	: > /tmp/d.err		# as in wakeref_start below
	# shellcheck disable=SC2086 # a command and its words
	# not the simusers' fifos (simuser_start): they would never see EOF
	${WR_DAEMON_WRAP:-} /bin/wakeref daemon "$@" > /tmp/d.out 2> /tmp/d.err \
		3>&- 4>&- 5>&- 6>&- 7>&- 8>&- &
	DPID=$!
	deadline=$(($(_wr_now_ms) + 60000))
	until grep -q '^wakeref: tracing' /tmp/d.err; do
		if ! _wr_alive "$DPID"; then
			wait "$DPID"
			fail "daemon $* died with rc=$?:"
			sed 's/^/    ! /' /tmp/d.err
			return 1
		fi
		[ "$(_wr_now_ms)" -lt "$deadline" ] || { fail "daemon $* not ready in 60 s"; return 1; }
		usleep 50000
	done
}

# daemon_compact DEV: make the daemon ($DPID, persistent with a small
# --journal-max) compact its journal once more, so that the snapshot holds
# what its views hold now: conditional gets that fail on the suspended i915
# device DEV (they hold nothing and change no view, only the journal grows),
# ten at a time, until it logs another compaction (at most 50 gets).
daemon_compact() {
	local n i=0
	n=$(grep -c '^wakeref: journal compacted' /tmp/d.err)
	wait_runtime_status "$1" suspended 6000 || return 1
	while [ $i -lt 50 ]; do
		sim_ctl get "$1" get_if_in_use pmu_sample || return 1
		i=$((i + 1))
		[ $((i % 10)) -eq 0 ] || continue
		# a request: the loop has read the gets, and compacted after
		# the previous request's round at the latest
		/bin/wakeref stats > /dev/null || { fail "daemon_compact: wakeref stats"; return 1; }
		if [ "$(grep -c '^wakeref: journal compacted' /tmp/d.err)" -gt "$n" ]; then
			pass "the journal compacted with this state ($i failed gets)"
			return 0
		fi
	done
	fail "daemon_compact: no compaction after $i failed gets:"
	sed 's/^/    ! /' /tmp/d.err
	return 1
}

# daemon_restart ARGS...: SIGKILL the daemon (nothing saved at exit) and
# start another with ARGS: it must adopt the pinned programs and replay the
# journal (a snapshot and what followed it); a replay without view records
# fails but goes on: the test's own comparisons then say what was lost
daemon_restart() {
	kill -KILL "$DPID"
	wait "$DPID" 2> /dev/null
	daemon_start "$@" || return 1
	assert_match /tmp/d.err '^wakeref: adopted [0-9]+ attached functions' \
		"restart: the pins adopted" || return 1
	assert_match /tmp/d.err '^wakeref: replayed [0-9]+ events and [1-9][0-9]* view records' \
		"restart: the journal replayed, view records too"
	return 0
}

# wakeref_start ARGS...: start /bin/wakeref in the background and wait (90 s,
# a hang guard: on a busy host the 7.x attach took over 30 s) for its
# readiness line "wakeref: tracing..." on stderr.  Output goes to
# /tmp/wakeref.out and /tmp/wakeref.err; the pid is in $WAKEREF_PID.
# (A non-interactive shell starts background jobs with SIGINT ignored, so
# wakeref_stop relies on wakeref installing its own SIGINT handler.)
wakeref_start() {
	local deadline rc
	# emptied here, not by the redirection below: that happens in the
	# child, after the loop may have read the last wakeref's "tracing"
	# line, and a SIGUSR1 before the new one is ready kills it
	: > /tmp/wakeref.out
	: > /tmp/wakeref.err
	/bin/wakeref "$@" > /tmp/wakeref.out 2> /tmp/wakeref.err &
	WAKEREF_PID=$!
	deadline=$(($(_wr_now_ms) + 90000))
	while [ "$(_wr_now_ms)" -lt "$deadline" ]; do
		grep -q '^wakeref: tracing' /tmp/wakeref.err && return 0
		if ! _wr_alive "$WAKEREF_PID"; then
			wait "$WAKEREF_PID"
			rc=$?
			WAKEREF_PID=
			fail "wakeref $* exited with rc=$rc before it was ready"
			sed 's/^/    | /' /tmp/wakeref.err
			return 1
		fi
		usleep 50000
	done
	fail "wakeref $* not ready after 90 s"
	sed 's/^/    | /' /tmp/wakeref.err
	return 1
}

# stack_reads: how the fast unwinder's build for this kernel reads stack
# words, as -v says it: plain loads where bpf_rdonly_cast() exists (6.2+)
stack_reads() {
	case $(uname -r) in
	5.* | 6.[01].*) echo bpf_probe_read_kernel ;;
	*) echo "plain loads" ;;
	esac
}

# intel_wakeref_def: INTEL_WAKEREF_DEF as wakeref prints it, the cookie every
# get of a shipping i915 (and of the simulated driver) returns on this kernel:
# -1 as a u32 up to 6.6 (depot_stack_handle_t; 6.7 was not read), -1 as an
# unsigned long 6.8-6.12, ERR_PTR(-ENOENT) from 6.13 (a struct ref_tracker *)
intel_wakeref_def() {
	case $(uname -r) in
	5.* | 6.[0-7].*) echo 0xffffffff ;;
	6.[89].* | 6.1[012].*) echo 0xffffffffffffffff ;;
	*) echo 0xfffffffffffffffe ;;
	esac
}

# kernel_has_gpusvm: whether this kernel ships drm_gpusvm (drm_gpusvm_helper.ko,
# 6.17+), which the simulated driver must then use rather than its own
# (tests/sim/README.md): status 0 if so
kernel_has_gpusvm() {
	case $(uname -r) in
	5.* | 6.[0-9].* | 6.1[0-6].*) return 1 ;;
	*) return 0 ;;
	esac
}

# wakeref_stop: SIGINT the wakeref started by wakeref_start, wait for it (60 s,
# then SIGKILL and fail: a guard against a hang, not a speed check) and
# return its exit code.  Detaching costs about 0.15 s per traced function
# under TCG, much more on a busy host (7.x traces more functions): a stop
# slower than 5 s is printed, how fast it is is make bench's figure.
wakeref_stop() {
	local pid=$WAKEREF_PID deadline rc t0
	[ -n "$pid" ] || { fail "wakeref_stop: wakeref is not running"; return 1; }
	WAKEREF_PID=
	kill -INT "$pid" 2>/dev/null
	t0=$(_wr_now_ms)
	deadline=$((t0 + 60000))
	while _wr_alive "$pid" && [ "$(_wr_now_ms)" -lt "$deadline" ]; do
		usleep 50000
	done
	if _wr_alive "$pid"; then
		fail "wakeref did not exit within 60 s of SIGINT"
		kill -9 "$pid"
	elif [ $(($(_wr_now_ms) - t0)) -gt 5000 ]; then
		echo "(wakeref took $(($(_wr_now_ms) - t0)) ms to stop)"
	fi
	wait "$pid"
	rc=$?
	# what wakeref printed, for the test's log
	sed 's/^/    | /' /tmp/wakeref.out
	grep -v '^wakeref: tracing' /tmp/wakeref.err | sed 's/^/    ! /'
	return $rc
}

# wait_runtime_status DEV STATUS TIMEOUT_MS: poll the runtime-PM status of
# platform device DEV until it reads STATUS (active, suspended, ...)
wait_runtime_status() {
	local f="/sys/devices/platform/$1/power/runtime_status" deadline cur=
	deadline=$(($(_wr_now_ms) + $3))
	while :; do
		{ read -r cur < "$f"; } 2>/dev/null || cur="(no $f)"
		[ "$cur" = "$2" ] && return 0
		[ "$(_wr_now_ms)" -lt "$deadline" ] || break
		usleep 10000
	done
	fail "$1 runtime_status is '$cur', expected '$2' within $3 ms"
}

# compare_owners ORACLE WAKEREF_OUT: the "owner DEV CALLER COUNT" lines of the
# simulated driver's oracle and of `wakeref ... -f owners` are the same set
compare_owners() {
	grep '^owner ' "$1" | sort > /tmp/owners.want
	grep '^owner ' "$2" | sort > /tmp/owners.got
	if cmp -s /tmp/owners.want /tmp/owners.got; then
		pass "owners equal the oracle's ($(wc -l < /tmp/owners.want) lines)"
		return 0
	fi
	fail "owners differ from the oracle's (- oracle, + wakeref):"
	diff /tmp/owners.want /tmp/owners.got | grep '^[-+][^-+]' | sed 's/^/    /'
	return 1
}

# wakeref_snapshot FILE: ask the running `wakeref trace` for its report now
# (SIGUSR1) and save that snapshot to FILE
WR_SNAPSHOTS=0
wakeref_snapshot() {
	local deadline
	WR_SNAPSHOTS=$((WR_SNAPSHOTS + 1))
	kill -USR1 "$WAKEREF_PID" || { fail "wakeref is not running"; return 1; }
	deadline=$(($(_wr_now_ms) + 10000))
	until grep -q "^=== end of snapshot $WR_SNAPSHOTS\$" /tmp/wakeref.out; do
		[ "$(_wr_now_ms)" -lt "$deadline" ] ||
			{ fail "no snapshot $WR_SNAPSHOTS from wakeref within 10 s"; return 1; }
		usleep 20000
	done
	sed -n "/^=== wakeref snapshot $WR_SNAPSHOTS\$/,/^=== end of snapshot $WR_SNAPSHOTS\$/p" \
		/tmp/wakeref.out > "$1"
}

# The sim's user process, /bin/wakeref-simuser (tests/sim/user): maps GEM
# objects and binds GPU SVM, then runs commands read from stdin, one a line,
# each answered by "ok SEQ ..." or "err SEQ ...".  simuser_start SLOT ARGS...
# starts one (SLOT 0-5) with its stdin a fifo held open on fd 3+SLOT and its
# output in /tmp/simuser.SLOT.out, and waits (10 s) for its "ready" line;
# simuser_cmd SLOT CMD... sends a command and waits for the answer.  Both
# leave the line in $SIMUSER_REPLY and fail() unless it is ready/ok.
SIMUSER_REPLY=

simuser_pid() { eval "echo \"\${_wr_su_pid_$1:-}\""; }

# _wr_su_wait SLOT REGEX WHAT: wait (10 s) for an output line matching REGEX
_wr_su_wait() {
	local out=/tmp/simuser.$1.out deadline
	deadline=$(($(_wr_now_ms) + 10000))
	until SIMUSER_REPLY=$(grep -E -m1 -- "$2" "$out" 2>/dev/null); do
		if ! _wr_alive "$(simuser_pid "$1")"; then
			SIMUSER_REPLY=$(grep -E -m1 -- "$2" "$out" 2>/dev/null) && return 0
			fail "$3: wakeref-simuser $1 exited without answering"
		elif [ "$(_wr_now_ms)" -ge "$deadline" ]; then
			fail "$3: no answer from wakeref-simuser $1 within 10 s"
		else
			usleep 10000
			continue
		fi
		sed 's/^/    | /' "$out"
		return 1
	done
}

simuser_start() {
	local slot=$1 fifo=/tmp/simuser.$1.in out=/tmp/simuser.$1.out
	shift
	[ -x /bin/wakeref-simuser ] ||
		{ fail "no /bin/wakeref-simuser in the initramfs (make builds it)"; return 1; }
	rm -f "$fifo" "$out"
	mkfifo "$fifo" || { fail "mkfifo $fifo"; return 1; }
	# not the other slots' fifos: their readers would never see EOF
	/bin/wakeref-simuser "$@" < "$fifo" > "$out" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- &
	eval "_wr_su_pid_$slot=\$! _wr_su_seq_$slot=0"
	eval "exec $((3 + slot))> \"\$fifo\""
	_wr_su_wait "$slot" '^(ready|error|usage)' "wakeref-simuser $*" || return 1
	case $SIMUSER_REPLY in ready*) return 0 ;; esac
	fail "wakeref-simuser $*: $SIMUSER_REPLY"
}

# simuser_addr SLOT: the start of its mapping, from its ready line
simuser_addr() { sed -n 's/^ready addr=\(0x[0-9a-f]*\) .*/\1/p' "/tmp/simuser.$1.out"; }

# _wr_su_send SLOT CMD...: the next command; sets _wr_su_n to its number
_wr_su_send() {
	local slot=$1 line fd=$((3 + $1))
	shift
	line=$*
	eval "_wr_su_n=\$((_wr_su_seq_$slot + 1)); _wr_su_seq_$slot=\$_wr_su_n"
	# a dead reader must not SIGPIPE the test
	( trap '' PIPE; eval "printf '%s\n' \"\$line\" >&$fd" ) 2>/dev/null ||
		{ fail "$line: cannot write to wakeref-simuser $slot"; return 1; }
}

simuser_cmd() {
	_wr_su_send "$@" || return 1
	_wr_su_wait "$1" "^(ok|err) $_wr_su_n( |\$)" "simuser $*" || return 1
	case $SIMUSER_REPLY in ok*) return 0 ;; esac
	fail "simuser $*: $SIMUSER_REPLY"
}

# simuser_cmd_fails SLOT CMD...: the command must be answered with err
simuser_cmd_fails() {
	_wr_su_send "$@" || return 1
	_wr_su_wait "$1" "^(ok|err) $_wr_su_n( |\$)" "simuser $*" || return 1
	case $SIMUSER_REPLY in err*) pass "refused: $* (${SIMUSER_REPLY#err * })"; return 0 ;; esac
	fail "simuser $*: expected an error, got '$SIMUSER_REPLY'"
}

# simuser_end SLOT: close its stdin (it exits), wait (10 s, then SIGKILL and
# fail) and return its exit code
simuser_end() {
	local slot=$1 pid deadline
	pid=$(simuser_pid "$slot")
	eval "exec $((3 + slot))>&-"
	[ -n "$pid" ] || return 0
	eval "_wr_su_pid_$slot="
	deadline=$(($(_wr_now_ms) + 10000))
	while _wr_alive "$pid" && [ "$(_wr_now_ms)" -lt "$deadline" ]; do
		usleep 10000
	done
	if _wr_alive "$pid"; then
		fail "wakeref-simuser $slot did not exit within 10 s"
		kill -9 "$pid"
	fi
	wait "$pid"
}
