#!/bin/bash
# Runs inside the booted container (scripts/systemd-test.sh): installs the package with apt,
# then checks the service as an operator would meet it. Prints what it counted; exits non-zero
# on the first check that fails, with the service's journal.
set -euo pipefail
debs=/var/cache/parity-test
old=$1 new=$2
spool=/var/spool/parity
export DEBIAN_FRONTEND=noninteractive
step() { echo "== $*"; }
fail() {
  echo "FAIL: $*"
  find "$spool/outbox" -type f 2>/dev/null | head -20
  journalctl -u parityd --no-pager -o cat | tail -40
  exit 1
}
journal() { journalctl -u parityd --no-pager -o cat; }
count() { journal | grep -c -- "$1" || true; }
wait_for() {  # wait_for SECONDS DESCRIPTION 'CONDITION' (evaluated again each time)
  local seconds=$1 what=$2 condition=$3
  for _ in $(seq $((seconds * 10))); do eval "$condition" && return 0; sleep 0.1; done
  fail "$what (after ${seconds} s)"
}
results() { find "$spool/outbox/$1/new" -name "$2" | wc -l; }

step "install $old with apt-get (Depends resolved from the archive's packages)"
apt-get install -y -q --no-install-recommends "$debs/$old" > /tmp/apt-install.log 2>&1 \
  || { cat /tmp/apt-install.log; fail "apt-get install $old"; }
wait_for 60 "parityd active after install" 'systemctl is-active -q parityd'
echo "state: $(systemctl show -p ActiveState,SubState --value parityd | tr '\n' ' ')(Type=notify: active after READY=1)"
echo "status: $(systemctl show -p StatusText --value parityd)"
[ "$(systemctl is-enabled parityd)" = enabled ] || fail "parityd is not enabled after install"
[ "$(count 'database schema migrated')" -eq 1 ] || fail "the first start should migrate the schema once"
missing=$(ldd /usr/bin/parityd /usr/bin/parity | grep 'not found' || true)
[ -z "$missing" ] || fail "shared libraries missing: $missing"
for page in /usr/share/man/man1/parity.1.gz /usr/share/man/man8/parityd.8.gz; do
  [ -s "$page" ] || fail "manual page $page missing"
done

step "hardening in the running service (systemd-analyze security)"
exposure=$(systemd-analyze security parityd --no-pager | sed -n 's/.*Overall exposure level for parityd.service: \([0-9.]*\).*/\1/p')
echo "exposure: $exposure"
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 1.0) }' || fail "exposure $exposure above 1.0"

step "a producer in the producers' group delivers a credential batch, a job opening and a letter request"
groupadd pes-test
useradd -m -g pes-test -G parity-submit producer
cat >> /etc/parity/parity.toml <<'TOML'

[producers]
pes-test = ["credential-batch", "job-opening", "letter-request"]
TOML
reloads=$(count 'frameworks reloaded')
systemctl reload parityd
wait_for 30 "reload after the producers' section" "test \"\$(count 'frameworks reloaded')\" -gt $reloads"
for sample in credential-batch job-opening letter-request; do
  runuser -u producer -- parity submit "$debs/samples/$sample.json"
done
wait_for 60 "the batch result" "test \"\$(results batches 'pes-test~pes-ie-2026-11-23-001.json')\" -eq 1"
wait_for 60 "the employer's shortlist" "test \"\$(results employers 'pes-test~klinikum-example-2026-0042.json')\" -eq 1"
wait_for 60 "the letter" "test \"\$(results letters 'pes-test~letter-2026-11-23-0007.pdf')\" -eq 1"
grep -q '"ref"' "$spool/outbox/employers/new/pes-test~klinikum-example-2026-0042.json" \
  || fail "the shortlist lists nobody"
echo "results: batch, shortlist (with a candidate), letter (PDF and JSON)"

step "journalctl -u parityd: structured lines (priority, message, key=value fields)"
# parityd writes `<6>message key=value...`: journald takes the priority from the prefix.
# (Counted, not `grep -q`: with pipefail, grep -q ending the pipe early fails it with SIGPIPE.)
info=$(journalctl -u parityd --no-pager -o json -p info | grep '"PRIORITY":"6"' \
  | grep -c '"MESSAGE":"message processed [^"]*kind=credential-batch' || true)
[ "$info" -ge 1 ] || fail "no 'message processed' line at priority 6 (info) with its fields in the journal"
journal | grep 'message processed' | head -3

step "systemctl reload with a new framework file"
sed -e 's/id="np-nqf"/id="np-nqf-systemd-test"/' -e 's/<name>National Qualifications Framework (Nepal)/<name>Systemd test framework (Nepal)/' \
  /var/lib/parity/frameworks/np-nqf.xml > /var/lib/parity/frameworks/np-nqf-systemd-test.xml
