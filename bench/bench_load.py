"""Benchmark `tiegraph load` against pyoxigraph's raw bulk loader on the same synthetic file.

    .venv/bin/python bench/bench_load.py --triples 1000000 [--repeat 3] [--workdir bench/work]
    .venv/bin/python bench/bench_load.py --data FILE.nq [--repeat 3]      (a file already generated)

Every measurement runs in its own child process, so its wall time and peak RSS (from
os.wait4) are its own. Exit status 0 when the on-disk ratio tiegraph/raw meets the target.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch  # noqa: E402
from graph.build import write_generated  # noqa: E402

TARGET_RATIO = 1.3  # issue 7's target; the core issue's was 1.5
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
TIEGRAPH = str(Path(PYTHON).parent / "tiegraph")
PROGRESS_BAR = re.compile(r"\[\d{2}:\d{2}[<,]")  # tqdm's elapsed-time stamp, on every bar
RAW = """
import sys, time, pyoxigraph as ox
started = time.perf_counter()
store = ox.Store(sys.argv[2]) if sys.argv[2] != "memory" else ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
store.flush() if sys.argv[2] != "memory" else None
print(f"in {time.perf_counter() - started:.3f} s")
"""
IN_MEMORY = """
import sys
from pathlib import Path
from graph import load_files, load_settings, open_dataset
kg = open_dataset(load_settings({"TIEGRAPH_STORE": "memory"}, settings_file=None))
report = load_files(kg, [Path(sys.argv[1])])
print(f"loaded {report.quads} quads in {report.seconds:.3f} s")
"""


@dataclass
class Run:
    """One child process: wall seconds, seconds it reported for the load itself, peak RSS."""

    wall: float
    inner: float
    rss_mib: float
    stderr: str
    timed_out: bool = False


def main() -> int:
    args = _arguments()
    if args.data:
        data = Path(args.data).resolve()
        with scratch(args.workdir) as _:
            results = _measure(data, Path(args.workdir).resolve(), args)
            return _report(results, sum(1 for _ in data.open("rb")), data, args.repeat)
    with scratch(args.workdir, "synthetic.nq") as (data,):
        quads = _generate(data, args.triples)
        results = _measure(data, data.parent, args)
        return _report(results, quads, data, args.repeat)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="about how many quads to generate")
    parser.add_argument("--data", help="an N-Quads file to load instead of generating one (one quad a line)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    parser.add_argument("--workdir", default=str(ROOT / "bench" / "work"), help="scratch directory (removed if created)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds any one child may take")
    parser.add_argument("--no-memory", action="store_true", help="skip the in-memory comparison")
    return parser.parse_args()


def _generate(path: Path, triples: int) -> int:
    per_firm = write_generated(io.BytesIO(), 1000) / 1000
    started = time.perf_counter()
    quads = write_generated(path, max(1, round(triples / per_firm)))
    seconds = time.perf_counter() - started
    print(f"generated {quads:,} quads ({path.stat().st_size / 2**20:.0f} MiB) in {seconds:.1f} s: {path}", flush=True)
    return quads


def _measure(data: Path, workdir: Path, args: argparse.Namespace) -> dict[tuple[str, str], list[Run]]:
    modes = ["on disk"] + ([] if args.no_memory else ["in memory"])
    results: dict[tuple[str, str], list[Run]] = {}
    for round_ in range(args.repeat):
        for mode in modes:
            for loader in ("raw", "tiegraph"):
                if any(r.timed_out for r in results.get((mode, loader), [])):
                    continue  # once over the time limit, not again
                store = Path(tempfile.mkdtemp(prefix="store-", dir=workdir))
                try:
                    run = _run_child(_command(loader, mode, data, store), store, args.timeout)
                finally:
                    shutil.rmtree(store, ignore_errors=True)
                results.setdefault((mode, loader), []).append(run)
                late = " (timed out)" if run.timed_out else ""
                print(f"  round {round_ + 1} {mode:9} {loader:8} {run.wall:7.2f} s wall{late}, {run.inner:7.2f} s inside, {run.rss_mib:6.0f} MiB", flush=True)
    return results


def _command(loader: str, mode: str, data: Path, store: Path) -> list[str]:
    if loader == "raw":
        return [PYTHON, "-c", RAW, str(data), str(store) if mode == "on disk" else "memory"]
    if mode == "on disk":
        return [TIEGRAPH, "load", str(data), "--progress"]
    return [PYTHON, "-c", IN_MEMORY, str(data)]


def _run_child(command: list[str], store: Path, timeout: float) -> Run:
    """Run `command` with TIEGRAPH_STORE=`store`; wall time and peak RSS come from wait4."""
    env = {**os.environ, "TIEGRAPH_STORE": str(store), "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=ROOT)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                child.kill()
                _, _, usage = os.wait4(child.pid, 0)
                err.seek(0)
                return Run(timeout, float("nan"), usage.ru_maxrss / 1024, err.read().decode(errors="replace"), True)
            time.sleep(0.01)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if child.returncode:
        raise SystemExit(f"failed ({child.returncode}): {' '.join(command[:3])}\n{stdout}\n{stderr[-3000:]}")
    inner = re.search(r"in ([\d.]+) s", stdout)
    return Run(wall, float(inner.group(1)) if inner else float("nan"), usage.ru_maxrss / 1024, stderr)


def _spread(runs: list[Run], attribute: str = "wall") -> str:
    if any(r.timed_out for r in runs):
        return f"> {runs[0].wall:.0f} (timed out)"
    values = [getattr(r, attribute) for r in runs]
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def _report(results: dict[tuple[str, str], list[Run]], quads: int, data: Path, repeat: int) -> int:
    print(f"\n{quads:,} quads, {repeat} run(s) each; wall time of a child process, peak RSS of that child\n")
    print("| mode | raw median s (min–max) | tiegraph median s (min–max) | ratio tiegraph/raw | tiegraph quads/s | peak memory raw / tiegraph |")
    print("|---|---|---|---|---|---|")
    verdict = 1
    for mode in dict.fromkeys(m for m, _ in results):
        raw, tie = results[(mode, "raw")], results[(mode, "tiegraph")]
        ratio = statistics.median(r.wall for r in tie) / statistics.median(r.wall for r in raw)
        memory = f"{max(r.rss_mib for r in raw):.0f} / {max(r.rss_mib for r in tie):.0f} MiB"
        shown = f"> {ratio:.1f}" if any(r.timed_out for r in tie) else f"{ratio:.2f}"
        rate = quads / statistics.median(r.wall for r in tie)
        print(f"| {mode} | {_spread(raw)} | {_spread(tie)} | {shown} | {rate:,.0f} | {memory} |")
        if mode == "on disk":
            verdict = 0 if ratio <= TARGET_RATIO else 1
    print("\ninside the child (load call only, no interpreter start-up):")
    for (mode, loader), runs in results.items():
        print(f"  {mode:9} {loader:8} {_spread(runs, 'inner')} s")
    shown = all(PROGRESS_BAR.search(r.stderr) for r in results[("on disk", "tiegraph")])
    print(f"\nprogress bar on stderr of `tiegraph load --progress`: {'yes' if shown else 'NO'}")
    print(f"on-disk target ratio ≤ {TARGET_RATIO}: {'PASS' if verdict == 0 else 'FAIL'}")
    return verdict if shown else 1


if __name__ == "__main__":
    sys.exit(main())
