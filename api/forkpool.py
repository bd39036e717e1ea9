"""Run work in forked worker processes that can be killed when a time limit passes.

Oxigraph's Python API cannot cancel a running query, and a thread cannot be stopped from
outside; a process can. Workers are forked from the process that holds the store, so they
see its data without reopening it (copy-on-write), and are reused across requests. A worker
that overruns is killed and replaced. After a write the pool is renewed: workers hold the
data as it was when they were forked, so idle ones are retired and busy ones retire on return.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


HEADER = struct.Struct("!Q")


class WorkTimedOut(Exception):
    """The work ran past its time limit and its worker was killed; callers say which limit."""


class WorkerDied(RuntimeError):
    """A worker process ended without answering: a server fault, logged and answered as a 500."""


@dataclass
class _Worker:
    pid: int
    requests: int  # file descriptor the parent writes to
    answers: int  # file descriptor the parent reads from
    generation: int


class ForkPool:
    """Up to `size` reusable workers, each evaluating `task(payload)` in its own process.

    `prepare` runs in each new worker and returns its task: a worker that reopens its data
    there, rather than using what it inherited, cannot meet a lock some other thread of the
    parent held at the moment of the fork.
    """

    def __init__(self, prepare: Callable[[], Callable[[Any], Any]], size: int) -> None:
        self._prepare = prepare
        self._size = size
        self._idle: list[_Worker] = []
        self._live: dict[int, _Worker] = {}
        self._running = 0
        self._generation = 0
        self._available = threading.Condition()

    def run(self, payload: Any, timeout: float) -> Any:
        """`task(payload)` in a worker; raises what the task raised, or WorkTimedOut."""
        worker = self._acquire()
        healthy = False
        try:
            _send(worker.requests, payload)
            ok, value = _receive(worker.answers, timeout, worker.pid)
            healthy = True
        finally:
            self._release(worker, healthy)
        if ok:
            return value
        raise value

    def renew(self) -> None:
        """Retire every worker forked before now, so the next request sees the latest data."""
        with self._available:
            self._generation += 1
            stale, self._idle = self._idle, []
            self._running -= len(stale)
            self._available.notify_all()
        for worker in stale:
            self._live.pop(worker.pid, None)
            _stop(worker)

    def close(self) -> None:
        """Stop every worker, busy or not (the service is shutting down)."""
        self.renew()
        for worker in list(self._live.values()):
            _stop(worker)

    def _acquire(self) -> _Worker:
        with self._available:
            while True:
                if self._idle:
                    return self._idle.pop()
                if self._running < self._size:
                    self._running += 1
                    generation = self._generation
                    break
                self._available.wait()
        try:
            return self._fork(generation)
        except BaseException:
            with self._available:
                self._running -= 1
                self._available.notify()
            raise

    def _release(self, worker: _Worker, healthy: bool) -> None:
        with self._available:
            keep = healthy and worker.generation == self._generation
            if keep:
                self._idle.append(worker)
            else:
                self._running -= 1
            self._available.notify()
        if not keep:
            self._live.pop(worker.pid, None)
            _stop(worker)

    def _fork(self, generation: int) -> _Worker:
        child_reads, parent_writes = os.pipe()
        parent_reads, child_writes = os.pipe()
        siblings = [fd for w in list(self._live.values()) for fd in (w.requests, w.answers)]
        pid = os.fork()
        if pid == 0:  # the worker: answer requests until the parent closes its end
            # Holding a sibling's pipe would keep it alive after the parent is gone.
            for fd in (parent_writes, parent_reads, *siblings):
                _close(fd)
            _serve(self._prepare, child_reads, child_writes)
        os.close(child_reads)
        os.close(child_writes)
        worker = _Worker(pid=pid, requests=parent_writes, answers=parent_reads, generation=generation)
        self._live[pid] = worker
        return worker


def _serve(prepare: Callable[[], Callable[[Any], Any]], requests: int, answers: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        task = prepare()
        while True:
            payload = _read_message(requests)
            if payload is None:
                break
            try:
                answer = (True, task(payload))
            except Exception as error:  # handed to the parent, which raises it there
                answer = (False, error)
            _send(answers, answer)
    finally:
        os._exit(0)


def _send(fd: int, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int, timeout: float, pid: int) -> tuple[bool, Any]:
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        os.kill(pid, signal.SIGKILL)
        raise WorkTimedOut(f"stopped after the {timeout:g} s time limit")
    message = _read_message(fd)
    if message is None:
        raise WorkerDied("the query worker ended without answering; see the server log")
    return message


def _read_message(fd: int) -> Any:
    header = _read_exactly(fd, HEADER.size)
    if header is None:
        return None
    (length,) = HEADER.unpack(header)
    data = _read_exactly(fd, length)
    return None if data is None else pickle.loads(data)


def _read_exactly(fd: int, length: int) -> bytes | None:
    chunks = []
    while length:
        chunk = os.read(fd, min(length, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        length -= len(chunk)
    return b"".join(chunks)


def _stop(worker: _Worker) -> None:
    _close(worker.requests)
    _close(worker.answers)
    try:
        os.kill(worker.pid, signal.SIGKILL)
        os.waitpid(worker.pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass  # already gone and reaped


def _close(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass  # closed already
