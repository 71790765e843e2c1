"""/yorum/sayilar/: comment counts for article cards; a malformed id is skipped, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


def test_counts_are_given_for_the_articles_asked(client, article, make_comment):
    make_comment(article)
    make_comment(article)
    response = client.get("/yorum/sayilar/", {"haber": f"{article.id}"})
    assert response.status_code == 200 and response.json() == {str(article.id): 2}


@pytest.mark.parametrize(
    "junk",
    [
        "99999999999999999999",  # beyond SQLite's 64-bit INTEGER
        "-99999999999999999999",
        str(2**63),
        "9" * 5000,  # beyond Python's digit limit for int()
        "-1",
        "0",
        "١٢",  # Arabic-Indic digits: int() reads them, the database never should
        "1e3",
        "abc",
        "\x00",
    ],
)
def test_a_malformed_id_is_skipped_and_the_others_counted(client, article, make_comment, junk):
    make_comment(article)
    response = client.get("/yorum/sayilar/", {"haber": f"{junk},{article.id}"})
    assert response.status_code == 200 and response.json() == {str(article.id): 1}
