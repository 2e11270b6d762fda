#!/usr/bin/env bash
# `make fuzz`: builds each libFuzzer harness (Tests/Fuzz/Harnesses, with -sanitize=fuzzer,address)
# in .build/fuzz and runs each for FUZZ_SECONDS (default 60) on a corpus seeded from Samples/,
# the tests' fixtures (the real exchange files among them). A crash input is kept under
# Tests/Fuzz/crashes/<target>-crash-<sha1>; FuzzRegressionTests replays every kept input in
# `make test`. Prints executions per second and in total per harness; exits 1 if any crashed.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"json-envelope csv-batch job-posting letter-verify framework-xml exchange-document signatures"}
build=.build/fuzz
formats=Tests/ParityDocumentsTests/Fixtures/formats  # the real exchange files, copied from ../shared
mkdir -p Tests/Fuzz/crashes "$build/corpus"

seeds() {  # the seed files of one target
  case "$1" in
    json-envelope|job-posting)
      ls Samples/*.json Tests/ParityMessagesTests/Fixtures/*.json 2>/dev/null
      find "$formats" -name '*.json' -o -name '*.jsonld' 2>/dev/null ;;
    csv-batch) ls Samples/*.csv Tests/ParityMessagesTests/Fixtures/*.csv 2>/dev/null ;;
    letter-verify)
      ls var/spool/outbox/letters/new/*.json 2>/dev/null
      ls Samples/*.json ;;
    framework-xml)
      # Small framework files and every real XML exchange file (the importer must refuse them cleanly).
      find Frameworks -maxdepth 1 -name '*.xml' -size -200k
      find "$formats" -name '*.xml' -size -200k 2>/dev/null ;;
    signatures)
      # Every signed file: JAdES (JSON and compact), XAdES, XML-DSig, trusted lists.
      find Tests/ParitySignaturesTests/Fixtures -type f \( -name '*.json' -o -name '*.jsonld' -o -name '*.xml' \) -size -200k
      # and the DER objects inside the JAdES ones (timestamp tokens, OCSP responses), on their own.
      python3 - Tests/ParitySignaturesTests/Fixtures/jades .build/fuzz/der-seeds <<'PY'
import base64, json, os, sys
source, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
def values(node):
    if isinstance(node, dict):
        if isinstance(node.get("val"), str): yield node["val"]
        for v in node.values(): yield from values(v)
    elif isinstance(node, list):
        for v in node: yield from values(v)
for name in sorted(os.listdir(source)):
    try: signatures = json.load(open(os.path.join(source, name))).get("signatures") or []
    except Exception: continue
    for s, signature in enumerate(signatures):
        for e, entry in enumerate((signature.get("header") or {}).get("etsiU") or []):
            try: decoded = json.loads(base64.urlsafe_b64decode(entry + "=" * (-len(entry) % 4)))
            except Exception: continue
            for v, val in enumerate(values(decoded)):
                path = os.path.join(out, f"{name}-{s}-{e}-{v}.der")
                open(path, "wb").write(base64.b64decode(val)); print(path)
PY
      ;;
    exchange-document)
      # Every real ELMO, ELM and HR-XML file under 200 KB.
      find "$formats" -type f \( -name '*.xml' -o -name '*.jsonld' \) -size -200k 2>/dev/null ;;
  esac
}

failed=0
summary=()
for target in $targets; do
  echo "== fuzz-$target: building (sanitizers: fuzzer, address)"
  if ! PARITY_FUZZ=1 swift build --build-path "$build" -c debug --product "fuzz-$target" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld > "$build/build-$target.log" 2>&1; then
    tail -30 "$build/build-$target.log"; echo "fuzz-$target did not build"; exit 2
  fi
  corpus="$build/corpus/$target"
  seed="$build/seed/$target"
  mkdir -p "$corpus" "$seed"
  seeds "$target" | while read -r f; do [ -f "$f" ] && cp "$f" "$seed/$(echo "$f" | tr '/' '_')"; done
  log="$build/run-$target.log"
  echo "== fuzz-$target: ${seconds}s on $(ls "$seed" | wc -l) seed file(s) and the kept corpus"
  # -rss_limit_mb: well under the machine's memory; -timeout: a single input taking longer is a hang.
  ASAN_OPTIONS=detect_leaks=0 "$build/debug/fuzz-$target" "$corpus" "$seed" -max_total_time="$seconds" \
    -artifact_prefix="Tests/Fuzz/crashes/$target-" -print_final_stats=1 -rss_limit_mb=2048 -timeout=20 -max_len=262144 \
    -dict=Tests/Fuzz/numbers.dict \
    > "$log" 2>&1
  status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  if [ "$status" -ne 0 ]; then
    failed=1
    echo "fuzz-$target FOUND A PROBLEM (exit $status); see $log and Tests/Fuzz/crashes/:"
    grep -E 'ERROR|SUMMARY|Test unit written|==[0-9]+==' "$log" | head -20
    summary+=("$(printf '%-16s %10s exec/s %12s executions  CRASH (exit %s)' "$target" "$rate" "$execs" "$status")")
  else
    summary+=("$(printf '%-16s %10s exec/s %12s executions  no crash' "$target" "$rate" "$execs")")
  fi
done
echo
echo "== fuzzing, ${seconds}s per harness:"
printf '  %s\n' "${summary[@]}"
exit $failed
