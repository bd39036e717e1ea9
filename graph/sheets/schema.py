"""The JSON Schema of fact sheets, made from the ontology, so that an editor completes relation
and class names and flags a misspelt field as the sheet is written. Served at
`/facts/schema.json`; a copy is kept in `docs/fact-sheet.schema.json` for editors offline.

The schema can only check shape and spelling; names, values and shapes are judged by
`tiegraph check`.
"""

from __future__ import annotations

from typing import Any

from graph.sheets.compiling import SOURCE_FIELDS
from graph.sheets.terms import vocabulary

SCHEMA_ID = "https://tiegraph.org/schemas/fact-sheet.schema.json"


def sheet_schema() -> dict[str, Any]:
    terms = vocabulary()
    relations = sorted({r.name for r in terms.relations.values()})
    classes = sorted(set(terms.class_names.values()))
    text, names, value, class_names, at = ({"$ref": f"#/$defs/{name}"} for name in ("text", "names", "value", "classNames", "at"))
    relation_name = {"type": "string", "examples": relations}
    labelled = {"id": text, "label": names, "zh": names, "aliases": names}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "tiegraph fact sheet",
        "description": "One source document's facts, by name (docs/fact-sheets.md). Checked by `tiegraph check`.",
        "type": "object",
        "required": ["source"],
        "additionalProperties": False,
        "properties": {
            "source": {
                "type": "object",
                "required": ["title"],
                "additionalProperties": False,
                "properties": {"id": text, "type": class_names, **{name: {"type": ["string", "number", "boolean"]} for name in SOURCE_FIELDS}},
            },
            "entities": {"type": "array", "items": {"$ref": "#/$defs/relations", "type": "object", "required": ["name"], "properties": {"name": text, "a": class_names, **labelled}, "unevaluatedProperties": False}},
            "facts": {
                "type": "array",
                "items": {
                    "anyOf": [
                        {"type": "array", "prefixItems": [text, relation_name, value, at], "minItems": 3, "maxItems": 4},
                        {"type": "object", "required": ["subject", "relation", "object"], "properties": {"subject": text, "relation": relation_name, "object": value, "at": at}, "additionalProperties": False},
                        {"$ref": "#/$defs/relations", "type": "object", "required": ["event"], "properties": {"event": class_names, "at": at, **labelled}, "unevaluatedProperties": False},
                    ]
                },
            },
        },
        "$defs": {
            "text": {"type": ["string", "number"]},
            "at": {
                "description": "Where the source states the fact: a paragraph from 1 (¶3), characters from 0 (chars 120-245), or both (¶3, chars 120-245).",
                "type": ["string", "integer"],
                "examples": ["¶3", "chars 120-245", "¶3, chars 120-245"],
            },
            "names": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "value": {"anyOf": [{"type": ["string", "number", "boolean"]}, {"type": "array", "items": {"type": ["string", "number", "boolean"]}}]},
            "classNames": {"anyOf": [{"type": "string", "examples": classes}, {"type": "array", "items": {"type": "string", "examples": classes}}]},
            "relations": {"properties": {name: {"$ref": "#/$defs/value"} for name in relations}},
        },
    }
