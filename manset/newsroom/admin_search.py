"""Turkish folding for the admin's search (Wagtail's search backend, not the reader's search).

Newsroom models index a folded copy of their headline or name beside Wagtail's own fields,
and manset.search.admin_backend folds the editor's query the same way, so "kadikoy" finds
"Kadıköy’de" in the page explorer, the page chooser and the authors list.
"""

from manset import turkish


def admin_folded(text: str) -> str:
    """Caseless, diacritic-free, apostrophes dropped: "Kadıköy’de" → "kadikoyde".

    >>> admin_folded("KADIKÖY’de Işık")
    'kadikoyde isik'
    """
    return turkish.fold(text).replace("'", "")


def folds_turkish(model) -> bool:
    """Whether `model` indexes folded text (pages of the newsroom, authors)."""
    return bool(getattr(model, "search_folds_turkish", False))
