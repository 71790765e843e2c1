"""Headlines carry typographic apostrophes and quotes (’ ‘), whatever was typed."""

import pytest

from manset.turkish import slugify, typographic_apostrophes


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Putin Kuzey Kore'de", "Putin Kuzey Kore’de"),
        ("ABD'nin 2024'te %50'si", "ABD’nin 2024’te %50’si"),
        ("İzmir`de ve Ankara´da", "İzmir’de ve Ankara’da"),
        ("Kore‘de", "Kore’de"),  # an opening quote typed for an apostrophe
        ("Kim: 'Dostluğumuz sarsılmaz'", "Kim: ‘Dostluğumuz sarsılmaz’"),
        ("'Hayır' dedi, Ankara'nın 'hayır'ı", "‘Hayır’ dedi, Ankara’nın ‘hayır’ı"),
        ("Kore’de ‘barış’", "Kore’de ‘barış’"),  # already typographic: unchanged
        ('Çift "tırnak" olduğu gibi', 'Çift "tırnak" olduğu gibi'),
        ("", ""),
    ],
)
def test_apostrophes_and_single_quotes_become_typographic(typed, shown):
    assert typographic_apostrophes(typed) == shown


def test_the_slug_still_drops_the_typographic_apostrophe():
    assert slugify(typographic_apostrophes("Putin Kuzey Kore'de")) == "putin-kuzey-korede"
