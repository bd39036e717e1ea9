"""State kept beside an on-disk store (`<store>-index/`), as stamped pickles.

The search index and the export facts are costly to rebuild and cheap to reload, so each is
saved with a stamp saying what it was made for (a format, the ontology it read). A file that is
missing, unreadable or stamped otherwise is ignored and the state rebuilt; a directory that
cannot be written (a read-only store) only costs the next process that rebuild. Files are
replaced atomically, so a concurrent reader sees the old copy or the new one. They are ours,
written beside the store, and trusted as the store itself is.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)


def load_stamped(path: Path, stamp: object) -> Any | None:
    """The state saved at `path` with `stamp`, else None."""
    try:
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
