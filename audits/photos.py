"""Uploaded photos: checked by content, shrunk to a sane size, stored once under their checksum."""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from audits.i18n import Refusal

MAX_SIDE = 1600  # pixels on the long side: enough to read a receipt or a business card
JPEG_QUALITY = 85
MAX_PIXELS = 60_000_000  # a 60-megapixel phone photo is fine; a decompression bomb is not
ACCEPTED = {"JPEG", "PNG", "WEBP", "HEIF", "MPO", "GIF", "BMP", "TIFF"}


class PhotoRejected(Refusal):
    """The upload is not a photo we can keep; the message names the file and the reason."""


@dataclass(frozen=True)
class StoredPhoto:
    sha256: str
    path: str  # relative to the media folder
    width: int
    height: int
    size_bytes: int
    content_type: str = "image/jpeg"


def store_photo(
    data: bytes, name: str, media_dir: Path, folder: str, max_bytes: int
) -> StoredPhoto:
    """Check `data` is an image (by its content, never its name), shrink it and store it.

    The file is named by the checksum of what is stored, so the same photo uploaded twice is
    one file and shows up as a duplicate.
    """
    if not data:
        raise PhotoRejected("e_photo_empty", name=name)
    if len(data) > max_bytes:
        raise PhotoRejected(
            "e_photo_too_big",
            name=name,
            mb=f"{len(data) / 1_048_576:.1f}",
            limit=max_bytes // 1_048_576,
        )
    image = _open(data, name)
    jpeg = _shrunk_jpeg(image)
    digest = hashlib.sha256(jpeg).hexdigest()
    relative = f"{folder}/{digest[:2]}/{digest}.jpg"
    target = media_dir / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(jpeg)
        partial.replace(target)  # never a half-written photo under its final name
    width, height = Image.open(io.BytesIO(jpeg)).size
    return StoredPhoto(digest, relative, width, height, len(jpeg))


def _open(data: bytes, name: str) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED:
                raise PhotoRejected("e_photo_format", name=name, format=image.format)
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRejected(
                    "e_photo_pixels", name=name, width=image.width, height=image.height
                )
            image.load()
        except PhotoRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            width, height = _header_size(data)
            raise PhotoRejected("e_photo_pixels", name=name, width=width, height=height) from None
        except UnidentifiedImageError:
            raise PhotoRejected("e_not_a_photo", name=name) from None
        except (OSError, SyntaxError, ValueError) as exc:
            raise PhotoRejected("e_photo_damaged", name=name, detail=str(exc)) from None
    return image


def _header_size(data: bytes) -> tuple[int, int]:
    """Width and height of an image Pillow would not open as a possible decompression bomb.

    Pillow checks the size only after the format's reader has read it from the header, and
    raises without the size; the same reader, called directly, reads the header and no pixels.
    """
    prefix = data[:16]
    for image_format in Image.ID:
        factory, accept = Image.OPEN[image_format]
        accepted = not accept or accept(prefix)
        if accepted and not isinstance(accepted, str):
            try:
                return factory(io.BytesIO(data), "").size
            except (SyntaxError, IndexError, TypeError, struct.error):
                continue
    raise AssertionError("Pillow's bomb check ran on an image no reader accepts")


def _shrunk_jpeg(image: Image.Image) -> bytes:
    """Upright (phones store rotation in EXIF), at most MAX_SIDE, as JPEG without metadata."""
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    if image.mode.startswith("I;16"):  # converting to RGB would clip every value above 255
        image = image.point(lambda value: value / 256).convert("L")
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()