chown parity:parity /var/lib/parity/frameworks/np-nqf-systemd-test.xml
before=$(count 'frameworks reloaded')
systemctl reload parityd
wait_for 30 "the reload logged" "test \"\$(count 'frameworks reloaded')\" -gt $before"
journal | grep 'frameworks reloaded' | tail -1
cat > /tmp/np.json <<'JSON'
{"kind": "credential-batch", "id": "np-after-reload", "destination": "DE", "people": [{"person": {"id": "p-np-1", "consent": {"matching": false}},
 "credentials": [{"title": "Test certificate", "country": "NP", "framework": "np-nqf-systemd-test", "level": "1", "evidence": "diploma"}]}]}
JSON
runuser -u producer -- parity submit /tmp/np.json
wait_for 60 "the batch after the reload" "test \"\$(results batches 'pes-test~np-after-reload.json')\" -eq 1"
grep -q '"id":"np-nqf-systemd-test"' "$spool/outbox/batches/new/pes-test~np-after-reload.json" \
  || fail "the new framework was not used"
echo "the new framework is in service and used"

step "upgrade to $new with 1,000 messages queued"
template=$(cat "$debs/samples/credential-batch.json")
# Held still (SIGSTOP) while the producer delivers, so that the 1,000 are all waiting when the
# upgrade's restart comes (systemd sends SIGCONT after SIGTERM); the running parityd would
# otherwise have taken them all within a second.
systemctl kill -s SIGSTOP parityd
runuser -u producer -- bash -c '
  for i in $(seq 1 1000); do
    name="upgrade.$i.$$"
    printf "%s" "${0//pes-ie-2026-11-23-001/upgrade-$i}" > '"$spool"'/incoming/tmp/$name
    mv '"$spool"'/incoming/tmp/$name '"$spool"'/incoming/new/$name
  done' "$template"
queued=$(find "$spool/incoming/new" "$spool/active" -type f | wc -l)
apt-get install -y -q --no-install-recommends "$debs/$new" > /tmp/apt-upgrade.log 2>&1 \
  || { cat /tmp/apt-upgrade.log; fail "apt-get install $new"; }
echo "queued when the upgrade began: $queued"
[ "$(dpkg-query -W -f '${Version}' parity)" = "$(dpkg-deb -f "$debs/$new" Version)" ] || fail "not upgraded"
wait_for 60 "parityd active after the upgrade" 'systemctl is-active -q parityd'
wait_for 240 "1,000 results after the upgrade" "test \"\$(results batches 'pes-test~upgrade-*.json')\" -eq 1000"
processed=$(journal | grep 'message processed' | grep -o 'id=upgrade-[0-9]*' | sort | uniq | wc -l)
lines=$(journal | grep 'message processed' | grep -c 'id=upgrade-[0-9]*' || true)
rejected=$(find "$spool/rejected" -name 'upgrade.*' ! -name '*.reason.json' | wc -l)
duplicates=$(journal | grep -i 'duplicate' | grep -c 'id=upgrade-' || true)
starts=$(count 'parityd ready')
echo "delivered 1000, done $processed, processing lines $lines, rejected $rejected, duplicated $duplicates," \
  "lost $((1000 - processed - rejected)), migrations: $(count 'database schema migrated') (current at $(count 'database schema current') later starts)"
[ "$processed" -eq 1000 ] && [ "$lines" -eq 1000 ] && [ "$rejected" -eq 0 ] && [ "$duplicates" -eq 0 ] \
  || fail "messages lost or duplicated across the upgrade"
[ "$(count 'database schema migrated')" -eq 1 ] || fail "the schema was migrated more than once"
[ "$(count 'database schema current')" -ge 1 ] || fail "the upgraded parityd did not start on the existing database"
echo "parityd starts in this boot: $starts"

step "systemctl stop exits cleanly"
systemctl stop parityd
result=$(systemctl show -p Result --value parityd)
status=$(systemctl show -p ExecMainStatus --value parityd)
echo "stop: Result=$result ExecMainStatus=$status"
[ "$result" = success ] && [ "$status" = 0 ] || fail "parityd did not exit cleanly on stop"

step "apt-get purge leaves nothing behind"
apt-get purge -y -q parity > /tmp/apt-purge.log 2>&1 || { cat /tmp/apt-purge.log; fail "apt-get purge"; }
left=""
for path in /usr/bin/parityd /usr/bin/parity /etc/parity /var/lib/parity /var/spool/parity /usr/share/parity \
  /lib/systemd/system/parityd.service /etc/systemd/system/multi-user.target.wants/parityd.service \
  /usr/lib/sysusers.d/parity.conf /usr/lib/tmpfiles.d/parity.conf /usr/share/doc/parity; do
  [ -e "$path" ] && left="$left $path"
done
getent passwd parity >/dev/null && left="$left user:parity"
for group in parity parity-submit parity-outbox; do getent group "$group" >/dev/null && left="$left group:$group"; done
case "$(dpkg-query -W -f '${Status}' parity 2>/dev/null || true)" in
  *" installed" | *config-files) left="$left dpkg:parity" ;;
esac
[ -z "$left" ] || fail "purge left:$left"
echo "nothing left"
echo "SYSTEMD TEST PASSED"
