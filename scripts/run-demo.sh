#!/usr/bin/env bash
# `make run`: shows a newcomer the main job on an embedded SQLite and a local spool under ./var.
# It checks the shipped frameworks, then runs parityd through its systemd lifecycle with a
# real sd_notify listener: READY, a SIGHUP reload, and a clean SIGTERM stop.
set -euo pipefail
bin=${1:-.build/debug}
config=${2:-Config/parity.dev.toml}
export PARITY_CONFIG=$config
mkdir -p var

echo "== 1. The shipped frameworks, validated with libxml2 against Frameworks/schema/parity-framework-1.xsd"
"$bin/parity" frameworks validate Frameworks/*.xml
"$bin/parity" frameworks list
echo
echo "== 2. Recognition: an Irish honours degree in nursing, for Germany"
"$bin/parity" match --credential Samples/credential-ie-nursing.json --to DE
echo
echo "== 3. A credential batch from an employment service (CSV; row 7 is deliberately wrong)"
batch_status=0
"$bin/parity" batch Samples/credential-batch.csv --to DE --output var/credential-batch || batch_status=$?
[ "$batch_status" -le 2 ] || exit "$batch_status"
echo "Summary (var/credential-batch.summary.csv):"
sed 's/^/  /' var/credential-batch.summary.csv
echo
echo "== 4. parityd under a stand-in for systemd's notify socket"
sock="$PWD/var/notify.sock"
log="$PWD/var/notify.log"
rm -f "$sock" "$log"
python3 - "$sock" "$log" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as out:
    while True:
        msg = s.recv(4096).decode()
        out.write(msg.replace("\n", " ") + "\n")
        if msg.startswith("STOPPING=1"):
            break
PY
listener=$!
for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
NOTIFY_SOCKET="$sock" "$bin/parityd" --config "$config" 2> var/parityd.log &
daemon=$!
wait_for() {  # wait until the notify log has $1 lines matching READY=1
  for _ in $(seq 300); do
    [ "$(grep -c '^READY=1' "$log" 2>/dev/null || true)" -ge "$1" ] && return 0
    kill -0 "$daemon" 2>/dev/null || { echo "parityd exited early; see var/parityd.log"; cat var/parityd.log; exit 1; }
    sleep 0.1
  done
  echo "parityd did not report READY=1 in time; see var/parityd.log"; exit 1
}
wait_for 1
echo "parityd is ready (pid $daemon). Reloading frameworks with SIGHUP ..."
kill -HUP "$daemon"
wait_for 2
echo "Stopping with SIGTERM ..."
kill -TERM "$daemon"
status=0; wait "$daemon" || status=$?
wait "$listener" 2>/dev/null || true
echo
echo "What systemd was told (var/notify.log):"
sed 's/^/  /' "$log"
echo "What parityd logged (var/parityd.log):"
sed 's/^/  /' var/parityd.log
echo
echo "parityd exited with status $status."
echo "Results: var/credential-batch.result.json (every equivalence with its explanation), var/credential-batch.summary.csv,"
echo "and var/parity.sqlite (framework_load records which data versions were in service)."
echo "Message processing through the spool (var/spool) arrives with the spool work; run 'make daemon' to keep parityd in the foreground."
exit $status
