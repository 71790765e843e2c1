"""Evasion folding: the spellings readers use to slip a word past a word list."""

import pytest

from manset.turkish import (
    evasion_fold,
    evasion_normalize,
    evasion_tokens,
    inflects,
    letters_agree,
    squeeze_doubles,
)

FOLD = [
    # casing: Turkish rules, and upper-case I read as either i
    ("SİKTİR", "siktir"),
    ("IŞIK", "isik"),
    ("SIKICI", "sikici"),
    # NFKC: full-width, mathematical and circled letters
    ("ＡＭＫ", "amk"),
    ("𝐬𝐢𝐤𝐭𝐢𝐫", "siktir"),
    ("Ⓢⓘⓚ", "sik"),
    # invisible characters and combining marks
    ("a\u200bm\u200ck", "amk"),
    ("o\u202erospu", "orospu"),
    ("pi\u00adç", "pic"),
    ("s\u2060i\ufeffk", "sik"),
    ("s\u0336i\u0336k\u0336", "sik"),
    # ASCII folding of the Turkish letters
    ("Çğıöşü ÇĞİÖŞÜ", "cgiosu cgiosu"),
    # leetspeak inside words
    ("0r0spu", "orospu"),
    ("s1kt1r", "siktir"),
    ("5ikerim", "sikerim"),
    ("$iktir", "siktir"),
    ("@mk", "amk"),
    ("4mk", "amk"),
    ("7a$ak", "tasak"),
    ("8ok", "bok"),
    ("€bleh", "ebleh"),
    ("s!k", "sik"),
    ("g3r1zekal1", "gerizekali"),
    # ... but not in numbers, measurements or punctuation
    ("31 çekti", "31 cekti"),
    ("2024'te 5.000 TL", "2024te 5 000 tl"),
    ("15inde G20'de covid19", "15inde g20de covid19"),
    ("4m yükseklik", "4m yukseklik"),
    ("harika!", "harika"),
    # Cyrillic and Greek look-alikes
    ("оrоspu", "orospu"),
    ("аmк", "amk"),
    ("ѕіktіr", "siktir"),
    ("ΑΜΚ", "amk"),
    ("ρiç", "pic"),
    # stretched letters come back to two; doubles stay (see squeezed forms below)
    ("siiiiiktir", "siiktir"),
    ("yarrrrrak", "yarrak"),
    ("saat dikkat", "saat dikkat"),
    # letters spelled apart
    ("s.i.k", "sik"),
    ("s i k t i r", "siktir"),
    ("o-r-o-s-p-u", "orospu"),
    ("s_i_k", "sik"),
    ("s/i/k", "sik"),
    ("s . i . k", "sik"),
    ("s'i'k", "sik"),
    ("S.İ.K", "sik"),
    ("s 1 k t 1 r", "siktir"),
    ("s.iktir", "siktir"),
    ("o-rospu", "orospu"),
    # ... but two letters, a missing space or a line break do not join
    ("M.K. Atatürk", "m k ataturk"),
    ("bitti.O zaman", "bitti o zaman"),
    ("s\ni\nk", "s i k"),
    # apostrophes glue suffixes
    ("Kore’de", "korede"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "folded"), FOLD)
def test_evasion_fold_undoes_the_spelling(text, folded):
    assert evasion_fold(text) == folded


def test_evasion_normalize_keeps_turkish_letters():
    assert evasion_normalize("SIKINTI ŞIKTIR s.ı.k") == "sikinti şiktir sık"


SQUEEZED = [
    ("aammkk", "amk"),  # two doubled runs
    ("siiiktir", "siktir"),  # stretched
    ("amkk", "amk"),  # a double at the end is not Turkish
    ("ammk", "amk"),  # nor one before a consonant
    ("siiktir", "siktir"),  # a doubled vowel
    ("saat", "sat"),  # (also squeezed: no entry spells "sat")
    ("sikke", None),  # a double between vowels is Turkish spelling
    ("dikkat", None),
    ("anne", None),
    ("yarrak", None),
]


