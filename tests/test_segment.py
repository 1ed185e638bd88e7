"""Stage 3: sentences keep offsets; broken lines are joined, titles are not."""

from __future__ import annotations

from factcheck.segment import sentences


def test_offsets_point_into_text() -> None:
    text = "First one. Second, with U.S. forces.\n\nТретье предложение. И четвертое."
    got = sentences(text)
    assert [s.text for s in got] == ["First one.", "Second, with U.S. forces.", "Третье предложение.", "И четвертое."]
    for s in got:
        assert text[s.start : s.stop] == s.text


def test_title_line_is_its_own_sentence() -> None:
    text = "Russia Reaffirms Backing for Venezuela Amid Aid Request\nCARACAS – Russia has said it backs Venezuela."
    got = sentences(text)
    assert got[0].text == "Russia Reaffirms Backing for Venezuela Amid Aid Request"


def test_sentence_broken_across_blank_line_is_joined() -> None:
    text = "The appeal to the president was delivered by the Venezuelan Transportation Minister\n\nRamón Velásquez during a visit in mid-October."
    got = sentences(text)
    assert len(got) == 1
    assert got[0].text.endswith("mid-October.")


def test_short_subheading_not_joined() -> None:
    text = "Maduro wants Russian missiles: what is known\n\nCiting documents, the publication writes."
    assert len(sentences(text)) == 2


def test_huge_line_is_bounded() -> None:
    text = ("word " * 50000) + "end."
    got = sentences(text)
    assert got and all(text[s.start : s.stop] == s.text for s in got)
