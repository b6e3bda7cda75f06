#!/usr/bin/env python3
"""Where a process's resident memory is, from /proc/PID/smaps (docs/performance.md, "RSS breakdown").

Usage: docs/bench/rss-breakdown.py PID [INDEX_DIR]
Groups every mapping's Rss into: the executable (its code and image heap, file-backed), each shared library, the
mapped index files (FAISS lists and sidecars under INDEX_DIR), thread stacks, and anonymous memory (the Java heap,
malloc'd native memory: FAISS quantizers and scratch, OpenBLAS buffers, JavaCPP). Prints a Markdown table in MiB,
largest first, and the total (which matches VmRSS).
"""
import os
import re
import sys
from collections import defaultdict

pid = sys.argv[1]
index_dir = os.path.realpath(sys.argv[2]) if len(sys.argv) > 2 else None
exe = os.path.realpath(f"/proc/{pid}/exe")
groups = defaultdict(int)
header = re.compile(r"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$")
current = None
with open(f"/proc/{pid}/smaps") as smaps:
    for line in smaps:
        m = header.match(line)
        if m:
            path = m.group(1).strip()
            if path == exe:
                current = "executable (code, image heap)"
            elif index_dir and path.startswith(index_dir):
                current = "mapped index files (FAISS lists, sidecars)"
            elif path.startswith("/") and ".so" in path:
                current = "library " + os.path.basename(path).split(".so")[0]
            elif path.startswith("[stack"):
                current = "main thread stack"
            elif path.startswith("/"):
                current = "other files"
            else:
                # thread stacks are anonymous mappings too; they are counted with anonymous memory
                current = "anonymous (Java heap, native allocations, thread stacks)"
        elif line.startswith("Rss:") and current:
            groups[current] += int(line.split()[1])

total = sum(groups.values())
print("| part | RSS MiB |")
print("|---|---|")
for name, kib in sorted(groups.items(), key=lambda kv: -kv[1]):
    if kib >= 512:
        print(f"| {name} | {kib / 1024:.1f} |")
rest = sum(kib for kib in groups.values() if kib < 512)
if rest:
    print(f"| smaller mappings | {rest / 1024:.1f} |")
print(f"| **total** | **{total / 1024:.1f}** |")
