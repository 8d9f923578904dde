#!/usr/bin/env python3
"""Checks the layout rules of ARCHITECTURE.md, and fails naming each break.

- The web app's layers import one way: a file may name (`crate::LAYER`) only
  layers below its own, never a peer of the same rank, and the crate root
  wires them together:

      model  <  url, text  <  store  <  web  <  ui

- `model/`, `url/` and `text/` use no browser and no Leptos, so they are
  tested natively.
- No import cycle between the modules of the core (`core/src/X`) or between
  the concept modules of the app (`src/LAYER/X`; a folder counts as one).
- No file in `src/` or `core/src/` is over 500 lines, its tests aside.

    scripts/check-layers.py [ROOT]     check the tree at ROOT (default: here)
    scripts/check-layers.py --self-test
"""

import os
import re
import sys
import tempfile

RANK = {"model": 0, "url": 1, "text": 1, "store": 2, "web": 3, "ui": 4}
PURE = {"model", "url", "text"}
BROWSER = re.compile(r"\b(leptos|web_sys|wasm_bindgen|js_sys|gloo_timers)::")
MAX_LINES = 500

# `crate::a::b`, and the names of a group: `crate::{a::b, c}`.
PATH = re.compile(r"\bcrate::((?:\w+::)*\w+)")
GROUP = re.compile(r"\bcrate::\{([^}]*)\}", re.S)


