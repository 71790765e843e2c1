"""Reader search for Manşet: our Turkish analysis on SQLite FTS5 or PostgreSQL, one interface.

- ``query``: what a reader typed, parsed into a typed ``Query`` and compiled for either engine
  (pure Python, no Django).
- ``documents``, ``indexing``: the article as the index sees it, kept in step by tasks.
- ``engines``: the SQL of each engine; ``selectors.search`` is the one way in.

>>> from manset.search import search                      # doctest: +SKIP
>>> search("kuzey kore putin gorusme").hits[0].headline   # doctest: +SKIP
'Putin 24 yıl sonra Kuzey Kore’de: Pyongyang’da resmi törenle karşılandı'
"""

__all__ = ["autocomplete", "search"]


def search(text: str, **options):
    """See `manset.search.selectors.search` (imported late: this package loads before apps)."""
    from manset.search.selectors import search as _search

    return _search(text, **options)


def autocomplete(text: str, **options):
    from manset.search.selectors import autocomplete as _autocomplete

    return _autocomplete(text, **options)
