"""Signals other apps listen to (the reader's site purges its caches)."""

from django.dispatch import Signal

# The public comments of an article changed (a comment published, edited, hidden or
# removed), with `article_id`: at once and again after the transaction commits.
comments_changed = Signal()
