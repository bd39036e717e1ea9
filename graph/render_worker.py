"""Render an export in a second process while this one projects the graph.

Projecting and rendering each take about half of an export's time, and both are pure Python, so
one process keeps one core busy. Here a worker is forked first, before the projection reads the
facts (so neither process copies pages the other holds); this process then projects and streams
the edges and the nodes' raw facts, as plain tuples pickled in batches, through a pipe to the
worker, which shapes the nodes and renders everything straight into the output file. On two cores a 1.15 M-edge GEXF export took 16–17 s
instead of 20 s, with less memory in the projecting process (it keeps no nodes).
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, BinaryIO

from graph.errors import TiegraphError
from graph.gexf import Written
from graph.projection import Draft, Edge, EdgeDraft, Node, Projection, shape_edge, shape_node

BATCH = 500  # elements per pickle (about 90 KB): large enough to amortise, small enough to overlap
PIPE_BYTES = 1 << 20  # Linux's default limit for an unprivileged process
NODE_FIELDS, DRAFT_FIELDS, EDGE_DRAFT_FIELDS = 7, 4, 6  # an Edge has nine
Render = Callable[[Iterable[Node | Edge], BinaryIO], Written]


class RenderFailed(TiegraphError):
    """The process rendering an export failed."""


def can_render_in_worker() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def render_in_worker(render: Render, projection: Callable[[], Projection], out: BinaryIO) -> Written:
    """`render(projection(), file)`, with the projection made and streamed by this process
    (deferred: its nodes are shaped by the worker) and rendered by a worker forked before it,
    writing to `out` itself when `out` is a file (through a temporary file otherwise). Forked
    first, the worker shares none of the projection's memory: neither process then copies
    pages the other holds."""
    target = _file_number(out)
    rendered = tempfile.TemporaryFile() if target is None else None  # made here: tempfile takes a lock
    if rendered is not None:
        target = rendered.fileno()
    feed_read, feed_write = os.pipe()
    _widen(feed_write)
    answer_read, answer_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(feed_write)
        os.close(answer_read)
        _work(render, feed_read, answer_write, target)  # never returns
    os.close(feed_read)
    os.close(answer_write)
    try:
        try:
            made = projection()
            _write_all(feed_write, pickle.dumps(made.shaping, pickle.HIGHEST_PROTOCOL))
            batch: list[tuple] = []
            for element in made:
                batch.append(_as_tuple(element))
                if len(batch) >= BATCH:
                    _write_all(feed_write, pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
                    batch = []
            _write_all(feed_write, pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
            _write_all(feed_write, pickle.dumps(None))  # the end; a feed cut short renders nothing
        except BrokenPipeError:
            pass  # the worker failed; its answer says why
        finally:
            os.close(feed_write)
        with open(answer_read, "rb") as answers:
            data = answers.read()
        answer = pickle.loads(data) if data else "it ended without answering"
        if not isinstance(answer, Written):
            raise RenderFailed(f"the process rendering the export failed: {answer}")
        if rendered is not None:
            rendered.seek(0)
            while chunk := rendered.read(1 << 20):
                out.write(chunk)
        return answer
    finally:
        _stop(pid)
        if rendered is not None:
            rendered.close()


def _work(render: Render, feed: int, answers: int, target: int) -> None:
    """In the worker: render what the feed brings into the file `target`, answer what was
    written (or the error), exit."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        with open(feed, "rb", buffering=1 << 20) as stream, open(target, "wb", buffering=1 << 20, closefd=False) as rendered:
            answer: object = render(_elements(stream), rendered)
        status = 0
    except BaseException as error:  # handed to the parent, which raises it there
        answer = f"{type(error).__name__}: {error}"
    try:
        with open(answers, "wb") as out:
            pickle.dump(answer, out, pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(status)


def _elements(stream: IO[bytes]) -> Iterator[Node | Edge]:
    """The feed's elements, its drafts shaped into nodes. The feed opens with the `Shaping`
    and ends with None; EOFError if the projection failed midway."""
    shaping = pickle.load(stream)
    while (batch := pickle.load(stream)) is not None:
        for fields in batch:
            size = len(fields)
            if size == EDGE_DRAFT_FIELDS:
                yield shape_edge(EdgeDraft(*fields), shaping)
            elif size == DRAFT_FIELDS:
                yield shape_node(Draft(*fields), shaping)
            else:
                yield Node(*fields) if size == NODE_FIELDS else Edge(*fields)


def _as_tuple(element: Node | Edge | Draft | EdgeDraft) -> tuple:
    if type(element) is EdgeDraft or type(element) is Draft:
        return tuple(element)
    if type(element) is Node:
        return (element.id, element.cls, element.label, element.attributes, element.start, element.end, element.position)
    return (element.id, element.source, element.target, element.kind, element.label, element.weight, element.attributes, element.start, element.end)  # type: ignore[union-attr]


def _write_all(fd: int, data: bytes) -> None:
    """Each batch in as few system calls as the pipe allows (a buffered writer was slower)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _file_number(out: BinaryIO) -> int | None:
    """The descriptor under `out`, flushed so that the worker writes after what it holds; None
    for an object in memory."""
    try:
        out.flush()
        return out.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None


def _widen(pipe: int) -> None:
    """Let the pipe hold several batches, so that neither side waits for the other to finish
    one (a 64 KiB pipe made the two processes take turns); Linux only, else left as it is."""
    try:
        import fcntl

        fcntl.fcntl(pipe, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except (ImportError, OSError):
        pass


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
