"""A fact sheet of 30 facts checked and added, beside a plain `tiegraph load` of the same facts as TriG.

    .venv/bin/python bench/bench_sheets.py [--store DIR] [--repeat 3] [--workdir bench/work]

Without `--store`, the seed graph is loaded with `tiegraph load seeds/*.trig` into a scratch store.
Each repetition writes a new sheet (bench/fact_sheet.py: a new firm, its founder, facilities,
incentives and regional figures, naming places already in the store), and times, each in a child
process running the real CLI: `tiegraph check SHEET`, `tiegraph add SHEET`, then `tiegraph load`
of the TriG that `tiegraph check` prints for a second new sheet (the same facts under another
source, so the load is a real write too). Every check follows a write, so it brings the derived
state of names forward as a journalist's next sheet would. Then the same is timed in one process
(`check_sheets`, `add_sheets`, `load_files`), without interpreter start-up, which
`tiegraph --help` measures alone. The store is written to: give a scratch copy.

Target (the fact-sheet issue): check + add under 1 s on the seed graph, 2 s with `--store` (the
3.5 M-quad generated graph), judged on the in-process median: the CLI's start-up alone is most of
a second per command, the same for any command. Exit status 0 when it is met.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fact_sheet import FACTS, fact_sheet  # noqa: E402
from bench.scratch import scratch  # noqa: E402
from graph import engine_of, load_files, load_settings, open_dataset  # noqa: E402
from graph.connections import index_directory  # noqa: E402
from graph.model import PREFIXES  # noqa: E402
from graph.store import keep_beside  # noqa: E402
from graph.sheets import add_sheets, check_sheets  # noqa: E402

TIEGRAPH = str(Path(sys.executable).parent / "tiegraph")
SEED_TARGET_S, LARGE_TARGET_S = 1.0, 2.0
START, CHECK, ADD, LOAD = "CLI start-up: `tiegraph --help`", "CLI: `tiegraph check SHEET`", "CLI: `tiegraph add SHEET`", "CLI: `tiegraph load TRIG`"
CHECK_IN, ADD_IN, LOAD_IN = "in process: `check_sheets`", "in process: `add_sheets`", "in process: `load_files` TRIG"
ROWS = (START, CHECK, ADD, "CLI: check + add", LOAD, CHECK_IN, ADD_IN, "in process: check + add", LOAD_IN)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="an on-disk store to write to (a scratch copy); default: the seeds in a scratch store")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", default=str(ROOT / "bench" / "work"), help="scratch directory (removed if created)")
    args = parser.parse_args()
    target = LARGE_TARGET_S if args.store else SEED_TARGET_S
    with scratch(args.workdir, "sheets-store", "sheets-store-index", "sheets") as (seed_store, _, files):
        files.mkdir()
        store = Path(args.store) if args.store else seed_store
        if not args.store:
            _cli(store, "load", *map(str, sorted((ROOT / "seeds").glob("*.trig"))))
        runs: dict[str, list[float]] = {}
        tag = f"{int(time.time()) % 10**8:08d}"  # new names on every run: an old sheet changes nothing
        runs[START] = [_cli(store, "--help") for _ in range(args.repeat)]
        for n in range(args.repeat):
            sheet, trig = _sheets(files, f"{tag}-c{n}", store)
            runs.setdefault(CHECK, []).append(_cli(store, "check", str(sheet), "-o", os.devnull))
            runs.setdefault(ADD, []).append(_cli(store, "add", str(sheet)))
            runs.setdefault(LOAD, []).append(_cli(store, "load", str(trig)))
        _in_process(store, files, f"{tag}-p", args.repeat, runs)
    _sum(runs, "CLI: check + add", CHECK, ADD)
    _sum(runs, "in process: check + add", CHECK_IN, ADD_IN)
    judged = statistics.median(runs["in process: check + add"])
    _table(runs, {ADD: LOAD, "CLI: check + add": LOAD, ADD_IN: LOAD_IN, "in process: check + add": LOAD_IN})
    print(
        f"\n{FACTS} facts ({'--store ' + args.store if args.store else 'seed graph'}); check + add in process, median "
        f"{judged:.2f} s; target < {target:g} s: {'PASS' if judged < target else 'FAIL'}"
    )
    return 0 if judged < target else 1


def _sheets(directory: Path, tag: str, store: Path) -> tuple[Path, Path]:
    """A new sheet to check and add, and the TriG of another new sheet to load (made by `tiegraph check`)."""
    sheet, twin, trig = (directory / name for name in (f"{tag}.yaml", f"{tag}-trig.yaml", f"{tag}.trig"))
    sheet.write_text(fact_sheet(tag), encoding="utf-8")
    twin.write_text(fact_sheet(f"{tag}-trig"), encoding="utf-8")
    _cli(store, "check", str(twin), "--format", "trig", "-o", str(trig))
    return sheet, trig


def _in_process(store: Path, directory: Path, tag: str, repeat: int, runs: dict[str, list[float]]) -> None:
    """The same three steps in this process, on the store opened as the CLI opens it."""
    settings = load_settings({"TIEGRAPH_STORE": str(store)}, settings_file=None)
    kg = open_dataset(settings)
    keep_beside(engine_of(kg), index_directory(settings))
    try:
        for n in range(repeat):
            sheet = directory / f"{tag}{n}.yaml"
            sheet.write_text(fact_sheet(f"{tag}{n}"), encoding="utf-8")
            runs.setdefault(CHECK_IN, []).append(_timed(lambda: check_sheets(kg, [sheet])))
            runs.setdefault(ADD_IN, []).append(_timed(lambda: add_sheets(kg, [sheet])))
            trig = directory / f"{tag}{n}-load.trig"
            trig.write_bytes(_trig(kg, f"{tag}{n}-load"))
            runs.setdefault(LOAD_IN, []).append(_timed(lambda: load_files(kg, [trig])))
    finally:
        kg.close()


def _trig(kg: Dataset, tag: str) -> bytes:
    """The TriG a new sheet compiles to, as `tiegraph check` prints it."""
    compiled = ox.Store()
    compiled.extend(check_sheets(kg, [(f"{tag}.yaml", fact_sheet(tag))]).quads)
    return compiled.dump(format=ox.RdfFormat.TRIG, prefixes={prefix: str(namespace) for prefix, namespace in PREFIXES.items()})


def _timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def _cli(store: Path, *args: str) -> float:
    """Wall seconds of `tiegraph ARGS…` on `store`, in a child process; stops the run if it fails."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("TIEGRAPH_")}, "TIEGRAPH_STORE": str(store)}
    started = time.perf_counter()
    done = subprocess.run([TIEGRAPH, *args], env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"tiegraph {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds


def _sum(runs: dict[str, list[float]], name: str, *steps: str) -> None:
    runs[name] = [sum(values) for values in zip(*(runs[step] for step in steps))]


def _table(runs: dict[str, list[float]], against: dict[str, str]) -> None:
    print("| run | median, s | min–max, s | ratio |")
    print("| --- | ---: | ---: | --- |")
    for name in ROWS:
        values, base = runs[name], against.get(name)
        ratio = f"{statistics.median(values) / statistics.median(runs[base]):.2f}× {base}" if base else ""
        print(f"| {name} | {statistics.median(values):.2f} | {min(values):.2f}–{max(values):.2f} | {ratio} |")


if __name__ == "__main__":
    sys.exit(main())
