"""Text for feeds and sitemaps loses what XML 1.0 cannot carry, and nothing else."""

import doctest

from manset.core import xmltext


def test_the_docstring_examples_pass():
    result = doctest.testmod(xmltext)
    assert result.attempted > 0 and result.failed == 0


def test_every_text_of_a_feed_item_is_cleaned_and_the_rest_kept():
    enclosure = object()
    fields = {
        "title": "Zirve\x00\x0b başladı",
        "categories": ("Kuzey\x1fKore", "Ankara"),
        "enclosures": [enclosure],
        "pubdate": None,
        "description": "Satır\tbir\nsatır iki\r",
    }
    assert xmltext.xml_fields(fields) == {
        "title": "Zirve başladı",
        "categories": ("KuzeyKore", "Ankara"),
        "enclosures": [enclosure],
        "pubdate": None,
        "description": "Satır\tbir\nsatır iki\r",
    }
