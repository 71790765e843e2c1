"""A real browser's read beacon names this site, and its read is counted once."""

import pytest
from django.utils import timezone

from manset.newsroom.reads import read_counter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chromiums_beacon_is_counted_once_per_reader(live_server, browser, article, local_reads):
    page = browser.new_page(locale="tr-TR")
    for _ in range(2):  # a reload is the same reader
        with page.expect_response(lambda r: "/okundu/" in r.url) as beacon:
            page.goto(live_server.url + article.url)
        assert beacon.value.request.method == "POST"
        assert beacon.value.status == 204
    page.close()
    assert dict(read_counter().top(timezone.now(), 24, 5)) == {article.id: 1}
