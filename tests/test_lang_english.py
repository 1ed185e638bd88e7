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
    words = lang._LOWER_WORD.findall(text.lower())
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
    words = "the and that with from this "
    assert not lang._clearly_english(words * 6)  # 36 words: too few to tell
    assert lang._clearly_english(words * 7)
    assert not lang._clearly_english("the and that with " * 20)  # four kinds: a quote, a slogan
    assert not lang._clearly_english("Berlin Paris Moskau " * 30)
    assert not lang._clearly_english(words * 3 + "Müller Gómez Øster Ærø " * 2 + "Berlin Paris " * 8)


# Written by a reviewer of this change: dense with words the English list must not count ("at",
# "her" in Danish, "it" in Frisian), a half-and-half text, German quoting English.
DENSE = {
    "da": "Regeringen har besluttet at hæve skatten, og det er ikke første gang at det sker. Ministeren sagde at "
          "det var nødvendigt for at finansiere velfærden, men oppositionen mener at det vil ramme de svageste. "
          "Her i byen er der mange der ikke har råd til at betale mere, og de siger at de vil stemme imod. Det er "
          "svært at se hvordan det vil ende, men det er klart at der skal ske noget.",
    "fy": "It regear hat besletten om de belesting te ferheegjen, en it is net de earste kear dat it bart. De "
          "minister sei dat it nedich wie om it wolwêzen te finansieren, mar de opposysje tinkt dat it de swakste "
          "hurd reitsje sil. Hjir yn it doarp binne in soad minsken dy't it net betelje kinne, en se sizze dat se "
          "tsjin stimme sille. It is dreech om te sjen hoe't it einiget.",
    "mix": "The government said on Monday that the new tax will take effect next year, and that it would raise "
           "more than they had expected. El gobierno dijo el lunes que el nuevo impuesto entrará en vigor el "
           "próximo año y que recaudará más de lo esperado por los analistas. This is what the minister said when "
           "he was asked about it by the press. Esto es lo que dijo el ministro cuando fue consultado por la "
           "prensa sobre el tema del impuesto y sus efectos en la economía del país.",
    "de_quote": "Der Minister sagte am Montag in Berlin, dass die neue Steuer im nächsten Jahr in Kraft treten "
                "werde. „It is what it is, and we have to live with it,“ sagte er auf Englisch zu den "
                "Journalisten, die ihn nach den Folgen fragten. Die Opposition kritisierte die Entscheidung "
                "scharf und kündigte Widerstand im Bundestag an. Die Steuer soll mehr als zehn Milliarden Euro "
                "einbringen.",
}


@pytest.mark.parametrize("name", sorted(DENSE))
def test_dense_neighbours_and_mixtures_are_left_to_langdetect(name: str) -> None:
    sample = lang.sample_of(DENSE[name])
    assert not lang._clearly_english(sample)
    assert lang.detect(DENSE[name]) == lang._langdetect(sample, lang._LATIN_CANDIDATES)


def test_function_words_are_lowercase_ascii_and_unique() -> None:
    words = load_toml("languages")["en"]["function_words"]
    assert len(words) == len(set(words))
    assert words == sorted(words)
    assert all(w.isascii() and lang._LOWER_WORD.fullmatch(w) for w in words)
    # common in other Latin-script languages, so never evidence of English
    assert not set(words) & {"a", "an", "as", "at", "by", "de", "die", "had", "he", "her", "in", "is", "it", "no",
                             "of", "on", "over", "to", "was", "also"}
