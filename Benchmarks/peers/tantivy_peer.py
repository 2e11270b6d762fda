#!/usr/bin/env python3
"""The Tantivy peer of `make bench`'s matching figures.

Tantivy (Rust, Lucene-class inverted index, BM25 with block-max WAND) indexes the corpus that
parity-bench wrote and answers the same queries, top N, ids only. Every figure is measured here,
in one process, the way Parity's are measured in its own:

    tantivy_peer.py CORPUS QUERIES TOP OUT

CORPUS: one candidate per line, its terms separated by spaces (line n is candidate n).
QUERIES: one query per line, its terms separated by spaces (any of them may match: OR).
OUT: first line `build SECONDS RSS_KB`, then, per pass, one line per query:
`PASS QUERY MILLISECONDS ID ID ...` (the ids best first). The last line is `peak RSS_KB`.

The index lives in RAM (like Parity's pool), terms keep frequencies but no positions (no
phrase is ever asked), the candidate id is a fast field (read without loading documents),
and searches do not count all matches (counting would switch off Tantivy's top-k pruning).
"""

import resource
import sys
import time

import tantivy


def rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main() -> int:
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    corpus, queries_path, top, out_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", indexed=False, stored=False, fast=True)
    builder.add_text_field("terms", stored=False, tokenizer_name="default", index_option="freq")
    schema = builder.build()
    index = tantivy.Index(schema)

    with open(corpus, encoding="ascii") as f:
        lines = f.read().splitlines()
    start = time.perf_counter()
    writer = index.writer(heap_size=512_000_000, num_threads=0)
    for n, terms in enumerate(lines):
        document = tantivy.Document()
        document.add_unsigned("id", n)
        document.add_text("terms", terms)
        writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    build = time.perf_counter() - start
    del lines
    searcher = index.searcher()

    with open(queries_path, encoding="ascii") as f:
        queries = [line.split() for line in f.read().splitlines()]
    out = [f"build {build:.3f} {rss_kb()}"]
    for pass_number in range(3):
        for q, terms in enumerate(queries):
            t0 = time.perf_counter_ns()
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "terms", t, index_option="freq")) for t in terms]
            )
            hits = searcher.search(query, top, count=False).hits
            ids = searcher.fast_field_values("id", [address for _, address in hits])
            elapsed = (time.perf_counter_ns() - t0) / 1e6
            out.append(f"{pass_number} {q} {elapsed:.4f} " + " ".join(str(i) for i in ids))
    out.append(f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
    with open(out_path, "w", encoding="ascii") as f:
        f.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
