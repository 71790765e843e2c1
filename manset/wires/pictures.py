"""Agency pictures: fetched ahead by the worker, handed to the article when an item becomes one.

In production, storing an item that points to pictures queues `wire_pictures_fetch_task`
(manset.wires.tasks), which fetches them through the guarded client, with retries and
back-off, into WirePicture rows; "Habere dönüştür" then uses what is stored at once and
fetches only what is not (yet) there, within one deadline, as it always could. Without a
persistent queue (development, tests) nothing is fetched ahead: the conversion fetches.
"""

import io
import logging
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image as PILImage

from manset.core import fetch
from manset.core.errors import MansetError
from manset.newsroom.agencies import SHORT_NAMES
from manset.wires.models import WireItem, WirePicture
from manset.wires.safexml import MAX_BYTES
from manset.wires.text import clean_text

logger = logging.getLogger(__name__)

MAX_IMAGES = 5
IMAGE_TIMEOUT = (5.0, 10.0)  # connect, and each read
PICTURES_DEADLINE = 30.0  # seconds for all of an item's pictures together, while an editor waits
PREFETCH_DEADLINE = 60.0  # seconds for one picture in the worker, where nobody waits
PICTURE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
URL_LIMIT = WirePicture._meta.get_field("url").max_length


class MediaError(MansetError):
    """A picture that could not be fetched; the message says why, for the log."""


class WirePicturesError(MansetError):
    """Some of an item's pictures could not be fetched ahead; the message names each address
    and why (the failed-task screen shows it). The item itself is on the desk as ever."""


@dataclass(frozen=True)
class Picture:
    """A downloaded agency picture, not yet saved."""

    data: bytes = field(repr=False)
    name: str
    caption: str
    credit: str


@dataclass(frozen=True)
class Prefetch:
    """What one run of the prefetch did for an item."""

    stored: tuple[str, ...] = ()  # URLs stored by this run
    failed: tuple[tuple[str, str], ...] = ()  # (URL, why)
    skipped: str = ""  # why nothing was to be fetched: the item is gone, or already an article

    def error(self, item_id: int) -> WirePicturesError:
        reasons = "; ".join(f"{url}: {why}" for url, why in self.failed)
        return WirePicturesError(
            f"wire item {item_id}: {len(self.failed)} picture(s) could not be fetched: {reasons}"
        )


def pictures_wanted(media: list[dict]) -> list[str]:
    """The addresses worth fetching ahead: pictures the agency has finished (size 0 means
    not yet), the first MAX_IMAGES of them."""
    urls = []
    for entry in media:
        url = entry.get("url") or ""
        if entry.get("kind", "image") != "image" or not url or entry.get("size") == 0:
            continue
        if len(url) <= URL_LIMIT and url not in urls:
            urls.append(url)
    return urls[:MAX_IMAGES]


def wire_pictures_prefetch(*, item_id: int) -> Prefetch:
    """Fetch and store the pictures of item `item_id` that are not stored yet.

    Each picture is stored in a row of its own, whole, once it has arrived and proved
    to be a picture; one that fails is reported, the others are kept. Pictures a newer
    version of the item no longer names are dropped.
    """
    item = WireItem.objects.filter(pk=item_id).only("id", "media", "article").first()
    if item is None:
        return Prefetch(skipped="the item is gone (expired or deleted)")
    if item.article_id:
        return Prefetch(skipped="the item is already an article")
    wanted = pictures_wanted(item.media)
    WirePicture.objects.filter(item_id=item_id).exclude(url__in=wanted).delete()
    have = set(WirePicture.objects.filter(item_id=item_id).values_list("url", flat=True))
    stored, failed = [], []
    for url in wanted:
        if url in have:
            continue
        try:
            data = fetch_media(url, deadline=time.monotonic() + PREFETCH_DEADLINE)
        except MediaError as exc:
            failed.append((url, str(exc)))
            continue
        if not _picture_store(item_id, url, data):
            return Prefetch(tuple(stored), skipped="the item became an article meanwhile")
        stored.append(url)
    return Prefetch(tuple(stored), tuple(failed))


