"""Images with a photo credit ("Fotoğraf: AA"), shown under every use of the image."""

import logging
import re
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image

logger = logging.getLogger(__name__)


class NewsImage(AbstractImage):
    credit = models.CharField(
        _("fotoğraf kredisi"),
        max_length=255,
        blank=True,
        help_text=_('Örnek: "Fotoğraf: AA" ya da fotoğrafçının adı.'),
    )

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("görsel")
        verbose_name_plural = _("görseller")
        permissions = [("choose_image", "Can choose image")]

    @property
    def default_alt_text(self) -> str:
        """Wagtail's alt text when a page gives none: never the file name the upload
        put in an untitled image's title (screen readers would read "IMG_2041")."""
        return self.alt_text()

    def alt_text(self, *, caption: str = "") -> str:
        """The description, else the caption shown with it, else a title a person wrote."""
        for text in (self.description, caption):
            if text and text.strip():
                return text.strip()
        return "" if looks_like_file_name(self.title, self.file.name) else self.title.strip()


# What cameras, phones and agencies name files: IMG_2041, DSC-0042, 20241207_101500,
# foto.jpg, putin-kim-pyongyang.
FILE_NAME = re.compile(
    r"""(?ix)
    .*\.(jpe?g|png|gif|webp|avif|heic|tiff?|bmp)   # an extension
    | [\w.-]*[\d_][\w.-]*                          # one word with digits or underscores
    | [a-z0-9]+(-[a-z0-9]+)+                        # a slug
    """
)
# Django's storage names a second file of the same name "<name>_<7 characters>".
STORAGE_SUFFIX = re.compile(r"_[a-zA-Z0-9]{7}$")


def looks_like_file_name(title: str, file_name: str = "") -> bool:
    """Whether a title is the file name Wagtail's upload wrote into it, not a description.

    >>> looks_like_file_name("IMG_2041")
    True
    >>> looks_like_file_name("Putin ve Kim", "original_images/Putin_ve_Kim_a1B2c3D.jpg")
    True
    >>> looks_like_file_name("Pyongyang’da tören", "original_images/q.jpg")
    False
    """
    title = title.strip()
    if not title or FILE_NAME.fullmatch(title):
        return True
    stem = STORAGE_SUFFIX.sub("", PurePosixPath(file_name).stem) if file_name else ""
    return stem == title.replace(" ", "_")


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


ORIGINALS_DIR = "original_images"
ORPHAN_GRACE = timedelta(hours=1)  # a conversion in progress has saved its file, not its row yet
ORPHAN_BATCH = 500


def image_files_orphaned_delete(*, now: datetime, grace: timedelta = ORPHAN_GRACE) -> int:
    """Delete original image files that no image row points to, older than `grace`.

    They are what a process killed between writing a file and committing its row
    leaves behind (an agency picture downloaded for a conversion that died).
    Returns how many files were deleted.
    """
    storage = NewsImage._meta.get_field("file").storage
    try:
        _dirs, names = storage.listdir(ORIGINALS_DIR)
    except FileNotFoundError:
        return 0
    paths = [f"{ORIGINALS_DIR}/{name}" for name in names]
    deleted = 0
    for start in range(0, len(paths), ORPHAN_BATCH):
        batch = paths[start : start + ORPHAN_BATCH]
        known = {
            name
            for model in (NewsImage, Image)  # Wagtail's own model shares the folder
            for name in model.objects.filter(file__in=batch).values_list("file", flat=True)
        }
        for path in batch:
            if path in known or storage.get_modified_time(path) > now - grace:
                continue
            storage.delete(path)
            logger.info("deleted %s: no image uses it (an interrupted upload or conversion)", path)
            deleted += 1
    return deleted


def image_orphans_job(now: datetime) -> None:
    """The worker's hourly sweep of original files without an image row."""
    if cache.add("images:orphans-swept", True, int(ORPHAN_GRACE.total_seconds())):
        image_files_orphaned_delete(now=now)
