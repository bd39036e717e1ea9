"""uvicorn's httptools protocol, answering a request it cannot parse (an over-long request line
or header, bytes that are not HTTP) in the one JSON error shape instead of plain text."""

from __future__ import annotations

import json

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol


class JsonErrorProtocol(HttpToolsProtocol):
    """The same protocol; only its answer to unparseable requests differs."""

    def send_400_response(self, msg: str) -> None:
        message = (
            f"the request could not be read as HTTP ({msg.rstrip('.')}); a request line or header may be "
            "too long: send a long SPARQL query by POST in the body"
        )
        body = json.dumps({"error": {"status": 400, "type": "BadRequest", "message": message}}).encode()
        head = [STATUS_LINE[400], *(b"".join([name, b": ", value, b"\r\n"]) for name, value in self.server_state.default_headers)]
        head += [b"content-type: application/json\r\n", b"content-length: " + str(len(body)).encode("ascii") + b"\r\n", b"connection: close\r\n", b"\r\n"]
        self.transport.write(b"".join([*head, body]))
        self.transport.close()
