"""Absolute and relative dates and times of day in English and Russian news text.

``find_dates`` only recognises expressions and records what they say (an unresolved spec);
``resolve`` turns one mention into an inclusive date interval, anchored on the article's
publication date or on the previous date mentioned in the text.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from itertools import compress
from operator import itemgetter
from typing import Any

from factcheck.claims.numbers import HEAD_BITS, byte_class, digit_tokens, token_codes
from factcheck.claims.tokens import D as _D_TOKEN
from factcheck.claims.tokens import P as _P_TOKEN
from factcheck.claims.tokens import TOKEN_RE, Tokens
from factcheck.data import load_toml
from factcheck.native import mypyc_attr


@mypyc_attr(native_class=False)
@dataclass(frozen=True)
class DateMention:
    """A date or time-of-day expression found in a text, not yet anchored."""

    start: int
    stop: int
    text: str
    kind: str  # "date" | "time"
    rule: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None  # for intervals ("2020-2023", "30 October - 2 November 2025")
    end_month: int | None = None
    end_day: int | None = None
    weekday: int | None = None  # 0 = Monday
    # Days for today/yesterday/day_before/day_after; periods for this/last/next_*;
    # direction (-1 strictly before, 0 most recent, +1 upcoming) for weekday/weekend/month.
    offset: int = 0
    year_offset: int | None = None  # "в октябре прошлого года" / "October last year"
    unit: str | None = None  # "day" | "week" | "month" | "year" for "ago"
    count_low: int | None = None  # "a few months ago" -> 2..6
    count_high: int | None = None
    part: str | None = None  # "early" | "mid" | "late" | "earlier" | "later"
    fallback: bool = False  # day_before may anchor on the publication date
    hour: int | None = None  # kind == "time": 24-hour clock
    minute: int | None = None
    zone: str | None = None  # display form: "MSK", "local time", "EST", "UTC+3"


@dataclass(frozen=True)
class Resolved:
    """An inclusive date interval and how it was obtained."""

    low: dt.date
    high: dt.date
    how: str


# --------------------------------------------------------------------------- normalisation

# Stress marks and soft hyphens are invisible in print but would break word matching.
_DROP = frozenset("\u0301\u0300\u00ad")


def _fold(s: str) -> str:
    return s.replace("ё", "е").replace("Ё", "Е")  # two scans in C: faster than str.translate


def _key(s: str) -> str:
    return " ".join(_fold(s).lower().split())


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """Fold ё and drop stress marks; the list maps normalised offsets back (None = identity)."""
    folded = _fold(text)
    if not any(c in folded for c in _DROP):  # three substring scans, not a Python loop per character
        return folded, None
    keep = [i for i, c in enumerate(folded) if c not in _DROP]
    return "".join(folded[i] for i in keep), keep


# --------------------------------------------------------------------------- regex building


def _phrase(p: str) -> str:
    return r"\s+".join(re.escape(w) for w in _fold(p).split())


def _alt(words: Iterable[str]) -> str:
    """Alternation of literal phrases, longest first, any whitespace between words."""
    uniq = sorted({_fold(w) for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(_phrase(w) for w in uniq) + ")"


def _cased(words: Iterable[str]) -> str:
    """Case-sensitive alternation of Title and UPPER forms (English month and weekday names)."""
    forms = {f for w in words for f in (w, w.upper())}
    return "(?-i:" + _alt(forms)[3:]


DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])"
YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})(?![0-9])"
YEAR_T = YEAR + r"(?![-/.][0-9])"  # a year that is not the head of a numeric date
NUM_START = r"(?<![\w.,:/+\-])"  # a number that is not the tail of another number or code
DASH = r"[-\u2010\u2011\u2012\u2013\u2014]"
EN_ORD = r"(?:st|nd|rd|th)?"
RU_ORD = r"(?:-?(?:го|е|ое|м))?"


@cache
def _data() -> dict[str, Any]:
    return load_toml("calendar")


@cache
def _lex(lang: str) -> dict[str, Any]:
    """Lookup tables and regex fragments for one language."""
    d = _data()[lang]
    month_of: dict[str, int] = {}
    full: list[str] = []
    abbr: list[str] = []
    for i, forms in enumerate(d["months"], 1):
        if lang == "en":
            full.append(forms[0])
            abbr.extend(forms[1:])
        else:
            full.extend(forms)
            abbr.extend(d["month_abbr"][i - 1])
        for f in forms + (d["month_abbr"][i - 1] if lang == "ru" else []):
            month_of[_key(f)] = i
    weekday_of = {_key(f): i for i, forms in enumerate(d["weekdays"]) for f in forms}
    wd_forms = [f for forms in d["weekdays"] for f in forms]
    abbr_forms = sorted({f for a in abbr for f in (a, a.upper())}, key=len, reverse=True)
    abbr_re = "|".join(re.escape(_fold(a)) + r"(?:\.|(?!\w))" for a in abbr_forms)
    if lang == "en":
        month_full = _cased(full) + r"(?!\w)"
        month_any = "(?:" + month_full + "|(?-i:" + abbr_re + "))"
        weekday = _cased(wd_forms) + r"(?!\w)"
    else:
        month_full = _alt(full) + r"(?!\w)"
        month_any = "(?:" + month_full + "|" + abbr_re + ")"
        weekday = _alt(wd_forms) + r"(?!\w)"
    counts: dict[str, tuple[int, int]] = {_key(k): (v, v) for k, v in d["numbers"].items()}
    counts.update({_key(k): (v[0], v[1]) for k, v in d["vague"].items()})
    unit_of = {_key(f): u for u, forms in d["units"].items() for f in forms}
    part_of = {_key(f): p for p, forms in d["parts"].items() for f in forms}
    return {
        "month_of": month_of,
        "weekday_of": weekday_of,
        "month_full": month_full,
        "month_any": month_any,
        "weekday": weekday,
        "counts": counts,
        "count_re": "(?:[0-9]{1,3}(?![0-9])|" + _alt(counts) + r"(?!\w))",
        "unit_of": unit_of,
        "unit_re": _alt(unit_of) + r"(?!\w)",
        "part_of": part_of,
        "part_re": _alt(part_of),
        "period_mods": {_key(k): v for k, v in d["period_mods"].items()},
        "period_re": _alt(d["period_mods"]),
        "year_rel": {_key(k): v for k, v in d["year_rel"].items()},
        "year_rel_re": _alt(d["year_rel"]) + r"(?!\w)",
        "weekday_mods": {_key(k): v for k, v in d["weekday_mods"].items()},
        "data": d,
    }


# --------------------------------------------------------------------------- match handlers

Fields = dict[str, Any]
Handler = Callable[[re.Match[str]], Fields | None]


def _g(mt: re.Match[str], name: str) -> str | None:
    return mt.groupdict().get(name)


def _gi(mt: re.Match[str], name: str) -> int | None:
    s = _g(mt, name)
    return int(s) if s is not None else None


def _valid_day(month: int, day: int, year: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    last = calendar.monthrange(year if year is not None else 2024, month)[1]  # 2024: leap
    return 1 <= day <= last


def _span(mt: re.Match[str], start_group: str | None = None) -> tuple[int, int]:
    if start_group is not None and mt.group(start_group) is not None:
        return mt.start(start_group), mt.end()
    if "m" in mt.re.groupindex and mt.group("m") is not None:
        return mt.span("m")
    return mt.span()


def _calendar_handler(lang: str, rule: str) -> Handler:
    """Day-and-month expressions with optional year and day or month range."""
    lex = _lex(lang)

    def handle(mt: re.Match[str]) -> Fields | None:
        month = lex["month_of"][_key(mt.group("mon")).rstrip(".")]
        day = int(mt.group("d"))
        year = _gi(mt, "y")
        end_month, end_day = month, day
        if _g(mt, "d2") is not None:
            end_day = int(mt.group("d2"))
            if _g(mt, "mon2") is not None:
                end_month = lex["month_of"][_key(mt.group("mon2")).rstrip(".")]
        if _g(mt, "d3") is not None:
            end_day = int(mt.group("d3"))
            end_month = lex["month_of"][_key(mt.group("mon3")).rstrip(".")]
        if not (_valid_day(month, day, year) and _valid_day(end_month, end_day, year)):
            return None
        if (end_month, end_day) < (month, day) and end_month == month:
            return None  # "26-3 October" is not a range
        ranged = (end_month, end_day) != (month, day)
        start = mt.start()
        if _g(mt, "wd") is None:
            start = mt.start("d") if rule == "day_month" else mt.start("mon")
            if _g(mt, "the") is not None:
                start = mt.start("the")
            if ranged and _g(mt, "pre") is not None:
                start = mt.start("pre")
        return {
            "span": (start, mt.end()),
            "year": year,
            "month": month,
            "day": day,
            "end_month": end_month if ranged else None,
            "end_day": end_day if ranged else None,
        }

    return handle


def _iso(mt: re.Match[str]) -> Fields | None:
    y, mo, d = int(mt.group("y")), int(mt.group("mo")), int(mt.group("d"))
    return {"year": y, "month": mo, "day": d} if _valid_day(mo, d, y) else None


def _numeric_handler(lang: str) -> Handler:
    def handle(mt: re.Match[str]) -> Fields | None:
        a, b, y = int(mt.group("a")), int(mt.group("b")), int(mt.group("y"))
        day, month = a, b
        # US usage: 10/26/2025 is month/day; a first number above 12 can only be a day.
        if lang == "en" and mt.group("sep") == "/" and a <= 12:
            day, month = b, a
        return {"year": y, "month": month, "day": day} if _valid_day(month, day, y) else None

    return handle


def _month_year_handler(lang: str) -> Handler:
    lex = _lex(lang)

    def handle(mt: re.Match[str]) -> Fields | None:
        return {"month": lex["month_of"][_key(mt.group("mon")).rstrip(".")], "year": int(mt.group("y"))}

    return handle


def _month_handler(lang: str) -> Handler:
    lex = _lex(lang)

    def handle(mt: re.Match[str]) -> Fields | None:
        pre, mod, rel = _g(mt, "pre"), _g(mt, "mod"), _g(mt, "rel")
        if pre is None and mod is None:
            return None  # a bare month name ("May", "October Revolution") is not a date
        fields: Fields = {"month": lex["month_of"][_key(mt.group("mon"))]}
        if mod is not None:
            fields["offset"] = lex["data"]["month_mods"][_key(mod)]
        if rel is not None:
            fields["year_offset"] = lex["year_rel"][_key(rel)]
        return fields

    return handle


def _year_handler(mt: re.Match[str]) -> Fields | None:
    y = int(mt.group("y"))
    y2s = _g(mt, "y2")
    fields: Fields = {"year": y}
    if y2s is not None:
        y2 = int(y2s) if len(y2s) == 4 else y // 100 * 100 + int(y2s)
        if y2 <= y:
            return None
        fields["end_year"] = y2
    if _g(mt, "pre") is not None and y2s is None:
        fields["span"] = (mt.start("y"), mt.end())
    return fields


def _part_handler(lang: str, unit: str) -> Handler:
    lex = _lex(lang)

    def handle(mt: re.Match[str]) -> Fields | None:
        part = lex["part_of"][_key(mt.group("part"))]
        mod = _g(mt, "mod")
        fields: Fields = {"part": part}
        if mod is not None:
            fields["offset"] = lex["period_mods"][_key(mod)]
        if unit == "month" and _g(mt, "mon") is not None:
            fields["month"] = lex["month_of"][_key(mt.group("mon"))]
            if mod is not None:
                fields["offset"] = lex["data"].get("month_mods", {}).get(_key(mod), 0)
        elif unit == "year" and _g(mt, "yw") is not None and mod is None and lang == "en":
            return None  # "early year" is not a date
        fields["year"] = _gi(mt, "y")
        if _g(mt, "rel") is not None:
            fields["year_offset"] = lex["year_rel"][_key(mt.group("rel"))]
        return fields

    return handle


def _earlier_in_handler(lang: str) -> Handler:
    lex = _lex(lang)

    def handle(mt: re.Match[str]) -> Fields | None:
        return {"month": lex["month_of"][_key(mt.group("mon"))], "year": _gi(mt, "y")}

    return handle


def _weekday_handler(lang: str) -> Handler:
    lex = _lex(lang)

    def handle(mt: re.Match[str]) -> Fields | None:
        mod = _g(mt, "mod")
        return {
            "weekday": lex["weekday_of"][_key(mt.group("wd"))],
            "offset": lex["weekday_mods"][_key(mod)] if mod is not None else 0,
        }

    return handle


def _count(lex: dict[str, Any], s: str | None) -> tuple[int, int] | None:
    if s is None:
        return None
    if s.isdigit():
        n = int(s)
        return (n, n) if 0 < n <= 1000 else None
    return lex["counts"].get(_key(s))


def _ago_handler(lang: str) -> Handler:
    lex = _lex(lang)
    d = lex["data"]
    bare = {_key(u) for u in d.get("bare_units", [])}
    half = {_key(u) for u in d.get("half_year", [])}

    def handle(mt: re.Match[str]) -> Fields | None:
        u = _key(mt.group("u"))
        if u in half:
            return {"unit": "month", "count_low": 6, "count_high": 6}
        n = _count(lex, _g(mt, "n"))
        if n is None:
            if u not in bare:
                return None  # "много лет назад": no usable count
            n = (1, 1)
        return {"unit": lex["unit_of"][u], "count_low": n[0], "count_high": n[1]}

    return handle


def _shift_handler(lang: str) -> Handler:
    """"Two days later", "спустя три дня": relative to the previous date in the text."""
    lex = _lex(lang)
    later = {_key(w) for w in lex["data"]["later"]}

    def handle(mt: re.Match[str]) -> Fields | None:
        n = _count(lex, mt.group("n"))
        unit = lex["unit_of"][_key(mt.group("u"))]
        if n is None or n[0] != n[1] or unit not in ("day", "week"):
            return None
        days = n[0] * (7 if unit == "week" else 1)
        if _key(mt.group("dir")) in later:
            return {"rule": "day_after", "offset": days}
        return {"rule": "day_before", "offset": -days}

    return handle


def _phrase_handler(lang: str) -> tuple[str, Handler, frozenset[str] | None]:
    specs: dict[str, Fields] = {}
    for entry in _data()[lang]["phrases"]:
        for w in entry["words"]:
            specs[_key(w)] = {
                "rule": entry["rule"],
                "offset": entry.get("offset", 0),
                "part": entry.get("part"),
                "fallback": entry.get("fallback", False),
            }

    def handle(mt: re.Match[str]) -> Fields | None:
        spec = specs.get(_key(mt.group(0)))
        return dict(spec) if spec is not None else None

    return r"(?<!\w)" + _alt(specs) + r"(?!\w)", handle, _heads(specs)


def _zone_re() -> str:
    z = _data()["zones"]
    abbr = "(?-i:" + _alt(z["abbr"])[3:] + r"(?!\w)"
    offset = r"(?-i:UTC|GMT)\s?[+\u2212\-]\s?(?:1[0-4]|0?[0-9])(?::?[0-5][0-9])?(?![0-9])"
    return "(?:" + offset + "|" + abbr + "|" + _alt(z["phrases"]) + r"(?!\w))"


@cache
def _zone_phrases() -> dict[str, str]:
    return {_key(k): v for k, v in _data()["zones"]["phrases"].items()}


def _zone_display(s: str) -> str:
    phrases = _zone_phrases()
    k = _key(s)
    if k in phrases:
        return phrases[k]
    if k == "мск":
        return "MSK"
    return re.sub(r"\s+", "", s).replace("\u2212", "-")


def _time(mt: re.Match[str]) -> Fields | None:
    h = int(mt.group("h") if mt.group("h") is not None else mt.group("h2"))
    minute = int(mt.group("mi")) if mt.group("mi") is not None else 0
    ap = _g(mt, "ap")
    if ap is not None:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ap.lower().startswith("p") else 0)
    zone = _g(mt, "z")
    return {"kind": "time", "hour": h, "minute": minute, "zone": _zone_display(zone) if zone else None}


# --------------------------------------------------------------------------- rules


# Every rule starts on a word (a run of \w) it names: a digit, a month, a preposition... so a rule
# is tried only where such a word stands, instead of scanning the whole text once per rule.
_RUN = re.compile(r"\w+")
_DIGIT_HEAD = "0"  # the head of every word that starts with a digit
_DIGITS = frozenset("0123456789")
# Letters that re.IGNORECASE matches to an ASCII or Cyrillic letter although str.lower() does not
# turn them into it (dotless i, long s, old Cyrillic letter forms). A text with one of them is
# scanned rule by rule, since lowercasing its words might miss a rule's head.
_CASE_ODD_LETTERS = "\u0130\u0131\u017f" + "".join(map(chr, range(0x1C80, 0x1C89)))
_CASE_ODD = re.compile(f"[{_CASE_ODD_LETTERS}]")


def _case_odd(norm: str) -> bool:
    """Whether ``norm`` has a letter of ``_CASE_ODD``."""
    # An ASCII text is known to be one without a scan. Otherwise a substring search per letter
    # (in C, and none at all in a text of Latin-1 letters only) costs less than the pattern's
    # search or than encoding the text to the Cyrillic code page to rule them out.
    if norm.isascii():
        return False
    return any(letter in norm for letter in _CASE_ODD_LETTERS)


def _head_key(word: str) -> str:
    return _DIGIT_HEAD if word[0] in _DIGITS else word.lower()


def _heads(*groups: Iterable[str], digits: bool = False) -> frozenset[str] | None:
    """The words a rule can start on: the first word of each phrase (and any number if
    ``digits``); None when a phrase does not start with a word, so the rule scans the text."""
    out = {_DIGIT_HEAD} if digits else set()
    for group in groups:
        for phrase in group:
            first = _RUN.match(_key(phrase))
            if first is None:
                return None
            out.add(_head_key(first.group()))
    return frozenset(out)


Rule = tuple[str, re.Pattern[str], Handler, frozenset[str] | None]


@cache
def _rules(lang: str) -> tuple[Rule, ...]:
    """(rule, compiled pattern, handler, head words) for one language, in priority order."""
    lex = _lex(lang)
    d = lex["data"]
    MONTHS, WDS, COUNTS, PARTS = lex["month_of"], lex["weekday_of"], lex["counts"], lex["part_of"]
    M, MF, WD = lex["month_any"], lex["month_full"], lex["weekday"]
    N, U = lex["count_re"], lex["unit_re"]
    PART, PMOD = lex["part_re"], lex["period_re"]
    YREL = lex["year_rel_re"]
    year_words = _alt(d.get("year_words", [])) + r"(?!\w)" if lang == "ru" else ""
    ysuf = rf"(?:-?го)?(?:\s*{year_words})?" if lang == "ru" else ""
    zone = _zone_re()
    ap = r"(?:[aApP]\.\s?[mM]\.|[aApP][mM](?!\w))"
    rules: list[tuple[str, str, Handler, frozenset[str] | None]] = [
        (
            "iso",
            rf"{NUM_START}(?P<y>{YEAR})(?P<sep>[-/.])(?P<mo>[0-9]{{1,2}})(?P=sep)(?P<d>[0-9]{{1,2}})"
            r"(?![0-9]|[-/.][0-9])",
            _iso,
            _heads(digits=True),
        ),
        (
            "numeric",
            rf"{NUM_START}(?P<a>[0-9]{{1,2}})(?P<sep>[-/.])(?P<b>[0-9]{{1,2}})(?P=sep)(?P<y>{YEAR})"
            r"(?![-/.,][0-9])",
            _numeric_handler(lang),
            _heads(digits=True),
        ),
        (
            # 24-hour "11:24", or 12-hour "3 p.m." (a bare number needs the a.m./p.m.).
            "time",
            r"(?<![\w:.,])(?:(?P<h>[01]?[0-9]|2[0-3]):(?P<mi>[0-5][0-9])(?::[0-5][0-9])?(?![0-9])"
            rf"|(?P<h2>1[0-2]|0?[1-9])(?=\s?{ap}))(?:\s?(?P<ap>{ap}))?(?:\s+(?P<z>{zone}))?",
            _time,
            _heads(digits=True),
        ),
    ]
    if lang == "en":
        rules += [
            (
                "month_day",
                rf"(?<!\w)(?:(?P<wd>{WD}),?\s+)?(?P<mon>{M})\s*(?P<d>{DAY}){EN_ORD}(?!\w)"
                rf"(?:\s*(?:{DASH}|\s(?:to|through|until|till)\s)\s*(?:(?P<mon2>{M})\s*)?(?P<d2>{DAY}){EN_ORD}(?!\w))?"
                rf"(?:,?\s*(?P<y>{YEAR_T}))?",
                _calendar_handler(lang, "month_day"),
                _heads(WDS, MONTHS),
            ),
            (
                "day_month",
                rf"{NUM_START}(?:(?P<wd>{WD}),?\s+)?(?:(?P<pre>from|between)\s+)?(?:(?P<the>the)\s+)?(?P<d>{DAY}){EN_ORD}"
                rf"(?:\s*(?:{DASH}|\s(?:to|through|until|till|(?(pre)and|(?!)))\s)\s*(?:the\s+)?(?P<d2>{DAY}){EN_ORD})?"
                rf"\s+(?:of\s+)?(?P<mon>{M})"
                rf"(?:\s*(?:{DASH}|\s(?:to|through|until|till)\s)\s*(?:the\s+)?(?P<d3>{DAY}){EN_ORD}\s+(?:of\s+)?(?P<mon3>{M}))?"
                rf"(?:,?\s*(?P<y>{YEAR_T}))?",
                _calendar_handler(lang, "day_month"),
                _heads(WDS, ("from", "between", "the"), digits=True),
            ),
            (
                "month_year",
                rf"(?<!\w)(?P<mon>{M})(?:\s+of)?,?\s+(?P<y>{YEAR_T})(?!['\u2019]?s(?!\w))",
                _month_year_handler(lang),
                _heads(MONTHS),
            ),
            (
                "month",
                rf"(?<!\w)(?:(?P<pre>{_alt(d['month_preps'])})\s+)?"
                rf"(?P<m>(?:(?P<mod>{_alt(d['month_mods'])})\s+)?(?P<mon>{MF})(?:,?\s+(?P<rel>{YREL}))?)"
                r"(?!\s*[0-9])",
                _month_handler(lang),
                _heads(d["month_preps"], d["month_mods"], MONTHS),
            ),
            (
                "year",
                rf"(?<!\w)(?P<m>(?:from|between)\s+(?P<y>{YEAR})\s+(?:to|and|until|till|through)\s+(?P<y2>{YEAR}))",
                _year_handler,
                _heads(("from", "between")),
            ),
            (
                "year",
                rf"(?<!\w)(?P<pre>{_alt(d['year_preps'])})\s+(?P<y>{YEAR})"
                rf"(?:\s*{DASH}\s*(?P<y2>{YEAR}|[0-9]{{2}}(?![0-9])))?"
                r"(?!['\u2019]?s(?!\w)|\s*%|[.,][0-9]|\s*per\s?cent)"
                rf"(?!\s+(?!{_alt(d['year_followers'])}(?!\w))(?-i:[a-z]))",
                _year_handler,
                _heads(d["year_preps"]),
            ),
            (
                "part_of_month",
                rf"(?<!\w)(?P<part>{PART})(?:\s*{DASH}\s*|\s+)(?:(?P<mod>{PMOD})\s+)?"
                rf"(?:(?P<mon>{MF})(?:,?\s+(?P<y>{YEAR})|,?\s+(?P<rel>{YREL}))?|(?P<mw>month)(?!\w))",
                _part_handler(lang, "month"),
                _heads(PARTS),
            ),
            (
                "part_of_year",
                rf"(?<!\w)(?P<part>{PART})(?:\s*{DASH}\s*|\s+)"
                rf"(?:(?P<y>{YEAR})(?!['\u2019]?s(?!\w))|(?:(?P<mod>{PMOD})\s+)?(?P<yw>year)(?!\w))",
                _part_handler(lang, "year"),
                _heads(PARTS),
            ),
            (
                "earlier_in_month",
                rf"(?<!\w)(?:{_alt(d['earlier_in'])})\s+(?P<mon>{MF})(?:,?\s+(?P<y>{YEAR}))?",
                _earlier_in_handler(lang),
                _heads(d["earlier_in"]),
            ),
            (
                "weekday",
                # Holidays named after a weekday are not that weekday of the current week.
                rf"(?<!\w)(?<!Black )(?<!Good )(?:(?P<mod>{_alt(d['weekday_mods'])})\s+)?(?P<wd>{WD})",
                _weekday_handler(lang),
                _heads(d["weekday_mods"], WDS),
            ),
            (
                "ago",
                rf"(?<!\w)(?P<n>{N})\s+(?P<u>{U})\s+{_alt(d['ago'])}(?!\w)",
                _ago_handler(lang),
                _heads(COUNTS, digits=True),
            ),
            (
                "shift",
                rf"(?<!\w)(?P<n>{N})\s+(?P<u>{U})\s+(?P<dir>{_alt(d['later'] + d['earlier'])})(?!\w)",
                _shift_handler(lang),
                _heads(COUNTS, digits=True),
            ),
        ]
    else:
        rules += [
            (
                "day_month",
                rf"{NUM_START}(?:(?P<wd>{WD}),?\s+)?(?:(?P<pre>с|со)\s+)?(?P<d>{DAY}){RU_ORD}"
                rf"(?:\s*(?:{DASH}|\s(?:по|и|до)\s)\s*(?P<d2>{DAY}){RU_ORD})?"
                rf"\s*(?P<mon>{M})"
                rf"(?:\s*(?:{DASH}|\s(?:по|до)\s)\s*(?P<d3>{DAY}){RU_ORD}\s*(?P<mon3>{M}))?"
                rf"(?:\s*(?P<y>{YEAR_T}){ysuf})?",
                _calendar_handler(lang, "day_month"),
                _heads(WDS, ("с", "со"), digits=True),
            ),
            (
                "month_year",
                rf"(?<!\w)(?P<mon>{MF})\s+(?P<y>{YEAR_T}){ysuf}",
                _month_year_handler(lang),
                _heads(MONTHS),
            ),
            (
                "month",
                rf"(?<!\w)(?P<pre>{_alt(d['month_preps'])})\s+"
                rf"(?P<m>(?P<mon>{MF})(?:\s+(?P<rel>{YREL}))?)(?!\s*[0-9])",
                _month_handler(lang),
                _heads(d["month_preps"]),
            ),
            (
                "year",
                rf"(?<![\w.,:/+\-])(?:(?P<pre>с|со|между)\s+)?(?P<y>{YEAR})"
                rf"(?:\s*(?:{DASH}|\s(?:по|и|до)\s)\s*(?P<y2>{YEAR}))?"
                rf"(?:-(?:м|го|й|х)(?!\w)|(?:-?(?:м|го|й|х|е))?\s*{year_words})",
                _year_handler,
                _heads(("с", "со", "между"), digits=True),
            ),
            (
                "year",
                rf"(?<!\w)(?P<pre>{_alt(d['year_preps'])})\s+(?P<y>{YEAR})(?![.,][0-9]|\s*%|{DASH})"
                rf"(?!\s+(?!{_alt(d['year_followers'])}(?!\w))(?-i:[а-я]))",
                _year_handler,
                _heads(d["year_preps"]),
            ),
            (
                "part_of_month",
                rf"(?<!\w)(?P<part>{PART})\s+(?:(?P<mon>{MF})(?:\s+(?P<y>{YEAR}){ysuf}|\s+(?P<rel>{YREL}))?"
                rf"|(?:(?P<mod>{PMOD})\s+)?(?P<mw>{_alt(d['month_word'])})(?!\w))",
                _part_handler(lang, "month"),
                _heads(PARTS),
            ),
            (
                "part_of_year",
                rf"(?<!\w)(?P<part>{PART})\s+(?:(?P<y>{YEAR}){ysuf}"
                rf"|(?:(?P<mod>{PMOD})\s+)?(?P<yw>{_alt(d['year_word'])})(?!\w))",
                _part_handler(lang, "year"),
                _heads(PARTS),
            ),
            (
                "earlier_in_month",
                rf"(?<!\w)(?:{_alt(d['earlier_in'])})\s+(?P<mon>{MF})(?:\s+(?P<y>{YEAR}){ysuf})?",
                _earlier_in_handler(lang),
                _heads(d["earlier_in"]),
            ),
            (
                "weekday",
                rf"(?<!\w)(?:{_alt(d['weekday_preps'])}|ночь\s+с\s+\w+\s+на)\s+"
                rf"(?P<m>(?:(?P<mod>{_alt(d['weekday_mods'])})\s+)?(?P<wd>{WD}))",
                _weekday_handler(lang),
                _heads(d["weekday_preps"], ("ночь",)),
            ),
            (
                "ago",
                rf"(?<!\w)(?:(?P<n>{N})\s+)?(?P<u>{U}|{_alt(d['half_year'])})\s+{_alt(d['ago'])}(?!\w)",
                _ago_handler(lang),
                _heads(COUNTS, lex["unit_of"], d["half_year"], digits=True),
            ),
            (
                "shift",
                rf"(?<!\w)(?P<n>{N})\s+(?P<u>{U})\s+(?P<dir>{_alt(d['later'] + d['earlier'])})(?!\w)",
                _shift_handler(lang),
                _heads(COUNTS, digits=True),
            ),
            (
                "shift",
                rf"(?<!\w)(?P<dir>{_alt(d['later'])})\s+(?P<n>{N})\s+(?P<u>{U})",
                _shift_handler(lang),
                _heads(d["later"]),
            ),
        ]
    phrase_re, phrase_handler, phrase_heads = _phrase_handler(lang)
    rules.append(("phrase", phrase_re, phrase_handler, phrase_heads))
    return tuple((rule, re.compile(rx, re.IGNORECASE), h, heads) for rule, rx, h, heads in rules)


# --------------------------------------------------------------------------- followers
#
# Most head words are common words ("the", "in", "в", any number) and a rule starting on one can
# only match where a certain token comes next: "the" starts day_month only before a day number,
# "in" starts a year only before digits, a number starts iso only before "-", "/" or ".". For
# each rule and head word, ``_follows`` lists the tokens (lowercase, "0" for any digit token) that
# can follow the head in a match, read off the same lexicon the pattern is built from; a rule is
# tried at a head only when the next token is one of them. A match starts with the head token
# and the pattern then asks for \s, a literal phrase, or a class of characters that begins a new
# token, so the next token of the text is the next token of what the pattern matched.

Follow = dict[str, frozenset[str] | None]  # head word -> the tokens that can come next (None: any)

_NEXT_DIGITS = "0"  # the next-token key of a digit token
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014")  # the characters of DASH


def _token_keys(phrase: str) -> list[str]:
    """The tokens of ``phrase`` as next-token keys: lowercase, ё folded, "0" for digits."""
    return [_NEXT_DIGITS if m.lastindex == 1 else m.group() for m in TOKEN_RE.finditer(_key(phrase))]


def _firsts(*groups: Iterable[str]) -> frozenset[str]:
    """The first tokens of the phrases of ``groups``."""
    return frozenset(keys[0] for group in groups for p in group if (keys := _token_keys(p)))


def _merge(*follows: Follow) -> Follow:
    """Union of follower maps: a head takes every follower any of them allows."""
    out: Follow = {}
    for f in follows:
        for head, after in f.items():
            if head not in out:
                out[head] = after
            else:
                old = out[head]
                out[head] = None if old is None or after is None else old | after
    return out


def _follow(phrases: Iterable[str], then: Iterable[str] | None) -> Follow:
    """Head word -> what can follow it in one of ``phrases``: the phrase's second token, or after
    a one-token phrase one of ``then`` (None: anything)."""
    after_one = None if then is None else frozenset(then)
    out: list[Follow] = []
    for phrase in phrases:
        run = _RUN.match(_key(phrase))
        if run is None:
            continue
        head = _head_key(run.group())
        keys = _token_keys(phrase)
        if keys[0] != head:  # a head word of several tokens ("covid19"): no condition
            nxt = None
        else:
            nxt = frozenset(keys[1:2]) if len(keys) > 1 else after_one
        out.append({head: nxt})
    return _merge(*out)


def _anything(heads: Iterable[str]) -> Follow:
    """Heads a rule can start on whatever follows them."""
    return {_head_key(h): None for h in heads}


@cache
def _follows(lang: str) -> tuple[Follow, ...]:
    """For each rule of ``_rules(lang)``, what can follow each of its head words."""
    lex = _lex(lang)
    d = lex["data"]
    months, weekdays, counts, parts = lex["month_of"], lex["weekday_of"], lex["counts"], lex["part_of"]
    units, half = list(lex["unit_of"]), d.get("half_year", [])
    if lang == "en":
        months_full = _firsts(forms[0] for forms in d["months"])
    else:
        months_full = _firsts(f for forms in d["months"] for f in forms)
    months_any = _firsts(months)
    wds = _firsts(weekdays)
    pmods = _firsts(d["period_mods"])
    digit = frozenset(_NEXT_DIGITS)
    count_next = _follow(counts, _firsts(units, half))
    rules: list[tuple[str, Follow]] = [
        ("iso", {_NEXT_DIGITS: frozenset("-/.")}),
        ("numeric", {_NEXT_DIGITS: frozenset("-/.")}),
        ("time", {_NEXT_DIGITS: frozenset((":", "a", "p", "am", "pm"))}),
    ]
    if lang == "en":
        rules += [
            ("month_day", _merge(_follow(weekdays, {","} | months_any), _follow(months, {".", _NEXT_DIGITS}))),
            ("day_month", _merge(
                _follow(weekdays, {",", "from", "between", "the", _NEXT_DIGITS}),
                _follow(("from", "between"), {"the", _NEXT_DIGITS}),
                _follow(("the",), digit),
                {_NEXT_DIGITS: frozenset(("st", "nd", "rd", "th", "to", "through", "until", "till", "and", "of"))
                 | _DASHES | months_any},
            )),
            ("month_year", _follow(months, {"of", ",", ".", _NEXT_DIGITS})),
            ("month", _merge(
                _follow(d["month_preps"], _firsts(d["month_mods"]) | months_full),
                _follow(d["month_mods"], months_full),
                _anything(months),
            )),
            ("year", _follow(("from", "between"), digit)),
            ("year", _follow(d["year_preps"], digit)),
            ("part_of_month", _follow(parts, _DASHES | pmods | months_full | {"month"})),
            ("part_of_year", _follow(parts, _DASHES | pmods | digit | {"year"})),
            ("earlier_in_month", _follow(d["earlier_in"], months_full)),
            ("weekday", _merge(_follow(d["weekday_mods"], wds), _anything(weekdays))),
            ("ago", _merge(count_next, {_NEXT_DIGITS: _firsts(units)})),
            ("shift", _merge(count_next, {_NEXT_DIGITS: _firsts(units)})),
        ]
    else:
        # After a year: a range, or an ending and a year word, glued or not («2020-го года», «2020г.»).
        endings = ("м", "го", "й", "х", "е")
        year_words = _firsts(d["year_words"])
        after_year = _DASHES | {"по", "и", "до", *endings} | {e + w for e in ("", *endings) for w in year_words}
        # After a day: a range, or a month with an ending before it, glued or not («19-го октября»,
        # «19гооктября», «19 окт.»).
        day_endings = ("го", "е", "ое", "м")
        after_day = _DASHES | {"по", "и", "до", *day_endings} | {e + m for e in ("", *day_endings) for m in months_any}
        rules += [
            ("day_month", _merge(
                _follow(weekdays, {",", "с", "со", _NEXT_DIGITS}),
                _follow(("с", "со"), digit),
                {_NEXT_DIGITS: after_day},
            )),
            ("month_year", _follow(months, digit)),
            ("month", _follow(d["month_preps"], months_full)),
            ("year", _merge(_follow(("с", "со", "между"), digit), {_NEXT_DIGITS: after_year})),
            ("year", _follow(d["year_preps"], digit)),
            ("part_of_month", _follow(parts, months_full | pmods | _firsts(d["month_word"]))),
            ("part_of_year", _follow(parts, digit | pmods | _firsts(d["year_word"]))),
            ("earlier_in_month", _follow(d["earlier_in"], months_full)),
            ("weekday", _merge(
                _follow(d["weekday_preps"], _firsts(d["weekday_mods"]) | wds),
                {"ночь": frozenset(("с",))},  # «в ночь с четверга на пятницу»
            )),
            ("ago", _merge(
                count_next,
                _follow(units + half, _firsts(d["ago"])),
                {_NEXT_DIGITS: _firsts(units, half)},
            )),
            ("shift", _merge(_follow(counts, _firsts(units)), {_NEXT_DIGITS: _firsts(units)})),
            ("shift", _follow(d["later"], _firsts(counts) | digit)),
        ]
    phrases = [w for entry in d["phrases"] for w in entry["words"]]
    rules.append(("phrase", _follow(phrases, None)))
    assert [r for r, _ in rules] == [r for r, *_ in _rules(lang)], "one follower map per rule, in order"
    return tuple(f for _, f in rules)


_LETTERS = re.compile(r"[^\W\d_]+")


Next = tuple[tuple[int, ...], dict[str, tuple[int, ...]]]  # rules whatever follows, rules by next token


@dataclass(frozen=True)
class _Dispatch:
    """Which rules to try where (see ``_rule_matches``)."""

    table: dict[str, tuple[int, ...]]  # head word that starts with a letter -> rules
    digit_rules: tuple[int, ...]  # rules that can start on a word that starts with a digit
    scan: tuple[int, ...]  # rules that must scan the whole text
    letters_only: bool  # every key of ``table`` is one run of letters (one token: tokens.W)
    # The same, by the token after the head (``_follows``; the tokens path): for each head ("0"
    # for digits), the rules tried whatever comes next and the rules tried for each next token.
    by_next: dict[str, Next]
    # Word -> bits: _ANY_NEXT (a head with a rule whatever comes next), _NEXT_WORD (a head with a
    # rule before some word of _FOLLOWER), _FOLLOWER (a word some head's rule needs next), and
    # the same two for the words of _COMMON_FOLLOWERS: _NEXT_COMMON and _COMMON.
    codes: dict[str, int]
    before_digits: frozenset[str]  # letter heads with a rule when digits come next
    # (head, next word) for each word (not "0") some rule of the letter head needs next.
    word_pairs: frozenset[tuple[str, str]]
    # The tokens after a digit head with a rule, or None when one is tried whatever comes next or
    # before more digits (then each digit head is looked at in Python).
    after_digits: frozenset[str] | None
    lang: str


_ANY_NEXT, _NEXT_WORD, _FOLLOWER, _NEXT_COMMON, _COMMON = 1, 2, 4, 8, 16
# Followers so common that most heads before them need other words ("of the", "in the"): they
# have codes of their own, so that such pairs are passed over in C.
_COMMON_FOLLOWERS = frozenset(("the",))


# In ``bytes`` of the codes of a text's tokens: the heads with a rule whatever comes next.
_ANY_NEXT_CODES = byte_class(lambda c: bool(c & _ANY_NEXT))
# The kinds of follower a head needs (1: of _FOLLOWER, 2: of _COMMON), and the kind of a follower.
_NEEDS = bytes(bool(c & _NEXT_WORD) | bool(c & _NEXT_COMMON) << 1 for c in range(256))
_KIND = bytes(bool(c & _FOLLOWER) | bool(c & _COMMON) << 1 for c in range(256))
_NONZERO = re.compile(b"[^\x00]")


def _before_followers(codes: bytes) -> list[int]:
    """The tokens whose code (in ``codes``) is a head's that needs a word next, followed by a word
    of the kind it needs, in order. A pattern with one branch per kind would read the codes at
    half the speed: here the codes are read as two big integers, one of what each token needs
    and one of what each next token is, ANDed at once."""
    needs = int.from_bytes(codes.translate(_NEEDS), "little")
    kinds = int.from_bytes(codes.translate(_KIND), "little") >> 8  # byte i: the kind of token i + 1
    both = needs & kinds
    if not both:
        return []
    return [m.start() for m in _NONZERO.finditer(both.to_bytes(len(codes), "little"))]


@cache
def _dispatch(lang: str) -> _Dispatch:
    """Head word -> indices of the rules that can start on it, and the rules that must scan."""
    table: dict[str, list[int]] = {}
    scan = []
    always: dict[str, set[int]] = {}
    if_next: dict[str, dict[str, set[int]]] = {}
    for i, ((_rule, _rx, _handler, heads), follow) in enumerate(zip(_rules(lang), _follows(lang))):
        if heads is None:
            scan.append(i)
            continue
        for h in heads:
            table.setdefault(h, []).append(i)
            after = follow.get(h)
            if after is None:
                always.setdefault(h, set()).add(i)
            else:
                for nxt in after:
                    if_next.setdefault(h, {}).setdefault(nxt, set()).add(i)
    digit_rules = tuple(table.pop(_DIGIT_HEAD, ()))
    letters_only = all(_LETTERS.fullmatch(h) for h in table)
    by_next: dict[str, Next] = {}
    for h in always.keys() | if_next.keys():
        base = always.get(h, set())
        by_next[h] = (tuple(sorted(base)), {nxt: tuple(sorted(base | ix)) for nxt, ix in if_next.get(h, {}).items()})
    codes: dict[str, int] = {}
    for h, (rules, nexts) in by_next.items():
        if h == _DIGIT_HEAD:
            continue
        words = nexts.keys() - {_NEXT_DIGITS}
        common = words & _COMMON_FOLLOWERS
        codes[h] = (
            codes.get(h, 0) | (_ANY_NEXT if rules else 0) | (_NEXT_WORD if words - common else 0)
            | (_NEXT_COMMON if common else 0)
        )
        for w in words:
            codes[w] = codes.get(w, 0) | (_COMMON if w in common else _FOLLOWER)
    before_digits = frozenset(h for h, (_, nexts) in by_next.items() if h != _DIGIT_HEAD and _NEXT_DIGITS in nexts)
    word_pairs = frozenset(
        (h, w) for h, (_, nexts) in by_next.items() if h != _DIGIT_HEAD for w in nexts if w != _NEXT_DIGITS
    )
    digit_always, digit_nexts = by_next.get(_DIGIT_HEAD, ((), {}))
    after_digits = None if digit_always or _NEXT_DIGITS in digit_nexts else frozenset(digit_nexts)
    return _Dispatch(
        {h: tuple(ix) for h, ix in table.items()}, digit_rules, tuple(scan), letters_only, by_next, codes,
        before_digits, word_pairs, after_digits, lang,
    )


def head_code(lang: str, lower: str) -> int:
    """The code of a token of ``lang`` in ``_Dispatch.codes`` (0: none), by its lowercase form."""
    return _dispatch(lang).codes.get(lower, 0)


def _rule_matches(
    norm: str, lang: str, dispatch: bool = True, tokens: Tokens | None = None
) -> list[list[re.Match[str]]]:
    """For each rule, the matches ``finditer`` finds in ``norm``, in order; ``tokens``: the
    tokens of the text ``norm`` was made from, when its offsets are the same.

    Trying a rule only at the words it can start on gives the same matches: finditer takes the
    leftmost match at or after the end of the previous one, and no other position can start one."""
    rules = _rules(lang)
    if not dispatch or _case_odd(norm):
        return [list(rule[1].finditer(norm)) for rule in rules]
    how = _dispatch(lang)
    found: list[list[re.Match[str]]] = [[] for _ in rules]
    for i in how.scan:
        found[i] = list(rules[i][1].finditer(norm))
    if tokens is not None and how.letters_only:
        heads = _head_tokens(tokens, how)
    else:
        heads = _head_words(norm, how)
    resume = [0] * len(rules)  # where each rule's previous match ended
    for s, todo in heads:
        for i in todo:
            if s >= resume[i]:
                mt = rules[i][1].match(norm, s)
                if mt is not None:
                    found[i].append(mt)
                    resume[i] = max(mt.end(), s + 1)
    return found


def _head_words(norm: str, how: _Dispatch) -> list[tuple[int, tuple[int, ...]]]:
    """(start, rules) of each word (run of ``\\w``) of ``norm`` that some rule can start on, in order."""
    table = how.table
    # Lowercasing keeps offsets: the one letter whose lower case is longer (İ) is in _CASE_ODD.
    low = norm.lower()
    out = []
    for run in _RUN.finditer(low):
        word = run.group()
        todo = how.digit_rules if word[0] in _DIGITS else table.get(word)
        if todo:
            out.append((run.start(), todo))
    return out


def _head_tokens(tokens: Tokens, how: _Dispatch) -> list[tuple[int, tuple[int, ...]]]:
    """``_head_words`` read off the text's tokens, with only the rules that can match before the
    token that follows (``_follows``): a word (run of ``\\w``) is a run of glued letter, digit
    and underscore tokens, so a head word of letters is one letter token with no such token glued
    to it, and a word starts with a digit where a digit token has none before it."""
    # Token lowercase forms fold ё like ``_fold``; either way a head word is a whole letter token.
    lowers, starts, stops, strs, kinds = tokens.lowers, tokens.starts, tokens.stops, tokens.strs, tokens.kinds
    by_next = how.by_next
    last = len(lowers) - 1
    # One lookup per token serves this and the quantity scanner (``numbers.token_codes``); asked
    # for first, since they give the digit tokens too.
    head_codes = token_codes(tokens, how.lang)
    digits = digit_tokens(tokens)  # shared with the quantity scanner: not to be changed
    get = lowers.__getitem__
    # Heads worth a look, found in C over one byte per token (``_Dispatch.codes``): those with a
    # rule whatever follows, those followed by a word that their own rule needs next (the codes
    # tell a head before a word some head needs; the pair tells its own), and those followed by
    # digits that one needs. Any other head has no rule to try there.
    codes = head_codes.translate(HEAD_BITS)
    cand = {m.start() for m in _ANY_NEXT_CODES.finditer(codes)}
    before_word = _before_followers(codes)
    if before_word:
        pairs = zip(map(get, before_word), map(get, map((1).__add__, before_word)))
        cand.update(compress(before_word, map(how.word_pairs.__contains__, pairs)))
    if how.before_digits and digits:
        previous = list(map((-1).__add__, digits[1:] if digits[0] == 0 else digits))
        cand.update(compress(previous, map(how.before_digits.__contains__, map(get, previous))))
    out = []
    for i in cand:
        # Next to a letter token, only a digit token or "_" can be a word character.
        if (i and stops[i - 1] == starts[i] and (kinds[i - 1] == _D_TOKEN or strs[i - 1] == "_")) or (
            i < last and stops[i] == starts[i + 1] and (kinds[i + 1] == _D_TOKEN or strs[i + 1] == "_")
        ):
            continue
        always, if_next = by_next[lowers[i]]
        todo = always if i == last else if_next.get(_NEXT_DIGITS if kinds[i + 1] == _D_TOKEN else lowers[i + 1], always)
        if todo:
            out.append((starts[i], todo))
    if how.digit_rules and digits:
        always, if_next = by_next[_DIGIT_HEAD]
        after = how.after_digits
        if after is not None:
            # Only the digits followed by a token a rule needs: a digit run is never one of them
            # (its key would be "0"), nor is the last token's nothing.
            ahead = digits[:-1] if digits[-1] == last else digits
            digits = list(compress(ahead, map(after.__contains__, map(get, map((1).__add__, ahead)))))
        for i in digits:
            if strs[i][0] in _DIGITS and not (i and stops[i - 1] == starts[i] and (kinds[i - 1] != _P_TOKEN or strs[i - 1] == "_")):
                todo = always if i == last else if_next.get(_NEXT_DIGITS if kinds[i + 1] == _D_TOKEN else lowers[i + 1], always)
                if todo:
                    out.append((starts[i], todo))
    out.sort(key=itemgetter(0))
    return out


# --------------------------------------------------------------------------- finding


def find_dates(text: str, lang: str, tokens: Tokens | None = None) -> list[DateMention]:
    """Date and time-of-day mentions in ``text`` (lang "en" or "ru"), sorted, non-overlapping;
    ``tokens``: the text's tokens, when the caller has them already."""
    norm, back = _normalise(text)
    cands: list[tuple[int, int, int, str, Fields]] = []
    lang = "ru" if lang == "ru" else "en"
    # Folding ё keeps every offset; dropping stress marks does not, and then the tokens are not norm's.
    matches_of = _rule_matches(norm, lang, tokens=tokens if back is None else None)
    for prio, ((rule, _rx, handler, _h), matches) in enumerate(zip(_rules(lang), matches_of)):
        for mt in matches:
            fields = handler(mt)
            if fields is None:
                continue
            s, e = fields.pop("span", None) or _span(mt)
            if e > s:
                cands.append((s, e, prio, fields.pop("rule", rule), fields))
    # Longest first, so "26 October 2025" beats "October 2025" and "the day before yesterday"
    # beats "the day before"; ties go to the earlier rule.
    cands.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    starts: list[int] = []
    chosen: list[tuple[int, int, str, Fields]] = []
    for s, e, _prio, rule, fields in cands:
        i = bisect_right(starts, s)
        if i > 0 and chosen[i - 1][1] > s:
            continue
        if i < len(chosen) and chosen[i][0] < e:
            continue
        starts.insert(i, s)
        chosen.insert(i, (s, e, rule, fields))
    out = []
    for s, e, rule, fields in chosen:
        if back is not None:
            s, e = back[s], back[e - 1] + 1
        out.append(_mention(text, s, e, rule, fields))
    return out


