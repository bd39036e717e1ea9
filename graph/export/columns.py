"""What the streaming GEXF and GraphML writers share: typed attribute columns and safe XML text.

Both formats declare attribute types before the first node, while a streamed projection only
reveals its attributes as it goes. The writers therefore render edges into a temporary file,
keep the (far fewer) nodes in memory, and write the declarations once everything has been seen:
`Columns` infers each attribute's type from every value it was given, and `Spool` is the file.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import BinaryIO

from graph.export.projection import Value

FLUSH_CHARACTERS = 1 << 20
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Columns:
    """Attribute names, each with the narrowest type all its values fit."""

    def __init__(self) -> None:
        self.kinds: dict[str, set[type]] = {}

    def add(self, attributes: Mapping[str, Value]) -> None:
        kinds = self.kinds
        for name, value in attributes.items():
            seen = kinds.get(name)
            if seen is None:
                kinds[name] = {type(value)}
            else:
                seen.add(type(value))

    def typed(self) -> list[tuple[str, str]]:
        """(name, one of boolean / long / double / string) by name: the order values arrive in
        follows the engine's, which varies with the store's history, and equal graphs must
        export equal bytes."""
        return [(name, _type_of(self.kinds[name])) for name in sorted(self.kinds)]


def _type_of(kinds: set[type]) -> str:
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    return "string"


@lru_cache(maxsize=1 << 16)  # sources, kinds, dates and currencies repeat on thousands of elements
def attribute(text: str) -> str:
    """`text` escaped for a double-quoted XML attribute; characters XML forbids are dropped."""
    # Millions of calls per export, nearly all on text that needs no escaping: test that first.
    if text.isprintable() and "&" not in text and "<" not in text and ">" not in text and '"' not in text:
        return text
    if "&" in text:
        text = text.replace("&", "&amp;")
    if not text.isprintable():  # control characters are rare: the regular expression seldom runs
        text = NOT_XML.sub("", text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@cache
def name_text(name: str) -> str:
    """An attribute name escaped for XML; names are few, so each is escaped once."""
    return attribute(name)


def iri_text(iri: str) -> str:
    """An entity IRI, or IRIs and prefixed names joined by spaces (an edge id), escaped for XML:
    Oxigraph admits no `<`, `>`, `"`, space or control character in an IRI."""
    return iri.replace("&", "&amp;") if "&" in iri else iri


def lone_text(values: Mapping[str, Value]) -> tuple[str, str] | None:
    """(name, value) when `values` holds one attribute and it is text, as most edges do (their
    source document, shared with the document's other facts): writers render those once each."""
    if len(values) == 1:
        for name, value in values.items():
            if type(value) is str:
                return name, value
    return None


def value_text(value: Value) -> str:
    """A value escaped for XML as GEXF and GraphML spell it: booleans in lower case, numbers as Python prints them."""
    if type(value) is str:
        return attribute(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Spool:
    """A temporary file that collects rendered text in large UTF-8 chunks, then copies itself out."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()
        self.parts: list[str] = []
        self.size = 0
        self.count = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        self.count += 1
        if self.size >= FLUSH_CHARACTERS:
            self.flush()

    def flush(self) -> None:
        self.file.write("".join(self.parts).encode("utf-8"))
        self.parts.clear()
        self.size = 0

    def copy_to(self, out: BinaryIO) -> None:
        self.flush()
        self.file.seek(0)
        shutil.copyfileobj(self.file, out, 1 << 20)

    def close(self) -> None:
        self.file.close()
