"""The entities of a large report's JSON, written by a forked child (factcheck.render.json.write_json,
factcheck.workers.fork_text): the same text as written in this process, also when the child fails."""

from __future__ import annotations

import os
from typing import Any

import pytest

from factcheck import workers
from factcheck.render import RenderOptions, write
from factcheck.render import json as render_json
from helpers import report_of

pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="no fork here")


def _written(folder: str) -> str:
    out: list[str] = []
    write(report_of(folder), "json", RenderOptions(), out.append)
    return "".join(out)


@pytest.mark.parametrize("folder", ["seeds", "quake", "ratecut"])
def test_forked_entities_are_the_text_written_here(folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _written(folder)
    forks: list[int] = []
    fork_text = workers.fork_text

    def counted(make: Any) -> Any:
        forks.append(1)
        return fork_text(make)

    monkeypatch.setattr(workers, "fork_text", counted)
    monkeypatch.setattr(render_json, "FORK_MIN_MENTIONS", 0)
    monkeypatch.setattr(render_json, "CHUNK_ITEMS", 3)
    assert _written(folder) == alone
    assert forks == [1]


def test_a_failed_child_leaves_the_entities_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _written("seeds")
    fork_text = workers.fork_text

    def fails(write: Any) -> None:
        write('"half an entity')
        raise RuntimeError("child failed")

    monkeypatch.setattr(workers, "fork_text", lambda make: fork_text(fails))
    monkeypatch.setattr(render_json, "FORK_MIN_MENTIONS", 0)
    assert _written("seeds") == alone


def test_the_child_is_waited_for_when_writing_fails(monkeypatch: pytest.MonkeyPatch, forked: list[int]) -> None:
    monkeypatch.setattr(render_json, "FORK_MIN_MENTIONS", 0)
    pids = forked

    def full(text: str) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write(report_of("seeds"), "json", RenderOptions(), full)
    assert len(pids) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(pids[0], os.WNOHANG)  # already reaped


def test_fork_text_passes_the_childs_text_on() -> None:
    finish = workers.fork_text(lambda out: [out(f"{i} ünïcode\n") for i in range(50_000)])
    assert finish is not None
    got: list[str] = []
    assert finish(got.append)
    assert "".join(got) == "".join(f"{i} ünïcode\n" for i in range(50_000))


def _slow(write: Any) -> None:
    import time

    time.sleep(30)
    write("never wanted")


def test_finish_without_a_writer_stops_the_child_at_once() -> None:
    """When the output fails (a closed pipe), the child's text is not waited for."""
    import time

    finish = workers.fork_text(_slow)
    assert finish is not None
    started = time.monotonic()
    assert finish(None) is False
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "utf-8-sig", "utf-16"])
def test_a_utf8_file_gets_the_childs_text_as_bytes(encoding: str, tmp_path: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The child's text is copied as bytes only into a UTF-8 file, and the file is the same."""
    alone = _written("seeds")
    monkeypatch.setattr(render_json, "FORK_MIN_MENTIONS", 0)
    raws: list[bool] = []
    raw_sink = render_json._raw_sink

    def seen(write: Any) -> Any:
        got = raw_sink(write)
        raws.append(got is not None)
        return got

    monkeypatch.setattr(render_json, "_raw_sink", seen)
    path = tmp_path / "out.json"
    with open(path, "w", encoding=encoding) as fh:
        write(report_of("seeds"), "json", RenderOptions(), fh.write)
    assert path.read_text(encoding=encoding) == alone
    assert raws == [encoding in ("utf-8", "UTF8")]
