"""Typographic apostrophes and single quotes in headlines: Kore'de → Kore’de.

Applied when a headline is saved, so the page, its <title>, sharing metadata, feeds
and the search index all carry the same text (the slug drops the mark either way).
"""

import re

__all__ = ["typographic_apostrophes"]

# Typewriter apostrophe and its look-alikes (not the typographic ’ and ‘ themselves).
_MARKS = "'ʼ´`＇′"
# A suffix apostrophe: after a letter, digit, % or closing bracket, before a letter
# (Kore'de, 2024'te, %50'si, ABD'nin). A misused ‘ there is an apostrophe too.
_SUFFIX = re.compile(rf"(?<=[\w%)\]])[{_MARKS}‘](?=\w)")
# An opening quote: at the start, or after a space, bracket or dash, before a word.
_OPENING = re.compile(rf"(?:(?<=^)|(?<=[\s(\[“«—–-]))[{_MARKS}](?=[\w“\"])")
_CLOSING = re.compile(rf"[{_MARKS}]")


def typographic_apostrophes(text: str) -> str:
    """Typewriter apostrophes as ’, single quotes as ‘…’; the rest unchanged.

    >>> typographic_apostrophes("Putin Kuzey Kore'de: 'Dostluğumuz sarsılmaz'")
    'Putin Kuzey Kore’de: ‘Dostluğumuz sarsılmaz’'
    >>> typographic_apostrophes("2024'te %50'si ABD`nin")
    '2024’te %50’si ABD’nin'
    >>> typographic_apostrophes("Kore’de")
    'Kore’de'
    """
    if not text:
        return text
    text = _SUFFIX.sub("’", text)
    text = _OPENING.sub("‘", text)
    return _CLOSING.sub("’", text)
