"""Cross-script matching keys and fuzzy comparison (the only module that imports rapidfuzz)."""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import fuzz

from factcheck.names.translit import to_latin

THRESHOLD = 93.0

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\d+")
# Ordered: longer clusters first. Upper-case placeholders stand for one sound each.
_FOLDS = (
    ("shch", "S"), ("sch", "S"), ("sh", "S"),
    ("dzh", "J"), ("dj", "J"), ("zh", "J"),
    ("tsz", "J"),  # Chinese цз (Цзиньпин = Jinping)
    ("ts", "C"), ("tz", "C"), ("cz", "C"),
    ("kh", "k"), ("ch", "H"), ("ph", "f"), ("th", "t"), ("ck", "k"),
)
_SOFT_C = re.compile(r"c(?=[eiy])")
_DOUBLE = re.compile(r"(.)\1+")


def _fold_word(w: str) -> str:
    for a, b in _FOLDS:
        w = w.replace(a, b)
    # Pinyin x is Russian с (Xi = Си); elsewhere x is ks.
    if w.startswith("x"):
        w = "s" + w[1:]
    w = w.replace("x", "ks").replace("qu", "k").replace("q", "k")
    w = _SOFT_C.sub("s", w).replace("c", "k").replace("w", "v").replace("h", "")
    w = w.replace("z", "s").replace("y", "i").replace("j", "i").replace("J", "i")
    if w.endswith("ng"):
        w = w[:-1]
    return _DOUBLE.sub(r"\1", w)


@cache
def phonetic_key(text: str) -> str:
    """Script-independent matching key: transliterate, lowercase, fold similar sounds."""
    words = _NON_ALNUM.split(to_latin(text).lower().replace("'", ""))
    return " ".join(_fold_word(w) for w in words if w)


def digits(text: str) -> tuple[str, ...]:
    """The digit sequences of a text, in order (for the digit guard)."""
    return tuple(_DIGITS.findall(text))


def keys_match(a: str, b: str) -> bool:
    """Whether two phonetic keys name the same thing: same digits and ratio ≥ THRESHOLD."""
    if a == b:
        return True
    if digits(a) != digits(b):
        return False
    return fuzz.ratio(a, b, score_cutoff=THRESHOLD) >= THRESHOLD


def could_match(la: int, lb: int) -> bool:
    """Cheap length filter: keys this different in length can never reach the threshold."""
    return 2 * min(la, lb) * 100 >= THRESHOLD * (la + lb)
