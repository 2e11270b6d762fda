#!/usr/bin/env bash
# `make bench`: figures, with peers measured in the same run on the same files.
set -euo pipefail
bin=${1:-.build/release}
xsd=Frameworks/schema/parity-framework-1.xsd
work=var/bench
mkdir -p "$work"
big=$work/generated-100mb.xml

echo "== Framework import (release build, $(nproc) cores)"
"$bin/parity-bench" load-shipped Frameworks "$xsd" 20
[ -s "$big" ] || "$bin/parity-bench" generate "$big" 100
echo "file: $big ($(du -m "$big" | cut -f1) MiB)"

# best wall time and its peak RSS over 3 runs of a command
best() {
  local best_t="" best_m=""
  for _ in 1 2 3; do
    local out
    out=$( { /usr/bin/time -f "TIME %e %M" "$@" >/dev/null 2>/dev/null; } 2>&1 | grep '^TIME' || true)
    [ -z "$out" ] && out=$( { /usr/bin/time -f "TIME %e %M" "$@" >/dev/null; } 2>&1 | tail -1)
    local t m; t=$(echo "$out" | awk '{print $2}'); m=$(echo "$out" | awk '{print $3}')
    if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; best_m=$m; fi
  done
  echo "$best_t $best_m"
}
read -r pt pm < <(best "$bin/parity-bench" import "$big" "$xsd")
read -r st sm < <(best xmllint --stream --noout "$big")
read -r lt lm < <(best xmllint --stream --noout --schema "$xsd" "$big")
read -r vt vm < <(best xmllint --noout --schema "$xsd" "$big")
read -r xt xm < <(best xmllint --sax --noout --schema "$xsd" "$big")
"$bin/parity-bench" import "$big" "$xsd"
printf '%-52s %9s %12s\n' "100 MB framework file, best of 3" "seconds" "peak RSS MB"
printf '%-52s %9s %12d\n' "parity import (stream + XSD + mapping + SHA-256)" "$pt" $((pm / 1024))
printf '%-52s %9s %12d\n' "xmllint --stream --noout (parse only)" "$st" $((sm / 1024))
printf '%-52s %9s %12d\n' "xmllint --stream --noout --schema (stream + XSD)" "$lt" $((lm / 1024))
printf '%-52s %9s %12d\n' "xmllint --noout --schema (DOM + XSD)" "$vt" $((vm / 1024))
printf '%-52s %9s %12d\n' "xmllint --sax --noout --schema (SAX + XSD, no mapping)" "$xt" $((xm / 1024))
awk -v p="$pt" -v s="$st" -v l="$lt" -v m="$pm" 'BEGIN{
  r = p / s; printf "ratio parity / xmllint --stream: %.2fx (first target <= 1.5x: %s; libxml2 XSD validation alone costs the next ratio)\n", r, (r <= 1.5 ? "met" : "not met");
  printf "ratio xmllint --stream --schema / xmllint --stream: %.2fx (the cost of libxml2 XSD validation alone)\n", l / s;
  r = p / l; printf "ratio parity / xmllint --stream --noout --schema: %.2fx (target <= 1.25x): %s\n", r, (r <= 1.25 ? "met" : "NOT MET");
  printf "parity peak RSS: %d MB (target < 150 MB): %s\n", m / 1024, (m / 1024 < 150 ? "met" : "NOT MET") }'

echo
echo "== Recognition (release build, one core)"
batch=$work/batch-100k.json
[ -s "$batch" ] || "$bin/parity-bench" generate-batch "$batch" 100000 Frameworks "$xsd"
best_line="" best_rate=0
for _ in 1 2 3; do
  line=$(taskset -c 0 "$bin/parity-bench" batch "$batch" Frameworks "$xsd")
  rate=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) credentials\/s.*/\1/p')
  if [ "${rate:-0}" -gt "$best_rate" ]; then best_rate=$rate; best_line=$line; fi
done
echo "$best_line (best of 3)"
[ "$best_rate" -ge 50000 ] && echo "target >= 50000 credentials/s: met" || echo "target >= 50000 credentials/s: NOT MET"

