"""The whole pipeline never crashes on arbitrary text, and every offset it reports is inside it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.config import Config
from factcheck.pipeline import compare
from factcheck.render import render

WORDS = st.sampled_from(
    "two 24 several more than up to 1,000 km 8,5 16,5% October 26 26 октября the day before Днем ранее "
    "on Sunday last week Il-76 Ил-76 Su-30MK2 Putin Путину Caracas в Каракасе arrived прибыл ratified "
    "треaty 11:24 мск allegedly according to WP , . ; « » ( ) — \n \n\n ** <u> </u> date 2025-10-31".split(" ")
)
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(WORDS, max_size=80).map(" ".join),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(TEXTS, min_size=1, max_size=3))
def test_pipeline_never_crashes(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i, text in enumerate(texts):
            (root / f"{i}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
        report = compare(root, Config(debug=True))
        by = {a.id: a for a in report.sources}
        for c in report.claims:
            text = by[c.source].text
            assert 0 <= c.start <= c.stop <= len(text)
            # c.text is the value with markup blanked out, so only its length must match.
            assert len(text[c.start : c.stop]) == len(c.text)
            assert c.sentence.start <= c.start and c.stop <= c.sentence.stop
        for g in report.groups:
            assert len({c.source for c in g.claims}) >= 1
            if g.verdict.value == "single":
                assert len({c.source for c in g.claims}) == 1
        render(report, "json")
        render(report, "table")
