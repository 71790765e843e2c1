"""Wagtail's search backend for the admin, folding Turkish queries (WAGTAILSEARCH_BACKENDS).

The reader's search is manset.search's own engine; the admin's page explorer, page chooser
and snippet lists use Wagtail's database backend. Its tokenizers keep "ı" apart from "i", so
"kadikoy" would not find "Kadıköy". Newsroom pages and authors index a folded copy of their
headline or name (manset.newsroom.admin_search); this backend folds the query for them. Other
models (images, documents) are searched as Wagtail does.
"""

import copy
import functools

from modelsearch.backends import database
from wagtail.models import Page

from manset.newsroom.admin_search import admin_folded, folds_turkish

__all__ = ["SearchBackend"]


class TurkishFoldingMixin:
    """Folds a plain-text query on the models that index folded text."""

    def search(self, query, model_or_queryset, *args, **kwargs):
        return super().search(
            _query_for(query, model_or_queryset), model_or_queryset, *args, **kwargs
        )

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        return super().autocomplete(
            _query_for(query, model_or_queryset), model_or_queryset, *args, **kwargs
        )


def _query_for(query, model_or_queryset):
    model = getattr(model_or_queryset, "model", model_or_queryset)
    # A search over Page covers every page type: the site's are all newsroom pages.
    if model is Page or folds_turkish(model):
        return _folded(query)
    return query


def _folded(query):
    """A query string, or a parsed query (the page search parses "live:yes" filters out),
    with every text in it folded."""
    if isinstance(query, str):
        return admin_folded(query)
    folded = copy.copy(query)
    if isinstance(getattr(query, "query_string", None), str):
        folded.query_string = admin_folded(query.query_string)
    if getattr(query, "subquery", None) is not None:
        folded.subquery = _folded(query.subquery)
    if getattr(query, "subqueries", None) is not None:
        folded.subqueries = [_folded(sub) for sub in query.subqueries]
    return folded


def SearchBackend(params):  # noqa: N802  (the name Wagtail looks up in a backend module)
    """The database backend Wagtail would pick for this database, folding Turkish."""
    return _folding(type(database.SearchBackend(params)))(params)


@functools.cache
def _folding(backend_class):
    return type(f"Turkish{backend_class.__name__}", (TurkishFoldingMixin, backend_class), {})
