"""Checklist versions: upload, publish (immutable), and the changes between two versions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from audits import checklist_versions as cv
from audits.auth import Actor, PermissionDenied, create_user
from audits.catalog import VersionFrozen
from audits.i18n import explain
from audits.models import AuditLog, Wave
from tests.conftest import DATA, World

MINI = (DATA / "mini_checklist.yaml").read_text(encoding="utf-8")


def v2_text() -> str:
    text = MINI.replace("version: 1", "version: 2")
    text = text.replace("weight: 3", "weight: 5")  # needs: re-weighted
    text = text.replace("en: Polite}", "en: Courteous}")  # polite: reworded
    text = text.replace("      - id: notes\n", "      - id: notes_renamed\n")  # removed + added
    return text.replace("        critical: true\n", "")  # polite: no longer critical (re-scored)


def test_upload_publish_and_diff(world: World) -> None:
    draft = world.db.run(cv.upload_version, world.manager, v2_text(), "mini_v2.yaml", publish=False)
    listed = {(v.checklist_id, v.version): v for v in world.db.run(cv.list_versions, world.manager)}
    assert listed[("mini", 2)].published is False
    assert listed[("mini", 1)].waves == ["W1", "W1"]
    world.db.run(cv.publish_version, world.manager, draft)
    with pytest.raises(VersionFrozen) as refused:
        world.db.run(
            cv.upload_version, world.manager, v2_text() + "\n# x\n", "again.yaml", publish=True
        )
    assert str(refused.value) == (
        "again.yaml: mini v2 is published and cannot change; raise the version number"
    )
    assert explain(refused.value, "fi").startswith(
        "again.yaml: tarkistuslistan mini versio 2 on julkaistu eikä sitä voi enää muuttaa"
    )
    old = listed[("mini", 1)].id
    diff = world.db.run(cv.diff_versions, world.manager, old, draft)
    assert diff.added == ["notes_renamed"] and diff.removed == ["notes"]
    assert "polite" in diff.reworded and "polite" in diff.rescored
    assert diff.sections_reweighted == {"needs": (3, 5)}
    assert "asked_use" not in diff.reworded + diff.rescored
    assert world.db.run(cv.diff_versions, world.manager, old, old).unchanged


def _logged(world: World, version_id: int) -> list[str]:
    with world.db.session() as s:
        return list(
            s.scalars(
                select(AuditLog.action)
                .where(AuditLog.entity == "checklist_version", AuditLog.entity_id == version_id)
                .order_by(AuditLog.id)
            )
        )


def _info(world: World, version_id: int) -> cv.VersionInfo:
    return next(v for v in world.db.run(cv.list_versions, world.manager) if v.id == version_id)


def test_uploading_a_draft_again_to_publish_it_publishes_it(world: World) -> None:
    draft = world.db.run(cv.upload_version, world.manager, v2_text(), "v2.yaml", publish=False)
    again = world.db.run(cv.upload_version, world.manager, v2_text(), "v2.yaml", publish=True)
    assert again == draft
    assert _info(world, draft).published
    assert _logged(world, draft) == ["checklist.add", "checklist.publish"]
    world.db.run(cv.upload_version, world.manager, v2_text(), "v2.yaml", publish=True)
    assert _logged(world, draft) == ["checklist.add", "checklist.publish"], "nothing changed"


def test_a_replaced_draft_and_its_publication_are_logged(world: World) -> None:
    draft = world.db.run(cv.upload_version, world.manager, v2_text(), "v2.yaml", publish=False)
    changed = v2_text().replace("Minilista", "Minilista B")
    world.db.run(cv.upload_version, world.manager, changed, "v2.yaml", publish=False)
    assert _logged(world, draft) == ["checklist.add", "checklist.replace"]
    assert not _info(world, draft).published
    world.db.run(cv.upload_version, world.manager, changed + "# c\n", "v2.yaml", publish=True)
    assert _info(world, draft).published
    assert _logged(world, draft) == [
        "checklist.add",
        "checklist.replace",
        "checklist.replace",
        "checklist.publish",
    ]
    with world.db.session() as s:
        actors = s.scalars(
            select(AuditLog.actor_id).where(
                AuditLog.entity == "checklist_version", AuditLog.entity_id == draft
            )
        )
        assert set(actors) == {world.manager.id}


def test_a_bad_upload_names_the_problem(world: World) -> None:
    from audits.checklist import ChecklistError

    broken = MINI.replace("version: 1", "version: 3").replace("type: yes_no", "type: maybe", 1)
    with pytest.raises(ChecklistError) as caught:
        world.db.run(cv.upload_version, world.manager, broken, "broken.yaml", publish=True)
    assert "broken.yaml" in str(caught.value)


def test_a_manager_of_one_client_sees_only_its_waves_of_a_version(world: World) -> None:
    with world.db.session() as s:
        version = s.get(Wave, world.wave_a).checklist_version_id
        s.get(Wave, world.wave_b).name = "Brand B launch 2027"
        scoped = Actor.of(create_user(s, "mgr_a", "password-123", "manager", client="Brand A"))

    def waves_of(actor: Actor) -> list[str]:
        return next(v.waves for v in world.db.run(cv.list_versions, actor) if v.id == version)

    assert waves_of(scoped) == ["W1"]
    assert sorted(waves_of(world.manager)) == ["Brand B launch 2027", "W1"]


def test_only_staff_manage_checklists(world: World) -> None:
    for actor in (world.shopper_a, world.client_a):
        with pytest.raises(PermissionDenied):
            world.db.run(cv.upload_version, actor, v2_text(), "x.yaml", publish=True)
