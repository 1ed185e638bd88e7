"""The HTML report: escaping, self-containment, order, and a real headless Chromium run.

The browser test drives Chromium through the DevTools protocol over ``--remote-debugging-pipe``
(file descriptors 3 and 4, NUL-separated JSON) with the standard library only. It is skipped,
with the reason, when no Chromium is installed (CI installs Debian's ``chromium``); set
FACTCHECK_CHROMIUM to use another binary, and FACTCHECK_REQUIRE_BROWSER=1 to fail instead of skip.
"""

from __future__ import annotations

import base64
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from factcheck.model import Report, Verdict
from factcheck.pipeline import compare
from factcheck.render import RenderOptions, render
from factcheck.render.html import render_report

ROOT = Path(__file__).parent.parent
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SVG_VOID = {"circle", "line", "path", "rect"}  # written without children; HTML parsers accept <x/> in SVG


@cache
def seeds_report() -> Report:
    """The seeds' report with a stable root."""
    return replace(compare(ROOT / "fixtures" / "seeds"), root="fixtures/seeds")


@pytest.fixture(scope="module")
def seeds_html() -> str:
    return render_report(seeds_report(), RenderOptions())


class _Collector(HTMLParser):
    """Collects attributes, text and checks that every opened element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> _Collector:
    """The page parsed with the standard library's tolerant parser."""
    p = _Collector()
    p.feed(page)
    p.close()
    return p


# ---------------------------------------------------------------- unit tests


def test_document_shell(seeds_html: str) -> None:
    assert seeds_html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert '<meta charset="utf-8">' in seeds_html
    p = parse(seeds_html)
    assert not p.errors, p.errors[:5]
    assert not p.stack, p.stack


def test_through_the_format_registry(seeds_html: str) -> None:
    assert render(seeds_report(), "html") == seeds_html


def test_deterministic(seeds_html: str) -> None:
    assert render_report(seeds_report(), RenderOptions()) == seeds_html
    assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d", seeds_html)  # no timestamp


def test_self_contained(seeds_html: str) -> None:
    p = parse(seeds_html)
    refs = [(tag, k, v) for tag, k, v in p.attrs if k in ("src", "href", "srcset", "action", "xlink:href", "data")]
    assert all(v.startswith("#") for _, _, v in refs), refs
    assert not any(re.match(r"\s*(https?:)?//", v) for _, _, v in refs)
    for tag in ("script", "link", "img", "iframe", "object", "embed", "base"):
        assert tag not in p.tags, tag
    assert "@import" not in seeds_html and "url(" not in seeds_html and "@font-face" not in seeds_html


def test_conflicts_before_agreements(seeds_html: str) -> None:
    conflicts = seeds_html.index('id="conflicts"')
    assert conflicts < seeds_html.index('id="agreements"') < seeds_html.index('id="single"')
    first_group = seeds_html.index('<article class="group')
    assert seeds_html[first_group:].startswith('<article class="group v-conflict" id="G1"')
    agree_groups = [m.start() for m in re.finditer(r'class="group v-(?:agree|compatible)"', seeds_html)]
    conflict_groups = [m.start() for m in re.finditer(r'class="group v-conflict"', seeds_html)]
    assert len(conflict_groups) == 2 and max(conflict_groups) < min(agree_groups)


def test_values_highlighted_and_marks_shown(seeds_html: str) -> None:
    assert "<mark>October 21</mark>" in seeds_html
    assert "<mark>Днем ранее</mark>" in seeds_html
    assert '<span class="cite">according to The Washington Post</span>' in seeds_html
    assert '<span class="hedge">hedged: allegedly</span>' in seeds_html
    assert '<blockquote lang="ru">' in seeds_html


def test_summary_counts(seeds_html: str) -> None:
    s = seeds_report().summary
    assert f"<b>{s.sources}</b><span>sources</span>" in seeds_html
    assert f"<b>{s.verdicts['conflict']}</b><span>conflicts</span>" in seeds_html


