"""The learned spam score: pure functions, no database."""

import ast
import doctest
import json
import random
import sys

import pytest

from manset.comments import spam, spam_features
from manset.comments.spam import (
    LabelledComment,
    SpamModel,
    SpamModelError,
    features,
    read_examples,
    seed_examples,
    train,
)

# Not in the seed set: written for these tests.
CLEAR_SPAM = [
    ("Yatırımsız deneme bonusu veren siteler 2025, hemen giriş: bonuscenneti77.xyz", "", ""),
    ("Kefilsiz kredi, acil nakit aynı gün hesabınızda! WhatsApp 0599 123 45 67", "", ""),
    ("Instagram takipçi ve beğeni satın al, 5000 takipçi 99 TL: takipcidukkani.net", "", ""),
    ("Canlı casino ve slot oyunlarında 300 freespin seni bekliyor", "Casino Giriş", ""),
    ("Forex ve kripto sinyal grubumuzla ayda 50 bin kazan, Telegram: @sinyalkral", "", ""),
]
CLEAR_HAM = [
    ("Allah rahmet eylesin, ailesine başsağlığı diliyorum.", "Fatma", ""),
    ("Hakem ikinci yarıda iki net penaltıyı vermedi, VAR neden çağırmadı?", "Serdar", ""),
    ("Kira artışı yüzünden öğrenciler yurt bulamıyor, belediye yurt açmalı.", "Ayşe", ""),
    ("Depremde yıkılan okulun yerine yenisi ne zaman yapılacak?", "Hatay'dan", ""),
    ("metrobus yine arizali, 45 dakika bekledik durakta", "mehmet", ""),
]


@pytest.fixture(scope="module")
def seed_model() -> SpamModel:
    return train(seed_examples())


def test_docstring_examples_pass():
    for module in (spam, spam_features):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.attempted > 0
        assert result.failed == 0


def test_module_imports_only_the_standard_library_and_manset_turkish():
    allowed = {"manset.turkish", "manset.comments.spam_features"}
    for module in (spam, spam_features):
        with open(module.__file__, encoding="utf-8") as f:
            tree = ast.parse(f.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                is_import = isinstance(node, ast.Import)
                names = [a.name for a in node.names] if is_import else [node.module]
                for name in names:
                    assert name.split(".")[0] in sys.stdlib_module_names or name in allowed


def test_a_model_learns_from_a_handful_of_examples():
    model = train(
        [
            LabelledComment("Bahis sitesi bonus veriyor, hemen üye ol", spam=True),
            LabelledComment("En yüksek bonus ve bahis oranları burada", spam=True),
            LabelledComment("Casino bonus kampanyası, üye ol kazan", spam=True),
            LabelledComment("Belediye yolu ne zaman yapacak?", spam=False),
            LabelledComment("Belediye parkı yine kapalı, yazık", spam=False),
            LabelledComment("Maçta hakem rezaletti, yazık", spam=False),
        ]
    )
    assert model.score("Yeni bahis sitesi bonus veriyor").probability > 0.5
    assert model.score("Belediye bu yolu yapmalı").probability < 0.5


@pytest.mark.parametrize(("text", "name", "website"), CLEAR_SPAM)
def test_the_seed_model_scores_clear_spam_high(seed_model, text, name, website):
    assert seed_model.score(text, name, website).probability > 0.8


@pytest.mark.parametrize(("text", "name", "website"), CLEAR_HAM)
def test_the_seed_model_scores_clear_ham_low(seed_model, text, name, website):
    assert seed_model.score(text, name, website).probability < 0.2


def test_evasions_are_undone_and_noted():
    found = features("D e n e m e  b0nusu için bоnus.xyz")  # Cyrillic о in the link
    assert {"w:dene", "w:bonus", "u:bonus", "x:spaced", "x:leet", "x:mixed"} <= set(found)


def test_layout_features_count_links_and_see_phones_and_websites():
    found = features(
        "Bilgi: https://a.com ve www.b.net ile c.xyz, ara 0599 123 45 67",
        website="https://d.com",
    )
    assert {"x:links=3+", "x:phone", "x:website", "s:d", "s:com"} <= set(found)
    assert not any(key.startswith("x:") for key in features("Çok güzel bir haber"))


def test_dates_prices_and_years_are_not_phone_numbers():
    found = features("12.03.2024 tarihinde 1.250.000 TL, 1999 depremi, saat 03:12")
    assert "x:phone" not in found


def test_probability_is_always_between_zero_and_one(seed_model):
    texts = ["", "bonus " * 5000, "Allah rahmet eylesin " * 300, "kazan!!! 💰" * 400]
    for text in texts:
        assert 0.0 <= seed_model.score(text).probability <= 1.0


def test_round_trip_through_json_gives_identical_scores(seed_model):
    stored = json.loads(json.dumps(seed_model.to_dict()))
    loaded = SpamModel.from_dict(stored)
    assert stored["version"] == spam.VERSION
    for text, name, website in CLEAR_SPAM + CLEAR_HAM:
        assert loaded.score(text, name, website) == seed_model.score(text, name, website)


def test_a_model_of_another_version_is_refused_with_a_reason(seed_model):
    stored = seed_model.to_dict() | {"version": spam.VERSION + 1}
    with pytest.raises(SpamModelError, match="retrain"):
        SpamModel.from_dict(stored)


@pytest.mark.parametrize(
    "change",
    [{"weights": {"w:bonus": "çok"}}, {"weights": None}, {"bias": float("nan")}, {"format": "x"}],
)
def test_a_damaged_stored_model_is_refused(seed_model, change):
    with pytest.raises(SpamModelError):
        SpamModel.from_dict(seed_model.to_dict() | change)


def test_signals_name_real_features_of_the_comment(seed_model):
    text, name, website = CLEAR_SPAM[0]
    result = seed_model.score(text, name, website)
    found = features(text, name, website)
    assert 0 < len(result.signals) <= spam.SIGNALS
    for signal in result.signals:
        assert signal.feature in found
        assert signal.weight == round(found[signal.feature] * seed_model.weights[signal.feature], 3)
        assert signal.label and signal.label != signal.feature
    weights = [abs(s.weight) for s in result.signals]
    assert weights == sorted(weights, reverse=True)
    assert any(s.weight > 0 and "bonus" in s.label for s in result.signals)


def test_signals_read_as_the_word_written_and_the_weight():
    signal = spam.Signal("w:hake", "kelime: hakem", -0.25)
    assert str(signal) == "kelime: hakem (-0.25)"
    assert spam.label("x:links=2") == "bağlantı sayısı: 2"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "\x00" * 50 + "bonus\x00kazan",
        "\ud800\udfff yarım vekil çiftleri",
        "\u202egizli yön\u202c ve\u200b görünmez",
        "Z̷̢a̸l̶g̷o̴ yazı",
        "🇹🇷🔥💯" * 100,
        "Привет, как дела? 你好 مرحبا",
        "İIıi ǅ ß ﬁ ½ ²",
        "x" * 1_000_000,
    ],
)
def test_odd_input_is_scored_without_crashing(seed_model, text):
    result = seed_model.score(text, name=text[:300], website=text[:300])
    assert 0.0 <= result.probability <= 1.0
    json.dumps([str(s) for s in result.signals])


