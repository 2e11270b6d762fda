#!/usr/bin/env python3
"""Every module a target's sources import must be a dependency that target declares in
Package.swift (SwiftPM's own check lets transitive dependencies through). Prints each import
that is not declared, with its file and line, and exits 1 if there is any."""
import json, os, re, subprocess, sys

SYSTEM = {"Foundation", "CoreFoundation", "FoundationEssentials", "Glibc", "Dispatch", "Synchronization", "Testing", "XCTest",
          "PackageDescription", "_Concurrency", "os", "Darwin"}
IMPORT = re.compile(r'^\s*(?:@testable\s+|@_implementationOnly\s+|(?:public|package|internal)\s+)*import\s+(?:(?:struct|class|enum|func|var|protocol)\s+)?(\w+)(?:\.\w+)*\s*(?://.*)?$')

def main():
    dump = subprocess.run(["swift", "package", "dump-package"], capture_output=True, text=True, check=True).stdout
    package = json.loads(dump)
    problems = []
    for target in package["targets"]:
        name, kind = target["name"], target["type"]
        if kind == "system":
            continue
        declared = set()
        for dep in target["dependencies"]:
            for key in ("byName", "target", "product"):
                if key in dep:
                    declared.add(dep[key][0])
        path = target.get("path") or os.path.join("Tests" if kind == "test" else "Sources", name)
        for root, _, files in os.walk(path):
            for file in sorted(files):
                if not file.endswith(".swift"):
                    continue
                full = os.path.join(root, file)
                with open(full, encoding="utf-8") as handle:
                    for number, line in enumerate(handle, 1):
                        match = IMPORT.match(line)
                        if match and match.group(1) not in SYSTEM and match.group(1) not in declared and match.group(1) != name:
                            problems.append(f"{full}:{number}: target {name} imports {match.group(1)} without declaring it in Package.swift")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} undeclared import(s)", file=sys.stderr)
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
