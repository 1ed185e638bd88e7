"""Stage 1: files -> Article (discovery, decoding, markup masking, metadata).

Nothing here ever writes, and nothing raises for bad input: a file or folder that cannot be
used comes back as a ``Problem`` naming the reason. Every regular expression is linear in the
length of the text (no two unbounded quantifiers over the same characters side by side), see
docs/robustness.md.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from factcheck.model import Problem, Severity

EXTENSIONS = (".txt", ".md")
DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024
# Folders deeper than this under DIR are not read (a guard against generated or looping trees).
MAX_DEPTH = 256

# Line-anchored patterns use re.M, whose ``^`` and ``$`` only know "\n": they are run on
# ``_lf(text)``, the text with every "\r" turned into "\n" (same length, so the same offsets).
_MARKER = re.compile(r"\A[\ufeff\s]*+date[ \t]++(\d{4})-(\d{2})-(\d{2})\b[ \t]*+", re.IGNORECASE)
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
# Possessive quantifiers (*+, ++): a run of spaces is taken once, never re-split between two stars
# (the old ``^[ \t]*(?:label)?[ \t]*`` was quadratic on a long line of spaces).
_URL_LINE = re.compile(
    r"^[ \t]*+(?:(?:Original url:|Source:|Источник:|URL:)[ \t]*+)?(https?://\S++)[ \t]*+$", re.I | re.M
)
_URL_LABEL = re.compile(r"^[ \t]*+(?:Original url|Source|Источник|URL)[ \t]*+:[ \t]*+$", re.I | re.M)
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
_AGENCY = re.compile(r"/([A-ZА-Я][A-Za-zА-Яа-я\-]{1,20})/\.?")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:[ \t][^<>\n]{0,200})?/?>")
# A comment ends at "-->" on its line, within 500 characters, and never spans another "<!--": so a
# scan from one "<!--" stops at the next, and a line of "<!--<!--<!--" costs one pass, not 500.
_HTML_COMMENT = re.compile(r"<!--(?:(?!<!--)[^\n]){0,500}?-->")
_BOLD = re.compile(r"\*\*|__")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]++", re.M)
# A picture credit: "**Name / Pool / TASS**", "Photo: ...", "Фото: ...". The part before the first
# slash has no slash, so there is one way to split, and each "**" costs at most ~400 steps.
_CREDIT_BOLD = re.compile(r"\*\*([^*/\n]{1,200}/[^*\n]{1,200}?)\*\*")
_CREDIT_LINE = re.compile(
    r"^[ \t]*+(?:Photo|Picture|Image|Credit|Фото|Фотография|Иллюстрация)[ \t]*+(?::|by|—|-)[^\n]*+", re.I | re.M
)
_MONTH_WORD = r"(?:[A-Z][a-z]{2,8}\.?|[а-яё]{3,9})"
# "WASHINGTON, October 31. /TASS/.", "ПУЭРТО-КЕМАДО, 12.03.2026 —", "CARACAS –": a city in capitals,
# an optional date and agency, then a dash or the first sentence.
_DATELINE_PREFIX = re.compile(
    r"[ \t]*+[A-ZА-ЯЁ][A-ZА-ЯЁ'.\-]{1,30}(?:[ \t]+[A-ZА-ЯЁ][A-ZА-ЯЁ'.\-]{1,30}){0,3}"
    r"(?:,[ \t]*(?:" + _MONTH_WORD + r"[ \t]+\d{1,2}|\d{1,2}[ \t]+" + _MONTH_WORD + r"|\d{1,2}\.\d{1,2}\.\d{2,4})"
    r"(?:,?[ \t]+\d{4})?\.?)?"
    r"(?:[ \t]*\(?/[^/\n]{1,30}/\)?\.?)?"
    r"(?:[ \t]*+[–—-])?[ \t]*+(?=\S)"
)

# The lone surrogates a surrogateescape decoding leaves for undecodable bytes (chr(): compiled
# modules cannot hold them as literals).
_ESCAPE_LOW, _ESCAPE_HIGH = chr(0xDC80), chr(0xDCFF)


@dataclass(frozen=True)
class Decoded:
    """The text of a file as decoded, with the encoding that worked."""

    text: str
    encoding: str


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class Scan:
    """What discovery found under a folder: the article files, and what it left out and why.

    ``problems`` carry paths relative to the folder (as the report shows them).
    """

    files: tuple[Path, ...]
    problems: tuple[Problem, ...]
    relative: tuple[str, ...] = ()  # each file's path relative to the folder, "/"-separated


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _is_article(name: str) -> bool:
    return name.lower().endswith(EXTENSIONS)


def scan(root: Path, follow_symlinks: bool = False, max_depth: int = MAX_DEPTH) -> Scan:
    """Every article file under ``root``, recursively and in a stable sorted order, with the
    reasons for what was left out.

    Symbolic links are not followed unless ``follow_symlinks``; when they are, a folder or file
    already reached by another path is read once (a link loop ends there). Folders more than
    ``max_depth`` levels below ``root`` are not read. Never raises for what it finds.
    """
    files: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: dict[tuple[int, int], str] = {}

    def rel(parts: tuple[str, ...]) -> str:
        return "/".join(parts)

    def note(parts: tuple[str, ...], message: str, severity: Severity = Severity.WARNING) -> None:
        problems.append(Problem(rel(parts), message, severity))

    try:
        st = os.stat(root)
        seen_dirs.add((st.st_dev, st.st_ino))
    except OSError:
        pass
    # Depth-first with an explicit stack (a 10,000-level tree must not hit the recursion limit).
    stack: list[tuple[Path, tuple[str, ...]]] = [(Path(root), ())]
    while stack:
        folder, parts = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            note(parts or (".",), f"skipped folder: cannot be listed: {_reason(exc)}", Severity.ERROR)
            continue
        subdirs: list[tuple[Path, tuple[str, ...]]] = []
        for entry in entries:
            here = (*parts, entry.name)
            if not _text_name(entry.name):
                if _is_article(entry.name) or _points_to_dir(entry):
                    note((*parts, display_path(entry.name)),
                         "skipped: its name is not valid UTF-8 (rename it to read it)")
                continue
            try:
                link = entry.is_symlink()
                if link and not follow_symlinks:
                    if _is_article(entry.name) or _points_to_dir(entry):
                        note(here, "skipped: symbolic link, not followed (--follow-symlinks reads it)", Severity.INFO)
                    continue
                try:
                    st = entry.stat(follow_symlinks=True)
                except FileNotFoundError:
                    if _is_article(entry.name):
                        note(here, "skipped: broken symbolic link (its target does not exist)")
                    continue
                except OSError as exc:
                    if exc.errno == errno.ELOOP:
                        note(here, "skipped: symbolic link loop")
                    elif _is_article(entry.name) or link:
                        note(here, f"skipped: cannot be read: {_reason(exc)}", Severity.ERROR)
                    continue
            except OSError as exc:  # is_symlink on a vanished entry
                if _is_article(entry.name):
                    note(here, f"skipped: cannot be read: {_reason(exc)}", Severity.ERROR)
                continue
            ident = (st.st_dev, st.st_ino)
            if stat.S_ISDIR(st.st_mode):
                if ident in seen_dirs:
                    note(here, "skipped: symbolic link loop (folder already read)" if link
                         else "skipped: folder already read by another path")
                    continue
                if len(here) > max_depth:
                    note(here, f"skipped folder: deeper than {max_depth} levels")
                    continue
                seen_dirs.add(ident)
                subdirs.append((folder / entry.name, here))
                continue
            if not _is_article(entry.name):
                continue
            if not stat.S_ISREG(st.st_mode):
                note(here, f"skipped: {_kind(st.st_mode)}, not a regular file")
                continue
            if ident in seen_files:
                note(here, f"skipped: same file as {seen_files[ident]} (read once)", Severity.INFO)
                continue
            seen_files[ident] = rel(here)
            files.append((rel(here), folder / entry.name))
        stack.extend(reversed(subdirs))
    files.sort(key=lambda f: f[0])
    return Scan(tuple(p for _, p in files), tuple(sorted(problems, key=lambda p: (p.path, p.message))),
                tuple(r for r, _ in files))


def _text_name(name: str) -> bool:
    """A name that can be printed and written as UTF-8 (not one of undecodable bytes)."""
    return name.isascii() or not any(_ESCAPE_LOW <= c <= _ESCAPE_HIGH for c in name)


def _points_to_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def discover(root: Path, follow_symlinks: bool = False) -> list[Path]:
    """Every article file under ``root``, recursively, in a stable sorted order (see ``scan``)."""
    return list(scan(root, follow_symlinks).files)


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "it disappeared (deleted or moved during the run)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENAMETOOLONG:
        return "path too long"
    return (exc.strerror or str(exc)).lower() if exc.strerror else str(exc)


def display_path(path: str) -> str:
    """A path made safe to print: control characters (newlines, escapes) and bytes that are not
    text (file names that are not UTF-8) are shown as escapes, everything else as is."""
    if path.isprintable() and (path.isascii() or not any(_ESCAPE_LOW <= c <= _ESCAPE_HIGH for c in path)):
        return path
    out = []
    for c in path:
        if _ESCAPE_LOW <= c <= _ESCAPE_HIGH:
            out.append(f"\\x{ord(c) - 0xDC00:02x}")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif not c.isprintable() and c != " ":
            out.append(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        else:
            out.append(c)
    return "".join(out)


# --------------------------------------------------------------------------- decoding

_BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"), (b"\x7fELF", "a program"), (b"RIFF", "a RIFF media file"),
    (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ\x00", "an xz archive"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)
_MAGICS = tuple(magic for magic, _ in _BINARY_MAGIC)
_WORD = re.compile(r"[^\W\d_]+")
_COMMON_RU = frozenset("оеаинтсрвл")
# Bytes C1 controls decode to in latin-1: never in a real text.
_C1 = re.compile(rb"[\x80-\x9f]")


# Control characters other than tab and line ends would reach the terminal as they are (an escape
# sequence in an article could recolour or clear it): each becomes one U+FFFD (vertical tab and
# form feed a space), so every offset stays where it was.
_CONTROLS = {c: "\ufffd" for c in (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0))}
_CONTROLS.update({0x0B: " ", 0x0C: " "})
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")
_C0_BYTES = bytes((*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def safe_text(text: str) -> str:
    """``text`` with control characters replaced one for one (see ``_CONTROLS``)."""
    return text.translate(_CONTROLS) if _CONTROL_RE.search(text) else text


def decode(data: bytes) -> Decoded | str:
    """Decode file bytes; return the reason as a string when the bytes are not text.

    The text has no control characters other than tab, CR and LF (``safe_text``).
    """
    got = _decode(data)
    if isinstance(got, str) or not _has_controls(got, data):
        return got
    return Decoded(safe_text(got.text), got.encoding)


def _has_controls(decoded: Decoded, data: bytes) -> bool:
    """Whether the text has characters ``safe_text`` replaces (looked for in the bytes when they are
    the text in UTF-8: every byte below 0x80 is a character there, and U+0080-U+009F is C2 80-9F)."""
    if decoded.encoding == "utf-8":
        return len(data.translate(None, _C0_BYTES)) < len(data) or _C1_UTF8.search(data) is not None
    return _CONTROL_RE.search(decoded.text) is not None


def _decode(data: bytes) -> Decoded | str:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            return "starts with a UTF-8 byte-order mark but is not valid UTF-8"
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return Decoded(_no_bom(data[2:].decode(enc)), enc)
            except UnicodeDecodeError:
                return f"starts with a {enc.upper()} byte-order mark but is not valid {enc.upper()}"
    if data.startswith(_MAGICS):  # one test for all of them (most files start with none)
        for magic, what in _BINARY_MAGIC:
            if data.startswith(magic) and (magic != b"RIFF" or data[8:12] in (b"WAVE", b"AVI ", b"WEBP")):
                return f"binary file ({what})"
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        return "binary file (contains NUL bytes)"
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    return _decode_legacy(data)


def _no_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 with no byte-order mark: NULs in every other byte (ASCII letters, digits, spaces)."""
    sample = data[:8192]
    half = len(sample) // 2
    if half < 8:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    for enc, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= half * 0.1 and other <= half * 0.01:
            try:
                text = data[: len(data) - len(data) % 2].decode(enc)
            except UnicodeDecodeError:
                return None
            if _controls(text[:20000]) > len(text[:20000]) * 0.01:
                return None
            return Decoded(text, enc)
    return None