def test_timeline_marks_date_conflict(seeds_html: str) -> None:
    section = seeds_html[seeds_html.index('id="timeline"') : seeds_html.index('id="agreements"')]
    assert "<svg" in section
    # G2 (treaty ratified 2025-10-21 vs 2025-10-25) gets a dashed guide at each value.
    assert section.count('class="guide"') == 2 and "G2 ≠" in section
    for source in ("S1", "S2", "S3", "S4", "S5"):
        assert f">{source}</text>" in section
    assert "2025-10-21" in section and "2025-10-25" in section
    # The undated source's relative dates are listed, not placed.
    assert "last week" in section


def _write_articles(folder: Path) -> None:
    folder.mkdir()
    (folder / "a.txt").write_text(
        'Evil <script>alert("a")</script> & "Co" Title\n\n'
        'On March 3, 2025, <b>officials</b> said "12" <script>alert(1)</script> people & 4 <dogs> died '
        "in Springfield.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "Second <img src=x onerror=alert(2)> paper\n\n"
        "On March 3, 2025, officials said 15 people died in Springfield, according to <i>The 'Times'</i>.\n",
        encoding="utf-8",
    )


def test_escapes_article_text(tmp_path: Path) -> None:
    _write_articles(tmp_path / "in")
    report = compare(tmp_path / "in")
    page = render_report(report, RenderOptions(show_all=True))
    for raw in ("<script", "<img", "<b>officials", "<dogs>", "<i>The"):
        assert raw not in page, raw
    assert "&lt;script&gt;alert(&quot;a&quot;)&lt;/script&gt;" in page  # the title, escaped with its quotes
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    p = parse(page)
    assert not p.errors and not p.stack
    assert "script" not in p.tags and "img" not in p.tags
    assert not any(k.startswith("on") for _, k, _ in p.attrs)


def test_empty_report_renders() -> None:
    report = replace(seeds_report(), groups=(), claims=())
    page = render_report(report, RenderOptions())
    assert "No conflicts" in page and "No claim in these articles gives a date" in page
    p = parse(page)
    assert not p.errors and not p.stack


# ---------------------------------------------------------------- the browser


