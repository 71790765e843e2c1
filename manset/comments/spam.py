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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from manset.comments.spam_features import _extract, features, label

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
VERSION = 2  # 2: the name's shape, not its words
FORMAT = "manset.comments.spam"
# Hand-written Turkish comments, labelled: the model a newsroom starts with.
SEED_PATH = Path(__file__).resolve().parent / "data" / "spam_seed.jsonl"

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
