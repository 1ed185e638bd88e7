"""Stage 3: the adapter's own driver of razdel's rules finds exactly razdel's sentences."""

from __future__ import annotations

import random

from razdel import sentenize

from factcheck import segment
from helpers import masked_texts

TRICKY = [
    "",
    "   ",
    "No delimiter at all",
    "Mr. Smith went to the U.S. in 2024. He said: \"It's fine.\" Then he left!",
    "Он приехал в г. Москву, т.е. в столицу. См. стр. 5. И т.д. и т. п. Всё.",
    "1. First item. 2) Second item. a) third. IV. Fourth. 8.1. Sub-item.",
    "She smiled :-) and left ;) Then =((( happened. Ok.",
    "«Мы готовы», — сказал он. «Нет!» — ответила она. (Это важно.) [Примечание.] Конец.",
    "He wrote “Done.” She replied ‘ok’. The end… Or not?! Maybe.",
    "A. B. Smith and J.R.R. Tolkien met Ph.D. students at 10 a.m. on Jan. 5. Later they left.",
    "Prices rose 3.5 per cent.The next day - they fell. Next — they rose – again.",
    "word " * 30 + "end.  Next\u00a0sentence. \tTabbed.\nNew line.",
]


def _texts() -> list[str]:
    out = []
    for text in masked_texts():
        out.append(text)
        out.extend(text[a:b] for a, b in segment.blocks(text))
    return out


def _fuzz(count: int) -> list[str]:
    rng = random.Random(3)
    pieces = [
        "Mr.", "U.S.", " ", "  ", "\n", "т.е.", "см.", "1.", "2)", "a)", "IV.", "«", "»", "“", "”", '"', "'", "’",
        "(", ")", "[", "]", "—", " - ", "–", "...", "…", "!", "?", ";", ":-)", ";)", "=(((", "word", "Word",
        "слово", "Слово", "A.", "Б.", "т. к.", "и т.д.", "3.5", "e.g.", "ул.", "г.", "8.1.", "§", "\u00a0", "x",
    ]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 60))) for _ in range(count)]


def test_same_spans_as_razdel() -> None:
    for text in TRICKY + _texts() + _fuzz(4000):
        want = [(s.start, s.stop) for s in sentenize(text) if s.text]
        assert segment.razdel_spans(text) == want, text[:120]


def test_sentences_are_razdel_sentences_of_each_block() -> None:
    for text in TRICKY:
        want = [
            (a + s.start, a + s.stop)
            for a, b in segment.blocks(text)
            for s in sentenize(text[a:b])
            if any(ch.isalnum() for ch in s.text)
        ]
        assert [(s.start, s.stop) for s in segment.sentences(text)] == want


def test_another_razdel_falls_back_to_its_own_sentenize(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(segment, "_razdel", lambda: None)  # as if razdel's rules had changed
    for text in TRICKY:
        assert segment.razdel_spans(text) == [(s.start, s.stop) for s in sentenize(text) if s.text]