def chromium_path() -> str | None:
    """The Chromium binary to drive, or None."""
    env = os.environ.get("FACTCHECK_CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


class Browser:
    """A headless Chromium driven over the DevTools protocol on a pipe (no dependency beyond the stdlib)."""

    def __init__(self, exe: str, profile: Path, timeout: float = 20.0):
        import fcntl  # POSIX only; the fixture skips elsewhere

        cmd_r, self._cmd_w = os.pipe()  # we write commands; the browser reads them on fd 3
        self._res_r, res_w = os.pipe()  # the browser writes replies on fd 4; we read them
        # Move the child's ends above the low numbers so that dup2 onto 3 and 4 cannot clobber them.
        high_r, high_w = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10), fcntl.fcntl(res_w, fcntl.F_DUPFD, 10)

        def wire() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        args = [
            exe, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
            "--hide-scrollbars", "--disable-breakpad", "--disable-crash-reporter", f"--user-data-dir={profile}",
            "about:blank",
        ]
        try:
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL, preexec_fn=wire, pass_fds=(3, 4))
        except OSError:
            for fd in (self._cmd_w, self._res_r):
                os.close(fd)
            raise
        finally:
            for fd in (cmd_r, res_w, high_r, high_w):
                os.close(fd)
        self.timeout = timeout
        self._buf = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._res_r], [], [], left)[0]:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._res_r, 1 << 20)
            if not chunk:
                raise ConnectionError("Chromium closed the pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict[str, Any] | None = None, session: bool = True) -> dict[str, Any]:
        """Send one command and wait for its result (events met meanwhile are kept in ``events``)."""
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            got = self._read_message(deadline)
            if got.get("id") == self._next:
                if "error" in got:
                    raise RuntimeError(f"{method}: {got['error']}")
                return got.get("result", {})
            self.events.append(got)

    def wait_event(self, method: str) -> dict[str, Any]:
        """Wait for an event of this session (or return one already received)."""
        deadline = time.monotonic() + self.timeout
        for ev in self.events:
            if ev.get("method") == method and ev.get("sessionId") == self.session:
                return ev
        while True:
            got = self._read_message(deadline)
            self.events.append(got)
            if got.get("method") == method and got.get("sessionId") == self.session:
                return got

    def open(self, url: str, width: int = 1280, height: int = 900) -> None:
        """Open ``url`` in a fresh tab and wait until it has loaded."""
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        attached = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)
        self.session = attached["sessionId"]
        self.events.clear()
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        got = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in got:
            raise RuntimeError(got["exceptionDetails"].get("text", "exception"))
        return got["result"].get("value")

    def console_errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries of the current page so far."""
        self.evaluate("0")  # let pending events arrive
        out = []
        for ev in self.events:
            if ev.get("sessionId") != self.session:
                continue
            p = ev.get("params", {})
            if ev.get("method") == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in p["args"]))
            elif ev.get("method") == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                out.append("uncaught: " + d.get("exception", {}).get("description", d.get("text", "")))
            elif ev.get("method") == "Log.entryAdded" and p["entry"].get("level") == "error":
                out.append("log: " + p["entry"].get("text", ""))
        return out

    def requests(self) -> list[str]:
        """URLs the current page asked for."""
        return [ev["params"]["request"]["url"] for ev in self.events
                if ev.get("method") == "Network.requestWillBeSent" and ev.get("sessionId") == self.session]

    def screenshot(self, path: Path, full_page: bool = False) -> None:
        """Save a PNG of the viewport (or of the whole page)."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1})
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", params)["data"]))

    def close(self) -> None:
        """Close the browser and its pipes."""
        try:
            self.send("Browser.close", session=False)
        except (OSError, RuntimeError, TimeoutError, ConnectionError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._cmd_w, self._res_r):
            try:
                os.close(fd)
            except OSError:
                pass


def _no_browser(reason: str) -> None:
    """Skip, or fail where a browser is required (FACTCHECK_REQUIRE_BROWSER=1, as CI sets it)."""
    if os.environ.get("FACTCHECK_REQUIRE_BROWSER"):
        pytest.fail(f"browser test required but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    exe = chromium_path()
    if os.name != "posix":
        _no_browser("the DevTools pipe client needs POSIX file descriptors")
    if exe is None:
        _no_browser("Chromium not found (install Debian's `chromium` package, or set FACTCHECK_CHROMIUM)")
    assert exe is not None
    with tempfile.TemporaryDirectory(prefix="factcheck-chromium-") as profile:
        try:
            b = Browser(exe, Path(profile))
        except OSError as exc:
            _no_browser(f"Chromium at {exe} cannot be run: {exc}")
        try:
            b.send("Browser.getVersion", session=False)
        except (TimeoutError, ConnectionError) as exc:
            b.close()
            _no_browser(f"Chromium at {exe} did not start: {exc}")
        yield b
        b.close()


def test_browser_detects_console_errors(browser: Browser, tmp_path: Path) -> None:
    """The detector itself works: a scratch page with a console.error and an uncaught error is caught."""
    page = tmp_path / "scratch.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>'
                    "<script>console.error('deliberate');</script><script>null.boom();</script></body></html>",
                    encoding="utf-8")
    browser.open(page.as_uri())
    errors = browser.console_errors()
    assert any("deliberate" in x for x in errors), errors
    assert any(x.startswith("uncaught:") for x in errors), errors


