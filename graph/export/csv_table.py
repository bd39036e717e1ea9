"""Rows of plain values as CSV: a header row, then one line per row, in UTF-8 once encoded; what
spreadsheets and `csv.DictReader` read back (the ledger and the tie tables share it)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence


def csv_text(rows: Iterable[dict[str, object]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