def _controls(sample: str) -> int:
    return sum(1 for c in sample if (ord(c) < 32 and c not in "\r\n\t\f") or 0x7F <= ord(c) < 0xA0)


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few broken bytes (a cut-off character, a stray Windows byte): keep the text,
    replace the bad bytes with U+FFFD. Only when valid multi-byte characters far outnumber them."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for c in text if _ESCAPE_LOW <= c <= _ESCAPE_HIGH)
    good = sum(1 for c in text if ord(c) > 0x7F) - bad
    if good < 8 * bad:
        return None
    clean = "".join("\ufffd" if _ESCAPE_LOW <= c <= _ESCAPE_HIGH else c for c in text) if bad else text
    return Decoded(clean, f"utf-8 with {bad:,} invalid byte{'s' if bad != 1 else ''} replaced")


def _decode_legacy(data: bytes) -> Decoded | str:
    """Single-byte encodings decode anything: pick the one whose words look like words."""
    best: tuple[float, str, str] | None = None
    latin = "cp1252" if _C1.search(data) else "latin-1"
    for enc in ("cp1251", "koi8-r", latin):
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
    """How much ``text`` (``data`` read as ``enc``) looks like real text, from 0 to 1.

    Real Russian read right has words of Cyrillic letters only, mostly lowercase and mostly of the
    commonest letters (KOI8-R read as cp1251 and back flips the case and shuffles the letters). Latin-1 text read as cp1251 has Cyrillic letters inside
    Latin words; Russian read as Latin-1 has long words of accented letters only (Ïðèâåò).
    """
    sample = text[:20000]
    if _controls(sample) > len(sample) * 0.01:
        return 0.0
    every = _WORD.findall(sample)
    words = [w for w in every if not w.isascii()]
    if enc in ("latin-1", "cp1252"):
        if any("\u0400" <= c <= "\u04ff" for w in words for c in w):
            return 0.0
        if not words:  # English with only Windows quotes, dashes or an ellipsis outside ASCII
            return 0.8 if every else 0.0
        alien = sum(1 for w in words if len(w) >= 3 and not any(c.isascii() for c in w))
        return 0.8 * (1 - alien / len(words))
    if not words:
        return 0.0
    pure = sum(1 for w in words if all("\u0400" <= c <= "\u04ff" for c in w))
    cyr = [c for w in words for c in w if "\u0400" <= c <= "\u04ff"]
    if not cyr:
        return 0.0
    lower = sum(1 for c in cyr if c.islower()) / len(cyr)
    # The ten commonest Russian letters are ~70% of a Russian text, ~35% of one read in the other
    # encoding (KOI8-R and cp1251 order the alphabet differently); this decides all-caps texts too.
    common = sum(1 for c in cyr if c.lower() in _COMMON_RU) / len(cyr)
    fit = min(1.0, max(0.0, (common - 0.3) / 0.3))
    return (pure / len(words)) * (0.5 + 0.4 * fit + 0.1 * lower)