def _mention(text: str, s: int, e: int, rule: str, fields: Fields) -> DateMention:
    """``DateMention(start=s, stop=e, text=text[s:e], kind=fields.pop("kind", "date"), rule=rule,
    **fields)``, made as copy and pickle make one: its frozen __init__ sets each of its 22 fields
    through object.__setattr__, at three times the cost."""
    mention = object.__new__(DateMention)
    values = _MENTION_DEFAULTS.copy()
    values["start"], values["stop"], values["text"], values["rule"] = s, e, text[s:e], rule
    values.update(fields)  # the handlers' fields are DateMention's (and "kind" for a time)
    object.__setattr__(mention, "__dict__", values)
    return mention


# The fields of a DateMention, in order, with their defaults ("date" for its kind; None for those
# without one, which ``find_dates`` sets).
_MENTION_DEFAULTS: dict[str, Any] = {
    f.name: "date" if f.name == "kind" else None if f.default is dataclasses.MISSING else f.default
    for f in dataclasses.fields(DateMention)
}


# --------------------------------------------------------------------------- resolving


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: dt.date, n: int) -> dt.date:
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _month_year(m: DateMention, month: int, pub: dt.date | None) -> tuple[int, str] | None:
    """The year of a month named without one, and a note on how it was chosen."""
    if m.year is not None:
        return m.year, "explicit year"
    if pub is None:
        return None
    name = calendar.month_name[month]
    if m.year_offset is not None:
        return pub.year + m.year_offset, f"{name} of year {pub.year + m.year_offset} (publication {pub})"
    if m.offset < 0:
        y = pub.year if month < pub.month else pub.year - 1
        return y, f"the last {name} before the publication month ({pub})"
    if m.offset > 0:
        y = pub.year if month > pub.month else pub.year + 1
        return y, f"the next {name} after the publication month ({pub})"
    y = pub.year if month <= pub.month else pub.year - 1
    return y, f"the most recent {name} on or before {pub} (publication date)"


