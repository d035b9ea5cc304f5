#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""abi-broken: the abi checks catch what they are for, on a copy of the tree.

usage: broken-abi-test.py --src SRCDIR --lib-name libopeneal.so.X.Y --map MAP... --header H...
                          [-I DIR...] --cc CC...

Copies the tree (git ls-files: tracked and untracked, not ignored) to a temporary directory,
builds only the shared library there (buildtype=debug, tests disabled) and asserts, in order:
  1. a function added to a public header but not to the map, and a public macro calling an
     unexported function, fail abi-exports, naming both;
  2. once in the map (and the macro gone), abi-exports and abi-compat pass: an added symbol
     is compatible;
  3. an internal function in the map fails abi-exports, and the symbol it replaced fails
     abi-compat as incompatible (abidiff bit 8), each named;
  4. a reordered field of struct rte_pci_id fails abi-compat, naming the struct.
Each step prints 'ok: ...'; the first one that does not hold prints 'FAIL: ...' with the
check's output and ends the test with exit 1.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

PROG = "abi-broken"
ADDED = "rte_abi_test_added_function"
UUID_H = "lib/eal/include/rte_uuid.h"
UUID_C = "lib/eal/common/eal_common_uuid.c"
PCI_H = "drivers/bus/pci/bus_pci_driver.h"
STRUCT = "rte_pci_id"


def die(msg, output=""):
    if output:
        print(output.rstrip())
    print(f"{PROG}: FAIL: {msg}")
    sys.exit(1)


