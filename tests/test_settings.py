"""Settings come from TIEGRAPH_* variables or a settings file, and each one is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import Settings, SettingsError, load_settings
from tests.conftest import ROOT


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in Settings.model_fields])
def test_setting_is_documented(name: str) -> None:
    assert f"`TIEGRAPH_{name.upper()}`" in (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")


def test_environment_wins_over_the_settings_file(tmp_path: Path) -> None:
    settings_file = tmp_path / "tiegraph.env"
    settings_file.write_text("# comment\nTIEGRAPH_STORE=memory\nTIEGRAPH_QUERY_TIMEOUT=5\n", encoding="utf-8")
    settings = load_settings({"TIEGRAPH_QUERY_TIMEOUT": "7", "TIEGRAPH_SERVICE_ALLOW": "a.example, b.example"}, settings_file)
    assert settings.store == "memory" and settings.query_timeout == 7
    assert settings.service_allow == ["a.example", "b.example"]


def test_defaults_are_safe() -> None:
    settings = load_settings({})
    assert settings.token is None and settings.service_allow == [] and settings.query_timeout == 30
    assert settings.store.endswith("data")


def test_bad_value_names_the_variable() -> None:
    with pytest.raises(SettingsError, match="TIEGRAPH_QUERY_TIMEOUT='-1'"):
        load_settings({"TIEGRAPH_QUERY_TIMEOUT": "-1"})


def test_missing_settings_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings({}, tmp_path / "absent.env")
