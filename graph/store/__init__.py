"""The store: an rdflib `Dataset` on an engine (embedded Oxigraph or a remote SPARQL store),
its formats, its content revision, state saved beside it, and bulk reads of whole graphs.

    engine          the engine interface and the embedded Oxigraph engine
    dataset         open_dataset (as it is; graph.open_dataset also recovers) / open_read_only /
                    engine_of, rdflib store plugins
    formats         RDF formats by file name and by name
    revision        the content revision caches compare against
    intent          a write's intent, recorded before it and cleared once its derived state is
    saved_state     stamped pickles kept beside an on-disk store
    collection      the cyclic garbage collector paused while millions of objects are made
    kept            Kept: derived state at the current revision, brought forward through the
                    journal; keep_beside names where an on-disk store's copies are saved
    graph_dump      whole graphs read as Oxigraph's N-Triples
    ntriples_lines  N-Triples lines split into terms
"""

from graph.store.engine import EmbeddedEngine, Engine
from graph.store.dataset import engine_of, open_dataset, open_read_only, update_url
from graph.store.formats import rdf_format
from graph.store.revision import is_inferred, store_revision
from graph.store.intent import Intent, pending_intent, record_intent
from graph.store.graph_dump import AHEAD, graph_lines
from graph.store.kept import Derived, Kept, keep_beside, saved_fields
from graph.store.saved_state import load_stamped, replaced_atomically, save_stamped
from graph.store.ntriples_lines import Literal, RDF_LANG_STRING, XSD_STRING, iri, literal, split_triple, unescape

__all__ = [
    "EmbeddedEngine",
    "Engine",
    "AHEAD",
    "engine_of",
    "graph_lines",
    "Derived",
    "Intent",
    "Kept",
    "keep_beside",
    "load_stamped",
    "iri",
    "is_inferred",
    "Literal",
    "literal",
    "open_dataset",
    "open_read_only",
    "pending_intent",
    "rdf_format",
    "save_stamped",
    "saved_fields",
    "record_intent",
    "replaced_atomically",
    "RDF_LANG_STRING",
    "split_triple",
    "store_revision",
    "unescape",
    "update_url",
    "XSD_STRING",
]
