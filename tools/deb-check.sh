#!/bin/bash
# deb-check.sh DEBDIR: check the package `make deb` built in DEBDIR.
#
#   - its files: exactly the binary, man page, completion, unit, allowlist
#     and the two doc files, the unit's ExecStart= naming /usr/sbin/wakeref
#     and node-exporter's directory optional ("-");
#   - its maintainer scripts: nothing enabled or started on install; on
#     removal the service stopped and its pinned programs detached;
#   - installed, removed, reinstalled and purged with `dpkg --root` in a
#     throwaway root (a Debian root made by mmdebstrap from this machine's
#     apt sources, cached in $WAKEREF_CACHE, default ~/.cache/wakeref): the
#     binary runs there, nothing is enabled, removal leaves none of its files.
# This machine's own dpkg database and systemd are never touched.
# Prints "ok: ..." per check and ends with "deb-check: N passed, N failed".
set -euo pipefail
export LC_ALL=C

die() { echo "deb-check: error: $*" >&2; exit 2; }
passed=0
failed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

[ $# -eq 1 ] || die "usage: deb-check.sh DEBDIR"
debdir=$1
debs=("$debdir"/wakeref_*_amd64.deb)
[ -f "${debs[0]}" ] || die "no wakeref_*_amd64.deb in $debdir: run make deb"
[ ${#debs[@]} -eq 1 ] || die "several packages in $debdir: ${debs[*]}; make deb rebuilds them"
deb=${debs[0]}
[ "$(id -u)" -eq 0 ] || die "dpkg --root and chroot need root"

work=$(mktemp -d "${TMPDIR:-/tmp}/wakeref-deb-check.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- files -------------------------------------------------------------
want='./lib/systemd/system/wakeref.service
./usr/sbin/wakeref
./usr/share/bash-completion/completions/wakeref
./usr/share/doc/wakeref/changelog.gz
./usr/share/doc/wakeref/copyright
./usr/share/man/man8/wakeref.8.gz
./usr/share/wakeref/allowlist.default'
have=$(dpkg-deb --fsys-tarfile "$deb" | tar -t | grep -v '/$' | sort)
check "the package holds exactly its 7 files" [ "$have" = "$want" ]
[ "$have" = "$want" ] || diff <(echo "$want") <(echo "$have") | sed 's/^/    /' || true

dpkg-deb -x "$deb" "$work/x"
unit=$work/x/lib/systemd/system/wakeref.service
check "the unit runs /usr/sbin/wakeref daemon" grep -q '^ExecStart=/usr/sbin/wakeref daemon' "$unit"
check "the unit starts without node-exporter (ReadWritePaths=-/var/lib/prometheus/node-exporter)" \
	grep -q '^ReadWritePaths=.* -/var/lib/prometheus/node-exporter' "$unit"
check "no [Install] alias or Also= that would enable more" \
	bash -c "! grep -qE '^(Alias|Also)=' '$unit'"
check "the binary runs: wakeref version" \
	bash -c "'$work/x/usr/sbin/wakeref' version | grep -qx 'wakeref [0-9.]*'"

# --- maintainer scripts --------------------------------------------------
dpkg-deb -e "$deb" "$work/ctl"
check "postinst starts nothing" bash -c "! grep -qE 'deb-systemd-invoke|systemctl.* (start|restart)' '$work/ctl/postinst'"
# debhelper re-enables only what the administrator had enabled (was-enabled)
check "postinst enables only what was enabled before" \
	bash -c "[ \"\$(grep -c 'deb-systemd-helper enable' '$work/ctl/postinst')\" -le 1 ] &&
		 grep -B2 'deb-systemd-helper enable' '$work/ctl/postinst' | grep -q 'was-enabled'"
check "prerm stops the service on removal" grep -q 'deb-systemd-invoke stop wakeref.service' "$work/ctl/prerm"
check "prerm detaches the pinned programs on removal" grep -q 'wakeref daemon --detach' "$work/ctl/prerm"

# --- install and remove in a throwaway root ------------------------------
cache=${WAKEREF_CACHE:-$HOME/.cache/wakeref}
base=$cache/deb-root/bookworm.tar
sources=
for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list; do
	[ -f "$f" ] && { sources=$f; break; }
done
if [ ! -f "$base" ]; then
	[ -n "$sources" ] || die "no apt sources on this machine for mmdebstrap (/etc/apt/sources.list.d/*.sources)"
	command -v mmdebstrap > /dev/null || die "mmdebstrap not found: apt-get install mmdebstrap"
	deps=$(dpkg-deb -f "$deb" Depends | sed 's/([^)]*)//g; s/ //g')
	mkdir -p "$(dirname "$base")"
	echo "deb-check: making a Debian root for dpkg --root (once, about a minute) in $base" >&2
	mmdebstrap --variant=apt --include="init-system-helpers,$deps" bookworm "$base.tmp" "$sources" \
		> "$work/mmdebstrap.log" 2>&1 || { tail -20 "$work/mmdebstrap.log" >&2; die "mmdebstrap failed"; }
	mv "$base.tmp" "$base"
fi
root=$work/root
mkdir "$root"
tar -C "$root" -xf "$base"
# maintainer scripts see no systemd running (no /run/systemd/system): as on
# a build server or a machine installed from a chroot
dpkg --root="$root" -i "$deb" > "$work/install.log" 2>&1 ||
	{ cat "$work/install.log"; die "dpkg -i into the throwaway root failed"; }
check "installed: dpkg says so" bash -c "dpkg --root='$root' -s wakeref | grep -q '^Status: install ok installed'"
check "installed: the binary runs there" bash -c "chroot '$root' /usr/sbin/wakeref version | grep -q '^wakeref '"
check "installed: nothing enabled" \
	bash -c "! find '$root/etc/systemd' -name 'wakeref*' 2>/dev/null | grep -q ."
dpkg --root="$root" -r wakeref > "$work/remove.log" 2>&1 || { cat "$work/remove.log"; die "dpkg -r failed"; }
left=$(for f in $want; do [ -e "$root/${f#./}" ] && [ "${f#./usr/share/doc/}" = "$f" ] && echo "$f"; done || true)
check "removed: none of its files left (but the copyright, until purge)" [ -z "$left" ]
dpkg --root="$root" -i "$deb" > "$work/install2.log" 2>&1 || { cat "$work/install2.log"; die "reinstall failed"; }
dpkg --root="$root" -P wakeref > "$work/purge.log" 2>&1 || { cat "$work/purge.log"; die "dpkg -P failed"; }
left=$(for f in $want; do [ -e "$root/${f#./}" ] && echo "$f"; done || true)
check "purged: no file left" [ -z "$left" ]
check "purged: dpkg forgets it" bash -c "! dpkg --root='$root' -s wakeref > /dev/null 2>&1"
check "purged: no systemd state left" \
	bash -c "! find '$root/etc/systemd' '$root/var/lib/systemd' -name 'wakeref*' 2>/dev/null | grep -q ."

echo "deb-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