_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


def resolve(m: DateMention, published: dt.date | None, previous: dt.date | None) -> Resolved | None:
    """Resolve a date mention to an inclusive interval, or None if it cannot be anchored."""
    try:
        return _resolve(m, published, previous)
    except (ValueError, OverflowError, KeyError, IndexError, TypeError):
        return None


def _one(d: dt.date, how: str) -> Resolved:
    return Resolved(d, d, how)


def _resolve(m: DateMention, pub: dt.date | None, prev: dt.date | None) -> Resolved | None:
    if m.kind != "date":
        return None
    rule = m.rule
    if rule in ("iso", "numeric", "month_day", "day_month"):
        return _resolve_calendar(m, pub)
    if rule == "month_year":
        assert m.year is not None and m.month is not None
        return Resolved(dt.date(m.year, m.month, 1), _month_end(m.year, m.month), "the whole month")
    if rule == "year":
        assert m.year is not None
        end = m.end_year or m.year
        return Resolved(dt.date(m.year, 1, 1), dt.date(end, 12, 31), "the whole year" if end == m.year else "the whole years")
    if rule in ("day_before", "day_after"):
        if prev is not None:
            d = prev + dt.timedelta(days=m.offset)
            return _one(d, f"{_days_phrase(m.offset)} {prev} (previous date in text)")
        if m.fallback and pub is not None:
            d = pub + dt.timedelta(days=m.offset)
            return _one(d, f"{_days_phrase(m.offset)} {pub} (publication date; no earlier date in text)")
        return None
    if pub is None:
        return None
    if rule in ("today", "yesterday", "day_before_yesterday", "tomorrow", "day_after_tomorrow"):
        d = pub + dt.timedelta(days=m.offset)
        return _one(d, f"{rule.replace('_', ' ')} relative to {pub} (publication date)")
    if rule == "last_night":
        return Resolved(pub - dt.timedelta(days=1), pub, f"the night before {pub} (publication date)")
    if rule == "weekday":
        return _resolve_weekday(m, pub)
    if rule in ("this_week", "last_week", "next_week"):
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=m.offset)
        sunday = monday + dt.timedelta(days=6)
        low, high = _part_clip(monday, sunday, pub, m.part)
        return Resolved(low, high, f"{_period_word(m.offset)} week (Monday-Sunday) of {pub} (publication date)")
    if rule == "weekend":
        wd = pub.weekday()
        if wd >= 5:
            sat = pub - dt.timedelta(days=wd - 5)
        elif m.offset > 0:
            sat = pub + dt.timedelta(days=5 - wd)
        else:
            sat = pub - dt.timedelta(days=wd + 2)
        which = "the coming" if m.offset > 0 else "the most recent"
        return Resolved(sat, sat + dt.timedelta(days=1), f"{which} weekend around {pub} (publication date)")
    if rule in ("this_month", "last_month", "next_month"):
        first = _add_months(pub.replace(day=1), m.offset)
        low, high = _part_clip(first, _month_end(first.year, first.month), pub, m.part)
        return Resolved(low, high, f"{_period_word(m.offset)} month of {pub} (publication date)")
    if rule in ("this_year", "last_year", "next_year"):
        y = pub.year + m.offset
        low, high = _part_clip(dt.date(y, 1, 1), dt.date(y, 12, 31), pub, m.part)
        return Resolved(low, high, f"{_period_word(m.offset)} year of {pub} (publication date)")
    if rule == "month":
        assert m.month is not None
        got = _month_year(m, m.month, pub)
        if got is None:
            return None
        return Resolved(dt.date(got[0], m.month, 1), _month_end(got[0], m.month), f"the whole month: {got[1]}")
    if rule == "earlier_in_month":
        month = m.month or pub.month
        got = _month_year(m, month, pub) if m.month is not None else (pub.year, "publication month")
        if got is None:
            return None
        low = dt.date(got[0], month, 1)
        high = _month_end(got[0], month)
        if (got[0], month) == (pub.year, pub.month):
            high = max(low, pub - dt.timedelta(days=1))
        return Resolved(low, high, f"from the 1st of the month to the day before {pub} (publication date)")
    if rule == "part_of_month":
        assert m.part is not None
        if m.month is None:
            first = _add_months(pub.replace(day=1), m.offset)
            y, month, note = first.year, first.month, f"{_period_word(m.offset)} month of {pub}"
        else:
            got = _month_year(m, m.month, pub)
            if got is None:
                return None
            y, month, note = got[0], m.month, got[1]
        lo, hi = _PARTS[m.part]
        last = _month_end(y, month)
        return Resolved(dt.date(y, month, lo), min(last, dt.date(y, month, min(hi, last.day))), f"{m.part} {calendar.month_name[month]} {y} ({note})")
    if rule == "part_of_year":
        assert m.part is not None
        y = m.year if m.year is not None else pub.year + m.offset
        lo, hi = _YEAR_PARTS[m.part]
        return Resolved(dt.date(y, lo, 1), _month_end(y, hi), f"{m.part} {y}")
    if rule == "ago":
        return _resolve_ago(m, pub)
    return None


