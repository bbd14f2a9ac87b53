#!/usr/bin/env python3
"""Fails when the top-level modules of a crate import each other in a circle.

    module_cycles.py crates/app/src crates/cli/src ...

A module is a file or folder directly under src; `crate::name` and `super::name` (from a
top-level file) count as an import of `name`. Circles make a slice hard to move or test
on its own; see docs/architecture.md.
"""
import os
import re
import sys


def modules(src):
    found = {}
    for entry in sorted(os.listdir(src)):
        path = os.path.join(src, entry)
        name = entry[:-3] if entry.endswith(".rs") else entry
        if name in ("lib", "main"):
            continue
        files = []
        if os.path.isdir(path):
            for root, _, names in os.walk(path):
                files += [os.path.join(root, n) for n in names if n.endswith(".rs")]
        elif entry.endswith(".rs"):
            files = [path]
        found[name] = files
    return found


def imports(files, names):
    seen = set()
    for f in files:
        text = open(f, encoding="utf-8").read()
        text = re.sub(r"#\[cfg\(test\)\]\s*mod tests \{.*", "", text, flags=re.S)
        for m in re.finditer(r"\bcrate::(\w+)", text):
            if m.group(1) in names:
                seen.add(m.group(1))
        for m in re.finditer(r"use crate::\{([^}]*)\}", text):
            for part in m.group(1).split(","):
                word = part.strip().split("::")[0]
                if word in names:
                    seen.add(word)
    return seen


def cycles(graph):
    found, state, stack = [], {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph[n]):
            if m == n:
                continue
            if state.get(m) == 1:
                found.append(stack[stack.index(m):] + [m])
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    return found


def main():
    bad = False
    for src in sys.argv[1:]:
        mods = modules(src)
        graph = {n: imports(fs, set(mods)) - {n} for n, fs in mods.items()}
        for c in cycles(graph):
            bad = True
            print(f"{src}: modules import each other in a circle: {' -> '.join(c)}")
    sys.exit(1 if bad else 0)


main()
