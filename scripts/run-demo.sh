#!/usr/bin/env bash
# `make run`: shows a newcomer the main job on an embedded SQLite and a local spool under ./var.
# It checks the shipped frameworks, recognises credentials from the CLI, then runs parityd with
# a real sd_notify listener and feeds a message of every kind through the spool: READY,
# processing, a SIGHUP reload, and a clean SIGTERM stop.
set -euo pipefail
bin=${1:-.build/debug}
config=${2:-Config/parity.dev.toml}
export PARITY_CONFIG=$config
mkdir -p var

echo "== 1. The shipped frameworks, validated with libxml2 against Frameworks/schema/parity-framework-1.xsd"
"$bin/parity" frameworks validate Frameworks/*.xml
"$bin/parity" frameworks list
echo
echo "== 1b. What the installed frameworks can answer, origin country × destination country (heat map: var/coverage.svg)"
"$bin/parity" frameworks coverage --svg var/coverage.svg | tail -4
echo
echo "== 2. Recognition: an Irish honours degree in nursing, for Germany"
"$bin/parity" match --credential Samples/credential-ie-nursing.json --to DE
echo
echo "== 2b. An Indian building electrician bound for Saudi Arabia: no level can be stated, and what the destination requires"
"$bin/parity" match --credential Samples/credential-in-electrician.json --to SA --on 2026-12-05
echo
echo "== 3. A credential batch from an employment service (CSV; row 7 is deliberately wrong)"
batch_status=0
"$bin/parity" batch Samples/credential-batch.csv --to DE --output var/credential-batch || batch_status=$?
[ "$batch_status" -le 2 ] || exit "$batch_status"
echo "Summary (var/credential-batch.summary.csv):"
sed 's/^/  /' var/credential-batch.summary.csv
echo
echo "== 4. parityd processing the spool (var/spool), under a stand-in for systemd's notify socket"
rm -rf var/spool var/parity.sqlite var/parity.sqlite-* var/state   # a fresh demo each time
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
alive() { kill -0 "$daemon" 2>/dev/null || { echo "parityd exited early; see var/parityd.log"; cat var/parityd.log; exit 1; }; }
wait_for_ready() {  # until the notify log has $1 READY=1 lines
  for _ in $(seq 300); do
    [ "$(grep -c '^READY=1' "$log" 2>/dev/null || true)" -ge "$1" ] && return 0
    alive; sleep 0.1
  done
  echo "parityd did not report READY=1 in time; see var/parityd.log"; exit 1
}
handled() {  # processed + rejected + duplicates in the last STATUS line
  grep -o 'STATUS=queue=[0-9]* processed=[0-9]* rejected=[0-9]* duplicates=[0-9]*' "$log" | tail -1 \
    | awk -F'[ =]' '{print $5 + $7 + $9}'
}
wait_for_handled() {
  for _ in $(seq 300); do
    [ "$(handled || echo 0)" -ge "$1" ] 2>/dev/null && return 0
    alive; sleep 0.1
  done
  echo "parityd did not process $1 message(s) in time; see var/parityd.log"; exit 1
}
wait_for_ready 1
echo "parityd is ready (pid $daemon). Delivering one message of every kind with 'parity submit' (Maildir),"
echo "back to back: a job sees every batch delivered before it, whichever worker takes it."
for sample in credential-batch credential-batch-gulf job-opening job-opening-gulf skills-need letter-request letter-request-ar; do
  "$bin/parity" submit "Samples/$sample.json" | sed 's/^/  /'
done
echo "... the same credential batch again (a duplicate: no new effect), and a file that is not JSON:"
"$bin/parity" submit Samples/credential-batch.json | sed 's/^/  /'
printf 'this is not a message\n' > var/spool/incoming/tmp/broken && mv var/spool/incoming/tmp/broken var/spool/incoming/new/broken
wait_for_handled 9
# Results are named <scope>~<message id>: the scope is the service that delivered the message,
# here your own group (a producer group, or a service it may deliver for, from [services]).
scope=$(id -gn)
shortlist="var/spool/outbox/employers/new/$scope~klinikum-example-2026-0042.json"
listed() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["candidates"]))' "$shortlist"; }
echo
show_shortlist() {  # each candidate: score, recognition, explained components, destination requirements
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["candidates"]:
    print(f'  {c["ref"]}  score {c["score"]}  recognition {c["recognition"]["outcome"]}')
    for part in c["components"]:
        print(f'      {part["name"]}: {part["explanation"]}')
    for r in c.get("requirements", []):
        state = f'MET by {r["metBy"]}' if "metBy" in r else "still to meet"
        print(f'      requires {r["kind"]} ({r["status"]}, since {r.get("since", "?")}, paid by {r.get("paidBy", "?")}): {state}')
if not d["candidates"]:
    print("  (nobody)")
PY
}
show_returnees() {  # each returnee: score, then each route home (equivalence, RPL) with its outcome
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["returnees"][:3]:
    print(f'  {r["ref"]}  score {r["score"]}')
    for route in r["routes"]:
        print(f'      {route["kind"]}: {route["title"]}: {route["outcome"]}')
if not d["returnees"]:
    print("  (nobody)")
PY
}
echo "The employer's shortlist ($shortlist):"
show_shortlist "$shortlist"
if [ "$(listed)" -lt 1 ]; then echo "the shortlist should list the sample nurse p-101 (see var/parityd.log)"; exit 1; fi
gulf="var/spool/outbox/employers/new/$scope~contractor-example-2026-sa-017.json"
echo
echo "A Saudi contractor's shortlist for building electricians ($gulf): what Saudi Arabia requires of each"
echo "candidate (the Skill Verification Program since June 2023 for Indian electricians), met or still to meet:"
show_shortlist "$gulf"
echo
gulf_batch="var/spool/outbox/batches/new/$scope~ncs-in-2026-12-05-gulf.json"
people() { python3 -c 'import json,sys; print(len({r["person"] for r in json.load(open(sys.argv[1]))["results"]}))' "$gulf_batch"; }
echo "p-ph-203, a Filipino nurse of the Gulf batch, asks to be forgotten ('erase-person'): her record goes"
echo "from the database, the spool and the results waiting for pick-up (the Gulf batch has $(people) people):"
"$bin/parity" submit Samples/erase-person.json | sed 's/^/  /'
wait_for_handled 10
echo "  the Gulf batch result now has $(people); the employer's shortlist (p-101) still lists $(listed) candidate(s)."
echo
echo "The spool now ('parity status', 'parity queue list --state done --state rejected'):"
"$bin/parity" status | sed 's/^/  /'
"$bin/parity" queue list --state done --state rejected | sed 's/^/  /'
echo "Why 'broken' was rejected ('parity queue show broken'):"
"$bin/parity" queue show broken | sed 's/^/  /'
echo
echo "Reloading frameworks and configuration with SIGHUP ..."
kill -HUP "$daemon"
wait_for_ready 2
echo "Stopping with SIGTERM (no new claims, messages in hand finished) ..."
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
letters=var/spool/outbox/letters/new
echo "The returning migrants' letters, checked with the issuer's public key ('parity letter verify'):"
"$bin/parity" letter verify "$letters/$scope~letter-2026-11-23-0007.json" | sed 's/^/  /'
echo "... and the Arabic one from its PDF alone (the signed QR code's fields, which the PDF also carries):"
"$bin/parity" letter verify "$letters/$scope~letter-2026-11-23-0008.pdf" | sed 's/^/  /'
if command -v zbarimg >/dev/null && command -v pdftoppm >/dev/null; then
  echo "... and from its printed QR code, scanned from the page at 300 dpi (pdftoppm, zbarimg):"
  pdftoppm -png -r 300 -f 1 -l 1 "$letters/$scope~letter-2026-11-23-0008.pdf" var/letter-ar-page
  "$bin/parity" letter verify --qr "$(zbarimg --raw -q var/letter-ar-page-1.png 2>/dev/null)" | sed -n '1p' | sed 's/^/  /'
fi
"$bin/parity" keys export --html var/verifier.html | sed 's/^/  /'
echo "Credentials as migrants bring them: a real EMREX ELMO transcript, read ('parity read'; ELM and HR-XML too):"
"$bin/parity" read Tests/ParityDocumentsTests/Fixtures/formats/elmo/EMREXEU_fi-ncp__Example-elmo-Finland.xml | sed -n '1,9p' | sed 's/^/  /'
echo "... a sealed Europass credential: its seal checked offline (intact; its signer's trusted list not imported):"
"$bin/parity" read Tests/ParitySignaturesTests/Fixtures/elm/ELMv3_Sample-MC-Annex1-signed.jsonld | sed -n '2,5p' | sed 's/^/  /'
echo "... and EMREX's official example, edited after it was signed: Parity says so and will not use it (exit 1):"
"$bin/parity" read Tests/ParityDocumentsTests/Fixtures/formats/elmo/elmo-schemas_v1.7.0_example.xml 2>/dev/null | sed -n '2,4p' | sed 's/^/  /' || true
echo "Results:"
echo "  var/spool/outbox/batches/new/$scope~pes-ie-2026-11-23-001.json   the batch's equivalences, each with its explanation"
echo "  var/spool/outbox/employers/new/$scope~klinikum-example-2026-0042.json   the job's shortlist (pseudonymous refs, explained scores)"
echo "  var/spool/outbox/batches/new/$scope~ncs-in-2026-12-05-gulf.json   Gulf-bound workers: each result lists what Saudi Arabia requires"
echo "  var/spool/outbox/employers/new/$scope~contractor-example-2026-sa-017.json   the Saudi job's shortlist, requirements met or to meet"
echo "  var/spool/done/ and var/spool/rejected/ (with NAME.reason.json: where, what, expected)"
echo "  var/credential-batch.result.json and .summary.csv          the CSV batch of step 3, recognised by 'parity batch'"
echo "  var/parity.sqlite                                          ledger (message), candidates, framework_load history"
echo "  var/state/metrics/parity.prom                              Prometheus metrics"
echo "  var/spool/outbox/reintegration/new/$scope~ph-dole-region-vii-2026-11.json   returnees for the need, with their routes home"
echo "  var/spool/outbox/letters/new/$scope~letter-2026-11-23-0007.json and .pdf   the returning migrant's signed letter (Spanish)"
echo "  var/spool/outbox/letters/new/$scope~letter-2026-11-23-0008.json and .pdf   another, in Arabic (laid out from the right), with its QR code"
echo "  var/verifier.html                                          the offline verifier page: open it, paste a letter's QR code"
echo "  var/coverage.svg                                           the coverage heat map of step 1b (origin rows, destination columns)"
echo "The erase-person sample removed p-ph-203 from the spool (the Gulf batch result included) and the database."
echo
echo "The top of the employer's shortlist, as the employer reads it:"
show_shortlist "$shortlist" | sed -n '1,4p'
echo "The top of the reintegration list, as the Philippine reintegration service reads it:"
show_returnees "var/spool/outbox/reintegration/new/$scope~ph-dole-region-vii-2026-11.json"
echo "Run 'make daemon' to keep parityd in the foreground, and 'parity submit FILE' from another terminal."
exit $status
