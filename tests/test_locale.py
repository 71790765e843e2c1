"""Manşet's Turkish catalogue over Wagtail's (manset/locale): compiled, complete, and winning."""

import ast
import gettext
import json
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[1] / "manset" / "locale" / "tr" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")


def po_entries(path: Path) -> dict:
    """msgid (or (msgid, msgid_plural)) -> msgstr (or [msgstr[0], msgstr[1]]) of a .po file."""
    entries, entry, key = {}, {}, None

    def flush():
        if entry.get("msgid"):
            if "msgid_plural" in entry:
                plural = (entry["msgid"], entry["msgid_plural"])
                entries[plural] = [entry["msgstr[0]"], entry["msgstr[1]"]]
            else:
                entries[entry["msgid"]] = entry["msgstr"]

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            entry, key = {}, None
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        elif not line.startswith("#"):
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    flush()
    return entries


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_committed_mo_is_compiled_from_the_po(domain):
    entries = po_entries(LOCALE / f"{domain}.po")
    with open(LOCALE / f"{domain}.mo", "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    for msgid, msgstr in entries.items():
        if isinstance(msgid, tuple):
            assert [catalogue.ngettext(*msgid, n) for n in (1, 2)] == msgstr, msgid
        else:
            assert catalogue.gettext(msgid) == msgstr, msgid
    compiled = {key for key in catalogue._catalog if key}  # "" is the header
    compiled_ids = {key[0] if isinstance(key, tuple) else key for key in compiled}
    po_ids = {key[0] if isinstance(key, tuple) else key for key in entries}
    assert compiled_ids == po_ids, "manset/locale: run msgfmt -o X.mo X.po"


def test_every_entry_of_ours_wins_over_wagtails_at_runtime():
    entries = po_entries(LOCALE / "django.po")
    with translation.override("tr"):
        for msgid, msgstr in entries.items():
            if isinstance(msgid, tuple):
                assert translation.ngettext(*msgid, 2) == msgstr[1], msgid
            else:
                assert translation.gettext(msgid) == msgstr, msgid


@pytest.mark.parametrize(
    ("english", "turkish"),
    [
        ("title", "başlık"),  # Wagtail's Turkish: "başla"
        ("slug", "adres"),
        ("title tag", "başlık etiketi (SEO)"),
        ("For site menus", "Site menüleri için"),
        ("Set schedule", "Yayın zamanı seç"),
        ("Status: ", "Durum: "),
        ("Locking: ", "Kilit: "),
        ("The page could not be created due to validation errors.", None),
    ],
)
def test_the_strings_the_issue_names_read_in_turkish(english, turkish):
    with translation.override("tr"):
        translated = translation.gettext(english)
    assert translated != english
    if turkish:
        assert translated == turkish


def test_the_workflow_button_reads_as_turkish_with_a_desk_workflow_name():
    with translation.override("tr"):
        label = translation.gettext("Submit to %(workflow_name)s") % {
            "workflow_name": "Gündem onayı"
        }
    assert label == "Gündem onayı için gönder"  # Wagtail's: "Gönderildi Gündem onayı"


def test_the_admin_scripts_catalogue_translates_wagtails_editor_strings(client, admin_user):
    client.force_login(admin_user)
    script = client.get("/admin/jsi18n/").content.decode()
    for turkish in ("Tümünü daralt", "Seçeneklerde ara…", "Blok ekle"):
        assert json.dumps(turkish) in script  # the catalogue escapes non-ASCII as JSON does
