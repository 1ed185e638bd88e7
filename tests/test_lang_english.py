"""Stage 2: English is told by its function words before langdetect, and never where langdetect
would say another language (data/languages.toml)."""

from __future__ import annotations

import pytest

from factcheck import lang
from factcheck.data import load_toml
from helpers import masked_texts

# Written for this test: news prose in the other Latin-script languages the detector knows.
OTHER_LANGUAGES = {
    "de": "Die Regierung in Berlin hat am Dienstag angekündigt, dass sie im kommenden Jahr mehr Geld für "
          "den Ausbau der Bahn ausgeben will. Nach Angaben des Verkehrsministeriums sollen rund zwölf "
          "Milliarden Euro in neue Strecken und Brücken fließen. Kritiker aus der Opposition sprachen von "
          "einem Tropfen auf den heißen Stein, während die Gewerkschaften den Plan begrüßten. Der Bundestag "
          "soll im Herbst über den Haushalt abstimmen, hieß es aus Regierungskreisen.",
    "fr": "Le gouvernement a présenté mercredi un projet de loi destiné à réduire les délais de construction "
          "des logements sociaux. Selon le ministère, près de cent mille logements pourraient être livrés "
          "d'ici deux ans. Les maires des grandes villes ont salué une mesure attendue depuis longtemps, "
          "tandis que plusieurs associations ont dénoncé un texte trop timide. Le Sénat doit examiner le "
          "projet le mois prochain, a précisé le porte-parole.",
    "es": "El Gobierno aprobó el martes un plan para modernizar la red de hospitales públicos del país. Según "
          "el Ministerio de Sanidad, la inversión alcanzará los tres mil millones de euros en los próximos "
          "cuatro años. Los sindicatos del sector celebraron el anuncio, aunque advirtieron de que faltan "
          "médicos en las zonas rurales. La oposición pidió más detalles sobre la financiación del proyecto "
          "y sobre los plazos de las obras.",
    "it": "Il governo ha approvato ieri un decreto che stanzia nuovi fondi per la ricostruzione delle zone "
          "colpite dall'alluvione. Secondo il ministero, gli aiuti arriveranno alle famiglie entro la fine "
          "del mese. I sindaci dei comuni interessati hanno chiesto tempi più rapidi e meno burocrazia, "
          "mentre l'opposizione ha criticato la scarsa trasparenza del provvedimento e ha annunciato "
          "un'interrogazione in Parlamento.",
    "pt": "O governo anunciou nesta segunda-feira um pacote de medidas para conter a alta dos preços dos "
          "alimentos. De acordo com o Ministério da Fazenda, os impostos sobre produtos básicos serão "
          "reduzidos a partir do próximo mês. Economistas ouvidos pela reportagem afirmaram que o efeito "
          "sobre a inflação deve ser limitado, enquanto os supermercados prometeram repassar os descontos "
          "aos consumidores nas próximas semanas.",
    "nl": "Het kabinet heeft dinsdag bekendgemaakt dat er volgend jaar extra geld gaat naar de bouw van "
          "betaalbare woningen. Volgens het ministerie gaat het om ruim twee miljard euro, verdeeld over de "
          "grote steden. Gemeenten reageerden positief, maar waarschuwden dat het tekort aan bouwvakkers het "
          "tempo zal drukken. De Tweede Kamer debatteert volgende week over de plannen van de minister.",
    "pl": "Rząd przyjął we wtorek projekt ustawy, który ma przyspieszyć budowę nowych elektrowni wiatrowych "
          "na morzu. Według ministerstwa pierwsze turbiny mogą ruszyć za trzy lata, a inwestycje przekroczą "
          "kilkadziesiąt miliardów złotych. Przedstawiciele branży przyjęli propozycję z zadowoleniem, "
          "natomiast ekolodzy zwracają uwagę na zagrożenia dla ptaków. Sejm zajmie się projektem jeszcze w "
          "tym miesiącu.",
}
# Another language quoting English: the quote alone does not make it English.
QUOTING = ("Der Minister sagte am Abend in Brüssel auf Englisch: \"We will not accept this and we said so "
           "from the start\", und fügte hinzu, dass die Verhandlungen über das Abkommen in der kommenden Woche "
           "fortgesetzt würden. Die Opposition im Bundestag verlangte eine Erklärung der Regierung, die das "
           "zunächst ablehnte und auf laufende Gespräche mit den Partnern in der Europäischen Union verwies. "
           "Nach Angaben aus Diplomatenkreisen geht es vor allem um Zölle auf Stahl und Aluminium sowie um "
           "die Frage, wie schnell die neuen Regeln in Kraft treten sollen. Wirtschaftsverbände warnten vor "
           "höheren Preisen für Verbraucher und Unternehmen.")


def _share(text: str) -> float:
    words = lang._LOWER_ASCII_WORD.findall(text.lower())
    return sum(w in lang._english_function_words() for w in words) / len(words)


@pytest.mark.parametrize("code", sorted(OTHER_LANGUAGES))
def test_other_languages_have_few_english_function_words(code: str) -> None:
    text = OTHER_LANGUAGES[code]
    assert _share(text) < 0.03
    assert not lang._clearly_english(lang.sample_of(text))
    assert lang.detect(text) == code


def test_another_language_quoting_english_is_not_english() -> None:
    assert not lang._clearly_english(lang.sample_of(QUOTING))
    assert lang.detect(QUOTING) == "de"


def test_english_told_by_function_words_is_what_langdetect_says() -> None:
    told = 0
    for text in masked_texts():  # the fixtures and the tests' own articles
        sample = lang.sample_of(text)
        if lang._clearly_english(sample):
            told += 1
            assert lang._langdetect(sample, lang._LATIN_CANDIDATES) == "en", sample[:80]
    assert told >= 5  # the shortcut is taken, so the comparison above tests it


def test_short_or_wordless_texts_go_to_langdetect() -> None:
    assert not lang._clearly_english("the and that with " * 9)  # 36 words: too few to tell
    assert lang._clearly_english("the and that with " * 10)
    assert not lang._clearly_english("Berlin Paris Moskau " * 30)


def test_function_words_are_lowercase_ascii_and_unique() -> None:
    words = load_toml("languages")["en"]["function_words"]
    assert len(words) == len(set(words))
    assert words == sorted(words)
    assert all(lang._LOWER_ASCII_WORD.fullmatch(w) for w in words)
    # common in other candidate languages, so never evidence of English
    assert not set(words) & {"a", "an", "as", "in", "is", "of", "on", "to", "no", "was", "also", "over", "he", "die", "de"}
