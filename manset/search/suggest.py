""" "Bunu mu demek istediniz?": a close spelling of a query word that many more articles hold.

Candidates are the words one edit away (a letter dropped, added, changed, or two swapped) on
the folded form, looked up in the vocabulary of headlines, leads and tags (`SearchTerm`).
"""

from dataclasses import replace

from manset.search.models import SearchTerm
from manset.search.query import Query, Word, parse

LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
# A variant is offered when the word as typed is in no headline, lead or tag and the variant
# is, or when the variant is in this many times more articles than the word.
RATIO = 5
MIN_WORD = 4  # shorter words have too many neighbours to guess from


def edits1(word: str) -> set[str]:
    """Every string one edit away from an ASCII word (Norvig's spelling corrector).

    >>> sorted(w for w in edits1("kore") if w.startswith("kor"))[:4]
    ['kor', 'kora', 'korb', 'korc']
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    changes = [a + c + b[1:] for a, b in splits if b for c in LETTERS]
    inserts = [a + c + b for a, b in splits for c in LETTERS]
    return set(deletes + swaps + changes + inserts) - {word}


def did_you_mean(query: Query) -> str | None:
    """The query with its misspelt words replaced, in normalised form; None when none is."""
    words = list(query.words)
    changed = False
    for i, word in enumerate(words):
        better = _better(word)
        if better is not None:
            words[i] = better
            changed = True
    if not changed:
        return None
    return replace(query, words=tuple(words)).describe()


def _better(word: Word) -> Word | None:
    term = word.exact
    if len(term) < MIN_WORD or not term.isalpha():
        return None
    candidates = edits1(term)
    found = {
        found_term: (docs, display)
        for found_term, docs, display in SearchTerm.objects.filter(
            term__in=[term, *sorted(candidates)]
        ).values_list("term", "docs", "display")
    }
    own = found.pop(term, (0, ""))[0]
    if not found:
        return None
    best = max(found, key=lambda t: (found[t][0], t))
    docs, display = found[best]
    if own and docs < RATIO * own:
        return None
    parsed = parse(display or best).words
    return parsed[0] if parsed else None
