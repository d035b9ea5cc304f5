#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Check that a shared library exports exactly the API its installed headers declare.

usage: check-exports.py --lib LIB.so [--static LIB.a] --map MAP [--map MAP...]
                        --header H [--header H...] [-I DIR...] --cc CC [--cc ARG...]
       check-exports.py ... --list      print the declared symbols, one a line, and exit

The headers are run through the compiler's preprocessor (-E -dD), so macros, static inline
functions and declarations made by macros (RTE_DECLARE_PER_LCORE) are seen as a user of the
installed headers sees them; each declaration is attributed to the header its name is written
in, and only --header files count (-I only helps them find what they include).

It reports, one line each, with the fix:
  - a symbol the library exports that no --header declares (the map exports too much);
  - a function or variable a --header declares (not static, not a macro) that is not exported;
  - a static inline function or macro of a --header that uses a symbol the library defines
    but does not export (a program using it would not link against the shared library);
  - a symbol whose node disagrees with its declaration: __rte_experimental must be in the
    EXPERIMENTAL node, __rte_internal in INTERNAL, any other in a stable node;
  - a version node of a map whose name does not follow doc/abi.md (PREFIX_N, PREFIX_N.M,
    PREFIX_EXPERIMENTAL, PREFIX_INTERNAL) or whose ABI major differs from the soname's.
Exits 0 when there is nothing to report, 1 otherwise, 2 when it cannot run.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

PROG = "check-exports"

TOKEN_RE = re.compile(
    r"""
    (?P<str>L?"(?:[^"\\\n]|\\.)*")
  | (?P<chr>L?'(?:[^'\\\n]|\\.)*')
  | (?P<id>[A-Za-z_]\w*)
  | (?P<num>\.?\d(?:[\w.]|[eEpP][+-])*)
  | (?P<punct>\.\.\.|->|\+\+|--|<<=|>>=|<<|>>|[<>=!&|^+\-*/%]=|&&|\|\||\#\#|[^\s\w])
    """,
    re.VERBOSE,
)
LINEMARKER_RE = re.compile(r'^#\s*(?:line\s+)?(\d+)\s+"((?:[^"\\]|\\.)*)"')
DEFINE_RE = re.compile(r"^#\s*define\s+([A-Za-z_]\w*)(\([^)]*\))?\s*(.*)$")

# Words that look like a declarator name before '(' but are not one.
NOT_NAMES = {
    "sizeof", "_Alignof", "_Alignas", "__alignof__", "_Static_assert", "__typeof__", "typeof",
    "__typeof", "_Atomic", "_Generic", "__builtin_offsetof", "offsetof",
}
TAG_WORDS = {"struct", "union", "enum"}
# Wrappers whose parenthesised argument is not part of the declarator (a __typeof__(type)
# specifier, as RTE_DECLARE_PER_LCORE writes, names a type, not the declared object).
SKIP_GROUP_WORDS = {"__attribute__", "__attribute", "__asm__", "__asm", "asm", "__declspec",
                    "__typeof__", "__typeof", "typeof", "_Alignas"}
DROP_WORDS = {"__extension__", "__restrict", "__restrict__", "__inline", "__inline__"}


class Token:
    __slots__ = ("text", "kind", "file", "line")

    def __init__(self, text, kind, file, line):
        self.text, self.kind, self.file, self.line = text, kind, file, line


class Decl:
    """A function or variable declared at file scope in one of the checked headers; marker is
    'EXPERIMENTAL' or 'INTERNAL' when it is declared __rte_experimental or __rte_internal."""

    def __init__(self, name, kind, file, line, marker):
        self.name, self.kind, self.file, self.line = name, kind, file, line
        self.marker = marker

    def where(self):
        return f"{os.path.basename(self.file)}:{self.line}"


def fail_setup(msg):
    print(f"{PROG}: {msg}", file=sys.stderr)
    sys.exit(2)


def run(cmd):
    try:
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    except FileNotFoundError:
        fail_setup(f"{cmd[0]} not found; fix: bash tests/deps.sh build")
    except subprocess.CalledProcessError as e:
        fail_setup(f"{' '.join(cmd)} failed:\n{e.stderr.strip()}")