def test_odd_training_text_still_gives_a_json_model():
    model = train(
        [
            LabelledComment("\ud800 bonus \x00 kazan", spam=True, website="\udfff"),
            LabelledComment("güzel haber", spam=False, name="\x00"),
        ]
    )
    json.dumps(model.to_dict(), ensure_ascii=False).encode("utf-8")


def test_training_is_deterministic():
    examples = seed_examples()[:120]
    assert train(examples).to_dict() == train(examples).to_dict()


def test_training_needs_spam_and_ham():
    with pytest.raises(SpamModelError, match="1 spam, 0 ham"):
        train([LabelledComment("bonus", spam=True)])


def test_read_examples_names_the_bad_line():
    lines = ['{"text": "iyi", "spam": false}', "", '{"text": "kötü", "spam": "evet"}']
    with pytest.raises(SpamModelError, match="line 3"):
        read_examples(lines)


def test_the_seed_set_is_large_and_about_forty_percent_spam():
    examples = seed_examples()
    share = sum(e.spam for e in examples) / len(examples)
    assert len(examples) >= 500
    assert 0.35 <= share <= 0.45
    assert len({e.text for e in examples}) == len(examples)


def _stratified_folds(examples, k, seed):
    rng = random.Random(seed)
    folds = [[] for _ in range(k)]
    for label in (True, False):
        members = [e for e in examples if e.spam is label]
        rng.shuffle(members)
        for n, e in enumerate(members):
            folds[n % k].append(e)
    return folds


def test_held_out_quality_on_the_seed_set_stays_above_the_measured_floor():
    """bench/comment_spam.py measures F1 0.938, precision 0.973 at 0.5 (the model reads no
    name words; with them it reached 0.95 by learning the seed set's first names). The
    floors leave a margin."""
    tp = fp = fn = 0
    folds = _stratified_folds(seed_examples(), 5, seed=7)
    for i, held_out in enumerate(folds):
        model = train(e for j, fold in enumerate(folds) if j != i for e in fold)
        for e in held_out:
            flagged = model.score(e.text, e.name, e.website).probability >= 0.5
            tp += flagged and e.spam
            fp += flagged and not e.spam
            fn += not flagged and e.spam
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95
    assert 2 * precision * recall / (precision + recall) >= 0.92
