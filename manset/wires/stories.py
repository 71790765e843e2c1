"""Grouping the same event from several agencies into one story.

An item's headline and lead (the opening of the body when it has no lead) are
reduced to Turkish-normalised terms: stems through manset.turkish, function
words dropped; headline terms, names (capitalised words) and numbers count
twice, because they tell near-identical events apart (two forest fires: Manavgat
and Milas; two quakes: 5,1 and 4,3). The terms are hashed once each; a MinHash
signature of SIGNATURE_BINS bins (one-permutation hashing, densified) is cut
into bands of BAND_ROWS values. Items sharing a band within WINDOW are
candidates; the one with the highest exact Jaccard index of terms, at least
THRESHOLD, proposes its story, which the item joins if it is also close to the
story's members on average (COHESION × THRESHOLD): one near miss then does not
merge two stories. Only the band index is searched, so the cost per item does
not grow with the archive.

bench/wire_grouping.py measures this on a labelled set (THRESHOLD was chosen
there); bench/wire_speed.py measures its cost.
"""

import hashlib
from array import array
from datetime import datetime, timedelta

from manset import turkish

SIGNATURE_BINS = 16
BAND_ROWS = 1
THRESHOLD = 0.15
COHESION = 0.8
WINDOW = timedelta(hours=36)
OPENING_WORDS = 40  # of the body, when there is no lead: agencies put the event first
MAX_CANDIDATES = 20
POSTINGS_PER_BAND = 25  # newest items read a band key: a big story cannot slow grouping

_EMPTY = (1 << 64) - 1
_MASK63 = (1 << 63) - 1


def terms(headline: str, abstract: str, body_text: str) -> set[str]:
    """The words that tell events apart, folded and stemmed; headline words twice."""
    lead = abstract or " ".join(body_text.split()[:OPENING_WORDS])
    head, rest = _terms(turkish.tokenize(headline)), _terms(turkish.tokenize(lead))
    names = _terms(turkish.capitalized_tokens(f"{headline} {lead}"))
    numbers = {term for term in head | rest if term.isdigit()}
    return (
        head
        | rest
        | {f"h:{term}" for term in head}
        | {f"p:{term}" for term in names}
        | {f"n:{term}" for term in numbers}
    )


def _terms(tokens: list[str]) -> set[str]:
    found = set()
    for token in tokens:
        forms = turkish.alternatives(token)
        term = forms[0] if forms else ""  # the stem: one term a word, so paraphrases meet
        if term.isdigit() or (len(term) > 2 and term not in turkish.STOP_WORDS):
            found.add(term)
    return found


def fingerprint(words: set[str]) -> tuple[bytes, bytes]:
    """(sorted 64-bit hashes of the terms, their MinHash signature); empty for no words."""
    if not words:
        return b"", b""
    hashes = sorted(
        int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
        for word in words
    )
    bins = [_EMPTY] * SIGNATURE_BINS
    for value in hashes:
        index, rest = value % SIGNATURE_BINS, value // SIGNATURE_BINS
        if rest < bins[index]:
            bins[index] = rest
    _densify(bins)
    return array("Q", hashes).tobytes(), array("Q", bins).tobytes()


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


def bands(signature: bytes) -> list[int]:
    """The distinct band keys of a signature (signed 63-bit, for a BigIntegerField index)."""
    if not signature:
        return []
    values = array("Q", signature)
    keys = set()
    for band in range(0, SIGNATURE_BINS, BAND_ROWS):
        chunk = values[band : band + BAND_ROWS].tobytes()
        if BAND_ROWS > 1:
            chunk += band.to_bytes(2, "big")  # the same values in another band differ
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.add(int.from_bytes(digest, "big") & _MASK63)
    return sorted(keys)


def similarity(a: bytes, b: bytes) -> float:
    """The exact Jaccard index of two items' term hashes."""
    return _jaccard(_set(a), b)


def _set(hashes: bytes) -> set[int]:
    return set(array("Q", hashes)) if hashes else set()


def _jaccard(left: set[int], b: bytes) -> float:
    right = _set(b)
    if not left or not right:
        return 0.0
    shared = len(left & right)
    return shared / (len(left) + len(right) - shared)


def best_match(
    hashes: bytes, candidates: list[tuple[int, bytes, int | None]]
) -> tuple[int, int | None, float] | None:
    """Of (item id, term hashes, story id) candidates, the most similar at THRESHOLD or above."""
    mine, best = _set(hashes), None
    for item_id, other, story_id in candidates:
        score = _jaccard(mine, other)
        if score >= THRESHOLD and (best is None or score > best[2]):
            best = (item_id, story_id, score)
    return best


def cohesive(hashes: bytes, members: list[bytes]) -> bool:
    """Close enough, on average, to the story's members near in time to join it."""
    if not members:
        return True
    mine = _set(hashes)
    mean = sum(_jaccard(mine, other) for other in members) / len(members)
    return mean >= COHESION * THRESHOLD


def window(moment: datetime) -> tuple[datetime, datetime]:
    return moment - WINDOW, moment + WINDOW
