"""State kept beside an on-disk store (`<store>-index/`), as stamped pickles.

The search index and the export facts are costly to rebuild and cheap to reload, so each is
saved with a stamp saying what it was made for (a format, the ontology it read). A file that is
missing, unreadable or stamped otherwise is ignored and the state rebuilt; a directory that
cannot be written (a read-only store) only costs the next process that rebuild. Files are
replaced atomically, so a concurrent reader sees the old copy or the new one. They are ours,
written beside the store, and trusted as the store itself is.
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from graph.store.collection import collection_paused

log = logging.getLogger(__name__)


def load_stamped(path: Path, stamp: object) -> Any | None:
    """The state saved at `path` with `stamp`, else None."""
    try:
        with collection_paused():  # a large table loads several times faster
            saved_stamp, state = pickle.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError) as error:
        log.warning("ignoring the unreadable saved state %s: %s", path, error)
        return None
    return state if saved_stamp == stamp else None


def save_stamped(path: Path, stamp: object, state: object) -> None:
    """Replace the file at `path` with `state` and its `stamp`; log, do not fail, if it cannot."""
    try:
        with replaced_atomically(path) as file:
            pickle.dump((stamp, state), file, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError as error:
        log.warning("cannot save %s: %s", path, error)


class BackgroundSaver:
    """Saves files off the request path, one at a time, once `quiet` seconds have passed without
    a new save being asked for, the latest state of each file winning: writes in a row save once,
    and a save (seconds of the GIL for a large tie table) does not slow the answers that follow a
    write. A state saved late, or lost with the process, costs only a recomputation later."""

    def __init__(self, quiet: float = 2.0) -> None:
        self.quiet = quiet
        self._pending: dict[Path, Callable[[Path], None]] = {}
        self._asked = 0.0
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._busy = False
        self._now = False

    def save(self, path: Path, write: Callable[[Path], None]) -> None:
        """Have `write(path)` called soon, replacing any save of `path` still waiting."""
        with self._wake:
            self._pending[path] = write
            self._asked = time.monotonic()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="saver", daemon=True)
                self._thread.start()
            self._wake.notify_all()

    def flush(self) -> None:
        """Save everything asked for so far, now, and wait until it is done."""
        with self._wake:
            self._now = True
            self._wake.notify_all()
            self._wake.wait_for(lambda: not self._pending and not self._busy)
            self._now = False

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._pending or not self._now and time.monotonic() - self._asked < self.quiet:
                    self._wake.wait(timeout=None if not self._pending else self.quiet - (time.monotonic() - self._asked))
                path, write = self._pending.popitem()
                self._busy = True
            try:
                write(path)
            except OSError as error:
                log.warning("cannot save %s: %s", path, error)
            finally:
                del write  # it holds what it saves, and so the store: let go before waiting again
                with self._wake:
                    self._busy = False
                    self._wake.notify_all()


SAVER = BackgroundSaver()  # one for the process: the store it serves is closed after its last save
atexit.register(SAVER.flush)  # a command that exits at once still leaves its state saved


@contextmanager
def replaced_atomically(path: Path) -> Iterator[IO[bytes]]:
    """A file to write that replaces `path` only once it is complete: a crash while writing
    leaves the old copy (and a stray temporary file), never a half-written one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".tmp", delete=False) as file:
        temporary = Path(file.name)
        try:
            yield file
            file.flush()
            os.fsync(file.fileno())
        except BaseException:
            file.close()
            temporary.unlink(missing_ok=True)
            raise
    os.replace(temporary, path)
