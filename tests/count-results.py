#!/usr/bin/env python3
"""Count meson test results from one or more meson-logs/testlog.json files.

Prints one line per failed test and returns (passed, failed) through stdout as 'P F'.
meson's own summary is not what CI reads; run-all.sh prints the final 'N passed, N failed'.
"""
import json
import sys

PASS = {"OK", "EXPECTEDFAIL"}
SKIP = {"SKIP"}

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path) as f:
            lines = f.readlines()
    except OSError as e:
        print(f"count-results: cannot read {path}: {e}", file=sys.stderr)
        failed += 1
        continue
    for line in lines:
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        res = r.get("result")
        if res in PASS:
            passed += 1
        elif res in SKIP:
            skipped += 1
        else:
            failed += 1
            print(f"FAILED: {r.get('name')} ({res}) in {path}", file=sys.stderr)
print(passed, failed, skipped)