def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def edit(path, old, new, what):
    with open(path) as f:
        text = f.read()
    if callable(old):
        changed = old(text)
    else:
        changed = text.replace(old, new, 1) if old in text else text
    if changed == text:
        die(f"{what}: the edit no longer applies to {path}; update {os.path.basename(__file__)}")
    with open(path, "w") as f:
        f.write(changed)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--lib-name", required=True)
    ap.add_argument("--map", action="append", required=True)
    ap.add_argument("--header", action="append", required=True)
    ap.add_argument("-I", dest="incdirs", action="append", default=[])
    ap.add_argument("--cc", action="append", required=True)
    a = ap.parse_args()
    src = os.path.realpath(a.src)
    start = time.monotonic()

    try:
        rc, out = run(["git", "-C", src, "ls-files", "-z", "--cached", "--others",
                       "--exclude-standard"])
    except FileNotFoundError:
        rc, out = 1, "git not found"
    if rc != 0:
        # A release tarball has no git: nothing says which files make the tree (meson: skip).
        print(f"{PROG}: {src} is not a git checkout ({out.strip()}); skipped")
        return 77
    tmp = tempfile.mkdtemp(prefix="openeal-abi-broken.")
    try:
        tree = os.path.join(tmp, "src")
        for rel in filter(None, out.split("\0")):
            s = os.path.join(src, rel)
            if os.path.isfile(s):
                os.makedirs(os.path.dirname(os.path.join(tree, rel)), exist_ok=True)
                shutil.copy2(s, os.path.join(tree, rel))
        step(a, src, tree, os.path.join(tmp, "build"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{PROG}: 4 of 4 steps ok in {time.monotonic() - start:.0f} s")
    return 0


def moved(path, src, tree):
    """The copy's path for a path of the source tree."""
    rel = os.path.relpath(os.path.realpath(path), src)
    return path if rel.startswith("..") else os.path.join(tree, rel)


def step(a, src, tree, build):
    maps = [moved(m, src, tree) for m in a.map]
    headers = [moved(h, src, tree) for h in a.header]
    incdirs = [moved(d, src, tree) for d in a.incdirs]
    lib = os.path.join(build, a.lib_name)
    static = os.path.join(build, a.lib_name.split(".so")[0] + ".a")
    abidir = os.path.join(tree, "tests", "abi")
    soname = a.lib_name.split(".so")[0].removeprefix("lib")
    main_map = maps[0]
    uuid_h = os.path.join(tree, UUID_H)

    def build_lib():
        rc, out = run(["ninja", "-C", build, a.lib_name, os.path.basename(static)])
        if rc != 0:
            die(f"building {a.lib_name} in the copy failed", out)

    def exports():
        cmd = [sys.executable, os.path.join(abidir, "check-exports.py"), "--lib", lib,
               "--static", static]
        for m in maps:
            cmd += ["--map", m]
        for h in headers:
            cmd += ["--header", h]
        for d in incdirs:
            cmd += ["-I", d]
        for c in a.cc:
            cmd += ["--cc", c]
        return run(cmd)

    def compat():
        cmd = [os.path.join(abidir, "check-abi.sh"),
               "--baseline", os.path.join(abidir, f"lib{soname}.abi"), "--lib", lib,
               "--suppr", os.path.join(abidir, "abi.abignore")]
        for h in headers:
            cmd += ["--header", h]
        return run(cmd)

    def expect(rc, out, want_rc, patterns, what):
        missing = [p for p in patterns if not re.search(p, out)]
        if rc != want_rc or missing:
            die(f"{what}: exit {rc} (want {want_rc}), missing {missing}", out)

    # 1. A new public function, declared and defined, but not in the map; and a public macro
    # that calls a function the library defines but does not export.
    edit(uuid_h, lambda t: t + f"\nint {ADDED}(void);\n", None, "step 1")
    edit(os.path.join(tree, UUID_C),
         lambda t: t + f"\nint {ADDED}(void)\n{{\n\treturn 0;\n}}\n", None, "step 1")
    rc, out = run(["meson", "setup", build, tree, "-Dbuildtype=debug", "-Dtests=disabled",
                   "-Dvm_tests=disabled"])
    if rc != 0:
        die("meson setup of the copy failed", out)
    build_lib()
    rc, out = run(["nm", "-D", "--defined-only", lib])
    exported = {line.split()[-1].split("@")[0] for line in out.splitlines()}
    rc, out = run(["nm", "--defined-only", static])
    hidden = sorted(p[2] for p in (line.split() for line in out.splitlines())
                    if len(p) == 3 and p[1] == "T" and p[2] not in exported)
    if not hidden:
        die(f"no unexported function in {os.path.basename(static)} to test with", out)
    internal = hidden[0]
    macro_line = f"#define RTE_ABI_TEST_MACRO() {internal}()\n"
    edit(uuid_h, lambda t: t + macro_line, None, "step 1")
    rc, out = exports()
    expect(rc, out, 1, [rf"{ADDED}: function declared in .* but not exported",
                        rf"{internal}: used by macro RTE_ABI_TEST_MACRO"], "abi-exports")
    print(f"{PROG}: ok: abi-exports reports {ADDED}, declared in a header but not in the map, "
          f"and {internal}, unexported but used by a public macro")

    # 2. In the map, and no macro: both checks pass (an added function is compatible; this
    # debug build's dump also matches the baseline's, made from an -O2 build).
    edit(uuid_h, macro_line, "", "step 2")
    edit(main_map, "\tglobal:\n", f"\tglobal:\n\n\t{ADDED};\n", "step 2")
    build_lib()
    rc, out = exports()
    expect(rc, out, 0, [], f"abi-exports with {ADDED} in the map")
    rc, out = compat()
    expect(rc, out, 0, [], f"abi-compat with {ADDED} added")
    print(f"{PROG}: ok: with {ADDED} in the map, abi-exports and abi-compat pass")

    # 3. The map exports an internal function and no longer a symbol of the baseline; the
    # added function is declared experimental but stays in the stable node.
    with open(main_map) as f:
        dropped = re.search(r"^\t(rte_(?!abi_test)\w+);$", f.read(), re.M).group(1)
    edit(main_map, f"\t{dropped};\n", f"\t{internal};\n", "step 3")
    edit(uuid_h, f"\nint {ADDED}(void);\n",
         f"\n#include <rte_common.h>\n__rte_experimental int {ADDED}(void);\n", "step 3")
    build_lib()
    rc, out = exports()
    expect(rc, out, 1, [rf"{internal}: exported \(.*\) but declared in no installed header",
                        rf"{ADDED}: declared __rte_experimental .* exported in node OPENEAL_1"],
           "abi-exports")
    rc, out = compat()
    expect(rc, out, 1, ["incompatible ABI change", rf"\b{dropped}\b"], "abi-compat")
    print(f"{PROG}: ok: abi-exports reports {internal}, exported but in no header, and "
          f"{ADDED}, experimental in a stable node; abi-compat reports {dropped}, dropped "
          "from the map, as incompatible")
    edit(main_map, f"\t{internal};\n", f"\t{dropped};\n", "step 3")

    # 4. The first field of a public struct moves to the end: every offset in the layout that
    # drivers were compiled against changes, and the source still compiles.
    def reorder(text):
        return re.sub(rf"(struct {STRUCT} \{{\n)(\s*uint32_t class_id;\n)([^}}]*)",
                      r"\1\3\2", text, count=1)
    edit(os.path.join(tree, PCI_H), reorder, None, "step 4")
    build_lib()
    rc, out = compat()
    expect(rc, out, 1, ["ABI change", rf"'{STRUCT} \w+' changed"], "abi-compat")
    print(f"{PROG}: ok: abi-compat reports the changed field of struct {STRUCT}")


if __name__ == "__main__":
    sys.exit(main())