def preprocess(cc, headers, incdirs):
    """Tokens of the headers as one translation unit sees them, and the macros they define."""
    with tempfile.TemporaryDirectory() as tmp:
        tu = os.path.join(tmp, "all-headers.c")
        with open(tu, "w") as f:
            for h in headers:
                f.write(f'#include "{h}"\n')
        args = cc + ["-E", "-dD", "-std=gnu11", "-D_GNU_SOURCE"]
        for d in incdirs:
            args += ["-I", d]
        out = run(args + [tu])
    wanted = {os.path.realpath(h) for h in headers}
    tokens, macros = [], []
    cur, lineno = "", 0
    for raw in out.splitlines():
        if raw.startswith("#"):
            m = LINEMARKER_RE.match(raw)
            if m:
                lineno, cur = int(m.group(1)), m.group(2)
                continue
            m = DEFINE_RE.match(raw)
            if m and os.path.realpath(cur) in wanted:
                macros.append((m.group(1), m.group(3), cur, lineno))
            lineno += 1
            continue
        for m in TOKEN_RE.finditer(raw):
            kind = m.lastgroup
            tokens.append(Token(m.group(kind), kind, cur, lineno))
        lineno += 1
    return tokens, macros, wanted


def strip_wrappers(toks):
    """Drop __attribute__((...)), __asm__(...) and keyword noise from a token list."""
    out, i = [], 0
    while i < len(toks):
        t = toks[i]
        if t.text in SKIP_GROUP_WORDS and i + 1 < len(toks) and toks[i + 1].text == "(":
            depth, i = 0, i + 1
            while i < len(toks):
                if toks[i].text == "(":
                    depth += 1
                elif toks[i].text == ")":
                    depth -= 1
                    if depth == 0:
                        break
                i += 1
            i += 1
            continue
        if t.text not in DROP_WORDS:
            out.append(t)
        i += 1
    return out


def drop_braces(toks):
    """The tokens outside any {...} group (struct bodies, initialisers)."""
    out, depth = [], 0
    for t in toks:
        if t.text == "{":
            depth += 1
        elif t.text == "}":
            depth -= 1
        elif depth == 0:
            out.append(t)
    return out


def split_top(toks, sep):
    parts, cur, depth = [], [], 0
    for t in toks:
        if t.text in "([":
            depth += 1
        elif t.text in ")]":
            depth -= 1
        if t.text == sep and depth == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    parts.append(cur)
    return parts


def declarator_name(seg):
    """(name token, 'function'|'variable') of one declarator, or None for a bare type."""
    for i, t in enumerate(seg):
        if t.text != "(":
            continue
        prev = seg[i - 1] if i else None
        if prev is not None and prev.kind == "id" and prev.text not in NOT_NAMES:
            return prev, "function"
        # '(' '*' ... : a pointer to function (variable), or a function returning one.
        j = i + 1
        while j < len(seg) and seg[j].text in ("*", "const", "volatile", "restrict"):
            j += 1
        if j < len(seg) and seg[j].kind == "id":
            is_fn = j + 1 < len(seg) and seg[j + 1].text == "("
            return seg[j], "function" if is_fn else "variable"
        return None
    # No parenthesis: the last identifier before an array bound or an initialiser.
    name = None
    for k, t in enumerate(seg):
        if t.text in ("[", "=", ":"):
            break
        if t.kind == "id":
            name = (t, k)
    if name is None:
        return None
    tok, k = name
    if k > 0 and seg[k - 1].text in TAG_WORDS:
        return None  # 'struct foo;' declares a tag, not an object
    if k == 0 and len(seg) == 1:
        return None
    return tok, "variable"