# --------------------------------------------------------------------------- masking


def _lf(text: str) -> str:
    """``text`` with "\r" as "\n" (same length), for the line-anchored patterns."""
    return text.replace("\r", "\n") if "\r" in text else text


def mask_markup(text: str, extra: tuple[tuple[int, int], ...] = ()) -> str:
    """Blank out markup, picture credits and metadata, keeping every offset in place."""
    spans: list[tuple[int, int]] = []
    probe = _lf(text)
    # "x" in text is a fast scan for one character: each first character of a needle is looked for
    # once, a longer needle only when its first character is there.
    firsts = "".join([char for char in _NEEDLE_FIRSTS if char in probe])
    for rx, needles, gate, by_line in _masks_for(firsts):
        if needles and not any(needle in probe for needle in needles):
            continue
        if gate is not None and not gate.search(probe):
            continue
        found = _line_spans(rx, probe) if by_line else (m.span() for m in rx.finditer(probe))
        spans.extend(span for span in found if span[1] > span[0])
    m = _MARKER.match(text)
    if m:
        spans.append(m.span())
    spans.extend((max(0, a), min(len(text), b)) for a, b in extra if b > a)
    if not spans:
        return text
    spans.sort()
    out: list[str] = []
    pos = 0
    for start, stop in spans:
        start = max(start, pos)
        if stop <= start:
            continue
        out.append(text[pos:start])
        out.append(_BLANK.sub(" ", text[start:stop]))
        pos = stop
    out.append(text[pos:])
    return "".join(out)


