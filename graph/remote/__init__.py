"""A remote SPARQL 1.1 store as a tiegraph engine: the engine, its protocol client and its answers
read with Oxigraph's parsers.

    engine      RemoteEngine: the engine interface over SPARQL requests
    protocol    the SPARQL 1.1 Protocol on kept-alive HTTP connections
    results     a store's answers parsed by Oxigraph, whatever its dialect
"""

from graph.remote.engine import RemoteEngine

__all__ = [
    "RemoteEngine",
]
