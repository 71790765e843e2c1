import pytest


@pytest.fixture
def publish(desks, make_record, django_capture_on_commit_callbacks):
    """Publish an article as the newsroom does; its index task runs on commit."""
    from manset.newsroom.services import article_upsert

    count = {"n": 0}

    def make(**fields):
        count["n"] += 1
        fields.setdefault("external_id", f"arama-{count['n']}")
        with django_capture_on_commit_callbacks(execute=True):
            return article_upsert(record=make_record(**fields)).article

    return make


@pytest.fixture
def search():
    from manset.search import search

    return search
