"""Grouping the same event from several agencies into one story.

Each item's headline, lead and opening are reduced to Turkish-normalised terms
(manset.turkish.analyze, function words dropped) and summarised by a MinHash
signature: one-permutation hashing into SIGNATURE_BINS bins, densified, so one
hash per term suffices. Signatures are cut into bands of BAND_ROWS values; two
items sharing a band are candidates, and a candidate whose signature agrees on
at least THRESHOLD of the bins (an estimate of the terms' Jaccard similarity)
within WINDOW of the item joins its story. Only the band index is searched, so
the cost per item does not grow with the archive.
"""

import hashlib
from array import array
from collections import Counter
from datetime import datetime, timedelta

from manset import turkish

SIGNATURE_BINS = 64
BAND_ROWS = 2
THRESHOLD = 0.3
WINDOW = timedelta(hours=36)
OPENING_WORDS = 80  # of the body: agencies put the event first, background later
MAX_CANDIDATES = 50

_EMPTY = (1 << 64) - 1
_MASK63 = (1 << 63) - 1


def terms(headline: str, abstract: str, body_text: str) -> set[str]:
    """The words that tell events apart: analysed, folded, function words and short ones out."""
    opening = " ".join(body_text.split()[:OPENING_WORDS])
    found = set()
    for token in turkish.tokenize(f"{headline} {abstract} {opening}"):
        forms = turkish.alternatives(token)
        term = forms[0] if forms else ""  # the stem: one term a word, so paraphrases meet
        if len(term) > 2 and term not in turkish.STOP_WORDS and not term.isdigit():
            found.add(term)
    return found


def signature(words: set[str]) -> bytes:
    """A MinHash signature of SIGNATURE_BINS 64-bit values, or b"" for no words."""
    if not words:
        return b""
    bins = [_EMPTY] * SIGNATURE_BINS
    for word in words:
        value = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
        index, rest = value % SIGNATURE_BINS, value // SIGNATURE_BINS
        if rest < bins[index]:
            bins[index] = rest
    _densify(bins)
    return array("Q", bins).tobytes()


def _densify(bins: list[int]) -> None:
    """Fill each empty bin from the next filled one (rotation), so short texts still compare."""
    original, size = bins[:], len(bins)
    for index in range(size):
        if original[index] != _EMPTY:
            continue
        for distance in range(1, size):
            donor = original[(index + distance) % size]
            if donor != _EMPTY:
                bins[index] = (donor + distance * 0x9E3779B97F4A7C15) & _EMPTY
                break


def bands(sig: bytes) -> list[int]:
    """The band keys of a signature (signed 63-bit, for a BigIntegerField index)."""
    if not sig:
        return []
    values = array("Q", sig)
    keys = []
    for band in range(0, SIGNATURE_BINS, BAND_ROWS):
        digest = hashlib.blake2b(
            values[band : band + BAND_ROWS].tobytes(), digest_size=8, person=band.to_bytes(2, "big")
        ).digest()
        keys.append(int.from_bytes(digest, "big") & _MASK63)
    return keys


def similarity(a: bytes, b: bytes) -> float:
    """The share of bins two signatures agree on: an estimate of their terms' Jaccard index."""
    if not a or not b or len(a) != len(b):
        return 0.0
    left, right = array("Q", a), array("Q", b)
    return sum(1 for x, y in zip(left, right, strict=True) if x == y) / len(left)


def best_match(
    sig: bytes, candidates: list[tuple[int, bytes, int | None]]
) -> tuple[int, int | None, float] | None:
    """Of (item id, signature, story id) candidates, the most similar above THRESHOLD."""
    best = None
    for item_id, other, story_id in candidates:
        score = similarity(sig, other)
        if score >= THRESHOLD and (best is None or score > best[2]):
            best = (item_id, story_id, score)
    return best


def window(moment: datetime) -> tuple[datetime, datetime]:
    return moment - WINDOW, moment + WINDOW


def top_candidates(band_hits: list[int], *, exclude: int | None = None) -> list[int]:
    """Item ids sharing the most bands first, at most MAX_CANDIDATES of them."""
    counts = Counter(item_id for item_id in band_hits if item_id != exclude)
    return [item_id for item_id, _ in counts.most_common(MAX_CANDIDATES)]
