"""The whole benchmark suite on one generated graph; writes bench/RESULTS.md.

    make bench SIZE=100000        (or: .venv/bin/python bench/suite.py --firms 100000)

Generates `write_generated(firms, seed=0)` once, then runs each benchmark in its own process on
that graph: bulk load against pyoxigraph's loader on the same file (bench_load.py), one store
loaded from it (with the seeds) for the rest: service start-up and memory (bench_startup.py),
the SPARQL mix and look-up/search throughput (bench_service.py), the search index
(bench_lookup.py), GEXF/GraphML export (bench_export.py), paths and ties (bench_paths.py), the
ledger (bench_ledger.py), the explorer's entity page in a browser (bench_explorer.py); then
the writing ones: fact sheets checked and added (bench_sheets.py, on the seeds alone too) and one
article written over HTTP (bench_write.py). Each
prints its own Markdown tables, copied into RESULTS.md with the machine, versions and command.
Exit status 0 when every benchmark met its targets.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generated import generated_store  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
PACKAGES = ("pyoxigraph", "rdflib", "fastapi", "uvicorn", "uvloop", "httptools", "pyshacl", "networkx")


@dataclass
class Section:
    """One benchmark's run: its command, exit status, minutes and the tables it printed."""

    title: str
    command: str
    status: int
    minutes: float
    tables: str


@dataclass
class Suite:
    """The sections run so far, written to `output` after each one, so that a run cut short
    still leaves what it measured."""

    firms: int
    output: Path
    started: float = field(default_factory=time.perf_counter)
    sections: list[Section] = field(default_factory=list)

    def run(self, title: str, script: str, *options: str) -> None:
        command = " ".join([script, *options]).replace(f"{ROOT}/", "")  # paths as from the project root
        print(f"== {title}: {command}", file=sys.stderr, flush=True)
        began = time.perf_counter()
        done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *options], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
        self.sections.append(Section(title, command, done.returncode, (time.perf_counter() - began) / 60, done.stdout.strip()))
        print(done.stdout, flush=True)
        self.write()

    def write(self) -> None:
        lines = [
            "# Benchmark results",
            "",
            f"Command: `make bench SIZE={self.firms}` (`bench/suite.py --firms {self.firms}`), run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, "
            f"{(time.perf_counter() - self.started) / 60:.1f} minutes in all.",
            "",
            f"Machine: {_cpu_model()}, {os.cpu_count()} cores, {_memory_gib():.0f} GiB RAM, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; " + ", ".join(f"{name} {_version(name)}" for name in PACKAGES) + ".",
            "Client and servers share the machine. Ratios are against the raw engine (pyoxigraph called directly with the same "
            "query and the same serialisation) or against a bare FastAPI endpoint, measured in the same run.",
            "",
            "| section | command | verdict | minutes |",
            "| --- | --- | --- | --- |",
            *(f"| {s.title} | `python bench/{s.command}` | {'targets met' if s.status == 0 else 'a target missed'} | {s.minutes:.1f} |" for s in self.sections),
        ]
        for s in self.sections:
            lines += ["", f"## {s.title}", "", f"`python bench/{s.command}`", "", s.tables]
        self.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=100_000, help="firms to generate (~33 quads each)")
    parser.add_argument("--workdir", default=str(ROOT / "bench" / "work"), help="scratch directory (removed if created)")
    parser.add_argument("--output", default=str(RESULTS), help="where to write the results")
    args = parser.parse_args()
    suite = Suite(args.firms, Path(args.output))
    with generated_store(args.firms, args.workdir) as store:
        data, firms = str(store.parent / "generated.nq"), str(args.firms)
        suite.run("Bulk load", "bench_load.py", "--data", data, "--repeat", "3", "--no-memory", "--workdir", args.workdir)
        suite.run("Start-up and memory", "bench_startup.py", "--store", str(store))
        suite.run("SPARQL mix and HTTP throughput", "bench_service.py", "--store", str(store), "--firms", firms, "--repeat", "9")
        suite.run("Search index", "bench_lookup.py", "--store", str(store), "--firms", firms)
        suite.run("Export", "bench_export.py", "--store", str(store))
        suite.run("Paths and ties", "bench_paths.py", "--store", str(store), "--firms", firms)
        suite.run("Incentive ledger", "bench_ledger.py", "--store", str(store))
        suite.run("Explorer, seed graph", "bench_explorer.py")
        suite.run("Explorer", "bench_explorer.py", "--store", str(store))
        suite.run("Fact sheets, seed graph", "bench_sheets.py", "--workdir", args.workdir)
        suite.run("Fact sheets", "bench_sheets.py", "--store", str(store), "--workdir", args.workdir)  # writes: before the last
        suite.run("One-article write", "bench_write.py", "--store", str(store), "--firms", firms)  # last: it writes
    print(f"wrote {suite.output} in {(time.perf_counter() - suite.started) / 60:.1f} minutes", file=sys.stderr)
    return 1 if any(s.status for s in suite.sections) else 0


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 2**20
    return float("nan")


def _version(name: str) -> str:
    try:
        return version(name)
    except Exception:  # noqa: BLE001  (a package that is not installed is reported as such)
        return "not installed"


if __name__ == "__main__":
    raise SystemExit(main())
