"""Drive an HTTP server with `wrk` (Debian package `wrk`) and read back its rate and latencies.

wrk is a C load generator on epoll: it costs the server's machine a fraction of what a Python
client would, so the numbers describe the server rather than the client. Each request picks a
random path from a list written into a Lua script.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

CONNECTIONS = 8
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class Load:
    """What one wrk run measured."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers plus socket errors

    def summary(self) -> str:
        return f"{self.requests_per_second:,.0f} req/s, p50 {self.p50_ms:.2f} ms, p99 {self.p99_ms:.2f} ms ({self.requests:,} requests, {self.errors} errors)"


def require_wrk() -> str:
    """The wrk executable, or exit with how to install it."""
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is not installed: `apt-get install wrk` (make bench does this)")
    return found


def drive(base: str, paths: list[str], seconds: float, connections: int = CONNECTIONS) -> Load:
    """`connections` keep-alive connections from one wrk thread for `seconds`, each request a
    random path of `paths` (which must be URL-safe)."""
    listed = ",\n".join(_lua_string(path) for path in paths)
    script = f"math.randomseed(7)\nlocal paths = {{\n{listed}\n}}\nrequest = function()\n  return wrk.format(\"GET\", paths[math.random(#paths)])\nend\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        output = subprocess.run(
            [require_wrk(), "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "30s", "-s", lua.name, base],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        ).stdout
    return _parse(output)


def _lua_string(text: str) -> str:
    if not re.fullmatch(r"[\x21-\x7e]+", text) or '"' in text or "\\" in text:
        raise ValueError(f"path {text!r} must be printable ASCII without quotes; percent-encode it")
    return f'"{text}"'


def _parse(output: str) -> Load:
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    percentiles = {int(p): float(v) * _UNITS_MS[u] for p, v, u in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)$", output, re.MULTILINE)}
    return Load(rate, percentiles[50], percentiles[99], requests, errors)
