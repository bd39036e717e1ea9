"""The OpenAPI document is complete: every operation has a unique id and an example."""

from __future__ import annotations

import json
import warnings

import pytest

from api.app import create_app
from graph import load_settings, open_dataset


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
