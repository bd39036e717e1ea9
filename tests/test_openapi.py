"""The OpenAPI document is complete: every operation has a unique id and an example."""

from __future__ import annotations

import json
import warnings

import pytest

from api.app import create_app
from graph import load_settings, open_dataset
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def spec() -> dict:
    settings = load_settings({"TIEGRAPH_STORE": "memory"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # FastAPI warns about duplicate operation ids
        return create_app(settings, open_dataset(settings)).openapi()


def operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [(method.upper(), path, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def test_every_operation_has_an_example(spec: dict) -> None:
    missing = [f"{method} {path}" for method, path, op in operations(spec) if "example" not in json.dumps(op)]
    assert missing == []


def test_operation_ids_are_unique(spec: dict) -> None:
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids))


def test_every_operation_documents_its_errors_in_the_one_shape(spec: dict) -> None:
    for method, path, op in operations(spec):
        responses = op["responses"]
        assert "400" in responses and "500" in responses, f"{method} {path}"
        assert all(responses[code]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"} for code in responses if code.startswith(("4", "5"))), f"{method} {path}"
        assert "422" not in responses or method in ("POST", "PUT"), f"{method} {path}: bad parameters are 400 here"


def test_sparql_documents_the_media_types_it_answers(spec: dict) -> None:
    content = spec["paths"]["/sparql"]["get"]["responses"]["200"]["content"]
    assert {"application/sparql-results+json", "text/csv", "text/turtle", "application/n-triples"} <= set(content)


def test_examples_of_writes_never_name_seed_data(spec: dict) -> None:
    seeded = {path.stem for path in (ROOT / "seeds").glob("*.trig")}
    for method, path, op in operations(spec):
        if method in ("PUT", "POST", "DELETE") and path != "/sparql":
            shown = json.dumps(op)
            assert not any(name in shown for name in seeded), f"{method} {path} shows a seed graph in an example"

