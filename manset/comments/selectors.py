"""Read-only queries on comments, for the reader's pages."""

from manset.comments.models import Comment


def comment_list_published(*, article_id: int) -> list[Comment]:
    """Published comments of an article, oldest first, replies right after their parent."""
    comments = list(
        Comment.objects.filter(article_id=article_id, status=Comment.Status.PUBLISHED).only(
            "id", "parent_id", "name", "website", "text", "created_at"
        )
    )
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)
    ordered: list[Comment] = []

    def walk(parent_id, depth):
        for comment in children.get(parent_id, []):
            comment.depth = depth
            ordered.append(comment)
            walk(comment.id, depth + 1)

    walk(None, 0)
    return ordered