def _days_phrase(offset: int) -> str:
    if offset == -1:
        return "day before"
    if offset == 1:
        return "day after"
    return f"{abs(offset)} days {'before' if offset < 0 else 'after'}"


def _period_word(offset: int) -> str:
    return {0: "the", -1: "the previous", 1: "the next"}.get(offset, f"{offset:+d} from the")


def _part_clip(low: dt.date, high: dt.date, pub: dt.date, part: str | None) -> tuple[dt.date, dt.date]:
    if part == "earlier":
        return low, max(low, min(high, pub - dt.timedelta(days=1)))
    if part == "later":
        return min(high, max(low, pub + dt.timedelta(days=1))), high
    return low, high


def _resolve_calendar(m: DateMention, pub: dt.date | None) -> Resolved | None:
    assert m.month is not None and m.day is not None
    end_month = m.end_month or m.month
    end_day = m.end_day or m.day
    if m.year is not None:
        y, how = m.year, "explicit date"
    else:
        if pub is None:
            return None
        y = pub.year
        if (m.month, m.day) > (pub.month, pub.day):
            y -= 1
        if m.month == 2 and m.day == 29:
            while not calendar.isleap(y):
                y -= 1
        name = f"{calendar.month_name[m.month]} {m.day}"
        how = f"the most recent {name} on or before {pub} (publication date)"
    low = dt.date(y, m.month, m.day)
    y2 = m.end_year or (y + 1 if (end_month, end_day) < (m.month, m.day) else y)
    high = dt.date(y2, end_month, end_day)
    return Resolved(low, high, how)


