#!/usr/bin/env python3
"""Check the `openeal doctor --json` reports a guest printed on its console.

usage: doctor-check.py CONSOLE_LOG LABEL EXPECTATION...

The guest prints each report base64-encoded (so that nothing on the serial line can be taken
for JSON, and a damaged line shows up as a decoding error) between two marker lines:

    DOCTOR-JSON-BEGIN <label>
    <base64 lines>
    DOCTOR-JSON-END <label>

The report is parsed with Python's json module (a malformed report fails every expectation)
and each EXPECTATION is checked against it:

    PATH==JSON    the value at PATH equals the JSON literal (true, 39, "VA", null, [...])
    PATH=~REGEX   the value at PATH is a string that REGEX matches (re.search)

PATH is dot-separated keys, with [N] for the N-th element of an array and [KEY=VALUE] for the
element whose KEY is the string VALUE: devices[address=0000:00:02.0].verdict.

Prints "ok: ..." or "FAIL: ..." per expectation, like the guest's checks; exits 1 if any
failed or the report is missing.
"""

import base64
import json
import re
import sys


def report(log_path, label):
    lines = open(log_path, encoding="utf-8", errors="replace").read().replace("\r", "").split("\n")
    try:
        start = lines.index("DOCTOR-JSON-BEGIN " + label)
        end = lines.index("DOCTOR-JSON-END " + label, start)
    except ValueError:
        raise SystemExit(f"FAIL: doctor report '{label}' not found on the console")
    text = base64.b64decode("".join(lines[start + 1:end]), validate=True).decode()
    return json.loads(text)


def lookup(value, path):
    for part in re.findall(r"[^.\[\]]+|\[[^\]]*\]", path):
        if part.startswith("["):
            sel = part[1:-1]
            if "=" in sel:
                key, want = sel.split("=", 1)
                value = next(e for e in value if isinstance(e, dict) and e.get(key) == want)
            else:
                value = value[int(sel)]
        else:
            value = value[part]
    return value


def check(doc, expectation):
    if "==" in expectation:
        path, literal = expectation.split("==", 1)
        want = json.loads(literal)
        got = lookup(doc, path)
        return got == want, path, f"expected {json.dumps(want)}, got {json.dumps(got)}"
    if "=~" in expectation:
        path, regex = expectation.split("=~", 1)
        got = lookup(doc, path)
        ok = isinstance(got, str) and re.search(regex, got) is not None
        return ok, path, f"expected a string matching /{regex}/, got {json.dumps(got)}"
    raise SystemExit(f"doctor-check: bad expectation '{expectation}' (PATH==JSON or PATH=~RE)")


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    log_path, label = sys.argv[1], sys.argv[2]
    doc = report(log_path, label)
    failed = 0
    for expectation in sys.argv[3:]:
        try:
            ok, path, detail = check(doc, expectation)
        except (KeyError, IndexError, StopIteration, TypeError, ValueError) as e:
            ok, path, detail = False, expectation, f"no such value ({type(e).__name__})"
        if ok:
            print(f"ok: doctor {label}: {path} = {detail.split('got ', 1)[-1]}")
        else:
            print(f"FAIL: doctor {label}: {path}: {detail}")
            failed += 1
    print(f"doctor {label}: {len(sys.argv) - 3 - failed} ok, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
