#!/usr/bin/env python3
"""Parts of native boots' CPU samples (perf script -F comm,tid,ip,sym output, one file per boot): a sample counts
for every part whose frame is on its stack, so parts overlap (a garbage collection inside Hibernate counts for
both). Prints a Markdown table: one column per boot, samples and their share of the boot's."""
import re
import sys

PARTS = [
    ("class-path resource look-ups (the resource table's record key)", ["Resources_getAtRuntime"]),
    ("runtime configuration (SmallRye Config)", ["SmallRyeConfigBuilder_build"]),
    ("OpenAPI document", ["OpenApiRecorder_prepareDocument"]),
    ("Hibernate ORM (its own thread)", ["JPAConfig$1_run"]),
    ("Flyway set up (neither validates nor migrates)", ["FlywayContainerProducer_createFlyway"]),
    ("our start-up observers (settings, schema version, stations, catalog)",
     ["SettingsCheck_onStart", "SchemaVersionCheck_onStart", "DataBootstrap_onStart"]),
    ("FAISS, OpenBLAS and JavaCPP loading (a thread of its own)", ["thread:faiss-load"]),
    ("garbage collection", ["GCImpl_collectOperation"]),
    ("method handles, interpreted (anywhere)", ["MethodHandle_invokeBasic"]),
]


def stacks(path):
    """(thread name, {frames}) per sample; native symbols lose their hash suffix. A sample is a header line (the
    thread's name, which may start with a space, and its id) and its frames, up to a blank line."""
    current = None
    for line in open(path):
        if not line.strip():
            if current:
                yield current
            current = None
        elif current is None:
            current = (line.rsplit(None, 1)[0].strip(), set())
        else:
            parts = line.split(None, 1)
            if len(parts) > 1:
                current[1].add(re.sub(r"_[A-Za-z0-9]{20,}$", "", parts[1].strip()))
    if current:
        yield current


def main(paths):
    boots = [list(stacks(p)) for p in paths]
    print("| part | " + " | ".join(p.rsplit("/", 1)[-1].removesuffix(".txt") for p in paths) + " |")
    print("|---|" + "---|" * len(paths))
    print("| all samples | " + " | ".join(str(len(b)) for b in boots) + " |")
    for name, marks in PARTS:
        cells = []
        for boot in boots:
            hits = sum(1 for thread, frames in boot if any(
                thread.startswith(m[7:]) if m.startswith("thread:") else m in frames for m in marks))
            cells.append(f"{hits} ({100 * hits / max(len(boot), 1):.0f} %)")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
