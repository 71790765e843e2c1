"""`manset demo --articles N` adds N live synthetic articles fast; bad N is a usage error."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.html import escape

from manset.newsroom.models import ArticlePage, DeskPage, Tag

MANSET = str(Path(sys.executable).parent / "manset")


@pytest.mark.django_db
def test_synthetic_articles_are_live_readable_pages(client):
    out = StringIO()
    call_command("demo", "--articles", "120", stdout=out)
    call_command("demo", "--articles", "30", stdout=out)
    synthetic = ArticlePage.objects.filter(external_id__startswith="synthetic-")
    assert synthetic.count() == 150
    assert synthetic.live().count() == 150
    assert Tag.objects.filter(tagged_articles__content_object__in=synthetic).exists()
    # The tree stays consistent: treebeard's own check finds nothing wrong.
    problems = DeskPage.find_problems()
    assert all(not ids for ids in problems), problems
    article = synthetic.order_by("?").first()
    response = client.get(article.url)
    assert response.status_code == 200
    assert escape(article.title) in response.content.decode()
    desk = article.get_parent().specific
    assert desk.numchild == desk.get_children().count()


@pytest.mark.parametrize("value", ["-5", "0", "abc"])
def test_a_bad_article_count_is_a_usage_error(value):
    result = subprocess.run(  # noqa: S603  (our own command)
        [MANSET, "demo", "--articles", value], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "usage:" in result.stderr and "--articles" in result.stderr
    assert "Traceback" not in result.stderr
