#!/usr/bin/env bash
# The package under a real systemd: a Debian 12 tree (debootstrap, cached under .build/) booted
# with systemd-nspawn as PID 1, the package installed by apt-get from the .deb, then
# scripts/systemd-test-inside.sh driven from the host with nsenter. Needs root (CI runs as root).
# usage: scripts/systemd-test.sh OLD.deb NEW.deb
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2
[ "$(id -u)" -eq 0 ] || { echo "systemd-test: needs root (debootstrap, systemd-nspawn, nsenter)"; exit 1; }
cache=.build/systemd-test
tree=$cache/bookworm
mkdir -p "$cache"

if [ ! -e "$tree/.complete" ]; then
  echo "systemd-test: debootstrap of a minimal Debian 12 tree into $tree (about 40 s, once)"
  rm -rf "$tree"
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1 || true)
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,procps bookworm "$tree" ${mirror:+"$mirror"} \
    > "$cache/debootstrap.log" 2>&1 || { tail -20 "$cache/debootstrap.log"; exit 1; }
  touch "$tree/.complete"
fi

# The package's dependencies, fetched into the tree's apt cache on the host (the container has
# no network): `apt-get install` in the container then resolves Depends from them, offline.
rm -rf "$tree/var/cache/parity-test" && mkdir -p "$tree/var/cache/parity-test/samples"
cp "$old" "$new" "$tree/var/cache/parity-test/"
cp Samples/credential-batch.json Samples/job-opening.json Samples/letter-request.json "$tree/var/cache/parity-test/samples/"
cp scripts/systemd-test-inside.sh "$tree/var/cache/parity-test/"
cp /etc/resolv.conf "$tree/etc/resolv.conf"
chroot "$tree" apt-get update -qq > "$cache/apt.log" 2>&1 || { cat "$cache/apt.log"; exit 1; }
chroot "$tree" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --download-only --no-install-recommends \
  "/var/cache/parity-test/$(basename "$old")" >> "$cache/apt.log" 2>&1 || { cat "$cache/apt.log"; exit 1; }

# A cgroup of this run's own (the host's PID 1 is not systemd), removed afterwards.
cg=parity-systemd-test-$$
if [ -d /sys/fs/cgroup/systemd ]; then
  hierarchies=(/sys/fs/cgroup/systemd /sys/fs/cgroup/unified)  # hybrid: v1 name=systemd and v2
else
  hierarchies=(/sys/fs/cgroup)  # unified (v2) only
fi
for h in "${hierarchies[@]}"; do mkdir -p "$h/$cg" && echo $$ > "$h/$cg/cgroup.procs"; done
nspawn=
cleanup() {
  [ -n "$nspawn" ] && kill "$nspawn" 2>/dev/null && wait "$nspawn" 2>/dev/null
  for h in "${hierarchies[@]}"; do
    echo $$ > "$h/cgroup.procs" 2>/dev/null || true
    find "$h/$cg" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
}
trap cleanup EXIT

timeout -k 10 600 systemd-nspawn -q -D "$tree" -b --register=no --keep-unit --volatile=overlay --private-network \
  --console=passive > "$cache/nspawn.log" 2>&1 &
nspawn=$!
init=
for _ in $(seq 300); do
  child=$(pgrep -P "$nspawn" | head -1 || true)
  [ -n "$child" ] && init=$(pgrep -P "$child" | head -1 || true)
  [ -n "$init" ] && [ "$(cat "/proc/$init/comm" 2>/dev/null)" = systemd ] && break
  init=; sleep 0.1
done
[ -n "$init" ] || { echo "systemd-test: the container's systemd did not start"; cat "$cache/nspawn.log"; exit 1; }
state=
for _ in $(seq 300); do
  state=$(nsenter -t "$init" -a -- systemctl is-system-running --wait 2>/dev/null) && break
  case "$state" in running | degraded) break ;; esac
  sleep 0.1
done
echo "systemd-test: container booted (systemd PID $init on the host, state $state)"
status=0
nsenter -t "$init" -a -- /bin/bash /var/cache/parity-test/systemd-test-inside.sh "$(basename "$old")" "$(basename "$new")" \
  || status=$?
nsenter -t "$init" -a -- systemctl poweroff || true
wait "$nspawn" || true
nspawn=
exit $status
