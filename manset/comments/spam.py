"""A learned spam score for reader comments: logistic regression over words, letters and layout.

Pure Python with no Django imports and no dependencies beyond ``manset.turkish``: reader
comments never leave the outlet's servers, and the model is a small JSON document that a
background task retrains from the moderators' decisions.

Features of a comment (text, author name, website field):

* words: Turkish-lowercased tokens, stemmed then folded to ASCII (``görüşmeler`` and
  ``gorusmeler`` meet), as unigrams and bigrams;
* letters: character 3- to 5-grams of the folded text, which catch what tokenising misses
  (``bonusbul``, ``denemebonusu24``, ``0000 000 00 00``);
* layout: links, a filled website field, phone numbers, @handles, share of capitals and
  digits, ``!!!``, emoji, and the usual evasions (spaced letters, ``b0nus``, Cyrillic
  look-alikes, styled Unicode letters), each turned back into plain text before the above.

Logistic regression rather than naive Bayes: the letter n-grams overlap heavily, and naive
Bayes counts that overlap as independent evidence, pushing every probability to 0 or 1; a
regularised linear model gives probabilities a guard can put a threshold on, and its
weights explain a score as a sum of named contributions (the signals).
"""

import heapq
import json
import math
import random
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from manset.turkish import casefold, fold_ascii, stem, tokenize

__all__ = [
    "VERSION",
    "LabelledComment",
    "Signal",
    "SpamModel",
    "SpamModelError",
    "SpamScore",
    "features",
    "label",
    "read_examples",
    "seed_examples",
    "train",
]

# Bump when features() or the stored format changes: older models must then be retrained.
VERSION = 1
FORMAT = "manset.comments.spam"
# Hand-written Turkish comments, labelled: the model a newsroom starts with.
SEED_PATH = Path(__file__).resolve().parent / "data" / "spam_seed.jsonl"

# Comment.text allows 5,000 characters; anything longer is cut rather than slowing the guard.
MAX_CHARS = 20_000
CHAR_NGRAMS = (3, 4, 5)
# A word or letter n-gram seen in a single training comment says nothing about the next one,
# and Adagrad would let it memorise that comment (its first step is a full learning rate).
MIN_COMMENTS = 2
MAX_FEATURES = 300_000
SIGNALS = 8

# Adagrad logistic regression; chosen by 5-fold cross-validation on the seed set (bench/).
# SGD converges with the number of updates rather than of passes: a small set gets more
# passes, a large one fewer, which keeps retraining on 20,000 decisions within seconds.
MIN_EPOCHS, MAX_EPOCHS = 3, 8
TARGET_UPDATES = 20_000
LEARNING_RATE = 0.4
L2 = 1e-3
SHUFFLE_SEED = 1
# Weights are rounded when training ends, so a stored model scores exactly like the trained one.
DIGITS = 5