def test_report_in_browser(browser: Browser, tmp_path: Path, seeds_html: str) -> None:
    page = tmp_path / "report.html"
    page.write_text(seeds_html, encoding="utf-8")
    started = time.monotonic()
    browser.open(page.as_uri())
    assert browser.console_errors() == []
    assert [u for u in browser.requests() if not u.startswith(("file:", "data:", "about:"))] == []
    # The conflicts are visible: the section and both conflict cards have a size, and are in the first screens.
    boxes = browser.evaluate(
        "[...document.querySelectorAll('#conflicts .group.v-conflict')].map(el => {"
        " const r = el.getBoundingClientRect(); const s = getComputedStyle(el);"
        " return [el.id, r.width, r.height, r.top + scrollY, s.visibility, s.display]; })"
    )
    assert [b[0] for b in boxes] == ["G1", "G2"]
    for _, width, height, top, visibility, display in boxes:
        assert width > 600 and height > 100 and top < 2000 and visibility == "visible" and display != "none"
    text = browser.evaluate("document.querySelector('#conflicts').innerText")
    assert "Conflicts (2)" in text and "2025-10-21" in text and "2025-10-25" in text
    marks = browser.evaluate("[...document.querySelectorAll('#conflicts mark')].map(m => m.textContent)")
    assert "October 21" in marks and "two" in marks
    # The timeline drew one mark per placed date claim, inside its box.
    fits = browser.evaluate(
        "(() => { const svg = document.querySelector('#timeline svg').getBoundingClientRect();"
        " const ms = [...document.querySelectorAll('#timeline g.mark')].map(g => g.getBoundingClientRect());"
        " return [ms.length, ms.every(r => r.width > 0 && r.left >= svg.left - 1 && r.right <= svg.right + 1)]; })()"
    )
    placed = sum(1 for c in seeds_report().claims if c.value.kind == "date" and c.anchored and c.value.low is not None)
    assert fits == [placed, True] and placed > 5
    shot = tmp_path / "report.png"
    browser.screenshot(shot)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert time.monotonic() - started < 10


def test_conflict_free_report_in_browser(browser: Browser, tmp_path: Path) -> None:
    calm = tuple(g for g in seeds_report().groups if g.verdict is not Verdict.CONFLICT)
    report = replace(seeds_report(), groups=calm)
    page = tmp_path / "calm.html"
    page.write_text(render_report(report, RenderOptions(show_all=True)), encoding="utf-8")
    browser.open(page.as_uri(), width=390, height=844)  # a phone
    assert browser.console_errors() == []
    assert "No conflicts" in browser.evaluate("document.querySelector('#conflicts').innerText")
    # Nothing is wider than the phone's screen except the timeline and the table, which scroll in their own box.
    wide = browser.evaluate(
        "[...document.querySelectorAll('main *')].filter(el => !el.closest('.timeline, .scroll'))"
        ".filter(el => el.getBoundingClientRect().right > innerWidth + 1).map(el => el.tagName + '.' + el.className)"
    )
    assert wide == []


@pytest.mark.parametrize("folder", ["quake", "ratecut"])
def test_other_stories_in_browser(browser: Browser, tmp_path: Path, folder: str) -> None:
    report = replace(compare(ROOT / "fixtures" / folder), root=f"fixtures/{folder}")
    page = tmp_path / f"{folder}.html"
    page.write_text(render_report(report, RenderOptions()), encoding="utf-8")
    browser.open(page.as_uri())
    assert browser.console_errors() == []
    conflicts = sum(1 for g in report.groups if g.verdict is Verdict.CONFLICT)
    shown = browser.evaluate("[...document.querySelectorAll('#conflicts .group')].filter(g => g.offsetHeight > 0).length")
    assert shown == conflicts
    inside = browser.evaluate(
        "(() => { const svg = document.querySelector('#timeline svg').getBoundingClientRect();"
        " return [...document.querySelectorAll('#timeline g.mark')].every(g => { const r = g.getBoundingClientRect();"
        " return r.width > 0 && r.left >= svg.left - 1 && r.right <= svg.right + 1; }); })()"
    )
    assert inside is True