def parse(tokens, wanted):
    """Declared functions/variables of the wanted headers, and identifiers used by their
    static inline functions: ([Decl], [(identifier, function name, Token)])."""
    decls, inline_uses = [], []
    cur, depth, i = [], 0, 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if t.text in "([{":
            if t.text == "{" and depth == 0 and cur and strip_wrappers(cur)[-1:] and \
                    strip_wrappers(cur)[-1].text == ")":
                # A function definition: its body runs to the matching brace.
                body_start, bdepth = i, 0
                while i < n:
                    if tokens[i].text == "{":
                        bdepth += 1
                    elif tokens[i].text == "}":
                        bdepth -= 1
                        if bdepth == 0:
                            break
                    i += 1
                body = tokens[body_start:i + 1]
                handle_decl(cur, decls, inline_uses, wanted, body)
                cur = []
                i += 1
                continue
            depth += 1
        elif t.text in ")]}":
            depth -= 1
        if t.text == ";" and depth == 0:
            handle_decl(cur, decls, inline_uses, wanted, None)
            cur = []
        else:
            cur.append(t)
        i += 1
    return decls, inline_uses


def abi_marker(toks):
    """What rte_common.h's __rte_experimental / __rte_internal expand to, seen in a declaration
    preprocessed without ALLOW_EXPERIMENTAL_API / ALLOW_INTERNAL_API."""
    for t in toks:
        if t.kind == "str" and "ALLOW_EXPERIMENTAL_API" in t.text:
            return "EXPERIMENTAL"
        if t.kind == "str" and "ALLOW_INTERNAL_API" in t.text:
            return "INTERNAL"
    return None


def handle_decl(toks, decls, inline_uses, wanted, body):
    marker = abi_marker(toks)
    toks = strip_wrappers(toks)
    if not toks:
        return
    words = {t.text for t in drop_braces(toks) if t.kind == "id"}
    if "typedef" in words:
        return
    flat = drop_braces(toks)
    if "static" in words:
        if body is not None:
            named = declarator_name(flat)
            fname = named[0].text if named else "?"
            for b in body:
                if b.kind == "id" and os.path.realpath(b.file) in wanted:
                    inline_uses.append((b.text, fname, b))
        return
    for seg in split_top(flat, ","):
        named = declarator_name(seg)
        if named is None:
            continue
        tok, kind = named
        if os.path.realpath(tok.file) in wanted:
            decls.append(Decl(tok.text, kind, tok.file, tok.line, marker))


def nm_symbols(args, path):
    """{name: (type letter, version or '')} of the defined symbols nm lists."""
    syms = {}
    for line in run(["nm", "--defined-only"] + args + [path]).splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        typ, name = parts[-2], parts[-1]
        ver = ""
        if "@" in name:
            name, _, ver = name.partition("@")
            ver = ver.lstrip("@")
        syms[name] = (typ, ver)
    return syms


def soname_major(lib):
    m = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", run(["readelf", "-d", lib]))
    if not m:
        return None, None
    v = re.search(r"\.so\.(\d+)", m.group(1))
    return m.group(1), (int(v.group(1)) if v else None)


def map_nodes(path):
    """[(node name, [symbols])] of a version script."""
    text = re.sub(r"/\*.*?\*/|#[^\n]*", "", open(path).read(), flags=re.S)
    nodes = []
    for m in re.finditer(r"([A-Za-z_][\w.]*)\s*\{(.*?)\}\s*([\w.]*)\s*;", text, re.S):
        syms = []
        for part in re.split(r"(?:global|local)\s*:", m.group(2)):
            syms += [s.strip() for s in part.split(";") if s.strip() and s.strip() != "*"]
        nodes.append((m.group(1), syms))
    return nodes


