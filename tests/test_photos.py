"""Photos: checked by content, shrunk, stored under a checksum; a refused upload changes nothing."""

from __future__ import annotations

import hashlib
import io
import struct
import threading
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import event, func, select

from audits import fieldwork
from audits.checklist import Response
from audits.models import Answer, Audit, AuditLog, Photo
from audits.photos import MAX_SIDE, PhotoRejected, store_photo
from audits.trust import signals_for
from tests.conftest import World

MB = 1_048_576


def jpeg(width: int, height: int, colour: str = "red", orientation: int | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (width, height), colour)
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_large_photo_is_shrunk_upright_and_named_by_its_checksum(tmp_path: Path) -> None:
    # orientation 6: the camera held sideways; the stored photo must be turned upright
    stored = store_photo(jpeg(4000, 3000, orientation=6), "IMG_1.jpg", tmp_path, "x", 15 * MB)
    assert (stored.width, stored.height) == (MAX_SIDE * 3 // 4, MAX_SIDE)
    data = (tmp_path / stored.path).read_bytes()
    assert hashlib.sha256(data).hexdigest() == stored.sha256 == Path(stored.path).stem
    assert stored.size_bytes == len(data)
    with Image.open(tmp_path / stored.path) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_png_with_transparency_becomes_a_jpeg(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 0, 0, 0)).save(out, "PNG")
    stored = store_photo(out.getvalue(), "shot.png", tmp_path, "x", MB)
    with Image.open(tmp_path / stored.path) as image:
        assert image.format == "JPEG" and image.getpixel((0, 0)) == (255, 255, 255)


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width`×`height` pixels and holds almost none: what a bomb looks like."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    idat = zlib.compress(b"\0" * 10)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("width", "height"), [(9000, 7500), (12000, 9000), (16000, 12500)])
def test_too_many_pixels_is_said_with_the_size_whatever_pillow_thinks(
    tmp_path: Path, width: int, height: int
) -> None:
    # Pillow itself warns above 89 and refuses above 179 megapixels, without saying the size
    with pytest.raises(PhotoRejected, match=f"big.png: {width}×{height} pixels is too large"):
        store_photo(png_header(width, height), "big.png", tmp_path, "x", MB)


def test_a_16_bit_png_keeps_its_tones(tmp_path: Path) -> None:
    gradient = Image.new("I;16", (256, 1))
    gradient.putdata([value * 256 for value in range(256)])
    out = io.BytesIO()
    gradient.save(out, "PNG")
    stored = store_photo(out.getvalue(), "scan.png", tmp_path, "x", MB)
    with Image.open(tmp_path / stored.path) as image:
        tones = [image.convert("L").getpixel((x, 0)) for x in (0, 64, 128, 255)]
    assert tones == pytest.approx([0, 64, 128, 255], abs=2)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.jpg", "empty.jpg: the file is empty"),
        (b"%PDF-1.4 not an image", "photo.jpg", "photo.jpg: not a photo"),
        (jpeg(10, 10)[:200], "cut.jpg", "cut.jpg: the image is damaged"),
        (b"x" * (2 * MB), "big.jpg", "big.jpg: 2.0 MB is over the 1 MB limit"),
    ],
)
def test_bad_uploads_are_refused_by_content_with_the_file_name(
    tmp_path: Path, data: bytes, name: str, message: str
) -> None:
    with pytest.raises(PhotoRejected, match=message):
        store_photo(data, name, tmp_path, "x", MB)
    assert not list(tmp_path.rglob("*.jpg")), "nothing is written for a refused upload"


def test_photo_is_added_to_the_answer_and_removed(world: World, tmp_path: Path) -> None:
    db, shopper = world.db, world.shopper_a
    audit_id = db.run(fieldwork.start_audit, shopper, world.visit_a)
    first = db.run(
        fieldwork.add_photo, shopper, audit_id, "receipt_photo", jpeg(50, 40), "a.jpg", tmp_path, MB
    )
    second = db.run(
        fieldwork.add_photo,
        shopper,
        audit_id,
        "receipt_photo",
        jpeg(50, 40, "blue"),
        "b.jpg",
        tmp_path,
        MB,
    )
    view = db.run(fieldwork.load_audit, shopper, audit_id)
    assert view.answers["receipt_photo"].value == [first, second]
    assert (tmp_path / view.photo_paths[first]).is_file()
    db.run(fieldwork.remove_photo, shopper, audit_id, "receipt_photo", first)
    view = db.run(fieldwork.load_audit, shopper, audit_id)
    assert view.answers["receipt_photo"].value == [second]
    with db.session() as s:
        actions = s.scalars(select(AuditLog.action).where(AuditLog.entity_id == audit_id)).all()
        assert actions.count("photo.add") == 2 and "photo.remove" in actions


def test_the_same_photo_twice_on_an_item_is_one_photo(world: World, tmp_path: Path) -> None:
    db, shopper = world.db, world.shopper_a
    audit_id = db.run(fieldwork.start_audit, shopper, world.visit_a)

    def add(data: bytes, name: str) -> int:
        return db.run(
            fieldwork.add_photo, shopper, audit_id, "receipt_photo", data, name, tmp_path, MB
        )

    first = add(jpeg(50, 40), "IMG_1.jpg")
    assert add(jpeg(50, 40), "IMG_1 (1).jpg") == first, "a double upload is harmless"
    view = db.run(fieldwork.load_audit, shopper, audit_id)
    assert view.answers["receipt_photo"].value == [first]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Photo)) == 1
        logged = s.scalars(select(AuditLog.action).where(AuditLog.action == "photo.add")).all()
        assert len(logged) == 1
    db.run(fieldwork.remove_photo, shopper, audit_id, "receipt_photo", first)
    again = add(jpeg(50, 40), "IMG_1.jpg")  # taken off, then added back
    view = db.run(fieldwork.load_audit, shopper, audit_id)
    assert view.answers["receipt_photo"].value == [again] and again == first
    with db.session() as s:
        audit = s.get(Audit, audit_id)
        assert s.scalar(select(func.count()).select_from(Photo)) == 1
        assert not [x for x in signals_for(s, audit) if x.code == "duplicate_photo"]


def test_a_refused_upload_leaves_the_answers_around_it(world: World, tmp_path: Path) -> None:
    db, shopper = world.db, world.shopper_a
    audit_id = db.run(fieldwork.start_audit, shopper, world.visit_a)
    db.run(fieldwork.save_answer, shopper, audit_id, "polite", "yes")
    with pytest.raises(PhotoRejected, match="notes.txt: not a photo"):
        db.run(
            fieldwork.add_photo,
            shopper,
            audit_id,
            "receipt_photo",
            b"hello",
            "notes.txt",
            tmp_path,
            MB,
        )
    with pytest.raises(ValueError, match="polite does not take photos"):
        db.run(fieldwork.add_photo, shopper, audit_id, "polite", jpeg(5, 5), "a.jpg", tmp_path, MB)
    view = db.run(fieldwork.load_audit, shopper, audit_id)
    assert view.answers["polite"].value == "yes"
    assert "receipt_photo" not in view.answers
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Photo)) == 0
        assert s.scalar(select(func.count()).select_from(Answer)) == 1


def test_another_shopper_cannot_add_photos(world: World, tmp_path: Path) -> None:
    audit_id = world.db.run(fieldwork.start_audit, world.shopper_a, world.visit_a)
    with pytest.raises(fieldwork.PermissionDenied):
        world.db.run(
            fieldwork.add_photo,
            world.shopper_b,
            audit_id,
            "receipt_photo",
            jpeg(5, 5),
            "a.jpg",
            tmp_path,
            MB,
        )


def test_a_photo_answer_lists_only_the_audits_own_photos_once(world: World, tmp_path: Path) -> None:
    db = world.db
    other_audit = db.run(fieldwork.start_audit, world.shopper_b, world.visit_b)
    others = db.run(
        fieldwork.add_photo,
        world.shopper_b,
        other_audit,
        "receipt_photo",
        jpeg(50, 40),
        "o.jpg",
        tmp_path,
        MB,
    )
    audit_id = db.run(fieldwork.start_audit, world.shopper_a, world.visit_a)
    own = db.run(
        fieldwork.add_photo,
        world.shopper_a,
        audit_id,
        "receipt_photo",
        jpeg(50, 40, "blue"),
        "a.jpg",
        tmp_path,
        MB,
    )
    for ids in ([own, others], [own, 424242], [own, own]):
        with pytest.raises(ValueError, match="must be this audit's uploaded photos, each once"):
            db.run(fieldwork.save_answer, world.shopper_a, audit_id, "receipt_photo", ids)
    assert db.run(fieldwork.load_audit, world.shopper_a, audit_id).answers[
        "receipt_photo"
    ].value == [own]


def test_an_empty_photo_list_does_not_answer_a_photo_item(world: World) -> None:
    view = world.db.run(
        fieldwork.load_audit,
        world.shopper_a,
        world.db.run(fieldwork.start_audit, world.shopper_a, world.visit_a),
    )
    receipt = view.checklist.item("receipt_photo")
    assert not receipt.is_answered(Response(value=[]))
    assert receipt.is_answered(Response(value=[7])) and receipt.is_answered(Response(na=True))
    assert view.checklist.item("trade_in").is_answered(Response(value="no"))


def test_two_photos_uploaded_at_once_are_both_kept(world: World, tmp_path: Path) -> None:
    if world.db.url.startswith("sqlite"):
        pytest.skip("SQLite's BEGIN IMMEDIATE lets one writer in at a time: no race to lose")
    db, shopper = world.db, world.shopper_a
    audit_id = db.run(fieldwork.start_audit, shopper, world.visit_a)
    other = {"thread": None}

    def upload(colour: str) -> int:
        return db.run(
            fieldwork.add_photo,
            shopper,
            audit_id,
            "receipt_photo",
            jpeg(9, 9, colour),
            "p.jpg",
            tmp_path,
            MB,
        )

    @event.listens_for(db.engine, "after_cursor_execute")
    def second_upload_meanwhile(conn, cursor, statement, *_args) -> None:
        # Once this upload has read the item's photos, the other one runs: it waits for this one's
        # lock, or (without a lock) adds its photo to the list this one has read.
        if statement.startswith("SELECT answers.value") and other["thread"] is None:
            other["thread"] = threading.Thread(target=upload, args=("blue",))
            other["thread"].start()
            other["thread"].join(timeout=2)

    first = upload("red")
    event.remove(db.engine, "after_cursor_execute", second_upload_meanwhile)
    other["thread"].join()
    view = db.run(fieldwork.load_audit, shopper, audit_id)
    assert len(view.answers["receipt_photo"].value) == 2
    assert first in view.answers["receipt_photo"].value
