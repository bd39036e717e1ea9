"""Writes need the bearer token of TIEGRAPH_TOKEN; with no token configured, writes are off."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from api.deps import AppSettings


def require_writer(request: Request, settings: AppSettings) -> None:
    """Raise 403 when writes are off, 401 when the request lacks the right bearer token."""
    if not settings.token:
        raise HTTPException(403, "writes are disabled on this server: set TIEGRAPH_TOKEN to enable them")
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(presented.strip().encode(), settings.token.encode()):
        raise HTTPException(
            401,
            "this write needs the header 'Authorization: Bearer <TIEGRAPH_TOKEN>'",
            headers={"WWW-Authenticate": 'Bearer realm="tiegraph"'},
        )


Writer = Annotated[None, Depends(require_writer)]
