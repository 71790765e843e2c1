"""HTML pasted from Word or the web into a paragraph keeps only what the features allow.

The editor (Draftail) turns pasted HTML into contentstate in the browser; the server
converts that back to HTML through the same whitelist this round trip goes through.
"""

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from manset.newsroom.blocks import PARAGRAPH_FEATURES

WORD_HTML = (
    '<p class="MsoNormal" style="margin:0cm;font-family:Calibri"><span style="color:red">'
    "Ankara’da <b>toplantı</b> yapıldı.</span><o:p></o:p></p>"
    '<script>alert(1)</script><p onclick="x()"><a href="javascript:alert(1)">bağlantı</a>'
    '<img src="x" onerror="alert(1)"/></p>'
)


def round_trip(html: str) -> str:
    converter = ContentstateConverter(features=PARAGRAPH_FEATURES)
    return converter.to_database_format(converter.from_database_format(html))


def test_pasted_word_html_loses_styles_scripts_and_handlers_but_keeps_the_text():
    stored = round_trip(WORD_HTML)
    assert "Ankara’da <b>toplantı</b> yapıldı." in stored
    for unwanted in (
        "style=",
        "class=",
        "<script",
        "onclick",
        "onerror",
        "javascript:",
        "<img",
        "o:p",
    ):
        assert unwanted not in stored, unwanted