def _resolve_weekday(m: DateMention, pub: dt.date) -> Resolved:
    assert m.weekday is not None
    name = calendar.day_name[m.weekday]
    back = (pub.weekday() - m.weekday) % 7
    if m.offset > 0:
        ahead = (m.weekday - pub.weekday()) % 7 or 7
        return _one(pub + dt.timedelta(days=ahead), f"the next {name} after {pub} (publication date)")
    if m.offset < 0:
        return _one(pub - dt.timedelta(days=back or 7), f"the last {name} before {pub} (publication date)")
    return _one(pub - dt.timedelta(days=back), f"the most recent {name} on or before {pub} (publication date)")


def _resolve_ago(m: DateMention, pub: dt.date) -> Resolved:
    assert m.count_low is not None and m.count_high is not None and m.unit is not None
    lo_n, hi_n = m.count_low, m.count_high
    exact = lo_n == hi_n
    how = f"{lo_n if exact else f'{lo_n}-{hi_n}'} {m.unit}(s) before {pub} (publication date)"
    if m.unit == "day":
        return Resolved(pub - dt.timedelta(days=hi_n), pub - dt.timedelta(days=lo_n), how)
    if m.unit == "week":
        # An exact count of weeks is still approximate: allow half a week either side.
        pad = 3 if exact else 0
        low = pub - dt.timedelta(days=7 * hi_n + pad)
        high = min(pub, pub - dt.timedelta(days=7 * lo_n - pad))
        return Resolved(low, high, how)
    months = 12 if m.unit == "year" else 1
    if exact:
        # Half a unit either side: "two months ago" is about a month wide.
        centre = _add_months(pub, -lo_n * months)
        if months == 1:
            low, high = centre - dt.timedelta(days=15), centre + dt.timedelta(days=15)
        else:
            low, high = _add_months(centre, -6), _add_months(centre, 6)
        return Resolved(low, min(pub, high), how)
    return Resolved(_add_months(pub, -hi_n * months), _add_months(pub, -lo_n * months), how)


def format_time(m: DateMention) -> str:
    """A time mention as "HH:MM" with its zone, e.g. "11:24 local time" or "02:24 MSK"."""
    if m.hour is None:
        return m.text
    shown = f"{m.hour:02d}:{(m.minute or 0):02d}"
    return f"{shown} {m.zone}" if m.zone else shown
