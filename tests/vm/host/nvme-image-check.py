#!/usr/bin/env python3
"""Check, on the host, the blocks nvme-check (tests/vm/progs) wrote through the nvme PMD:

    nvme-image-check.py IMAGE 'PATTERN-WRITTEN lba=100 blocks=8 block_size=512 seed=N' ...

Every PATTERN-WRITTEN record in the arguments (one or more lines, repeats counted once) is
checked. Rebuilds the pattern (each block: "openeal nvme lba %08u seed %010u\\n" repeated) and compares
it with the disk image at lba * block_size. Exit 0 when all are equal.
"""
import re
import sys


def check(image, lba, blocks, bs, seed):
    expect = bytearray()
    for b in range(blocks):
        text = f"openeal nvme lba {lba + b:08d} seed {seed:010d}\n".encode()
        expect += (text * (bs // len(text) + 1))[:bs]
    with open(image, "rb") as f:
        f.seek(lba * bs)
        got = f.read(len(expect))
    if got != expect:
        first = next((i for i in range(len(expect)) if i >= len(got) or got[i] != expect[i]), 0)
        print(f"FAIL: {image} at byte {lba * bs + first}: the pattern (seed {seed}) is not there")
        return 1
    print(f"ok: {image}: {blocks} blocks at LBA {lba} hold the pattern of seed {seed}")
    return 0


def main():
    image, text = sys.argv[1], " ".join(sys.argv[2:])
    runs = sorted(set(re.findall(r"lba=(\d+) blocks=(\d+) block_size=(\d+) seed=(\d+)", text)))
    if not runs:
        print(f"FAIL: no PATTERN-WRITTEN line from the guest (got {text!r})")
        return 1
    return max(check(image, *(int(x) for x in run)) for run in runs)


if __name__ == "__main__":
    sys.exit(main())
