"""The published schemas in ../shared/specs (beside the checkout, in development and in CI alike),
loaded once per test module, or the test skipped where the folder is absent."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

SPECS = Path(__file__).resolve().parents[2] / "shared" / "specs"


def schema(relative: str) -> etree.XMLSchema | etree.RelaxNG:
    """An XSD (`.xsd`) or RELAX NG (`.rng`) schema under ../shared/specs."""
    path = SPECS / relative
    if not path.exists():
        pytest.skip(f"schema not found at {path}")
    parsed = etree.parse(str(path))
    return etree.RelaxNG(parsed) if path.suffix == ".rng" else etree.XMLSchema(parsed)