@pytest.mark.parametrize(("word", "squeezed"), SQUEEZED)
def test_only_deliberate_doubling_gets_a_squeezed_form(word, squeezed):
    (token,) = evasion_tokens(word)
    assert token.squeezed == squeezed


def test_squeeze_doubles_writes_every_run_once():
    assert squeeze_doubles("aaammmkkk") == "amk"


def test_tokens_locate_their_words_in_the_original_text():
    text = "Bu ＡＭＫ lafı; s.i.k dedi, o-r-o-s-p-u!"
    tokens = evasion_tokens(text)
    found = {t.folded: text[t.start : t.end] for t in tokens}
    assert found["amk"] == "ＡＭＫ"
    assert found["sik"] == "s.i.k"
    assert found["orospu"] == "o-r-o-s-p-u"
    assert [t.joined for t in tokens if t.folded in ("sik", "orospu")] == [True, True]


def test_joined_tokens_come_after_the_words():
    tokens = evasion_tokens("a s.i.k b")
    assert [t.text for t in tokens] == ["a", "s", "i", "k", "b", "asikb"]
    assert [t.text for t in evasion_tokens("a s.i.k b", joined=False)] == ["a", "s", "i", "k", "b"]


def test_folded_form_has_the_length_of_the_turkish_form():
    for token in evasion_tokens("Şişli'de ığdır IŞIK Straße æther"):
        assert len(token.folded) == len(token.text)


AGREE = [
    ("salag", "salağ", True),  # diacritic dropped
    ("sik", "sık", True),  # an ASCII i may stand for ı
    ("sık", "sik", False),  # but a typed ı is not i
    ("şık", "sik", False),
    ("piç", "pic", False),
    ("pic", "piç", True),
    ("öç", "oç", False),
    ("oç", "öç", True),  # (words.py then prefers the entry spelled as written)
    ("ș", "ş", True),  # a foreign diacritic is decoration
    ("sik", "sikk", False),
]


@pytest.mark.parametrize(("written", "canonical", "agree"), AGREE)
def test_a_text_may_drop_diacritics_but_not_add_them(written, canonical, agree):
    assert letters_agree(written, canonical) is agree


INFLECTS = [
    # nouns: plural, possessive, case, copula, question, derivation; buffers after vowels
    ("salak", "lar", False, True),
    ("salak", "larin", False, True),
    ("salak", "sin", False, True),
    ("salak", "misin", False, True),
    ("salak", "lik", False, True),
    ("salak", "ca", False, True),
    ("orospu", "ya", False, True),
    ("orospu", "su", False, True),
    ("orospu", "yken", False, True),
    ("göt", "une", False, True),
    ("göt", "ten", False, True),
    ("sik", "ler", False, True),
    # verbs: tense, person, voice, mood, participles
    ("sik", "erim", True, True),
    ("sik", "tir", True, True),
    ("sik", "eyim", True, True),
    ("sik", "iyorum", True, True),
    ("sik", "tigimin", True, True),
    ("sik", "icem", True, True),
    ("sik", "mem", True, True),
    ("öldür", "urum", True, True),
    # not suffixes
    ("sik", "ke", False, False),  # sikke
    ("sik", "inti", False, False),  # sıkıntı: t after n is not Turkish
    ("göt", "urmek", False, False),  # götürmek
    ("göt", "uru", False, False),  # götürü
    ("bok", "su", False, False),  # a buffer s only after a vowel
    ("sıç", "il", False, False),  # a noun does not take verb suffixes
    ("salak", "ke", False, False),
    # vowel harmony
    ("sik", "arim", True, False),  # sıkarım
    ("sık", "arim", True, True),
    ("göt", "ine", False, False),
]


@pytest.mark.parametrize(("stem", "rest", "verb", "expected"), INFLECTS)
def test_inflects_accepts_turkish_suffix_chains_only(stem, rest, verb, expected):
    assert inflects(stem, rest, verb=verb) is expected
