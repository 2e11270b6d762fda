#!/usr/bin/env python3
"""Deliver credential-batch messages into a Parity spool with Python's own Maildir code.

Any Maildir delivery tool is a valid Parity producer (DESIGN.md §6); this one is the standard
library's mailbox.Maildir.add (write in tmp, fsync, link into new, unlink tmp). Used by the
spool tests and the benchmarks:

    maildir-producer.py SPOOL COUNT [--prefix P] [--bad-every N] [--credentials K]

Every message is a small batch for Germany: one person with K credentials (an Irish NFQ 8
degree by default). With --bad-every N, every Nth message is not JSON, to be rejected.
Prints one line per message: its Maildir name and its id (or "bad").
"""
import argparse
import json
import mailbox
import sys


def message(prefix, index, credentials):
    return {
        "kind": "credential-batch",
        "id": f"{prefix}-{index}",
        "destination": "DE",
        "people": [{
            "person": {"id": f"{prefix}-person-{index}", "consent": {"matching": index % 2 == 0}},
            "credentials": [{
                "title": "Honours Bachelor Degree in Nursing", "country": "IE", "level": "8",
                "isced": {"field": "0913"}, "occupation": "2221", "evidence": "diploma",
            }] * credentials,
        }],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spool")
    parser.add_argument("count", type=int)
    parser.add_argument("--prefix", default="m")
    parser.add_argument("--bad-every", type=int, default=0)
    parser.add_argument("--credentials", type=int, default=1)
    args = parser.parse_args()
    box = mailbox.Maildir(args.spool + "/incoming", factory=None, create=False)
    out = sys.stdout
    for i in range(args.count):
        if args.bad_every and i % args.bad_every == args.bad_every - 1:
            key = box.add(b"this is not JSON")
            out.write(f"{key} bad\n")
        else:
            key = box.add(json.dumps(message(args.prefix, i, args.credentials)).encode())
            out.write(f"{key} {args.prefix}-{i}\n")
    out.flush()


if __name__ == "__main__":
    main()
