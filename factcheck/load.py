"""Stage 1: files -> Article (discovery, decoding, markup masking, metadata)."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from factcheck.model import Problem, Severity

EXTENSIONS = (".txt", ".md")
DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024

_MARKER = re.compile(r"\A[\ufeff\s]*date[ \t]+(\d{4})-(\d{2})-(\d{2})\b[ \t]*", re.IGNORECASE)
_DATELINE_EN = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?[ \t]+(\d{1,2}),?[ \t]+(\d{4})\b"
)
_DATELINE_DMY_EN = re.compile(
    r"\b(\d{1,2})[ \t]+(January|February|March|April|May|June|July|August|September|October|November|December)"
    r",?[ \t]+(\d{4})\b"
)
_DATELINE_RU = re.compile(r"\b(\d{1,2})[ \t]+([а-яё]{3,9})[ \t]+(\d{4})(?:[ \t]+г(?:ода|\.)?)?", re.IGNORECASE)
_DATELINE_NUM = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.]*\d)")
_DATELINE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_URL_LINE = re.compile(r"^[ \t]*(?:Original url:|Source:|Источник:|URL:)?[ \t]*(https?://\S+)[ \t]*$", re.I | re.M)
_URL_LABEL = re.compile(r"^[ \t]*(?:Original url|Source|Источник|URL)[ \t]*:[ \t]*$", re.I | re.M)
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
_AGENCY = re.compile(r"/([A-ZА-Я][A-Za-zА-Яа-я\-]{1,20})/\.?")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:[ \t][^<>\n]{0,200})?/?>")
_HTML_COMMENT = re.compile(r"<!--[^\n]{0,500}?-->")
_BOLD = re.compile(r"\*\*|__")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M)
# A picture credit: "**Name / Pool / TASS**", "Photo: ...", "Фото: ...".
_CREDIT_BOLD = re.compile(r"\*\*([^*\n]{1,200}?/[^*\n]{1,200}?)\*\*")
_CREDIT_LINE = re.compile(
    r"^[ \t]*(?:Photo|Picture|Image|Credit|Фото|Фотография|Иллюстрация)[ \t]*(?::|by|—|-)[^\n]*$", re.I | re.M
)
_MONTH_WORD = r"(?:[A-Z][a-z]{2,8}\.?|[а-яё]{3,9})"
# "WASHINGTON, October 31. /TASS/.", "ПУЭРТО-КЕМАДО, 12.03.2026 —", "CARACAS –": a city in capitals,
# an optional date and agency, then a dash or the first sentence.
_DATELINE_PREFIX = re.compile(
    r"[ \t]*[A-ZА-ЯЁ][A-ZА-ЯЁ'.\-]{1,30}(?:[ \t]+[A-ZА-ЯЁ][A-ZА-ЯЁ'.\-]{1,30}){0,3}"
    r"(?:,[ \t]*(?:" + _MONTH_WORD + r"[ \t]+\d{1,2}|\d{1,2}[ \t]+" + _MONTH_WORD + r"|\d{1,2}\.\d{1,2}\.\d{2,4})"
    r"(?:,?[ \t]+\d{4})?\.?)?"
    r"(?:[ \t]*\(?/[^/\n]{1,30}/\)?\.?)?"
    r"(?:[ \t]*[–—-])?[ \t]*(?=\S)"
)


@dataclass(frozen=True)
class Decoded:
    """The text of a file as decoded, with the encoding that worked."""

    text: str
    encoding: str


def discover(root: Path, follow_symlinks: bool = False) -> list[Path]:
    """Every article file under ``root``, recursively, in a stable sorted order."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=follow_symlinks):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(EXTENSIONS):
                path = Path(dirpath) / name
                if path.is_symlink() and not follow_symlinks:
                    continue
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def decode(data: bytes) -> Decoded | str:
    """Decode file bytes; return the reason as a string when the bytes are not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            return "starts with a UTF-8 byte-order mark but is not valid UTF-8"
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return Decoded(data[2:].decode(enc), enc)
            except UnicodeDecodeError:
                return f"starts with a {enc.upper()} byte-order mark but is not valid {enc.upper()}"
    if b"\x00" in data[:8192]:
        return "binary file (contains NUL bytes)"
    if data.startswith(b"\x89PNG") or data.startswith(b"%PDF") or data.startswith(b"GIF8"):
        return "binary file (image or document)"
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data)


def _decode_legacy(data: bytes) -> Decoded | str:
    # Single-byte Russian encodings decode anything; pick the one whose letters look like Russian.
    best: tuple[float, str, str] | None = None
    for enc in ("cp1251", "koi8-r", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text, enc)
        if best is None or score > best[0]:
            best = (score, enc, text)
    if best is None or best[0] < 0.5:
        return "not valid UTF-8 and no known encoding fits"
    return Decoded(best[2], best[1])


def _plausibility(text: str, enc: str) -> float:
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return 0.0
    controls = sum(1 for c in sample if (ord(c) < 32 and c not in "\r\n\t") or 0x80 <= ord(c) < 0xA0)
    if controls > len(sample) * 0.01:
        return 0.0
    cyr = [c for c in letters if "\u0400" <= c <= "\u04ff"]
    if enc == "latin-1":
        return 0.6 if len(cyr) == 0 else 0.0
    if len(cyr) < len(letters) * 0.3:
        return 0.0
    # Russian text is mostly lowercase: KOI8-R read as cp1251 (and vice versa) flips the case.
    lower = sum(1 for c in cyr if c.islower())
    return 0.5 + 0.5 * lower / len(cyr)


def mask_markup(text: str, extra: tuple[tuple[int, int], ...] = ()) -> str:
    """Blank out markup, picture credits and metadata, keeping every offset in place."""
    chars = list(text)

    def blank(start: int, stop: int) -> None:
        for i in range(start, stop):
            if chars[i] not in "\r\n":
                chars[i] = " "

    for rx in (_CREDIT_BOLD, _CREDIT_LINE, _HTML_COMMENT, _HTML_TAG, _BOLD, _HEADING, _URL_LINE, _URL_LABEL):
        for m in rx.finditer(text):
            blank(m.start(), m.end())
    m = _MARKER.match(text)
    if m:
        blank(m.start(), m.end())
    for start, stop in extra:
        blank(start, stop)
    return "".join(chars)


@dataclass(frozen=True)
class Metadata:
    """What the top and the footer of an article say about it."""

    published: dt.date | None
    date_source: str | None
    title: str | None
    outlet: str | None
    url: str | None
    masked: tuple[tuple[int, int], ...]


def _mk_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


@cache
def _month_numbers() -> dict[str, int]:
    """Every month name and form of data/calendar.toml (both languages), lowercase -> 1..12."""
    from factcheck.data import load_toml

    cal = load_toml("calendar")
    out: dict[str, int] = {}
    for lang in ("en", "ru"):
        for i, forms in enumerate(cal[lang]["months"]):
            for form in forms:
                out[form.lower().replace("ё", "е")] = i + 1
    return out


def _month(name: str) -> int | None:
    return _month_numbers().get(name.lower().rstrip(".").replace("ё", "е"))


def _date_in(line: str) -> tuple[dt.date, int, int] | None:
    """A full date (with a year) written in ``line``, and its span."""
    for rx, order in (
        (_DATELINE_ISO, "ymd"),
        (_DATELINE_EN, "mdy"),
        (_DATELINE_DMY_EN, "dmy"),
        (_DATELINE_RU, "dmy"),
        (_DATELINE_NUM, "dmy-num"),
    ):
        m = rx.search(line)
        if not m:
            continue
        if order == "ymd":
            d = _mk_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        elif order == "mdy":
            month = _month(m.group(1))
            d = _mk_date(int(m.group(3)), month, int(m.group(2))) if month else None
        elif order == "dmy":
            month = _month(m.group(2))
            d = _mk_date(int(m.group(3)), month, int(m.group(1))) if month else None
        else:
            d = _mk_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            return d, m.start(), m.end()
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in re.finditer(r"\r\n|\r|\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _is_dateline(prefix: str) -> bool:
    """A city in capitals must be followed by a comma and date, an agency, or a dash."""
    core = prefix.strip()
    if not core or not any(ch in core for ch in ",/–—-"):
        return False
    city = re.split(r"[,/–—]|\s-", core)[0].strip()
    letters = [c for c in city if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def read_metadata(text: str) -> Metadata:
    """Publication date, title, outlet and URL of an article."""
    published: dt.date | None = None
    source: str | None = None
    masked: list[tuple[int, int]] = []
    m = _MARKER.match(text)
    if m:
        published = _mk_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        source = "marker" if published else None
        masked.append((m.start(), m.end()))
    lines = [(a, b) for a, b in _lines(text) if text[a:b].strip()]
    title = None
    first_body = 0
    if lines and not m:
        a, b = lines[0]
        candidate = _HEADING.sub("", text[a:b]).strip().strip("*").strip()
        if 0 < len(candidate) <= 200 and not candidate.endswith((".", "!", "?")) and not _date_in(candidate):
            title = candidate
            first_body = 1
    body = [(a, b) for a, b in lines[first_body : first_body + 4] if not any(a <= x < b for x, _ in masked)]
    if m:
        body = [(m.end(), lines[0][1])] + body if lines else body
    for a, b in body[:3]:
        pm = _DATELINE_PREFIX.match(text, a, b)
        if pm and pm.end() > a and _is_dateline(text[a : pm.end()]):
            masked.append((a, pm.end()))
            break
    if published is None:
        # A dateline: a date with a year in the first few non-empty lines (or the start of the first paragraph).
        for a, b in lines[first_body : first_body + 4]:
            found = _date_in(text[a:b][:120])
            if found:
                published, source = found[0], "dateline"
                line = text[a:b]
                rest = line[: found[1]] + line[found[2] :]
                if not any(ch.isalnum() for ch in rest):
                    masked.append((a, b))
                break
    url = None
    for um in _URL_LINE.finditer(text):
        url = um.group(1)
    outlet = None
    if url:
        host = re.sub(r"^https?://(?:www\.)?", "", url).split("/")[0]
        outlet = host or None
        if published is None:
            dm = _URL_DATE.search(url)
            if dm:
                published = _mk_date(int(dm.group(1)), int(dm.group(2)), int(dm.group(3)))
                source = "url" if published else None
    if outlet is None:
        head = text[:400]
        am = _AGENCY.search(head)
        if am:
            outlet = am.group(1)
    return Metadata(published, source, title, outlet, url, tuple(masked))


def read_file(path: Path, max_size: int = DEFAULT_MAX_FILE_SIZE) -> Decoded | Problem:
    """Read and decode one file, or explain why it cannot be used."""
    shown = path.as_posix()
    try:
        if path.is_dir():
            return Problem(shown, "is a directory, not a file", Severity.WARNING)
        size = path.stat().st_size
        if size > max_size:
            return Problem(shown, f"skipped: {size:,} bytes is over --max-file-size {max_size:,}", Severity.WARNING)
        data = path.read_bytes()
    except OSError as exc:
        return Problem(shown, f"cannot be read: {exc.strerror or exc}", Severity.ERROR)
    decoded = decode(data)
    if isinstance(decoded, str):
        return Problem(shown, f"skipped: {decoded}", Severity.WARNING)
    if not decoded.text.strip():
        return Problem(shown, "skipped: empty file", Severity.WARNING)
    return decoded