credential=$work/credential.json
printf '%s\n' '{"title":"Honours Bachelor Degree","country":"IE","level":"8","isced":{"field":"0913"},"occupation":"2221","evidence":"diploma"}' > "$credential"
times=()
for _ in $(seq 21); do
  s=$(date +%s%N)
  PARITY_CONFIG=Config/parity.dev.toml "$bin/parity" match --credential "$credential" --to DE --json > /dev/null
  times+=($(( ($(date +%s%N) - s) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 11p)
best=$(printf '%s\n' "${times[@]}" | sort -n | head -1)
echo "parity match (process start, load and validate 21 framework files, match, print JSON): median ${median} ms, best ${best} ms over 21 runs"
[ "$median" -lt 100 ] && echo "target < 100 ms: met" || echo "target < 100 ms: NOT MET"

echo
echo "== Spool (release parityd, $(nproc) cores, on the disk of ./var)"
"$bin/parity-bench" spool "$PWD/$bin/parityd" "$PWD/Frameworks" "$PWD/$xsd" "$PWD/$work/spool" 60

echo
echo "== Nodes (release parityd, $(nproc) cores): one and two nodes on one spool, on SQLite and on PostgreSQL, beside raw durable writes"
"$bin/parity-bench" nodes "$PWD/$bin/parityd" "$PWD/Frameworks" "$PWD/$xsd" "$PWD/$work/nodes" 10000

echo
echo "== Time to READY (release parityd, $(nproc) cores): 1,000,000 people in the pool, cold (read from the store) and warm (its snapshot)"
"$bin/parity-bench" ready "$PWD/$bin/parityd" "$PWD/Frameworks" "$PWD/$xsd" "$PWD/$work/ready" 1000000

echo
echo "== ELMO transcripts (release build, one thread): the largest shipped example, beside xmllint on the same file"
elmo=Tests/ParityDocumentsTests/Fixtures/formats/elmo/EMREXEU_fi-ncp__Example-elmo-Finland.xml
elmo_xsd=Frameworks/schema/elmo/schema.xsd
taskset -c 0 "$bin/parity-bench" elmo "$elmo" "$elmo_xsd" 2000
# xmllint validates the same file 200 times in one process (its start and schema load spread over them);
# the older purl.org dialect fails the v1 schema at its root, as it does for parity before renaming.
files=(); for _ in $(seq 200); do files+=("$elmo"); done
s=$(date +%s%N); XML_CATALOG_FILES=Frameworks/schema/elmo/catalog.xml taskset -c 0 xmllint --nonet --noout --schema "$elmo_xsd" "${files[@]}" >/dev/null 2>&1 || true; e=$(date +%s%N)
awk -v ns=$((e - s)) 'BEGIN{ printf "xmllint --noout --schema on the same file: %.0f files/s, %.2f ms each (200 in one process)\n", 200 / (ns / 1e9), ns / 1e6 / 200 }'

echo
echo "== Seals of signed credentials (release build, one core), verified offline"
sigs=Tests/ParitySignaturesTests/Fixtures
taskset -c 0 "$bin/parity-bench" seals 2 "$sigs/jades/json_sealed_advanced.json" \
  "$sigs/jades/json_to_seal-signed-jades-baseline-lta.json" "$sigs/jades/MyNextID_edc-dc-signed.jsonld" \
  "$sigs/elm/ELMv3_Sample-MC-Annex1-signed.jsonld" "$sigs/xades/credential-QSeal.xml" \
  "$sigs/xades/ELMv2_EDC_DiplomaSupplement_AA.xml"
echo "target: >= 2000 JAdES verifications/s for the RSA-2048 samples"
# Whole processes on the intact XAdES samples: parity read (read, seal, XAdES rules) beside
# xmlsec1 --verify with the key from KeyInfo (digests and signature only), best of 3 each.
xades=("$sigs/xades/credential-QSeal.xml" "$sigs/xades/ELMv2_EDC_DiplomaSupplement_AA.xml" "$sigs/xades/signedSampleXML-B.badSign.xml")
read -r rt _ < <(best taskset -c 0 "$bin/parity" read "${xades[@]}")
xmlsec_all() { for f in "${xades[@]}"; do xmlsec1 --verify --insecure --enabled-reference-uris empty,same-doc \
  --id-attr:Id 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties' "$f" >/dev/null 2>&1; done; }
export -f xmlsec_all 2>/dev/null || true
read -r xt _ < <(best taskset -c 0 bash -c "$(declare -p xades); $(declare -f xmlsec_all); xmlsec_all")
awk -v r="$rt" -v x="$xt" 'BEGIN{ printf "parity read on 3 XAdES samples: %.3f s; xmlsec1 --verify on the same (3 processes): %.3f s; ratio %.2fx (target <= 1.5x): %s\n", r, x, r / x, (r / x <= 1.5 ? "met" : "NOT MET") }'

echo
echo "== Letters (release build, one thread)"
taskset -c 0 "$bin/parity-bench" letters 5000 Frameworks "$xsd" "$work/letter-keys"

echo
echo "== Matching (release build): 1,000,000 candidates from ../shared/data/esco against Tantivy and SQLite FTS5 in the same run"
# The strong peer: Tantivy (Rust, Lucene-class BM25), from PyPI into a virtual environment of its own.
venv=.build/bench-venv
if ! "$venv/bin/python" -c 'import tantivy' 2>/dev/null; then
  python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check 'tantivy==0.27.0'
fi
export TANTIVY_PYTHON=$PWD/$venv/bin/python
"$bin/parity-bench" pool 1000000 ../shared/data/esco Frameworks "$xsd" 200
