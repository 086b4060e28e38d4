#!/usr/bin/env python3
"""The house check of issue 22: is `src/` a house a newcomer can live in?

Usage: scripts/look.py [SRC_DIR]   (default `src`; exit 1 when a limit is broken)

Prints, and checks:
1. **Module sizes**: every module of more than 350 production lines. Production lines are a
   file's lines less its `#[cfg(test)]` items (an inline `mod tests { … }`); a `tests.rs`
   file is test code. Fails when there is one.
2. **Import cycles** between modules, as `scripts/module-cycles.py` finds them. Fails on any.
3. **The stage tree**: every folder of `src/` with the first two doc lines of its `mod.rs`
   (or of `<folder>.rs`), which say what the stage does and what it hands on. Informational;
   a folder without doc lines is shown as `(no doc)`.
4. **The run plan's walk**: the modules that carry the plan (those naming `RunOptions`,
   `RunPlan`, `EngineRun` or `Pass`) and the imports between them, from `main.rs`. Checked:
   the walk is a chain with no way back (no module of it reaches one it came from, i.e. no
   cycle among them), and the stages (top folders) along its longest path come one after the
   other, none entered twice. Printed: that path, module by module and stage by stage.
"""

import importlib.util
import os
import re
import sys

LIMIT = 350
PLAN_TYPES = re.compile(r"\b(RunOptions|RunPlan|EngineRun|Pass)\b")

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("module_cycles", os.path.join(_here, "module-cycles.py"))
mc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mc)


def lib_aliases(root):
    """Names `lib.rs` re-exports at the crate root (`pub use run::{runner, …}`, `pub use
    runner::run`), each with the module it stands for, so `crate::runner::…` counts as an
    import of `run::runner` (module-cycles.py alone would not see it)."""
    text = open(os.path.join(root, "lib.rs"), encoding="utf-8").read()
    modules = set(mc.edges_of(root))
    paths = [p for tree in re.findall(r"pub\s+use\s+([^;]+);", text) for p in mc.expand(tree)]
    aliases = {}
    for _ in range(3):  # an alias may be defined by a later `pub use`
        for path in paths:
            segs = path.split("::")
            if segs[0] not in modules and segs[0] in aliases:
                segs = aliases[segs[0]].split("::") + segs[1:]
            aliases[segs[-1]] = "::".join(segs)
    return aliases


def edges_with_aliases(root):
    aliases = lib_aliases(root)
    plain = mc.resolve

    def resolve(path, here, modules):
        segs = path.split("::")
        if segs[0] == "crate" and len(segs) > 1 and segs[1] in aliases and segs[1] not in modules:
            path = "::".join(["crate"] + aliases[segs[1]].split("::") + segs[2:])
        return plain(path, here, modules)

    mc.resolve = resolve
    try:
        return mc.edges_of(root), aliases
    finally:
        mc.resolve = plain


