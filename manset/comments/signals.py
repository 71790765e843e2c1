"""Signals other apps listen to (the reader's site purges its caches)."""

from django.dispatch import Signal

# The public comments of an article changed (a comment published, edited, hidden or
# removed), with `article_id`: after the change, and again at commit when it is
# made inside a transaction (generation.now_and_on_commit).
comments_changed = Signal()