def _line_spans(rx: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``_line_matches(rx, text)``, each line's without the "\\n" before it."""
    for m in _line_matches(rx, text):
        start = m.start()
        yield start + (text[start] == "\n"), m.end()


def _line_matches(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``rx`` in ``text`` as ``rx.finditer`` finds them (the same groups), for a
    pattern that starts with "^" (re.M) and never matches a line end; but each match after the
    first line starts with the "\\n" before it.

    Such a pattern matches at most once per line, at its start: matching at 0, then searching for
    the pattern after a "\\n", which the regex engine skips ahead to, finds the same as trying "^"
    at every character, in a fraction of the time (on most texts, most of the time of masking).
    """
    m = rx.match(text)
    if m:
        yield m
    yield from _after_newline(rx).finditer(text)


@cache
def _after_newline(rx: re.Pattern[str]) -> re.Pattern[str]:
    assert rx.pattern.startswith("^") and rx.flags & re.M
    return re.compile("\n(?:%s)" % rx.pattern[1:], rx.flags)


_BLANK = re.compile(r"[^\r\n]")
_NON_SPACE = re.compile(r"\S")
# What mask_markup blanks, each pattern with strings one of which every match contains, and maybe a
# pattern found in every text it matches in: a text with none of them, or without that, is not
# searched (most texts have no markup, and the line-anchored patterns are slow to fail). Credit
# lines have none: their words are matched ignoring case, in more than one spelling. A URL label is
# a line that ends with its colon, and colons mostly come with more on their line.
_LABEL_END = re.compile(r":[ \t]*+(?:\n|\Z)")
# (pattern, needles, gate, whether line-anchored: re.M, searched for with _line_matches)
_Mask = tuple[re.Pattern[str], tuple[str, ...], re.Pattern[str] | None, bool]
_MASKS: tuple[_Mask, ...] = tuple(
    (rx, needles, gate, bool(rx.flags & re.M))
    for rx, needles, gate in (
        (_CREDIT_BOLD, ("**",), None), (_CREDIT_LINE, (), None), (_HTML_COMMENT, ("<!--",), None),
        (_HTML_TAG, ("<",), None), (_BOLD, ("**", "__"), None), (_HEADING, ("#",), None),
        (_URL_LINE, ("://",), None), (_URL_LABEL, (":",), _LABEL_END),
    )
)
_NEEDLE_FIRSTS = "".join(sorted({needle[0] for _, needles, _, _ in _MASKS for needle in needles}))


@cache
def _masks_for(firsts: str) -> tuple[_Mask, ...]:
    """The masks that may match a text in which, of the first characters of needles, only ``firsts``
    are found: with the needles still to look for (none when one is a character found)."""
    out: list[_Mask] = []
    for rx, needles, gate, by_line in _MASKS:
        left = tuple(needle for needle in needles if needle[0] in firsts)
        if needles and not left:
            continue
        out.append((rx, () if any(len(needle) == 1 for needle in left) else left, gate, by_line))
    return tuple(out)


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


def _first_lines(text: str, count: int) -> list[tuple[int, int]]:
    """Spans of the first ``count`` lines of ``text`` that are not blank."""
    out: list[tuple[int, int]] = []
    probe = _lf(text)  # "\\r\\n" becomes two line ends, with a blank line between
    pos = 0
    while len(out) < count:
        end = probe.find("\n", pos)
        stop = len(probe) if end < 0 else end
        if _NON_SPACE.search(probe, pos, stop):  # what strip() leaves, without copying the line
            out.append((pos, stop))
        if end < 0:
            break
        pos = end + 1
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
    lines = _first_lines(text, 5)  # the title and the four lines after it at most
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
            found = _date_in(text[a : min(b, a + 120)])
            if found:
                published, source = found[0], "dateline"
                line = text[a:b]
                rest = line[: found[1]] + line[found[2] :]
                if not any(ch.isalnum() for ch in rest):
                    masked.append((a, b))
                break
    url = None
    if "://" in text:  # in every URL line; the search is slow to fail on each of the other lines
        for um in _line_matches(_URL_LINE, _lf(text)):
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
    """Read and decode one file, or explain why it cannot be used (never raises for bad input).

    The file is opened once and checked on the open handle, so a file swapped, grown or deleted
    after discovery is caught; named pipes and devices are refused before any read could block.
    """
    shown = path.as_posix()
    try:
        st = os.stat(path)
    except OSError as exc:
        return Problem(shown, f"cannot be read: {_reason(exc)}", Severity.ERROR)
    if stat.S_ISDIR(st.st_mode):
        return Problem(shown, "skipped: is a folder, not a file", Severity.WARNING)
    if not stat.S_ISREG(st.st_mode):
        return Problem(shown, f"skipped: {_kind(st.st_mode)}, not a regular file", Severity.WARNING)
    if st.st_size > max_size:
        return Problem(shown, _too_big(st.st_size, max_size), Severity.WARNING)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return Problem(shown, f"skipped: {_kind(st.st_mode)}, not a regular file", Severity.WARNING)
            data = _read_all(fd, max_size + 1, st.st_size)
        finally:
            os.close(fd)
    except OSError as exc:
        return Problem(shown, f"cannot be read: {_reason(exc)}", Severity.ERROR)
    if len(data) > max_size:
        return Problem(shown, _too_big(max(len(data), st.st_size), max_size, grew=True), Severity.WARNING)
    decoded = decode(data)
    if isinstance(decoded, str):
        return Problem(shown, f"skipped: {decoded}", Severity.WARNING)
    if not decoded.text or decoded.text.isspace():  # as "not strip()", without copying the text
        return Problem(shown, "skipped: empty file" if not decoded.text else "skipped: only whitespace",
                       Severity.WARNING)
    return decoded


def _read_all(fd: int, limit: int, size: int) -> bytes:
    """The bytes of open file ``fd`` up to its end or to ``limit`` bytes, whichever comes first.

    Read directly, in pieces the size of the file (64 KB at least): a buffered reader asked for
    ``limit`` bytes sets aside that much first, 20 MB per small article. Reading on to the end
    catches a file that grew.
    """
    parts = []
    have = 0
    while have < limit:
        part = os.read(fd, min(limit - have, max(size + 1, 1 << 16)))
        if not part:
            break
        parts.append(part)
        have += len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def _too_big(size: int, limit: int, grew: bool = False) -> str:
    when = " (it grew while being read)" if grew else ""
    return (f"skipped: {_size(size)} ({size:,} bytes) is over the size limit of {_size(limit)} "
            f"({limit:,} bytes){when}; raise it with --max-file-size")
