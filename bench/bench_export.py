"""Benchmark GEXF and GraphML exports of a generated graph of over a million edges.

    .venv/bin/python bench/bench_export.py [--firms 100000] [--store DIR] [--workdir bench/work]

`--firms 100000` gives 3.3 M quads, 448 k nodes and 1.15 M edges (events as nodes). Without
`--store`, the graph is generated and loaded with the seeds into a scratch store, removed
afterwards (`bench/generated.py`). Every run is a child process of its own, so that its wall
time, CPU time (user + system) and peak RSS (`os.wait4`) are its own:

- the raw engine: pyoxigraph dumping, as N-Triples, the same graphs an export reads;
- the first export after a write, which reads the facts out of the store and saves them beside
  it (`graph.export.fact_cache`);
- each kind of export once those facts are saved, as every later export until the next write.

Prints a Markdown table with each run's ratio to the raw engine. Exit status 0 when every export
with saved facts is under the targets.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generated import generated_store  # noqa: E402
from graph.export import CACHE_FILE  # noqa: E402

TARGET_SECONDS = 20.0
TARGET_MIB = 1536.0
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
RAW = """
import sys
import pyoxigraph as ox
from graph.export import stated_graphs
engine = ox.Store.read_only(sys.argv[1])
quads = 0
with open(sys.argv[2], "wb") as out:
    for name in stated_graphs(engine):
        text = engine.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        quads += text.count(b"\\n")
        out.write(text)
print(quads)
"""
EXPORT = """
import sys
from graph import load_settings, open_dataset
from graph.connections import index_directory
from graph.export import ExportRequest, export_graph
settings = load_settings({"TIEGRAPH_STORE": sys.argv[1]}, settings_file=None)
kg = open_dataset(settings)
with open(sys.argv[2], "wb") as out:
    request = ExportRequest(format=sys.argv[3], events=sys.argv[4], dynamic=sys.argv[5] == "dynamic")
    written = export_graph(kg, out, request, cache=index_directory(settings))
print(written.nodes, written.edges)
"""
COLD = ("gexf", "nodes", "static")
CASES = [("gexf", "nodes", "static"), ("gexf", "nodes", "dynamic"), ("gexf", "edges", "static"), ("graphml", "nodes", "static")]


def measured(code: str, *args: str) -> tuple[str, float, float, float]:
    """Run `code` in a fresh interpreter: its stdout, wall seconds, CPU seconds and peak RSS in MiB."""
    started = time.perf_counter()
    with subprocess.Popen([PYTHON, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out, err = process.stdout.read().decode(), process.stderr.read().decode()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child failed: {err}")
    return out.strip(), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--firms", type=int, default=100_000, help="firms to generate (~33 quads each)")
    parser.add_argument("--store", help="an already loaded on-disk store to export instead")
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "work", help="scratch directory")
    options = parser.parse_args()
    with ExitStack() as stack:
        store = stack.enter_context(generated_store(options.firms, options.workdir, options.store))
        out_dir = store.parent / f"{store.name}-exports"
        out_dir.mkdir(exist_ok=True)
        stack.callback(shutil.rmtree, out_dir, True)
        (store.parent / f"{store.name}-index" / CACHE_FILE).unlink(missing_ok=True)
        quads, raw_wall, raw_cpu, raw_rss = measured(RAW, str(store), os.devnull)
        rows = [("raw engine: pyoxigraph dumps the same graphs", "", "", f"{int(quads):,} quads", raw_wall, raw_cpu, raw_rss, 1.0, "")]
        passed = True
        runs = [("first export after a write", COLD)] + [("facts saved", case) for case in CASES]
        for when, (export_format, events, mode) in runs:
            target = out_dir / f"{events}-{mode}.{export_format}"
            out, wall, cpu, rss = measured(EXPORT, str(store), str(target), export_format, events, mode)
            nodes, edges = (int(n) for n in out.split())
            ok = wall < TARGET_SECONDS and rss < TARGET_MIB
            if when == "facts saved":
                passed &= ok
            label = f"{export_format} {mode}, events as {events} ({when})"
            rows.append((label, f"{nodes:,}", f"{edges:,}", f"{target.stat().st_size / 2**20:,.0f} MiB", wall, cpu, rss, wall / raw_wall, "yes" if ok else "NO"))
            target.unlink()  # 0.5–0.8 GB each, on a shared disk
    print("| run | nodes | edges | output | wall s | CPU s | peak MiB | wall ÷ raw | under target |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, nodes, edges, size, wall, cpu, rss, ratio, ok in rows:
        print(f"| {label} | {nodes} | {edges} | {size} | {wall:.1f} | {cpu:.1f} | {rss:,.0f} | {ratio:.2f} | {ok} |")
    print(f"\nTargets: under {TARGET_SECONDS:.0f} s wall and {TARGET_MIB:.0f} MiB peak per export process, store on disk. "
          f"{os.cpu_count()} cores; CPU s is user + system time of the process (all its threads).")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