NODE_RE = re.compile(r"^([A-Z][A-Z0-9_]*?)_(?:(\d+)(?:\.\d+)?|EXPERIMENTAL|INTERNAL)$")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lib", required=True)
    ap.add_argument("--static")
    ap.add_argument("--map", action="append", default=[], required=True)
    ap.add_argument("--header", action="append", default=[], required=True)
    ap.add_argument("-I", dest="incdirs", action="append", default=[])
    ap.add_argument("--cc", action="append", required=True)
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()

    incdirs = a.incdirs + sorted({os.path.dirname(os.path.abspath(h)) for h in a.header})
    tokens, macros, wanted = preprocess(a.cc, a.header, incdirs)
    decls, inline_uses = parse(tokens, wanted)
    declared = {}
    for d in decls:
        first = declared.setdefault(d.name, d)
        first.marker = first.marker or d.marker  # a marker on any declaration counts
    if a.list:
        for name in sorted(declared):
            print(name)
        return 0

    libname = os.path.basename(a.lib)
    exported = {k: v for k, v in nm_symbols(["-D", "--with-symbol-versions"], a.lib).items()
                if v[0] != "A"}
    defined = {}
    if a.static:
        defined = {k: v for k, v in nm_symbols([], a.static).items() if v[0].isupper()}
    mapped = {}
    for m in a.map:
        for node, syms in map_nodes(m):
            for s in syms:
                mapped[s] = (m, node)
    main_map = a.map[0]
    problems = []

    def report(sym, why, fix):
        problems.append(f"{PROG}: {libname}: {sym}: {why}; fix: {fix}")

    for name in sorted(set(exported) - set(declared)):
        where = mapped.get(name)
        src = f"{where[0]} node {where[1]}" if where else "no map (check the map's local: *)"
        report(name, f"exported ({src}) but declared in no installed header",
               f"remove it from {where[0] if where else main_map}, or declare it in one of "
               "the library's installed headers if it is public API")
    for name in sorted(set(declared) - set(exported)):
        d = declared[name]
        if a.static and name not in defined:
            report(name, f"{d.kind} declared in {d.where()} but defined nowhere in the library",
                   "implement it or remove the declaration")
        else:
            node = (f"the {d.marker} node" if d.marker else "the newest stable node")
            report(name, f"{d.kind} declared in {d.where()} but not exported",
                   f"add '{name};' to {node} of {main_map} (doc/abi.md says which node)")

    # The node a symbol is exported in must say what its declaration says.
    for name in sorted(set(declared) & set(exported)):
        d, node = declared[name], exported[name][1]
        nm = NODE_RE.match(node)
        kind = None if nm is None or nm.group(2) is not None else node.rsplit("_", 1)[1]
        if kind != d.marker:
            said = f"__rte_{d.marker.lower()}" if d.marker else "without an ABI marker"
            want = f"the {d.marker} node" if d.marker else "a stable node"
            report(name, f"declared {said} in {d.where()} but exported in node {node}",
                   f"move it to {want} of its map, or change the declaration (doc/abi.md)")

    hidden = {s for s in defined if s not in exported}
    seen = set()
    for ident, fname, tok in inline_uses:
        if ident in hidden and (ident, fname) not in seen:
            seen.add((ident, fname))
            report(ident, f"used by static inline {fname}() in "
                   f"{os.path.basename(tok.file)}:{tok.line} but not exported",
                   "declare and export it, or do not use it from the header")
    for mname, body, file, line in macros:
        for m in TOKEN_RE.finditer(body):
            if m.lastgroup == "id" and m.group() in hidden and (m.group(), mname) not in seen:
                seen.add((m.group(), mname))
                report(m.group(), f"used by macro {mname} in {os.path.basename(file)}:{line} "
                       "but not exported",
                       "declare and export it, or do not use it from the macro")

    soname, major = soname_major(a.lib)
    for m in a.map:
        for node, _ in map_nodes(m):
            nm = NODE_RE.match(node)
            if not nm:
                report(node, f"version node of {m} not named PREFIX_N, PREFIX_N.M, "
                       "PREFIX_EXPERIMENTAL or PREFIX_INTERNAL", "rename it (doc/abi.md)")
            elif nm.group(2) is not None and int(nm.group(2)) != major:
                report(node, f"stable node of {m} is for ABI {nm.group(2)} but the soname "
                       f"is {soname}", "rename the node or set the library's soversion "
                       "(doc/abi.md: an ABI break renames every stable node)")

    for p in problems:
        print(p)
    print(f"{PROG}: {libname}: {len(exported)} exported, {len(declared)} declared in "
          f"{len(a.header)} headers, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
