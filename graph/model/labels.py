"""The one rule for the label an entity is shown by: English, else untagged, else any language;
within a tier the first in text order, so the choice never depends on the order a store returns."""

from __future__ import annotations

from collections.abc import Iterable


def label_rank(language: str | None) -> int:
    """0 for English, 1 for an untagged label, 2 for any other language."""
    return 0 if language == "en" else 1 if not language else 2


def best_label(labels: Iterable[tuple[str | None, str]]) -> str | None:
    """The label to show among (language tag, text) pairs; None when there are none."""
    return min(((label_rank(language), text) for language, text in labels), default=(0, None))[1]
