"""Forked worker processes: work split into chunks, run by processes that inherit the parent's
data (the claims stage's articles and entities, the claims to judge) instead of receiving a
pickled copy of it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # the pool machinery is imported only when a pool is made (cold start)
    import struct
    from concurrent.futures import ProcessPoolExecutor

_SHARED: Any = None  # what the workers read: inherited when they are forked, never pickled


def _call_shared(args: tuple[Callable[[Any, int], Any], int]) -> Any:
    func, i = args
    return func(_SHARED, i)


def can_fork() -> bool:
    """Whether workers can be forked here (they cannot on Windows; on macOS, where forking a
    process that has used system frameworks is unsafe, they are spawned as Python does by default)."""
    import multiprocessing
    import sys

    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def process_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` processes, forked where possible (spawned elsewhere).

    What the parent holds when it is made lives until the end of the run: it is frozen out of the
    collector's reach first, so the workers' collections neither walk it nor copy its pages.
    """
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    gc.freeze()
    # The workers are forked at the first task, maybe while the collector is paused
    # (``collector_paused``): they set it as it is now.
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork" if can_fork() else "spawn"),
                               initializer=gc.enable if gc.isenabled() else gc.disable)


@contextmanager
def collector_paused(active: bool = True) -> Iterator[None]:
    """Run the body with the cyclic collector paused, then freeze what this process holds (if ``active``)."""
    # What the stages make in the body (the workers' results, and the results of the chunks this
    # process computes alongside them) has no cycles and lives to the end of the run: each
    # collection while it is made walks it for nothing (0.8 s of the parent's CPU on 10,000
    # articles). The body must therefore make no reference cycles worth collecting; what it made is
    # frozen as ``process_pool`` freezes before forking. After an error nothing is frozen, so that
    # the traceback's cycles stay collectable.
    if not active:
        yield
        return
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


def forks(jobs: int, count: int) -> bool:
    """Whether ``fork_imap`` runs ``count`` tasks in forked workers (else in this process)."""
    return jobs > 1 and count > 1 and can_fork()


def fork_imap(func: Callable[[Any, int], Any], shared: Any, count: int, jobs: int) -> Iterator[Any]:
    """``func(shared, i)`` for i in range(count), yielded in order, computed in ``jobs`` forked
    processes that inherit ``shared``; in this process when ``jobs`` is 1 or forking is impossible
    (a spawned worker would need its own pickled copy of all of ``shared``).
    ``func`` must be a module-level function (it is sent by name)."""
    if not forks(jobs, count):
        for i in range(count):
            yield func(shared, i)
        return
    global _SHARED
    _SHARED = shared
    try:
        with process_pool(min(jobs, count)) as pool:
            yield from pool.map(_call_shared, [(func, i) for i in range(count)])
    finally:
        _SHARED = None


def fork_map(func: Callable[[Any], Any], items: list[Any], jobs: int, size: int,
             done: Callable[[int], None] | None = None) -> list[Any] | None:
    """``[func(x) for x in items]``, computed by this process and ``jobs - 1`` forked ones that
    inherit ``items``: each takes the next ``size`` items in turn. None where workers cannot be
    forked or no temporary file can be made (the caller then uses a process pool, or this process
    alone). ``done(n)`` is
    called whenever the results of the first n items are all in (n rising).

    Against a process pool this sends no item, pickles only the workers' share of the results, and
    runs one process per core instead of the pool's workers beside a parent that reads their
    results (1,000 articles, runs in turn: 0.21 s of wall and 0.38 s of CPU less, median of 15).
    A worker writes its results to its own unnamed temporary file and says where on a pipe, so it
    never waits for this process, which reads them between its own chunks. The collector is paused
    meanwhile and what this process holds is frozen after (``collector_paused``): ``func`` must
    make no reference cycles worth collecting."""
    if not can_fork():
        return None
    import gc
    import multiprocessing
    import os
    import tempfile

    chunks = [range(a, min(a + size, len(items))) for a in range(0, len(items), size)]
    helpers = max(0, min(jobs, len(chunks)) - 1)  # the forked workers: this process is one more
    spools: list[IO[bytes]] = []
    try:
        for _ in range(helpers):
            spools.append(tempfile.TemporaryFile())
    except OSError:  # no usable temporary directory
        for spool in spools:
            spool.close()
        return None
    record = _record()
    pids: list[int] = []
    reader = writer = -1
    try:
        take = _counter(multiprocessing.get_context("fork").Value("i", 0))

        def body(box: _Outbox) -> None:
            while (i := take()) < len(chunks):
                box.put(i, [func(items[k]) for k in chunks[i]])

        reader, writer = os.pipe()
        gc.freeze()  # the workers' collections then neither walk nor copy what they inherit
        _fork_workers(helpers, spools, body, pids, record, writer, (reader,))
        os.close(writer)
        writer = -1
        state = _MapState(reader, spools, record, pids, len(chunks))
        with collector_paused():
            for ready in state.share(take, lambda i: [func(items[k]) for k in chunks[i]]):
                if done is not None:
                    done(chunks[ready - 1].stop)
        _reap(pids)
        return [x for part in state.results for x in part]
    finally:
        _end(pids)  # after an error: the workers still running
        for fd in (writer, reader):
            if fd >= 0:
                os.close(fd)
        for spool in spools:
            spool.close()