# Cyrillic and Greek letters that look like Latin ones, pasted in to slip past word filters.
_CONFUSABLES = str.maketrans(
    dict(
        zip(
            "аеорсухіјѕкмтԁһӏԛԝАВЕКМНОРСТХУІЈЅαοειкνρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
            "aeopcyxijskmtdhlqwABEKMHOPCTXYIJSaoeikvptuxABEZHIKMNOPTYX",
            strict=True,
        )
    )
)
_FOREIGN_LETTER = re.compile("[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
# Control and invisible characters, and lone surrogates (PostgreSQL's jsonb refuses them).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff\ud800-\udfff]")
# d e n e m e, b.a.h.i.s: three or more single letters with one separator between them.
_SPACED = re.compile(r"(?<!\w)(?:[^\W\d_][ .\-*·_]){2,}[^\W\d_](?!\w)")
# ev-den pa-ra ka-zan: short syllables joined by hyphens.
_SYLLABLES = re.compile(r"(?<![\w-])[^\W\d_]{1,3}(?:-[^\W\d_]{1,3})+(?![\w-])")
_SEPARATORS = re.compile(r"[ .\-*·_]")
# c@sino, $lot: symbols standing in for letters inside a word.
_SYMBOL_LETTER = re.compile(r"(?<=[^\W\d_])[@$](?=[^\W\d_])|(?<![\w@$])\$(?=[^\W\d_]{2})")
_SYMBOLS = str.maketrans({"@": "a", "$": "s"})
# b0nus, 3sc0rt: a digit between letters. 100tl and covid19 have none and stay as they are.
_LEET = re.compile(r"[^\W\d_]\d+[^\W\d_]")
_LEET_DIGITS = str.maketrans("013457", "oieast")
_TLDS = (
    "com|net|org|info|biz|xyz|top|site|online|club|shop|store|live|vip|bet|casino|link|"
    "click|app|io|co|me|tv|one|blog|video|ly|tr"
)
_LINK = re.compile(
    rf"https?://\S+|www\.\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{_TLDS})\b(?:/\S*)?", re.IGNORECASE
)
_URL_WORDS = {"http", "https", "www"}
# Ten to thirteen digits with at most two separators between them: 0599 123 45 67,
# +90 (599) 123-45-67, 0 5 9 9 ... Dates and prices have fewer digits.
_PHONE = re.compile(r"(?<!\d)(?:\+?\d[\s.\-()/]{0,2}){10,13}(?!\d)")
_HANDLE = re.compile(r"(?<![\w.])@[a-z0-9_]{3,}")
_REPEATED_PUNCTUATION = re.compile(r"[!?]{3,}")
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff]")
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?([^/?#\s:]*)")

_KIND_LABELS = {
    "w": "kelime",
    "b": "kelime çifti",
    "c": "harf dizisi",
    "u": "bağlantıda",
    "s": "web sitesi",
}
_LAYOUT_LABELS = {
    "links": "bağlantı sayısı",
    "website": "web sitesi alanı dolu",
    "phone": "telefon numarası",
    "handle": "@kullanıcı adı",
    "upper": "büyük harf oranı",
    "digits": "rakam oranı",
    "punctuation": "tekrarlanan ünlem ya da soru işareti",
    "emoji": "emoji sayısı",
    "mixed": "Latin harflerle karışık Kiril/Yunan harfleri",
    "styled": "süslü ya da geniş yazı karakterleri",
    "spaced": "harfleri aralıklı yazılmış sözcük",
    "leet": "harf yerine rakam ya da simge",
    "name-digits": "adda rakam",
    "name-link": "adda site adresi",
    "name-upper": "ad tümüyle büyük harf",
    "name-long": "dört sözcükten uzun ad",
}


class SpamModelError(ValueError):
    """Training data or a stored model that cannot be used; the message says why."""


@dataclass(frozen=True)
class LabelledComment:
    """A comment with a moderator's verdict, for training."""

    text: str
    spam: bool
    name: str = ""
    website: str = ""


@dataclass(frozen=True)
class Signal:
    """One feature of a comment and how far it moved the score.

    ``weight`` is its contribution to the log-odds: above zero pushes towards spam.
    """

    feature: str
    label: str
    weight: float

    def __str__(self) -> str:
        """``kelime: bonus (+0.42)``: how a moderator reads it."""
        return f"{self.label} ({self.weight:+.2f})"


@dataclass(frozen=True)
class SpamScore:
    """Probability that a comment is spam, with the signals that weighed most."""

    probability: float
    signals: tuple[Signal, ...]


def _clean(text: str) -> tuple[str, list[str]]:
    """Cut, drop control characters, undo styled letters and look-alikes; note what was undone.

    >>> _clean("Dеnеmе 𝐁𝐨𝐧𝐮𝐬")  # Cyrillic е, mathematical bold
    ('Deneme Bonus', ['styled', 'mixed'])
    """
    text = _CONTROL.sub(" ", text[:MAX_CHARS])
    layout = []
    if not text.isascii():
        compatible = unicodedata.normalize("NFKC", text)
        if compatible != text and any(
            unicodedata.normalize("NFKC", ch) != ch for ch in text if ch.isalnum()
        ):
            layout.append("styled")
        text = compatible
        if _FOREIGN_LETTER.search(text):
            if _LATIN_LETTER.search(text):
                layout.append("mixed")
            text = text.translate(_CONFUSABLES)
    return text, layout


def _join_spaced(text: str) -> tuple[str, bool]:
    """Join letters written apart (``d e n e m e``, ``ka-zan``) back into words.

    >>> _join_spaced("d e n e m e  b.o.n.u.s ev-den pa-ra Ankara-İzmir")
    ('deneme  bonus evden para Ankara-İzmir', True)
    """
    joined = _SPACED.sub(lambda m: _SEPARATORS.sub("", m.group()), text)
    joined = _SYLLABLES.sub(lambda m: m.group().replace("-", ""), joined)
    return joined, joined != text


@lru_cache(maxsize=65536)
def _term(token: str) -> str:
    """The word feature of a lowercase token: leetspeak undone, stemmed, folded to ASCII.

    >>> _term("görüşmelerde"), _term("b0nusu"), _term("100tl")
    ('gorusme', 'bonus', '100tl')
    """
    if not token.isalpha() and _LEET.search(token):
        token = token.translate(_LEET_DIGITS)
    return fold_ascii(stem(token))


def _share_bucket(part: int, whole: int, low: float, high: float) -> str | None:
    """'low%–high%' or 'high%+' when part/whole reaches low, else None (nothing unusual)."""
    if whole < 8 or part < low * whole:
        return None
    if part < high * whole:
        return f"%{low * 100:.0f}–{high * 100:.0f}"
    return f"%{high * 100:.0f}+"


def _name_shape(name: str) -> list[str]:
    """What a name's form says ("Bonus24", "BAHIS.COM"), never the name itself."""
    name = name[:200].strip()
    found = []
    if _DIGIT.search(name):
        found.append("name-digits")
    if _LINK.search(name) or re.search(r"\.\s*(com|net|org|xyz|tr)\b", casefold(name)):
        found.append("name-link")
    letters = [c for c in name if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        found.append("name-upper")
    if len(name.split()) > 4:
        found.append("name-long")
    return found


def _layout(text: str, folded: str, website: str, evasions: list[str], links: int) -> list[str]:
    """Layout features, as ``x:name`` or ``x:name=bucket``."""
    letters = sum(map(str.isalpha, text))
    upper = sum(map(str.isupper, text))
    visible = len(text) - text.count(" ")
    digits = len(_DIGIT.findall(text))
    emoji = len(_EMOJI.findall(text))
    # No "links=0" and no length: nearly every comment has the one, and the other measured
    # how the seed set was written more than what spam is.
    found = list(evasions)
    if links:
        found.append(f"links={min(links, 3)}{'+' if links >= 3 else ''}")
    if website.strip():
        found.append("website")
    if _PHONE.search(folded):
        found.append("phone")
    if _HANDLE.search(folded):
        found.append("handle")
    if _REPEATED_PUNCTUATION.search(text):
        found.append("punctuation")
    if emoji:
        found.append(f"emoji={min(emoji, 3)}{'+' if emoji >= 3 else ''}")
    if bucket := _share_bucket(upper, letters, 0.3, 0.6):
        found.append(f"upper={bucket}")
    if bucket := _share_bucket(digits, visible, 0.15, 0.3):
        found.append(f"digits={bucket}")
    return ["x:" + f for f in found]


def _char_ngrams(folded: str) -> set[str]:
    """Distinct character n-grams of folded text, whitespace collapsed and digits as 0."""
    padded = " " + _DIGIT.sub("0", _SPACES.sub(" ", folded).strip()) + " "
    return {padded[i : i + n] for n in CHAR_NGRAMS for i in range(len(padded) - n + 1)}


def _group(keys: Iterable[str], prefix: str) -> dict[str, float]:
    """Binary features of one kind, scaled so that the group has unit length.

    Without the scaling a long comment would outvote a short one by sheer number of words.
    """
    unique = keys if isinstance(keys, set) else set(keys)
    if not unique:
        return {}
    return dict.fromkeys([prefix + k for k in unique], 1 / math.sqrt(len(unique)))


def _extract(text: str, name: str, website: str) -> tuple[dict[str, float], dict[str, str]]:
    """Features with their values, and for each word feature the first word it came from."""
    text, evasions = _clean(text)
    text, spaced = _join_spaced(text)
    if spaced:
        evasions.append("spaced")
    if _SYMBOL_LETTER.search(text):
        text = _SYMBOL_LETTER.sub(lambda m: m.group().translate(_SYMBOLS), text)
        evasions.append("leet")
    links = _LINK.findall(text)
    # Words of a link are features of their own: "net" in a domain is not "net" in a sentence.
    tokens = tokenize(_LINK.sub(" ", text) if links else text)
    if "leet" not in evasions and any(not t.isalpha() and _LEET.search(t) for t in tokens):
        evasions.append("leet")
    terms = [_term(t) for t in tokens]
    folded = fold_ascii(casefold(text))
    found = _group(terms, "w:")
    found.update(_group(map(" ".join, zip(terms, terms[1:], strict=False)), "b:"))
    found.update(_group(_char_ngrams(folded), "c:"))
    found.update(_group({t for t in tokenize(" ".join(links)) if t not in _URL_WORDS}, "u:"))
    # A reader's name is not evidence: learnt from a seed set, common first names (Mehmet,
    # Ayşe) would push real readers towards spam. Only its shape counts (see _layout).
    name_tokens: list[str] = []
    found.update(dict.fromkeys(["x:" + f for f in _name_shape(name)], 1.0))
    host = _HOST.match(fold_ascii(casefold(website[:500].strip()))).group(1)
    found.update(_group({t for t in tokenize(host) if t not in _URL_WORDS}, "s:"))
    found.update(dict.fromkeys(_layout(text, folded, website, evasions, len(links)), 1.0))
    surface = {}
    for prefix, words in (("w:", tokens), ("n:", name_tokens)):
        for token in words:
            surface.setdefault(prefix + _term(token), token)
    for first, second in zip(tokens, tokens[1:], strict=False):
        surface.setdefault(f"b:{_term(first)} {_term(second)}", f"{first} {second}")
    return found, surface


def features(text: str, name: str = "", website: str = "") -> dict[str, float]:
    """The features of a comment with their values: ``w:`` word, ``b:`` bigram, ``c:``
    letter n-gram, ``u:`` word of a link, ``s:`` website word, ``x:`` layout (including the
    shape of the name, never its words).

    Words are stemmed and folded (``w:dene`` is deneme, denemek, DENEME).

    >>> f = features("Deneme b0nusu: bonus24.xyz", name="Bahis24")
    >>> [k for k in sorted(f) if not k.startswith("c:")]  # doctest: +NORMALIZE_WHITESPACE
    ['b:dene bonus', 'u:bonus24', 'u:xyz', 'w:bonus', 'w:dene', 'x:leet',
     'x:links=1', 'x:name-digits']
    """
    return _extract(text, name, website)[0]


def label(feature: str, surface: str = "") -> str:
    """Turkish description of a feature key for moderators; ``surface`` is the word as written.

    >>> label("w:hake", "hakem"), label("c:nus2"), label("x:links=3+"), label("x:phone")
    ('kelime: hakem', 'harf dizisi: «nus2»', 'bağlantı sayısı: 3+', 'telefon numarası')
    """
    kind, _, value = feature.partition(":")
    if kind == "x":
        name, _, bucket = value.partition("=")
        description = _LAYOUT_LABELS.get(name, name)
        return f"{description}: {bucket}" if bucket else description
    if kind == "c":
        return f"{_KIND_LABELS[kind]}: «{value}»"
    return f"{_KIND_LABELS.get(kind, kind)}: {surface or value}"


def _strongest(contributions: dict[str, float], surface: dict[str, str]) -> tuple[Signal, ...]:
    """The SIGNALS largest contributions either way, largest first, ties by feature key."""
    if not contributions:
        return ()
    # Find the cut-off first: sorting a thousand letter n-grams per comment is what costs.
    cutoff = min(heapq.nlargest(SIGNALS, map(abs, contributions.values())))
    candidates = [(f, c) for f, c in contributions.items() if c >= cutoff or c <= -cutoff]
    candidates.sort(key=lambda fc: (-abs(fc[1]), fc[0]))
    return tuple(
        Signal(f, label(f, surface.get(f, "")), round(c, 3)) for f, c in candidates[:SIGNALS]
    )


def _sigmoid(z: float) -> float:
    """Logistic function, clipped so that exp() never overflows."""
    return 1 / (1 + math.exp(-max(-35.0, min(35.0, z))))


@dataclass(frozen=True)
class SpamModel:
    """A trained model: a bias and one weight per feature key (log-odds).

    Treat ``weights`` as read-only: a model is shared by every request of a process.
    """

    bias: float
    weights: dict[str, float]
    spam_count: int = 0
    ham_count: int = 0

    def score(self, text: str, name: str = "", website: str = "") -> SpamScore:
        """Probability that the comment is spam, and the features that weighed most."""
        found, surface = _extract(text, name, website)
        weights = self.weights
        contributions = {f: found[f] * weights[f] for f in found.keys() & weights.keys()}
        # fsum: the same total whatever order the features come in, in every process.
        z = self.bias + math.fsum(contributions.values())
        return SpamScore(_sigmoid(z), _strongest(contributions, surface))

    def to_dict(self) -> dict:
        """A JSON-serialisable form, for storing in the database."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "bias": self.bias,
            "trained_on": {"spam": self.spam_count, "ham": self.ham_count},
            "weights": dict(self.weights),
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> "SpamModel":
        """Load what to_dict() gave; a model from another version must be retrained."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise SpamModelError(f"not a stored spam model (expected format {FORMAT!r})")
        if data.get("version") != VERSION:
            raise SpamModelError(
                f"spam model version {data.get('version')!r} cannot be read by version "
                f"{VERSION}: retrain it from the moderated comments"
            )
        weights = data.get("weights")
        if not isinstance(weights, Mapping):
            raise SpamModelError("spam model has no 'weights' object")
        for key, weight in weights.items():
            if not isinstance(key, str) or not _is_number(weight):
                raise SpamModelError(f"spam model weight {key!r} is not a number: {weight!r}")
        bias = data.get("bias")
        if not _is_number(bias):
            raise SpamModelError(f"spam model bias is not a number: {bias!r}")
        counts = data.get("trained_on") or {}
        return cls(
            bias=float(bias),
            weights={k: float(w) for k, w in weights.items()},
            spam_count=int(counts.get("spam", 0)),
            ham_count=int(counts.get("ham", 0)),
        )


def _is_number(value) -> bool:
    """A finite int or float, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


Row = list[tuple[float, list[int]]]


def _encode(examples: list[LabelledComment]) -> tuple[dict[str, int], list[int], list[Row]]:
    """Number every feature key, count the comments it is in, and keep each comment as
    (value, key numbers) groups: every feature of a group has the same value (see _group).

    Keys are stored once, not once per comment: a dict per comment took 70 kB each.
    """
    numbers: dict[str, int] = {}
    comments: list[int] = []
    rows: list[Row] = []
    for e in examples:
        groups: dict[float, list[int]] = {}
        for key, value in features(e.text, e.name, e.website).items():
            number = numbers.setdefault(key, len(numbers))
            if number == len(comments):
                comments.append(0)
            comments[number] += 1
            groups.setdefault(value, []).append(number)
        rows.append(list(groups.items()))
    return numbers, comments, rows


def _vocabulary(numbers: dict[str, int], comments: list[int]) -> list[str]:
    """The keys to learn weights for: layout features, and others seen in enough comments.

    Sorted by key as well as count, so that the same examples give the same model in every
    process (set and dict order of strings changes with PYTHONHASHSEED).
    """
    kept = [k for k, n in numbers.items() if comments[n] >= MIN_COMMENTS or k[0] == "x"]
    kept.sort(key=lambda key: (-comments[numbers[key]], key))
    return kept[:MAX_FEATURES]


def _fit(rows: list[Row], labels: list[int], size: int) -> tuple[float, list[float]]:
    """Logistic regression by Adagrad SGD, L2 applied lazily to the features a comment has.

    The features of a group share one value, which saves a multiplication in the inner loop.
    Adagrad gives rare features (a new spam domain) large first steps and frequent ones
    small steps, which suits sparse text; a fixed shuffle seed keeps training repeatable.
    """
    weights = [0.0] * size
    # Adagrad's small starting sum, so that a zero gradient never divides by zero.
    squares = [1e-12] * size
    bias, bias_square = 0.0, 1e-12
    order = list(range(len(rows)))
    rng = random.Random(SHUFFLE_SEED)
    sqrt, weight_of, rate, l2 = math.sqrt, weights.__getitem__, LEARNING_RATE, L2
    epochs = max(MIN_EPOCHS, min(MAX_EPOCHS, TARGET_UPDATES // max(1, len(rows))))
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            groups = rows[i]
            z = bias + sum(value * sum(map(weight_of, indices)) for value, indices in groups)
            error = _sigmoid(z) - labels[i]
            bias_square += error * error
            bias -= rate * error / sqrt(bias_square)
            for value, indices in groups:
                step = error * value
                for j in indices:
                    gradient = step + l2 * weights[j]
                    square = squares[j] + gradient * gradient
                    squares[j] = square
                    weights[j] -= rate * gradient / sqrt(square)
    return bias, weights


def train(examples: Iterable[LabelledComment]) -> SpamModel:
    """Learn a model from comments that moderators marked as spam or not.

    Needs at least one of each. Deterministic: the same examples give the same model.
    """
    examples = list(examples)
    spam_count = sum(bool(e.spam) for e in examples)
    ham_count = len(examples) - spam_count
    if not spam_count or not ham_count:
        raise SpamModelError(
            f"training needs both spam and ham comments; got {spam_count} spam, {ham_count} ham"
        )
    numbers, comments, rows = _encode(examples)
    keys = _vocabulary(numbers, comments)
    index = [-1] * len(numbers)
    for i, key in enumerate(keys):
        index[numbers[key]] = i
    del numbers, comments
    for row in rows:
        # Sorted, so that the update order (and so the model) is the same in every process.
        row[:] = sorted(
            (value, sorted(index[n] for n in group if index[n] >= 0)) for value, group in row
        )
    bias, weights = _fit(rows, [int(bool(e.spam)) for e in examples], len(keys))
    rounded = zip(keys, (round(w, DIGITS) for w in weights), strict=True)
    return SpamModel(
        bias=round(bias, DIGITS),
        weights={k: w for k, w in rounded if w},
        spam_count=spam_count,
        ham_count=ham_count,
    )


def read_examples(lines: Iterable[str]) -> list[LabelledComment]:
    """Parse JSON lines ``{"text", "spam", "name"?, "website"?}``; blank lines are skipped.

    >>> read_examples(['{"text": "Kredi lazım mı?", "spam": true}'])
    [LabelledComment(text='Kredi lazım mı?', spam=True, name='', website='')]
    """
    examples = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise SpamModelError(f"line {number}: not JSON ({error.msg})") from error
        if not isinstance(record, dict):
            raise SpamModelError(f"line {number}: expected an object")
        text, spam = record.get("text"), record.get("spam")
        name, website = record.get("name", ""), record.get("website", "")
        if not isinstance(text, str) or not isinstance(spam, bool):
            raise SpamModelError(f'line {number}: needs "text" (string) and "spam" (true/false)')
        if not isinstance(name, str) or not isinstance(website, str):
            raise SpamModelError(f'line {number}: "name" and "website" must be strings')
        examples.append(LabelledComment(text, spam, name, website))
    return examples


def seed_examples() -> list[LabelledComment]:
    """The labelled seed set shipped with Manşet (manset/comments/data/spam_seed.jsonl)."""
    with SEED_PATH.open(encoding="utf-8") as f:
        return read_examples(f)
