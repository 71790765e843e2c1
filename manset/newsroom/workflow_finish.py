"""The end of a desk's approval workflow (WAGTAIL_FINISH_WORKFLOW_ACTION).

Its own module, importing nothing from Wagtail at load time: Wagtail reads the setting
while its models are still being defined.
"""

import logging

from django.utils import timezone

logger = logging.getLogger(__name__)


def finish_workflow(workflow_state, user=None) -> None:
    """Wagtail's last workflow step (WAGTAIL_FINISH_WORKFLOW_ACTION): publish the approved
    revision; an article still under embargo is scheduled for the embargo's end instead,
    so the editor's approval stands and the article goes live by itself at its time."""
    revision = workflow_state.content_object.get_latest_revision()
    content = revision.as_object()
    embargo = getattr(content, "embargo_until", None)
    if embargo and embargo > timezone.now():
        if not content.go_live_at or content.go_live_at < embargo:
            content.go_live_at = embargo
            revision.content = content.serializable_data()
            revision.save(update_fields=["content"])
        logger.info("approved article %s scheduled for its embargo %s", content.pk, embargo)
    revision.publish(user=user)