def _record() -> struct.Struct:
    """The record a worker sends for each chunk: worker, chunk (-1: an error), offset, length."""
    import struct

    return struct.Struct("qqqq")


def _counter(value: Any) -> Callable[..., int]:
    """``take(check=None)``: 0, 1, 2... across the processes that share ``value`` (a shared int).
    ``check`` is called each second that the lock stays taken (a worker killed while it held it
    would hold it for ever: ``check`` raises then)."""
    lock = value.get_lock()

    def take(check: Callable[[], None] | None = None) -> int:
        while not lock.acquire(timeout=1.0):
            if check is not None:
                check()
        try:
            i = value.value
            value.value = i + 1
        finally:
            lock.release()
        return i

    return take


def _reap(pids: list[int]) -> None:
    """Wait for the workers ``pids``, which have sent all their results; each leaves the list as it is reaped."""
    import os

    while pids:
        os.waitpid(pids[0], 0)
        pids.pop(0)


def _end(pids: list[int]) -> None:
    """Kill the workers ``pids`` still running and wait for them (after an error)."""
    import os
    import signal

    while pids:
        pid = pids.pop()
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ChildProcessError, ProcessLookupError):
            pass


def _fork_workers(helpers: int, spools: list[IO[bytes]], body: Callable[[_Outbox], None], pids: list[int],
                  record: struct.Struct, writer: int, close: tuple[int, ...]) -> None:
    """Fork ``helpers`` workers, each running ``body`` on its own outbox (worker w writes to
    ``spools[w]`` and says where on ``writer``); their pids go to ``pids`` as they are made, so
    that the caller can end them if a later fork fails. A worker closes the descriptors ``close``."""
    import os

    for w in range(helpers):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - a worker; its results are checked through the parent
            code = 1
            try:
                for fd in close:
                    os.close(fd)
                box = _Outbox(spools[w].fileno(), writer, w, record)
                try:
                    body(box)
                    code = 0
                except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
                    box.fail(exc)
            finally:
                os._exit(code)
        pids.append(pid)


