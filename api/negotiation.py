"""Pick a response format from an HTTP Accept header (RFC 9110 quality values and wildcards)."""

from __future__ import annotations

from collections.abc import Sequence


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of `header`, best first; an absent header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [field.strip() for field in part.split(";")]
        quality = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if fields[0]:
            ranges.append((fields[0].lower(), quality, -position))
    ranges.sort(key=lambda r: (r[1], _specificity(r[0]), r[2]), reverse=True)
    return [(media_range, quality) for media_range, quality, _ in ranges]


def choose(header: str | None, offers: Sequence[str]) -> str | None:
    """The offered media type the client prefers most, the first offer on a tie, None if none fits."""
    ranges = parse_accept(header)
    refused = {media_range for media_range, quality in ranges if quality <= 0}
    best: tuple[float, int, int] | None = None
    chosen = None
    for media_range, quality in ranges:
        if quality <= 0:
            continue
        for index, offer in enumerate(offers):
            if offer not in refused and _matches(media_range, offer):
                rank = (quality, _specificity(media_range), -index)
                if best is None or rank > best:
                    best, chosen = rank, offer
    return chosen


def _matches(media_range: str, offer: str) -> bool:
    if media_range == "*/*":
        return True
    kind, _, subtype = media_range.partition("/")
    return media_range == offer or (subtype == "*" and offer.startswith(kind + "/"))


def _specificity(media_range: str) -> int:
    return 0 if media_range == "*/*" else 1 if media_range.endswith("/*") else 2
