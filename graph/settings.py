"""Typed settings read from `TIEGRAPH_*` environment variables or a settings file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graph.errors import SettingsError

DEFAULT_STORE = "data"  # relative to the working directory, as `make run` in a checkout expects
DEFAULT_SETTINGS_FILE = "tiegraph.env"


class Settings(BaseSettings):
    """Every knob of tiegraph; each field is documented in the README's settings table."""

    model_config = SettingsConfigDict(env_prefix="TIEGRAPH_", extra="ignore")

    store: str = Field(
        default=DEFAULT_STORE,
        description="Embedded store directory, `memory`, or a SPARQL endpoint URL.",
    )
    update_url: str | None = Field(default=None, description="SPARQL update URL of a remote store.")
    remote_user: str | None = Field(default=None, description="User name for HTTP basic authentication at a remote store.")
    remote_password: str | None = Field(default=None, description="Password for HTTP basic authentication at a remote store.")
    remote_timeout: float = Field(default=300.0, gt=0, description="Seconds tiegraph waits for a remote store's answer to its own requests.")
    token: str | None = Field(default=None, description="Bearer token that writes over HTTP must carry.")
    query_timeout: float = Field(default=30.0, gt=0, description="Seconds a SPARQL query may run.")
    max_rows: int = Field(default=100_000, ge=0, description="Most rows (or triples) a /sparql answer carries; 0 for no limit.")
    query_workers: int = Field(default=0, ge=0, description="Processes answering /sparql queries; 0 means one per core.")
    max_body_bytes: int = Field(default=50_000_000, gt=0, description="Largest request body accepted, in bytes.")
    service_allow: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Hosts that SPARQL SERVICE and LOAD may reach (comma-separated).",
    )

    @field_validator("service_allow", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return [host.strip() for host in value.split(",") if host.strip()]
        return value

    @property
    def is_memory(self) -> bool:
        """True when the store lives only in this process."""
        return self.store == "memory"

    @property
    def is_remote(self) -> bool:
        """True when the store is a SPARQL endpoint reached over HTTP."""
        return self.store.startswith(("http://", "https://"))


def load_settings(
    environ: Mapping[str, str] | None = None,
    settings_file: str | Path | None = None,
) -> Settings:
    """Build settings from a settings file and the environment, which wins over the file.

    `environ` replaces `os.environ` (tests pass their own); the file defaults to
    `tiegraph.env` in the working directory when it exists.
    """
    path = Path(settings_file) if settings_file else Path(DEFAULT_SETTINGS_FILE)
    if settings_file and not path.is_file():
        raise SettingsError(f"settings file {path} does not exist; pass an existing file")
    values = _read_env_file(path) if path.is_file() else {}
    values.update(_prefixed(os.environ if environ is None else environ))
    try:
        return Settings.model_validate(values)
    except ValidationError as error:
        problems = "; ".join(
            f"TIEGRAPH_{str(e['loc'][0]).upper()}={e.get('input')!r}: {e['msg']}"
            for e in error.errors()
        )
        raise SettingsError(f"invalid settings: {problems}") from None


def _prefixed(environ: Mapping[str, str]) -> dict[str, str]:
    prefix = "TIEGRAPH_"
    return {
        key[len(prefix):].lower(): value for key, value in environ.items() if key.startswith(prefix)
    }


def _read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values.update(_prefixed({key.strip(): value.strip().strip("'\"")}))
    return values