class _Outbox:
    """Where a worker puts its results: pickled and appended to its own temporary file, their place
    sent on a pipe that every worker shares."""

    def __init__(self, spool: int, out: int, me: int, record: struct.Struct) -> None:
        self.spool, self.out, self.me, self.record = spool, out, me, record
        self.end = 0

    def put(self, chunk: int, value: Any) -> None:
        """Send ``value``, the results of ``chunk``."""
        import pickle

        self._send(chunk, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def fail(self, exc: BaseException) -> None:
        """Send ``exc`` with the traceback being handled (the parent raises it)."""
        import pickle
        import traceback

        where = traceback.format_exc()  # pickling drops the traceback: --debug shows this one
        try:
            data = pickle.dumps((exc, where), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled
            data = pickle.dumps((RuntimeError(repr(exc)), where), protocol=pickle.HIGHEST_PROTOCOL)
        self._send(-1, data)

    def _send(self, chunk: int, data: bytes) -> None:
        import os

        view, n = memoryview(data), 0
        while n < len(data):
            n += os.pwrite(self.spool, view[n:], self.end + n)
        os.write(self.out, self.record.pack(self.me, chunk, self.end, len(data)))  # under PIPE_BUF: whole
        self.end += len(data)


def _pread_all(fd: int, length: int, offset: int) -> Iterator[bytes]:
    """The ``length`` bytes of file ``fd`` at ``offset``, in the pieces ``os.pread`` gives."""
    import os

    while length > 0:
        piece = os.pread(fd, length, offset)
        if not piece:
            raise RuntimeError("a worker's results are shorter than it said")
        yield piece
        length -= len(piece)
        offset += len(piece)


class _MapState:
    """What this process has of the chunks' results: its own and those the workers announced."""

    def __init__(self, reader: int, spools: list[IO[bytes]], record: struct.Struct, pids: list[int],
                 count: int) -> None:
        self.reader, self.spools, self.record, self.pids = reader, spools, record, pids
        self.results: list[Any] = [None] * count
        self.got = [False] * count
        self.pending = b""
        self.closed = False  # every worker has closed its end of the pipe

    def share(self, take: Callable[..., int], run: Callable[[int], Any]) -> Iterator[int]:
        """Compute here the chunks ``take`` gives (``run(i)``) while taking in the workers' results;
        yield n whenever the first n chunks all have their results (n rising, ending at the count)."""
        count = len(self.got)
        ready = 0
        while (i := take(self.poll)) < count:
            self.results[i] = run(i)
            self.got[i] = True
            self.poll()
            start, ready = ready, self._ready(ready)
            if ready > start:
                yield ready
        while ready < count:
            if not self.got[ready]:
                self.wait()
            start, ready = ready, self._ready(ready)
            if ready > start:
                yield ready

    def _ready(self, ready: int) -> int:
        """How many chunks from the first have their results, knowing the first ``ready`` do."""
        while ready < len(self.got) and self.got[ready]:
            ready += 1
        return ready

    def poll(self) -> None:
        """Take in the results the workers have announced; raise a worker's error, or if a worker
        ended otherwise than by finishing (killed, say: its chunks would never come)."""
        import os

        self._drain()
        for pid in list(self.pids):
            ended, status = os.waitpid(pid, os.WNOHANG)
            if not ended:
                continue
            self.pids.remove(pid)
            if os.waitstatus_to_exitcode(status) != 0:
                self._drain()  # its error, if it sent one, is the one to raise
                raise RuntimeError("a worker ended before sending all its results (killed?)")

    def wait(self) -> None:
        """``poll`` once more results come (or a second has passed)."""
        import select

        if self.closed:
            raise RuntimeError("a worker ended before sending all its results (killed?)")
        select.select([self.reader], [], [], 1.0)
        self.poll()

    def _drain(self) -> None:
        """Read every record the pipe holds, and the results they point to."""
        import os
        import pickle

        os.set_blocking(self.reader, False)
        while not self.closed:
            try:
                data = os.read(self.reader, 1 << 16)
            except BlockingIOError:
                return
            if not data:
                self.closed = True
                return
            self.pending += data
            size = self.record.size
            while len(self.pending) >= size:
                w, i, offset, length = self.record.unpack_from(self.pending)
                self.pending = self.pending[size:]
                payload = b"".join(_pread_all(self.spools[w].fileno(), length, offset))
                if i < 0:
                    exc, where = pickle.loads(payload)
                    raise exc from RemoteTraceback(where)
                self.results[i] = pickle.loads(payload)
                self.got[i] = True


def balanced_chunks(sizes: list[int], count: int) -> list[range]:
    """Consecutive ranges of ``sizes``' indices, at most ``count`` of them, of similar total size."""
    total = sum(sizes) or 1
    out: list[range] = []
    start, acc = 0, 0
    for i, size in enumerate(sizes):
        acc += size
        if acc * count >= total * (len(out) + 1) or i == len(sizes) - 1:
            out.append(range(start, i + 1))
            start = i + 1
    return out or [range(0)]


Finish = Callable[..., bool]  # finish(write, raw=None) -> whether the child's text was written


def fork_text(make: Callable[[Callable[[str], Any]], None]) -> Finish | None:
    """Start ``make(write)`` in a forked child that inherits what it reads, its text going to an
    unnamed temporary file; return ``finish(write, raw=None)``, which waits for the child and passes
    that text on to ``write``, or as UTF-8 bytes to ``raw`` when given (False, nothing written, if
    the child failed: the caller makes the text itself). None where forking is impossible.
    ``finish`` must be called once, also on the way out of an error: ``finish(None)`` stops the
    child without waiting for its text.

    This lets the idle core of a serial tail make a part of the output while this process makes the
    part before it; the child ends without running exit handlers or flushing inherited buffers."""
    if not can_fork():
        return None
    import gc
    import io
    import os
    import tempfile

    try:
        spool = tempfile.TemporaryFile()
    except OSError:  # no usable temporary directory: the caller makes the text itself
        return None
    gc.freeze()  # the child's collections then neither walk nor copy what it inherits
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; what it wrote is checked by the parent's tests
        code = 1
        try:
            out = io.TextIOWrapper(io.FileIO(spool.fileno(), "w", closefd=False), encoding="utf-8")
            make(out.write)
            out.flush()
            code = 0
        finally:
            os._exit(code)

    def finish(write: Callable[[str], Any] | None, raw: Callable[[bytes], Any] | None = None) -> bool:
        try:
            if write is None:  # the output failed (a closed pipe, a full disk): its text is not wanted
                import signal

                os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            if write is None:
                return False
            if os.waitstatus_to_exitcode(status) != 0:
                return False
            spool.seek(0)
            if raw is not None:  # the bytes as they are: no decoding here and encoding again
                while data := spool.read(1 << 20):
                    raw(data)
                return True
            text = io.TextIOWrapper(spool, encoding="utf-8")
            while chunk := text.read(1 << 20):
                write(chunk)
            return True
        finally:
            spool.close()

    return finish


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker, as text (the cause of the exception
    re-raised in the parent, as ``concurrent.futures`` shows it)."""

    def __str__(self) -> str:
        return f'\n"""\n{self.args[0]}"""' if self.args else ""


class EarlyChunks:
    """Chunk workers forked before all they need exists (``fork_early``): this process hands them
    the rest (``late``) with ``results``, then takes chunks alongside them."""

    def __init__(self, prepare: Callable[[Any, int], Any], finish: Callable[[Any, Any, Any, int], Any], shared: Any,
                 count: int, late: IO[bytes], spools: list[IO[bytes]]) -> None:
        self.prepare, self.finish, self.shared, self.count = prepare, finish, shared, count
        self.late, self.spools = late, spools
        self.take: Callable[..., int] = lambda check=None: count  # no chunk, until fork_early sets the counter
        self.record = _record()
        self.go = self.reader = -1  # the write end of the workers' go-ahead pipe; the read end of their records
        self.pids: list[int] = []

    def results(self, late: Any) -> Iterator[Any]:
        """Give the workers ``late``, then yield ``finish(shared, late, prepare(shared, i), i)`` for
        each chunk i in order, computed here or in a worker (a worker's exception is raised here)."""
        import pickle

        self.late.write(pickle.dumps(late, protocol=pickle.HIGHEST_PROTOCOL))
        self.late.flush()
        self._release()
        count, shared = self.count, self.shared
        state = _MapState(self.reader, self.spools, self.record, self.pids, count)
        results = state.results
        want = 0  # the next chunk to yield
        for ready in state.share(self.take, lambda i: self.finish(shared, late, self.prepare(shared, i), i)):
            while want < ready:
                yield results[want]
                results[want] = None
                want += 1
        _reap(self.pids)

    def close(self) -> None:
        """End the workers still running (after an error), wait for all of them, free the files."""
        import os

        _end(self.pids)
        self._release()
        if self.reader >= 0:
            os.close(self.reader)
            self.reader = -1
        for spool in (self.late, *self.spools):
            spool.close()

    def _release(self) -> None:
        """Let the workers read ``late``: closing the write end of the pipe they wait on wakes all of
        them, and unlike a multiprocessing Event it cannot block on a worker that was killed."""
        import os

        if self.go >= 0:
            os.close(self.go)
            self.go = -1


# Chunks a worker of ``fork_early`` prepares before the parent is ready: what it holds until then
# (the split sentences of up to 64 tasks of 64 articles) stays bounded however large the archive.
MAX_AHEAD = 64


def fork_early(prepare: Callable[[Any, int], Any], finish: Callable[[Any, Any, Any, int], Any], shared: Any,
               count: int, jobs: int) -> EarlyChunks | None:
    """Fork ``jobs - 1`` workers that take chunks 0..count-1 in turn: for each, ``prepare(shared, i)``
    at once, then ``finish(shared, late, prepared, i)`` once this process has given ``late`` and
    takes chunks too (see ``EarlyChunks.results``). Until then a worker prepares chunks ahead (at
    most its share, and at most ``MAX_AHEAD``) on the core this process leaves free while it makes
    ``late``. None where forking is impossible or no temporary file can be made (the caller then
    runs the chunks itself); ``close()`` must follow, also after an error.

    As in ``fork_map``, a worker's results go to its own temporary file, so it never waits for
    this process, and only the workers' share of them is pickled."""
    helpers = min(jobs, count) - 1
    if helpers < 1 or not can_fork():
        return None
    import gc
    import multiprocessing
    import os
    import tempfile

    files: list[IO[bytes]] = []
    try:
        for _ in range(helpers + 1):
            files.append(tempfile.TemporaryFile())
    except OSError:  # no usable temporary directory: the caller runs the chunks the usual way
        for spool in files:
            spool.close()
        return None
    early = EarlyChunks(prepare, finish, shared, count, files[0], files[1:])
    ahead = min(-(-count // (helpers + 1)), MAX_AHEAD)
    parent = os.getpid()
    ready = writer = -1
    try:
        take = early.take = _counter(multiprocessing.get_context("fork").Value("i", 0))
        ready, early.go = os.pipe()  # closed by the parent once ``late`` is in its file (EarlyChunks._release)
        early.reader, writer = os.pipe()
        late = early.late.fileno()

        def body(box: _Outbox) -> None:
            _early_worker(prepare, finish, shared, count, take, ready, late, box, ahead, parent)

        gc.freeze()  # the workers' collections then neither walk nor copy what they inherit
        _fork_workers(helpers, early.spools, body, early.pids, early.record, writer, (early.reader, early.go))
    except BaseException:
        early.close()
        raise
    finally:
        for fd in (writer, ready):
            if fd >= 0:
                os.close(fd)
    return early


def _early_worker(prepare: Callable[[Any, int], Any], finish: Callable[[Any, Any, Any, int], Any], shared: Any,
                  count: int, take: Callable[[], int], ready: int, late_file: int, box: _Outbox, ahead: int,
                  parent: int) -> None:
    """The loop of a ``fork_early`` worker."""
    held: list[tuple[int, Any]] = []
    late: Any = None
    have_late = False
    while (i := take()) < count:
        if have_late:
            box.put(i, finish(shared, late, prepare(shared, i), i))
            continue
        held.append((i, prepare(shared, i)))
        if len(held) < ahead and not _released(ready, 0):
            continue
        late = _await_late(ready, late_file, parent)
        have_late = True
        for k, pre in held:
            box.put(k, finish(shared, late, pre, k))
        held.clear()
    if held:
        late = _await_late(ready, late_file, parent)
        for k, pre in held:
            box.put(k, finish(shared, late, pre, k))


def _released(ready: int, timeout: float) -> bool:
    """Whether the parent closed the pipe's write end (``ready`` is its read end)."""
    import select

    return bool(select.select([ready], [], [], timeout)[0])


def _await_late(ready: int, late_file: int, parent: int) -> Any:
    """What the parent gives the workers once it is ready (it ends the wait if the parent is gone)."""
    import os
    import pickle

    while not _released(ready, 1.0):
        if os.getppid() != parent:
            raise RuntimeError("the parent process ended")
    if os.getppid() != parent:  # the pipe also ends when the parent dies
        raise RuntimeError("the parent process ended")
    size = os.fstat(late_file).st_size
    return pickle.loads(b"".join(_pread_all(late_file, size, 0)))
