"""tiegraph's outer layer: the HTTP service and the command line, built on `graph`."""

from api.app import create_app

__all__ = ["create_app"]
