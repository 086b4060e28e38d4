#!/usr/bin/env python3
"""Lists the import cycles between the modules of a Rust crate.

Usage: scripts/module-cycles.py SRC_DIR [SRC_DIR ...]   (e.g. `src mock-server/src`)

Reads every `.rs` file under each folder as one module (`a/b.rs` and `a/b/mod.rs` are `a::b`;
`lib.rs` and `main.rs` are the crate root and are left out), collects the modules it names
through `crate::…` and `super::…` paths (in `use` trees and inline), and prints each group of
modules that reach each other (a strongly connected component of two or more), with the edges
inside it. A parent's `pub use` of its own children (a facade) is not counted: it re-exports,
it does not depend. Prints `no cycles` when there are none. Text-based, so a path inside a
string or a comment counts too; good enough to read, not a compiler.
"""

import os
import re
import sys


def module_of(root, path):
    rel = os.path.relpath(path, root)[: -len(".rs")].split(os.sep)
    if rel[-1] == "mod":
        rel = rel[:-1]
    if rel in (["lib"], ["main"]):
        return None
    return "::".join(rel)


def expand(tree):
    """`a::{b, c::{d, e}}` -> [a::b, a::c::d, a::c::e]."""
    tree = re.sub(r"\s+as\s+\w+", "", tree)  # `x::y as z` imports x::y
    tree = re.sub(r"\s+", "", tree)
    out = []

    def walk(prefix, text):
        depth, start, parts = 0, 0, []
        for i, ch in enumerate(text):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                parts.append(text[start:i])
                start = i + 1
        parts.append(text[start:])
        for part in filter(None, parts):
            brace = part.find("{")
            if brace >= 0 and part.endswith("}"):
                walk(prefix + part[:brace], part[brace + 1 : -1])
            else:
                out.append(prefix + part.split(" as ")[0])

    walk("", tree)
    return out


def resolve(path, here, modules):
    """The longest known module a path names, relative to module `here`."""
    segs = path.split("::")
    base = here.split("::") if here else []
    if segs[0] == "crate":
        base, segs = [], segs[1:]
    elif segs[0] in ("super", "self"):
        # `super` inside `a/b.rs` is `a`; `self` is the module itself.
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super":
                base = base[:-1]
            segs = segs[1:]
    else:
        return None
    for n in range(len(segs), -1, -1):
        name = "::".join(base + segs[:n])
        if name in modules:
            return name
    return None


def edges_of(root):
    files = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            if name.endswith(".rs"):
                path = os.path.join(dirpath, name)
                files[path] = module_of(root, path)
    modules = {m for m in files.values() if m}
    edges = {m: set() for m in modules}
    for path, here in files.items():
        if not here:
            continue
        text = open(path, encoding="utf-8").read()
        text = re.sub(r"//[^\n]*", "", text)
        for m in re.finditer(r"(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);", text):
            facade = bool(m.group(1))
            for target in expand(m.group(2)):
                if target.startswith("super::") and target.endswith("*"):
                    continue  # `use super::*` of a `mod tests` inside the file
                dep = resolve(target, here, modules)
                if not dep or dep == here:
                    continue
                if facade and dep.startswith(here + "::"):
                    continue
                edges[here].add(dep)
        body = re.sub(r"use\s+[^;]+;", "", text)
        for m in re.finditer(r"\b((?:crate|super)(?:::\w+)+)", body):
            dep = resolve(m.group(1), here, modules)
            if dep and dep != here:
                edges[here].add(dep)
    return edges


def cycles(edges):
    """Tarjan's strongly connected components of two or more modules."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for root in sys.argv[1:]:
        edges = edges_of(root)
        found = cycles(edges)
        print(f"{root}: {len(edges)} modules, {len(found)} cycle(s)")
        if not found:
            print("  no cycles")
        for group in found:
            print("  cycle: " + " <-> ".join(group))
            for a in group:
                for b in sorted(edges[a] & set(group)):
                    print(f"    {a} -> {b}")


if __name__ == "__main__":
    main()
