"""The demo newsroom's own writing has the shape the issue asks for."""

import re

from manset import turkish
from manset.demo.loader import demo_articles, load_json
from manset.importers.jsonl import record_from_dict

ARTICLES = demo_articles()
DESKS = {desk["slug"] for desk in load_json("desks.json")}


def test_there_are_at_least_thirty_articles_on_six_desks():
    assert len(ARTICLES) >= 30
    assert {"gundem", "dunya", "ekonomi", "spor", "kultur-sanat", "teknoloji"} <= DESKS
    assert {article["desk"] for article in ARTICLES} == DESKS


def test_every_article_is_a_valid_import_line_with_uppercase_subheadings():
    for number, data in enumerate(ARTICLES, start=1):
        record = record_from_dict(data, number, allow_extra=True)
        assert record.lead and record.tags
        subheadings = [block.text for block in record.body if block.type == "subheading"]
        assert subheadings, record.external_id
        assert all(text == turkish.upper(text) for text in subheadings), record.external_id


def test_the_dunya_desk_signs_as_dis_haberler_servisi():
    dunya = next(desk for desk in load_json("desks.json") if desk["slug"] == "dunya")
    assert dunya["credit"] == "DIŞ HABERLER SERVİSİ"


def test_the_state_visit_story_is_shaped_like_a_turkish_foreign_news_page():
    story = next(article for article in ARTICLES if article["external_id"] == "demo-001")
    body = story["body"]
    paragraphs = [block for block in body if block["type"] == "paragraph"]
    subheadings = [block["text"] for block in body if block["type"] == "subheading"]
    assert story["desk"] == "dunya" and "’" in story["headline"]
    assert 5 <= len(paragraphs) - 1 <= 6
    assert len(subheadings) == 2 and any(text.startswith("KİM:") for text in subheadings)
    assert body[-1] == {"type": "paragraph", "text": "(DIŞ HABERLER SERVİSİ)"}
    assert story["agency"] in ("AA", "REUTERS")
    agency_name = {"AA": "AA", "REUTERS": "Reuters"}[story["agency"]]
    assert any(agency_name in block["text"] for block in paragraphs)


def test_several_articles_carry_reader_comments_and_some_are_breaking():
    assert sum(1 for article in ARTICLES if article["comments"]) >= 5
    assert 1 <= sum(article["breaking"] for article in ARTICLES) <= 6


def test_authors_have_bios():
    authors = load_json("authors.json")
    assert len(authors) >= 5
    assert all(re.search(r"\w{3,}", author["bio"]) for author in authors)
