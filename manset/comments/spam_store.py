"""The learned spam model in the database: loaded by the guard, retrained by the worker.

It starts from the labelled Turkish set the team wrote (data/spam_seed.jsonl) and
learns from moderators' decisions: a comment they published is ham, one they marked
spam is spam. Retraining is a task (manset.comments.tasks), queued when enough new
decisions have come in, or daily.
"""

import functools
import logging
import time
from datetime import datetime, timedelta

from django.utils import timezone

from manset.comments import spam
from manset.core.db import advisory_lock

logger = logging.getLogger(__name__)

RELOAD_SECONDS = 60  # how soon other workers pick up a retrained model
RETRAIN_AFTER_DECISIONS = 25
RETRAIN_AT_LEAST_EVERY = timedelta(days=1)
MAX_DECISIONS = 20_000

_loaded: dict = {"model": None, "id": None, "checked": 0.0}


@functools.cache
def _seed_model() -> tuple[dict, list[spam.LabelledComment]]:
    examples = spam.seed_examples()
    return spam.train(examples).to_dict(), examples


def decision_examples(*, limit: int = MAX_DECISIONS) -> list[spam.LabelledComment]:
    """Moderators' decisions, newest first: published is ham, spam is spam."""
    from manset.comments.models import Comment

    rows = (
        Comment.objects.filter(
            moderated_at__isnull=False,
            status__in=[Comment.Status.PUBLISHED, Comment.Status.SPAM],
        )
        .order_by("-moderated_at")
        .values_list("text", "status", "name", "website")[:limit]
    )
    return [
        spam.LabelledComment(text=t, spam=s == Comment.Status.SPAM, name=n, website=w)
        for t, s, n, w in rows
    ]


def spam_model_train():
    """Train on the seed set plus every recent moderator decision, and store the model."""
    from manset.comments.models import SpamModelState

    # Dated from when the decisions were read: one made while training runs counts
    # towards the next retraining.
    started = timezone.now()
    seed_model, seed = _seed_model()
    decisions = decision_examples()
    if decisions:
        model = spam.train(seed + decisions)
    else:  # nothing learned yet: the seed model, trained once per process
        model = spam.SpamModel.from_dict(seed_model)
    count = len(seed) + len(decisions)
    state = SpamModelState.objects.create(model=model.to_dict(), examples=count, trained_at=started)
    # Older models are history nobody reads; keep the last few for comparison.
    old = SpamModelState.objects.order_by("-trained_at", "-id").values_list("id", flat=True)[3:]
    SpamModelState.objects.filter(id__in=list(old)).delete()
    _loaded.update(model=model, id=state.id, checked=time.monotonic())
    logger.info("spam model trained on %d examples", count)
    return state


def current_model() -> spam.SpamModel:
    """The newest stored model (trained from the seed set the first time)."""
    from manset.comments.models import SpamModelState

    fresh = time.monotonic() - _loaded["checked"] < RELOAD_SECONDS
    if _loaded["model"] is not None and fresh:
        return _loaded["model"]
    latest = SpamModelState.objects.order_by("-trained_at", "-id").only("id").first()
    if latest is None:
        spam_model_train()
    elif latest.id != _loaded["id"]:
        state = SpamModelState.objects.get(id=latest.id)
        try:
            _loaded.update(model=spam.SpamModel.from_dict(state.model), id=state.id)
        except spam.SpamModelError as error:  # made by an older Manşet: learn again
            logger.warning("stored spam model unusable (%s); retraining", error)
            spam_model_train()
    _loaded["checked"] = time.monotonic()
    return _loaded["model"]


def forget() -> None:
    """Drop the model this process holds (tests)."""
    _loaded.update(model=None, id=None, checked=0.0)


def spam_retrain_due(*, now: datetime) -> bool:
    """No model yet, RETRAIN_AFTER_DECISIONS new moderator decisions since the last one,
    or some new decisions and the last model older than RETRAIN_AT_LEAST_EVERY."""
    from manset.comments.models import Comment, SpamModelState

    latest = SpamModelState.objects.order_by("-trained_at").only("trained_at").first()
    if latest is None:
        return True
    new = Comment.objects.filter(moderated_at__gt=latest.trained_at).count()
    return new >= RETRAIN_AFTER_DECISIONS or bool(
        new and now - latest.trained_at > RETRAIN_AT_LEAST_EVERY
    )


def spam_model_retrain(*, now: datetime, force: bool = False):
    """Retrain if it is due (or `force`) and no other process is retraining right now.

    Returns the new SpamModelState, or None when there was nothing to do or another
    worker holds the lock (its model will be as fresh). Two at once would only waste
    seconds of CPU on the same model, but the lock keeps a burst of queued retrainings
    from each doing it.
    """
    with advisory_lock("manset.comments.spam_model_retrain") as held:
        if not held:
            logger.info("spam model: another process is retraining it; skipped")
            return None
        if not force and not spam_retrain_due(now=now):
            return None
        return spam_model_train()