def _picture_store(item_id: int, url: str, data: bytes) -> bool:
    """Store one picture unless the item became an article (or went) meanwhile.

    The item's row is locked as the conversion locks it: either the picture is stored
    before the conversion (which then uses and deletes it) or it is not stored at all.
    """
    with transaction.atomic():
        items = WireItem.objects.select_for_update().filter(pk=item_id, article__isnull=True)
        if items.values_list("pk", flat=True).first() is None:
            return False
        WirePicture.objects.get_or_create(
            item_id=item_id,
            url=url,
            defaults={"data": data, "size": len(data), "fetched_at": timezone.now()},
        )
    return True


def pictures_for_article(item: WireItem) -> tuple[list[Picture], list[str]]:
    """The item's pictures for its article: those stored ahead, and the rest fetched now,
    all within one deadline (PICTURES_DEADLINE).

    The editor is told only that a picture could not be had; why (an address the
    guard refused, the agency's answer) goes to the log.
    """
    stored = dict(WirePicture.objects.filter(item_id=item.pk).values_list("url", "data"))
    pictures, notes = [], []
    deadline = time.monotonic() + PICTURES_DEADLINE
    credit_default = f"Fotoğraf: {SHORT_NAMES.get(item.provider, item.provider)}"
    for media in item.media:
        if len(pictures) >= MAX_IMAGES:
            break
        if media.get("kind", "image") != "image" or not media.get("url"):
            continue
        ref = media.get("ref") or media["url"]
        if media["url"] in stored:
            data = bytes(stored[media["url"]])
        elif media.get("size") == 0:
            notes.append(_("%(ref)s: ajans bu görseli henüz hazırlamadı") % {"ref": ref})
            continue
        else:
            try:
                data = fetch_media(media["url"], deadline=deadline)
            except MediaError as exc:
                logger.warning("picture %s of wire item %s: %s", media["url"], item.pk, exc)
                notes.append(_("%(ref)s: resim alınamadı") % {"ref": ref})
                continue
        caption = clean_text(media.get("caption", ""))
        pictures.append(
            Picture(
                data=data,
                name=_file_name(media["url"]),
                caption=caption,
                credit=clean_text(media.get("credit", "")) or credit_default,
            )
        )
    return pictures, notes


def _file_name(url: str) -> str:
    try:
        name = urlsplit(url).path.rsplit("/", 1)[-1]
    except ValueError:
        name = ""
    return name or "ajans.jpg"


def _is_picture(data: bytes) -> bool:
    """Pillow recognises it as one of the formats a browser shows."""
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            picture.verify()
            return picture.format in PICTURE_FORMATS
    except Exception:  # Pillow raises many kinds for what is not a picture
        return False


def fetch_media(url: str, *, deadline: float | None = None) -> bytes:
    """A picture an item points to, through the guarded client: public addresses only,
    size-limited, by `deadline` (time.monotonic(); default PICTURES_DEADLINE from now)."""
    if deadline is None:
        deadline = time.monotonic() + PICTURES_DEADLINE
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise MediaError("no time left for it within the pictures' deadline")
    timeout = tuple(min(part, remaining) for part in IMAGE_TIMEOUT)
    try:
        with fetch.session() as session:
            reply = session.get(url, timeout=timeout, stream=True, allow_redirects=True)
            with reply:
                if reply.status_code != 200:
                    raise MediaError(f"the server answered HTTP {reply.status_code}")
                data = fetch.read_body(reply, limit=MAX_BYTES, deadline=deadline)
    except fetch.FetchError as exc:
        raise MediaError(str(exc)) from None
    except requests.RequestException as exc:
        raise MediaError(f"no answer ({type(exc).__name__})") from None
    if not _is_picture(data):
        raise MediaError("the answer is not a JPEG, PNG, GIF or WebP picture")
    return data
