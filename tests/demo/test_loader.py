"""`manset demo` loads the newsroom once; running it again adds nothing and keeps edits."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from manset.comments.models import Comment
from manset.demo.loader import demo_articles
from manset.newsroom.models import ArticlePage, Author, DeskPage

pytestmark = pytest.mark.django_db


def run_demo(*args):
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_loads_once_and_a_second_run_keeps_editors_changes():
    output = run_demo()
    count = len(demo_articles())
    assert f"{count} articles added" in output
    assert "Demo editor login: editor / manset-demo" in output
    assert ArticlePage.objects.live().count() == count
    assert DeskPage.objects.count() == 6 and Author.objects.exists()
    assert Comment.objects.filter(status=Comment.Status.PUBLISHED).exists()
    assert all(article.main_image_id for article in ArticlePage.objects.all())
    assert get_user_model().objects.get(username="editor").is_superuser
    times = sorted(ArticlePage.objects.values_list("first_published_at", flat=True))
    assert (times[-1] - times[0]).days >= 5, "publication times spread over the last week"

    story = ArticlePage.objects.get(external_id="demo-001")
    story.title = "Editörün değiştirdiği başlık"
    story.save_revision().publish()
    comments = Comment.objects.count()

    output = run_demo()
    assert f"0 articles added, {count} already there" in output
    assert ArticlePage.objects.count() == count
    assert Comment.objects.count() == comments
    assert ArticlePage.objects.get(external_id="demo-001").title == "Editörün değiştirdiği başlık"


def test_demo_fills_the_wire_desk_once_with_a_story_from_three_agencies():
    from manset.wires.models import WireItem, WireSource

    output = run_demo()
    assert "7 agency items on the wire desk" in output
    quake = WireItem.objects.filter(dateline="Malatya")
    assert sorted(quake.values_list("provider", flat=True)) == ["AA", "DHA", "IHA"]
    assert quake.values("story_id").distinct().count() == 1
    assert WireSource.objects.filter(name="Demo klasörü", transport="folder").exists()
    assert "0 agency items" in run_demo()
