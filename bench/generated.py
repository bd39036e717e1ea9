"""A generated graph loaded into an on-disk store, for the benchmarks that need one."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.scratch import scratch
from graph import load_files, load_settings, open_dataset
from graph.build import write_generated

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def generated_store(firms: int, workdir: str | Path, existing: str | None = None) -> Iterator[Path]:
    """`existing` if given; else `write_generated(firms, seed=0)` plus the seeds, loaded through
    `graph.load_files` into a scratch store that is removed afterwards."""
    if existing:
        yield Path(existing)
        return
    with scratch(workdir, "generated.nq", "generated-store", "generated-store-index") as (data, store, _):
        started = time.perf_counter()
        quads = write_generated(data, firms=firms, seed=0)
        kg = open_dataset(load_settings({"TIEGRAPH_STORE": str(store)}, settings_file=None))
        try:
            load_files(kg, [data, *sorted((ROOT / "seeds").glob("*.trig"))], exclusive=True)
        finally:
            kg.close()
        print(f"generated and loaded {quads:,} quads in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        yield store
