#!/usr/bin/env python3
"""The size rules of the house (DESIGN.md §9 rule 2): no file in Sources/ over 300 lines, and
no function over 80 lines unless most of it is SQL or HTML text (a migration, a page). Prints
each file or function over its limit and exits 1 if there is any."""
import os, re, sys

FILE_LIMIT, FUNCTION_LIMIT = 300, 80
DECLARATION = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|static|final|override|mutating|nonisolated|convenience|required|class)\s+)*(?:func\s+\w+|init[?!]?)\s*[<(]')

def body_length(lines, start):
    """Lines from the declaration to its closing brace (braces in strings and comments are skipped)."""
    depth, opened, in_text = 0, False, False
    for index in range(start, len(lines)):
        raw = lines[index]
        if raw.count('"""') % 2 == 1:
            in_text = not in_text
            continue
        if in_text:
            continue
        line = re.sub(r'#"(?:[^"]|"(?!#))*"#', '""', raw)
        line = re.sub(r'"(?:[^"\\]|\\.)*"', '""', line).split('//')[0]
        for char in line:
            if char == '{':
                depth += 1
                opened = True
            elif char == '}':
                depth -= 1
        if opened and depth <= 0:
            return index - start + 1, lines[start:index + 1]
        if not opened and line.rstrip().endswith(')') is False and index - start > 12:
            return 0, []  # a protocol requirement or a declaration without a body
    return 0, []

def is_text(body):
    """Most of the body is SQL or HTML: statements, or lines of a multi-line string literal."""
    text, inside = 0, False
    for line in body:
        if line.count('"""') % 2 == 1:
            inside = not inside
        if inside or re.search(r'\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP)\b|<[a-z/!]', line):
            text += 1
    return text * 2 >= len(body)

def main():
    problems = []
    for root, _, files in os.walk("Sources"):
        for file in sorted(files):
            if not file.endswith(".swift"):
                continue
            path = os.path.join(root, file)
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().split("\n")
            if len(lines) - 1 > FILE_LIMIT:
                problems.append(f"{path}: {len(lines) - 1} lines (at most {FILE_LIMIT}: split it by concept)")
            for number, line in enumerate(lines):
                if DECLARATION.match(line):
                    length, body = body_length(lines, number)
                    if length > FUNCTION_LIMIT and not is_text(body):
                        problems.append(f"{path}:{number + 1}: a function of {length} lines (at most {FUNCTION_LIMIT})")
    for problem in problems:
        print(problem)
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