def production_lines(text):
    """Lines of `text` outside `#[cfg(test)]` items."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    count, i = 0, 0
    while i < len(lines):
        if lines[i].strip() == "#[cfg(test)]":
            # Skip the attribute(s) and the item after it: one line (`mod tests;`) or a block.
            j = i + 1
            while j < len(lines) and lines[j].strip().startswith("#["):
                j += 1
            if j < len(lines) and lines[j].rstrip().endswith("{"):
                depth = 0
                while j < len(lines):
                    depth += lines[j].count("{") - lines[j].count("}")
                    j += 1
                    if depth <= 0:
                        break
            else:
                j += 1
            i = j
            continue
        count += 1
        i += 1
    return count


def sizes(root):
    out = []
    for dirpath, _, names in os.walk(root):
        for name in names:
            if not name.endswith(".rs") or name == "tests.rs":
                continue
            path = os.path.join(dirpath, name)
            out.append((production_lines(open(path, encoding="utf-8").read()), path))
    return sorted(out, reverse=True)


def doc_lines(path, n=2):
    out = []
    for line in open(path, encoding="utf-8"):
        if not line.startswith("//!"):
            break
        text = line[3:].strip()
        if not text:
            break
        out.append(text)
        if len(out) == n:
            break
    return " ".join(out)


def tree(root):
    rows = []
    for dirpath, dirs, _ in os.walk(root):
        dirs.sort()
        if dirpath == root:
            continue
        rel = os.path.relpath(dirpath, root)
        modfile = os.path.join(dirpath, "mod.rs")
        if not os.path.exists(modfile):
            modfile = dirpath + ".rs"
        doc = doc_lines(modfile) if os.path.exists(modfile) else ""
        rows.append((rel, doc or "(no doc)"))
    return sorted(rows)


def stage(module):
    return module.split("::")[0]


def plan_walk(root, edges, aliases):
    """The plan's carriers from main, their cycles, and the longest path among them."""
    carriers = set()
    for dirpath, _, names in os.walk(root):
        for name in names:
            if name.endswith(".rs"):
                path = os.path.join(dirpath, name)
                module = mc.module_of(root, path)
                text = re.sub(r"//[^\n]*", "", open(path, encoding="utf-8").read())
                if module and PLAN_TYPES.search(text):
                    carriers.add(module)
    # main.rs is a crate of its own: what it names of the library starts the walk.
    main = open(os.path.join(root, "main.rs"), encoding="utf-8").read()
    names = set(re.findall(r"\b(\w+(?:::\w+)*)::\w+", main)) | set(
        "::".join(p.split("::")[:-1]) for p in mc.expand(" ".join(re.findall(r"use\s+herodesk_conformance::([^;]+);", main)))
    )
    named = set()
    for n in filter(None, names):
        first, _, rest = n.partition("::")
        named.add("::".join(filter(None, [aliases.get(first, first), rest])))
    # Items main.rs calls by their re-exported name (`run`, `Verdict`).
    for item in re.findall(r"\b(\w+)\(", main):
        if item in aliases:
            named.add("::".join(aliases[item].split("::")[:-1]))
    starts = sorted(m for m in carriers if m in named)
    sub = {m: {d for d in edges.get(m, ()) if d in carriers} for m in carriers}
    found = mc.cycles(sub)
    longest = {}

    def walk(m, seen):
        if m in longest:
            return longest[m]
        best = [m]
        for d in sorted(sub[m]):
            if d in seen:
                continue  # a cycle; reported apart
            path = walk(d, seen | {d})
            if len(path) + 1 > len(best):
                best = [m] + path
        longest[m] = best
        return best

    path = max((walk(s, {s}) for s in starts), key=len, default=[])
    return starts, found, ["main"] + path


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "src"
    broken = []

    print("== modules over %d production lines (the largest five for scale)" % LIMIT)
    all_sizes = sizes(root)
    over = [(n, p) for n, p in all_sizes if n > LIMIT]
    for n, p in over:
        print(f"  OVER  {n:4} {p}")
    for n, p in all_sizes[:5]:
        print(f"        {n:4} {p}")
    print(f"  {len(over)} module(s) over {LIMIT}")
    if over:
        broken.append(f"{len(over)} module(s) over {LIMIT} production lines")

    edges, aliases = edges_with_aliases(root)
    found = mc.cycles(edges)
    print(f"\n== import cycles: {len(found)} ({len(edges)} modules)")
    for group in found:
        print("  cycle: " + " <-> ".join(group))
    if found:
        broken.append(f"{len(found)} import cycle(s)")

    print(f"\n== the stage tree of {root}/")
    for rel, doc in tree(root):
        depth = rel.count(os.sep)
        print(f"  {'  ' * depth}{os.path.basename(rel)}/  {doc}")
    flat = sorted(n for n in os.listdir(root) if n.endswith(".rs") and not os.path.isdir(os.path.join(root, n[:-3])))
    print(f"  files at the top: {', '.join(flat)}")

    starts, plan_cycles, path = plan_walk(root, edges, aliases)
    stages = []
    for m in path:
        if not stages or stages[-1] != stage(m):
            stages.append(stage(m))
    print("\n== the run plan's walk from the CLI")
    print(f"  main.rs names: {', '.join(starts)}")
    print("  modules: " + " -> ".join(path))
    print("  stages:  " + " -> ".join(stages))
    twice = sorted({s for s in stages if stages.count(s) > 1})
    if plan_cycles:
        print("  a module of the walk reaches back: " + "; ".join(" <-> ".join(g) for g in plan_cycles))
        broken.append("the run plan's walk has a way back")
    if twice:
        print(f"  stages entered twice: {', '.join(twice)}")
        broken.append("the run plan's walk enters a stage twice")
    if not plan_cycles and not twice:
        print("  no module and no stage visited twice")

    print()
    if broken:
        print("NOT a house yet: " + "; ".join(broken))
        sys.exit(1)
    print("house: ok")


if __name__ == "__main__":
    main()
