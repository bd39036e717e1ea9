"""The SPARQL 1.1 Protocol over HTTP to a remote store, on kept-alive connections.

The standard library's `http.client` suffices: requests are POSTs of form-encoded queries and
updates, answers are read as streams (a result of a million rows never sits whole in memory).
A connection goes back to the pool once its answer has been read to the end; an answer dropped
half-read closes its connection. Basic authentication is sent with every request when set.
"""

from __future__ import annotations

import base64
import http.client
import io
import socket
import threading
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit

from graph.errors import QueryFailed, RemoteStoreFailed, RemoteTimeout, SettingsError

ERROR_TEXT = 2_000  # characters of a store's error page quoted in our message
RETRIED = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Answer(io.RawIOBase):
    """A response body as a binary stream; its connection is reused once it is read to the end."""

    def __init__(self, response: http.client.HTTPResponse, release: Any) -> None:
        super().__init__()
        self.response = response
        self.content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        self._release = release

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            size = self.response.readinto(buffer)
        except TimeoutError:
            raise RemoteTimeout("the remote store stopped sending its answer (timed out)") from None
        if size == 0 and self._release is not None:
            self._release(reuse=True)
            self._release = None
        return size

    def close(self) -> None:
        if self._release is not None:
            self._release(reuse=False)
            self._release = None
        super().close()


class SparqlClient:
    """Queries and updates sent to one store's query and update URLs. Thread-safe."""

    def __init__(self, query_url: str, update_url: str | None, user: str | None, password: str | None, timeout: float) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.timeout = timeout
        self._headers = {"User-Agent": "tiegraph"}
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self._headers["Authorization"] = f"Basic {token}"
        self._idle: dict[str, list[http.client.HTTPConnection]] = {}
        self._lock = threading.Lock()

    def query(self, sparql: str, accept: str, dataset: Sequence[tuple[str, str]] = (), timeout: float | None = None) -> Answer:
        """POST a query (form-encoded, with protocol dataset parameters); the answer as a stream."""
        body = urlencode([("query", sparql), *dataset]).encode()
        return self._send(self.query_url, body, "application/x-www-form-urlencoded", accept, timeout)

    def update(self, sparql: str) -> None:
        """POST an update to the update URL; returns once the store has applied it."""
        if self.update_url is None:
            raise SettingsError(
                f"the SPARQL store {self.query_url} has no update URL: set TIEGRAPH_UPDATE_URL "
                "(e.g. http://host:7878/update for Oxigraph server, the /sparql URL itself for Virtuoso)"
            )
        with self._send(self.update_url, sparql.encode(), "application/sparql-update", "*/*", None) as answer:
            answer.read()

    def close(self) -> None:
        """Close every idle connection."""
        with self._lock:
            idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                connection.close()

    # ------------------------------------------------------------------ plumbing
    def _send(self, url: str, body: bytes, content_type: str, accept: str, timeout: float | None) -> Answer:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "") or "/"
        headers = {**self._headers, "Content-Type": content_type, "Accept": accept}
        limit = timeout or self.timeout
        for attempt in (1, 2):
            connection, reused = self._connection(parts.scheme, parts.netloc, limit, fresh=attempt > 1)
            try:
                connection.request("POST", target, body, headers)
                response = connection.getresponse()
            except RETRIED as error:
                connection.close()
                if reused and attempt == 1:
                    continue  # the store closed an idle connection (others may be stale too): a new one will do
                raise RemoteStoreFailed(f"the SPARQL store at {url} closed the connection: {error}") from None
            except TimeoutError:
                connection.close()
                raise RemoteTimeout(f"the SPARQL store at {url} did not answer within {limit:g} s") from None
            except OSError as error:
                connection.close()
                raise RemoteStoreFailed(f"cannot reach the SPARQL store at {url}: {error}") from None
            if response.status >= 400:
                text = response.read().decode("utf-8", "replace")[:ERROR_TEXT].strip()
                connection.close()
                error_class = QueryFailed if response.status in (400, 406, 415) else RemoteStoreFailed
                raise error_class(f"the SPARQL store at {url} answered {response.status} {response.reason}: {text}")
            return Answer(response, lambda reuse, c=connection, key=parts.netloc: self._release(key, c, reuse))
        raise AssertionError("unreachable: the second attempt returns or raises")

    def _connection(self, scheme: str, netloc: str, timeout: float, fresh: bool = False) -> tuple[http.client.HTTPConnection, bool]:
        with self._lock:
            idle = self._idle.get(netloc)
            connection = idle.pop() if idle and not fresh else None
        if connection is not None:
            if connection.sock is not None:
                connection.sock.settimeout(timeout)
            connection.timeout = timeout
            return connection, True
        kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        made = kind(netloc, timeout=timeout)
        try:
            made.connect()
            made.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as error:
            made.close()
            raise RemoteStoreFailed(f"cannot connect to the SPARQL store at {scheme}://{netloc}: {error}") from None
        return made, False

    def _release(self, netloc: str, connection: http.client.HTTPConnection, reuse: bool) -> None:
        if not reuse or connection.sock is None:
            connection.close()
            return
        with self._lock:
            self._idle.setdefault(netloc, []).append(connection)
