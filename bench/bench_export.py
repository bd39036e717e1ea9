"""Benchmark GEXF and GraphML exports of a generated graph of over a million edges.

    .venv/bin/python bench/bench_export.py [--firms 100000] [--workdir bench/work]

Generates `--firms` synthetic firms (about 30 triples each), loads them into an on-disk store
with the real loader, then runs each export in its own child process so that its wall time and
peak RSS (os.wait4) are its own. Exit status 0 when every export meets the targets.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.generator import write_generated  # noqa: E402

TARGET_SECONDS = 20.0
TARGET_MIB = 1536.0
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
LOAD = """
import sys
from pathlib import Path
from graph import load_files, load_settings, open_dataset
kg = open_dataset(load_settings({"TIEGRAPH_STORE": sys.argv[2]}, settings_file=None))
report = load_files(kg, [Path(sys.argv[1])])
kg.close()
print(f"loaded {report.quads} quads in {report.seconds:.1f} s")
"""
EXPORT = """
import sys, time
from graph import load_settings, open_dataset
from graph.export import ExportRequest, export_graph
kg = open_dataset(load_settings({"TIEGRAPH_STORE": sys.argv[1]}, settings_file=None))
started = time.perf_counter()
with open(sys.argv[2], "wb") as out:
    written = export_graph(kg, out, ExportRequest(format=sys.argv[3], events=sys.argv[4], dynamic=sys.argv[5] == "dynamic"))
print(written.nodes, written.edges, f"{time.perf_counter() - started:.3f}")
"""
CASES = [("gexf", "nodes", "static"), ("gexf", "nodes", "dynamic"), ("gexf", "edges", "static"), ("graphml", "nodes", "static")]


def child(code: str, *args: str) -> tuple[str, float, float]:
    """Run `code` in a fresh interpreter; its stdout, wall seconds and peak RSS in MiB."""
    started = time.perf_counter()
    process = subprocess.Popen([PYTHON, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    out, err = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child failed: {err}")
    return out.strip(), wall, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "work")
    options = parser.parse_args()
    work = options.workdir / f"export-{options.firms}"
    work.mkdir(parents=True, exist_ok=True)
    data, store = work / "generated.nq", work / "store"
    if not store.exists():
        quads = write_generated(data, firms=options.firms, seed=0)
        print(f"generated {quads} quads for {options.firms} firms", file=sys.stderr)
        print(child(LOAD, str(data), str(store))[0], file=sys.stderr)
    rows, passed = [], True
    for export_format, events, mode in CASES:
        target = work / f"out-{events}-{mode}.{export_format}"
        out, wall, rss = child(EXPORT, str(store), str(target), export_format, events, mode)
        nodes, edges, inner = out.split()
        ok = wall < TARGET_SECONDS and rss < TARGET_MIB
        passed &= ok
        rows.append((f"{export_format} {mode}, events as {events}", nodes, edges, inner, f"{wall:.1f}", f"{rss:.0f}", f"{target.stat().st_size / 2**20:.0f}", "yes" if ok else "NO"))
    header = ("export", "nodes", "edges", "export s", "process s", "peak MiB", "file MiB", "ok")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)))
    print(f"\ntargets: under {TARGET_SECONDS:.0f} s and {TARGET_MIB:.0f} MiB peak per export process (store on disk)")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