def code_of(text):
    """The text without comments, strings and the test module."""
    tests = re.search(r"^#\[cfg\(test\)\]", text, re.M)
    if tests:
        text = text[: tests.start()]
    text = re.sub(r'r#"(?:.|\n)*?"#', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    text = re.sub(r"//[^\n]*", "", text)
    return text


def lines_before_tests(text):
    tests = re.search(r"^#\[cfg\(test\)\]", text, re.M)
    return text[: tests.start()].count("\n") if tests else text.count("\n")


def module_of(root, path):
    """`src/model/run/shown.rs` -> ["model", "run", "shown"]."""
    parts = os.path.relpath(path, root).split(os.sep)
    parts[-1] = parts[-1][:-3]
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return parts


def references(code):
    """Every `crate::…` path a file names, as lists of segments."""
    found = [m.group(1).split("::") for m in PATH.finditer(code)]
    for group in GROUP.finditer(code):
        for item in group.group(1).split(","):
            item = item.strip().split(" as ")[0].strip()
            if item and item != "self":
                found.append(item.split("::"))
    return found


def rust_files(root):
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith(".rs"):
                yield os.path.join(folder, name)


def find_cycle(graph):
    """One cycle of `graph` (node -> set of nodes) as a list, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for next_node in sorted(graph.get(node, ())):
            if state.get(next_node) == "open":
                return stack[stack.index(next_node) :] + [next_node]
            if next_node not in state:
                cycle = visit(next_node)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


TEST_MODULE = re.compile(r"^#\[cfg\(test\)\]\s*(?:pub(?:\(\w+\))? )?mod (\w+);", re.M)


def test_files(root):
    """The files of modules declared `#[cfg(test)] mod name;`: test code."""
    found = set()
    for path in rust_files(root):
        folder = os.path.dirname(path)
        name = os.path.basename(path)
        if name not in ("mod.rs", "lib.rs", "main.rs"):
            folder = os.path.join(folder, name[:-3])
        text = open(path, encoding="utf-8").read()
        for module in TEST_MODULE.findall(text):
            found.add(os.path.join(folder, module + ".rs"))
            found.add(os.path.join(folder, module, "mod.rs"))
    return found


def check_crate(root, depth, app):
    """The breaks in the crate whose sources are at `root`. Modules are
    compared `depth` segments deep; `app` turns on the layer rules. Test
    modules in files of their own are test code, as inline ones are."""
    problems, graph = [], {}
    tests = test_files(root)
    for path in rust_files(root):
        if path in tests:
            continue
        text = open(path, encoding="utf-8").read()
        shown = os.path.relpath(path)
        if lines_before_tests(text) > MAX_LINES:
            problems.append(
                f"{shown}: {lines_before_tests(text)} lines before its tests; "
                f"the most is {MAX_LINES}: split it by concept"
            )
        module = module_of(root, path)
        code = code_of(text)
        layer = module[0] if module else None
        if app and layer in PURE:
            for match in BROWSER.finditer(code):
                problems.append(
                    f"{shown}: names {match.group(1)}, but {layer}/ uses no "
                    "browser and no Leptos"
                )
                break
        here = tuple(module[:depth])
        for target in references(code):
            if app and layer in RANK and target[0] in RANK and target[0] != layer:
                if RANK[target[0]] >= RANK[layer]:
                    problems.append(
                        f"{shown}: {layer}/ imports crate::{'::'.join(target)}, "
                        f"but {target[0]}/ is not below it "
                        "(model < url, text < store < web < ui)"
                    )
            there = tuple(target[:depth])
            # A module naming its own parts (or its parent) is one concept.
            if len(here) == depth and len(there) == depth and here != there:
                graph.setdefault(here, set()).add(there)
    cycle = find_cycle(graph)
    if cycle:
        names = " → ".join("::".join(node) for node in cycle)
        problems.append(f"{os.path.relpath(root)}: import cycle {names}")
    return problems


def check(root):
    problems = check_crate(os.path.join(root, "src"), 2, app=True)
    problems += check_crate(os.path.join(root, "core", "src"), 1, app=False)
    return problems


def self_test():
    """Builds small trees with one break each and requires it be found."""
    cases = {
        "an upward import": {"src/model/a.rs": "use crate::ui::x;\n"},
        "a peer import": {"src/url/a.rs": "use crate::text::x;\n"},
        "Leptos in the model": {"src/text/a.rs": "use leptos::prelude::*;\n"},
        "a core cycle": {
            "core/src/a.rs": "use crate::b::B;\n",
            "core/src/b.rs": "use crate::{a::A, c};\n",
        },
        "an app cycle": {
            "src/model/a.rs": "use crate::model::b::B;\n",
            "src/model/b/mod.rs": "use crate::model::a::A;\n",
        },
        "a long file": {"src/ui/a.rs": "fn f() {}\n" * (MAX_LINES + 1)},
    }
    clean = {
        "src/ui/a.rs": "use crate::{model::run::Run, store::Lab};\n",
        "src/model/run/mod.rs": "mod shown;\nuse crate::model::palette::P;\n",
        "src/model/run/shown.rs": "use super::Run; use crate::model::run::X;\n",
        "src/model/palette.rs": '// crate::ui::x in a comment\nconst S: &str = "crate::ui";\n',
        "src/ui/b.rs": "fn f() {}\n" * MAX_LINES + "#[cfg(test)]\nmod tests {}\n" + "\n" * 600,
        "src/model/c/mod.rs": "#[cfg(test)]\nmod tests;\n",
        "src/model/c/tests.rs": "use crate::ui::x;\n" + "\n" * 600,
        "core/src/a.rs": "use crate::b::B;\n",
    }
    failed = []
    for name, files in list(cases.items()) + [("nothing", clean)]:
        with tempfile.TemporaryDirectory() as root:
            for path, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
                open(os.path.join(root, path), "w").write(text)
            os.makedirs(os.path.join(root, "src"), exist_ok=True)
            os.makedirs(os.path.join(root, "core", "src"), exist_ok=True)
            found = check(root)
            if (name == "nothing") != (not found):
                failed.append(f"{name}: found {found or 'nothing'}")
    for line in failed:
        print(f"self-test: {line}", file=sys.stderr)
    print(f"layers self-test: {len(cases) + 1 - len(failed)} passed, {len(failed)} failed")
    return not failed


def main(argv):
    if argv[1:] == ["--self-test"]:
        return 0 if self_test() else 1
    root = argv[1] if len(argv) > 1 else "."
    problems = check(root)
    for problem in problems:
        print(f"layers: {problem}", file=sys.stderr)
    if problems:
        return 1
    print("layers: imports go one way, no cycles, no file over 500 lines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
