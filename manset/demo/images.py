"""Illustrative images for demo articles, drawn locally with Pillow (no downloads)."""

import hashlib
import io
import random

from django.core.files.images import ImageFile
from django.db.models import Q
from PIL import Image, ImageDraw, ImageFilter

from manset.newsroom.images import NewsImage

SIZE = (1200, 675)
# One palette a desk, so a reader can tell sections apart at a glance.
PALETTES = {
    "gundem": [(24, 45, 84), (200, 16, 46), (240, 240, 235)],
    "dunya": [(12, 62, 92), (34, 139, 160), (232, 220, 190)],
    "ekonomi": [(18, 78, 54), (212, 175, 55), (236, 240, 230)],
    "spor": [(20, 110, 50), (250, 250, 250), (230, 120, 30)],
    "kultur-sanat": [(90, 30, 90), (230, 150, 60), (245, 230, 210)],
    "teknoloji": [(15, 20, 40), (0, 170, 200), (140, 90, 220)],
}


def draw_illustration(seed: str, desk: str) -> bytes:
    """A JPEG of soft gradient and shapes, the same for the same seed."""
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    dark, accent, light = PALETTES.get(desk, PALETTES["gundem"])
    image = Image.new("RGB", SIZE, dark)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    for y in range(height):
        mix = y / height
        row = tuple(int(d * (1 - mix) + a * mix * 0.6) for d, a in zip(dark, accent, strict=True))
        draw.line([(0, y), (width, y)], fill=row)
    for _ in range(rng.randint(5, 9)):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randint(60, 260)
        colour = rng.choice([accent, light])
        shape = rng.choice(["ellipse", "rectangle"])
        getattr(draw, shape)([x - r, y - r // 2, x + r, y + r // 2], fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(radius=rng.randint(8, 18)))
    draw = ImageDraw.Draw(image)
    for _ in range(3):
        y = rng.randrange(height // 2, height)
        draw.line([(0, y), (width, y - rng.randint(40, 200))], fill=light, width=3)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80, optimize=True)
    return out.getvalue()


def image_for(*, key: str, desk: str, title: str, credit: str) -> NewsImage:
    """The demo image for `key`, drawn and saved once; reused on every later run."""
    name = f"original_images/demo-{key}"
    existing = NewsImage.objects.filter(
        Q(file=f"{name}.jpg") | Q(file__startswith=f"{name}_")
    ).first()
    if existing:
        return existing
    data = draw_illustration(key, desk)
    image = NewsImage(title=title, credit=credit)
    image.file = ImageFile(io.BytesIO(data), name=f"demo-{key}.jpg")
    image.save()
    return image
