"""Entity pages kept as finished documents: the bytes of each entity's first page, built once per
store revision and then handed out as they are.

A page reads up to a hundred neighbours' facts from the store's indexes (3–13 ms at millions of
quads), so building it on every request caps look-ups at a few hundred a second. The pages live in
SQLite (WAL mode) beside an on-disk store, `<store>-index/pages.sqlite`: an embedded key–value
store every Python has, safe to share between the service's worker processes and the CLI, with
atomic transactions and a point look-up of a few microseconds. (LMDB would serve a little faster
but is another native dependency; Oxigraph holds RDF terms, not documents.)

The file records the store revision its pages belong to. When the store moves on, the first
reader to notice follows the store's journal (graph/store/journal.py) and deletes the pages the
changed triples can alter: those of both ends of every changed triple; of every neighbour of a
node whose label, class or date changed (neighbours show them); and of every entity with a fact in
a source graph whose title or issue date changed. Deleted pages are built again on their next
request. When the journal cannot say, or more than `TOUCH_LIMIT` pages are touched, every page is
dropped. A page built while the store changed is not kept.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from graph.entities.facts import SOURCE_DETAILS, neighbour_details
from graph.model.namespaces import ID
from graph.store.journal import changes_between
from graph.model.statements import LOCATORS, OBJECT, SUBJECT
from graph.store.revision import revisions_recorded, store_revision

PAGES_FILE = "pages.sqlite"
TOUCH_LIMIT = 50_000  # pages past which a write drops them all: deleting one by one costs more
SCHEMA_VERSION = 2  # 2: a page per media type
_SCHEMA = (
    "CREATE TABLE pages (id TEXT NOT NULL, media_type TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY (id, media_type)) WITHOUT ROWID",
    "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)
JSON = "application/json"


class PageStore:
    """First pages of entities, by id, for the current revision of an embedded store (one this
    process alone writes: see `revisions_recorded`)."""

    def __init__(self, engine: ox.Store, directory: Path | None) -> None:
        self.engine = engine
        self._path = str(directory / PAGES_FILE) if directory else f"file:pages-{id(self)}?mode=memory&cache=shared"
        if directory:
            directory.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._keep_alive = self._connection()  # an in-memory database lives while a connection does
        _prepare(self._keep_alive)
        self._synced = ""
        self._recorded = -1
        self._lock = threading.Lock()

    def page(self, entity_id: str, media_type: str = JSON) -> bytes | None:
        """The kept page of `entity_id` in `media_type` at the store's current revision, if kept."""
        recorded = revisions_recorded()
        if recorded != self._recorded:  # this process wrote: the store may have moved on
            revision = store_revision(self.engine)
            if revision != self._synced:
                self._follow(revision)
            self._recorded = recorded
        row = self._connection().execute("SELECT body FROM pages WHERE id = ? AND media_type = ?", (entity_id, media_type)).fetchone()
        return row[0] if row else None

    def keep(self, entity_id: str, revision: str, body: bytes, media_type: str = JSON) -> None:
        """Keep the page of `entity_id` in `media_type` built at `revision`, unless the store has
        moved on."""
        if store_revision(self.engine) != revision:
            return
        with self._connection() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO pages (id, media_type, body) SELECT ?, ?, ? WHERE (SELECT value FROM state WHERE key = 'revision') = ?",
                (entity_id, media_type, body, revision),
            )

    def _follow(self, revision: str) -> None:
        """Bring the file to `revision`: delete what the writes since its own revision touched."""
        with self._lock:
            connection = self._connection()
            with connection:
                connection.execute("BEGIN IMMEDIATE")  # one process at a time follows the store
                current = store_revision(self.engine)  # a write may have landed meanwhile
                row = connection.execute("SELECT value FROM state WHERE key = 'revision'").fetchone()
                if row is None or row[0] != current:
                    changes = changes_between(self.engine, row[0], current, restated=True) if row else None
                    touched = None if changes is None else touched_pages(self.engine, changes)
                    if touched is None:
                        connection.execute("DELETE FROM pages")
                    else:
                        connection.executemany("DELETE FROM pages WHERE id = ?", ((t,) for t in touched))
                    connection.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('revision', ?)", (current,))
            self._synced = current

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            uri = self._path.startswith("file:")
            connection = sqlite3.connect(self._path, uri=uri, isolation_level=None, check_same_thread=False, timeout=60)
            if not uri:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")  # a lost page is rebuilt; the file stays whole
            self._local.connection = connection
        return connection


def _prepare(connection: sqlite3.Connection) -> None:
    """Create the tables, or recreate them when the file holds another version's (its pages are
    only ever rebuilt, never migrated)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            connection.execute("DROP TABLE IF EXISTS pages")
            connection.execute("DROP TABLE IF EXISTS state")
            for statement in _SCHEMA:
                connection.execute(statement)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def touched_pages(engine: ox.Store, changes: Iterable[ox.Triple]) -> set[str] | None:
    """Ids of the pages the changed triples can alter; None when more than `TOUCH_LIMIT`."""
    shown = set(neighbour_details())
    touched: set[ox.NamedNode] = set()
    for t in changes:
        ends = [node for node in (t.subject, t.object) if isinstance(node, ox.NamedNode)]
        touched.update(ends)
        if t.predicate.value in shown:
            touched.update(_neighbours(engine, t.subject))
        if t.predicate.value in LOCATORS:  # a fact placed elsewhere in its source: the pages citing it
            touched.update(q.object for part in (SUBJECT, OBJECT) for q in engine.quads_for_pattern(t.subject, part, None) if isinstance(q.object, ox.NamedNode))
        if t.predicate.value in SOURCE_DETAILS and isinstance(t.subject, ox.NamedNode) and engine.contains_named_graph(t.subject):
            touched.update(node for q in engine.quads_for_pattern(None, None, None, t.subject) for node in (q.subject, q.object) if isinstance(node, ox.NamedNode))
        if len(touched) > TOUCH_LIMIT:
            return None
    return {node.value[len(ID) :] for node in touched if node.value.startswith(ID)}


def _neighbours(engine: ox.Store, node: ox.NamedNode | ox.BlankNode | ox.Triple) -> set[ox.NamedNode]:
    found = {q.object for q in engine.quads_for_pattern(node, None, None) if isinstance(q.object, ox.NamedNode)}
    return found | {q.subject for q in engine.quads_for_pattern(None, None, node) if isinstance(q.subject, ox.NamedNode)}
