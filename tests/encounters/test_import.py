"""manage.py import_data: all or nothing, and idempotent."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from accounts.models import User
from centers.models import Center, StaffAssignment
from encounters.importing import InvalidImportError, import_data
from encounters.models import Encounter
from tests.factories import EncounterFactory

ENCOUNTER_ID = "0b7f2a9e-3a57-4d55-9d43-1f3c4e9f6a01"


def document():
    return {
        "centers": [
            {
                "reference_id": "BKK-SILOM",
                "name": "Bangkok Silom",
                "time_zone": "Asia/Bangkok",
                "id": "5f0a3c1e-8d8b-4e47-9d0a-2b8a1f6c9e11",
            },
            {"reference_id": "BKK-ASOK", "name": "Bangkok Asok", "time_zone": "Asia/Bangkok"},
            {"reference_id": "NYC", "name": "New York", "time_zone": "America/New_York"},
        ],
        "users": [
            {
                "username": "student1",
                "password": "secret",
                "role": "Student",
                "reference_id": "S-100234",
                "center": "BKK-SILOM",
                "is_active": True,
            },
            {
                "username": "staff1",
                "password": "secret",
                "role": "StaffMember",
                "centers": ["BKK-SILOM", "BKK-ASOK"],
                "email": "staff1@example.com",
            },
            {"username": "nobody", "password": "secret"},
        ],
        "encounters": [
            {
                "id": ENCOUNTER_ID,
                "center": "BKK-SILOM",
                "unit_number": 3,
                "start": "2026-12-10T18:00:00+07:00",
                "end": "2026-12-10T19:00:00+07:00",
                "status": "Available",
                "is_online": False,
            },
            {
                "center": "NYC",
                "unit_number": 4,
                "start": "2026-07-01T18:00:00",
                "end": "2026-07-01T19:30:00",
                "status": "Full",
                "is_online": True,
            },
        ],
    }


def snapshot():
    """Everything the import touches, as plain values."""
    return (
        sorted(Center.objects.values_list()),
        sorted(User.objects.values_list(), key=str),
        sorted(StaffAssignment.objects.values_list("user__username", "center__reference_id")),
        sorted(Encounter.objects.values_list(), key=str),
    )


def test_a_document_is_loaded(db):
    report = import_data(document())

    assert {s: dict(c) for s, c in report.counts.items()} == {
        "centers": {"created": 3},
        "users": {"created": 3},
        "encounters": {"created": 2},
    }
    student = User.objects.get(username="student1")
    assert student.check_password("secret")
    assert (student.role, student.reference_id, student.center.reference_id) == (
        "Student",
        "S-100234",
        "BKK-SILOM",
    )
    assert set(
        StaffAssignment.objects.filter(user__username="staff1").values_list(
            "center__reference_id", flat=True
        )
    ) == {"BKK-SILOM", "BKK-ASOK"}
    assert User.objects.get(username="nobody").role == ""
    assert (
        str(Center.objects.get(reference_id="BKK-SILOM").pk)
        == "5f0a3c1e-8d8b-4e47-9d0a-2b8a1f6c9e11"
    )


def test_times_without_an_offset_are_the_centers_local_time(db):
    import_data(document())

    encounter = Encounter.objects.get(center__reference_id="NYC")
    assert encounter.start == datetime(2026, 7, 1, 22, 0, tzinfo=UTC)
    assert Encounter.objects.get(pk=ENCOUNTER_ID).start == datetime(2026, 12, 10, 11, 0, tzinfo=UTC)


def test_importing_twice_changes_nothing_the_second_time(db):
    import_data(document())
    before = snapshot()

    report = import_data(document())

    assert snapshot() == before
    assert not report.changed
    assert report.counts["encounters"]["unchanged"] == 2


def test_an_update_writes_what_differs_and_keeps_what_is_left_out(db):
    import_data(document())
    changed = {
        "centers": [{"reference_id": "BKK-SILOM", "name": "Bangkok Silom Complex"}],
        "users": [{"username": "staff1", "centers": ["BKK-ASOK"]}],
        "encounters": [
            {
                "id": ENCOUNTER_ID,
                "center": "BKK-SILOM",
                "unit_number": 3,
                "start": "2026-12-10T18:00:00+07:00",
                "end": "2026-12-10T19:00:00+07:00",
                "is_online": True,
            }
        ],
    }
    Encounter.objects.filter(pk=ENCOUNTER_ID).update(status="Full")

    report = import_data(changed)

    center = Center.objects.get(reference_id="BKK-SILOM")
    assert (center.name, center.time_zone) == ("Bangkok Silom Complex", "Asia/Bangkok")
    assert list(
        StaffAssignment.objects.filter(user__username="staff1").values_list(
            "center__reference_id", flat=True
        )
    ) == ["BKK-ASOK"]
    assert User.objects.get(username="staff1").email == "staff1@example.com"
    encounter = Encounter.objects.get(pk=ENCOUNTER_ID)
    assert (encounter.status, encounter.is_online) == ("Full", True)
    assert report.counts["users"]["updated"] == 1


def _invalid(change) -> str:
    doc = document()
    change(doc)
    with pytest.raises(InvalidImportError) as failure:
        import_data(doc)
    return "\n".join(failure.value.errors)


@pytest.mark.parametrize(
    ("change", "named", "reason"),
    [
        (
            lambda d: d["encounters"][0].update(end="2026-12-10T18:00:00+07:00"),
            "encounters[0]",
            "end must be after the start",
        ),
        (lambda d: d["encounters"][1].update(center="NOWHERE"), "encounters[1]", "unknown center"),
        (lambda d: d["users"][0].update(role="Principal"), "users[0]", "unknown role"),
        (lambda d: d["encounters"][0].update(status="Booked"), "encounters[0]", "unknown status"),
        (
            lambda d: d["centers"][2].update(time_zone="Mars/Olympus"),
            "centers[2]",
            "not an IANA time zone",
        ),
        (
            lambda d: d["users"][0].update(centers=["BKK-SILOM"]),
            "users[0]",
            "only a StaffMember has centers",
        ),
        (
            lambda d: d["users"][1].update(center="BKK-SILOM"),
            "users[1]",
            "only a Student has a home center",
        ),
        (
            lambda d: d["users"][2].update(center="BKK-SILOM"),
            "users[2]",
            "only a Student has a home center",
        ),
        (
            lambda d: d["encounters"][0].update(unit_number=0),
            "encounters[0]",
            "greater than or equal to 1",
        ),
        (
            lambda d: d["encounters"][0].update(unit_number="3"),
            "encounters[0]",
            "unit_number must be",
        ),
        (
            lambda d: d["encounters"][0].update(unit_number=True),
            "encounters[0]",
            "unit_number must be",
        ),
        (lambda d: d["encounters"][0].update(id="nope"), "encounters[0]", "is not a UUID"),
        (
            lambda d: d["encounters"][0].update(start="next tuesday"),
            "encounters[0]",
            "not an ISO 8601",
        ),
        (
            lambda d: d["encounters"][0].update(is_online="yes"),
            "encounters[0]",
            "must be true or false",
        ),
        (lambda d: d["encounters"][0].update(unit=3), "encounters[0]", "unknown field(s) unit"),
        (lambda d: d["users"][0].update(reference_id="me"), "users[0]", "cannot be “me”"),
        (lambda d: d["users"][0].update(reference_id="has space"), "users[0]", "reference_id"),
        (lambda d: d["users"][0].update(username=None), "users[0]", "username is required"),
        (
            lambda d: d["users"].append({"username": "student1"}),
            "users[3]",
            "the same user as users[0]",
        ),
        (
            lambda d: d["users"].append(
                {"username": "x", "role": "Student", "reference_id": "S-100234"}
            ),
            "users[3]",
            "Reference id already exists",
        ),
        (
            lambda d: d["centers"].append({"reference_id": "NEW", "name": "New"}),
            "centers[3]",
            "time_zone is required",
        ),
        (
            lambda d: d["encounters"][1].update(
                start="2026-03-08T02:30:00", end="2026-03-08T03:30:00"
            ),
            "encounters[1]",
            "does not exist in America/New_York",
        ),
        (
            lambda d: d["encounters"][1].update(
                start="2026-11-01T01:30:00", end="2026-11-01T03:30:00"
            ),
            "encounters[1]",
            "happens twice in America/New_York",
        ),
        (
            lambda d: d["encounters"].append(
                {**d["encounters"][0], "id": ENCOUNTER_ID.upper(), "status": "Full"}
            ),
            "encounters[2]",
            "the same encounter as encounters[0]",
        ),
        (
            lambda d: d["encounters"].append({**d["encounters"][1], "status": "Available"}),
            "encounters[2]",
            "the same encounter as encounters[1]",
        ),
        (
            lambda d: d["centers"].append({**d["centers"][1]}),
            "centers[3]",
            "the same center as centers[1]",
        ),
        (
            lambda d: d["centers"][0].update(name="Bangkok\x00Silom"),
            "centers[0]",
            "control character",
        ),
        (
            lambda d: d["centers"][0].update(name="Bangkok \ud800"),
            "centers[0]",
            "control character",
        ),
        (
            lambda d: d["centers"][2].update(time_zone="localtime"),
            "centers[2]",
            "not an IANA time zone",
        ),
        (
            lambda d: d["users"][0].update(reference_id=".."),
            "users[0]",
            "at least one letter or digit",
        ),
        (
            lambda d: d["encounters"][1].update(start="2026-07-01", end="2026-07-02"),
            "encounters[1]",
            "is not an ISO 8601 date-time",
        ),
        (
            lambda d: d["encounters"][0].update(end="2026-12-11T18:00:01+07:00"),
            "encounters[0]",
            "lasts at most 24 hours",
        ),
        (lambda d: d.update(teachers=[]), "unknown section 'teachers'", ""),
        (lambda d: d.update(users={}), "users must be a list", ""),
        (
            lambda d: d["encounters"].append("not a record"),
            "encounters[2]",
            "must be a JSON object",
        ),
    ],
)
def test_a_bad_record_is_named_and_nothing_is_written(db, change, named, reason):
    errors = _invalid(change)

    assert named in errors
    assert reason in errors
    assert snapshot() == ([], [], [], [])


def test_every_bad_record_is_named(db):
    def two_bad(doc):
        doc["encounters"][0]["status"] = "Booked"
        doc["users"][1]["role"] = "Principal"

    errors = _invalid(two_bad)

    assert "encounters[0]" in errors
    assert "users[1]" in errors


def test_a_bad_file_leaves_earlier_data_untouched(db):
    import_data(document())
    before = snapshot()
    doc = document()
    doc["centers"][0]["name"] = "Renamed"
    doc["encounters"][1]["center"] = "NOWHERE"

    with pytest.raises(InvalidImportError):
        import_data(doc)

    assert snapshot() == before


class TestCommand:
    def _write(self, tmp_path, content) -> str:
        path = tmp_path / "data.json"
        path.write_text(content if isinstance(content, str) else json.dumps(content))
        return str(path)

    def test_it_reports_what_it_did(self, db, tmp_path, capsys):
        path = self._write(tmp_path, document())

        call_command("import_data", path)
        call_command("import_data", path)

        out = capsys.readouterr().out
        assert "encounters: 2 created, 0 updated, 0 unchanged" in out
        assert "encounters: 0 created, 0 updated, 2 unchanged" in out
        assert "Nothing to change." in out

    def test_a_bad_record_fails_the_command_and_is_printed(self, db, tmp_path, capsys):
        doc = document()
        doc["encounters"][0]["status"] = "Booked"
        path = self._write(tmp_path, doc)

        with pytest.raises(CommandError, match="nothing was written"):
            call_command("import_data", path)

        assert "encounters[0]" in capsys.readouterr().err
        assert Encounter.objects.count() == 0

    @pytest.mark.parametrize(
        "content",
        [
            "{not json",
            "[]",
            "\udcff",
            "[" * 100_000 + "]" * 100_000,
            '{"centers": ' + "9" * 5000 + "}",
        ],
    )
    def test_a_file_that_is_no_document_fails_clearly(self, db, tmp_path, content):
        path = tmp_path / "data.json"
        path.write_bytes(content.encode("utf-8", "surrogateescape"))

        with pytest.raises(CommandError):
            call_command("import_data", str(path))

    def test_a_missing_file_fails_clearly(self, db, tmp_path):
        with pytest.raises(CommandError, match="Cannot read"):
            call_command("import_data", str(tmp_path / "missing.json"))


class TestSeedDemo:
    def test_it_loads_a_demo_in_every_status_and_is_idempotent(self, db, capsys):
        call_command("seed_demo")
        before = snapshot()

        call_command("seed_demo")

        assert snapshot() == before
        assert set(Encounter.objects.values_list("status", flat=True)) == {
            "Available",
            "Full",
            "Cancelled",
        }
        assert len({c.time_zone for c in Center.objects.all()}) >= 3
        out = capsys.readouterr().out
        assert "student1" in out
        assert "staff1" in out


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("9999-12-31T18:00:00Z", "9999-12-31T19:00:00Z"),
        ("1999-12-31T23:00:00Z", "2000-01-01T01:00:00Z"),
        ("2099-12-31T23:30:00Z", "2100-01-01T00:30:00Z"),
    ],
)
def test_encounters_outside_2000_to_2099_are_refused(db, start, end):
    # One far in the future once made the whole center's list fail: its
    # local time lay past the end of Python's calendar.
    errors = _invalid(lambda d: d["encounters"][0].update(start=start, end=end))

    assert "from 2000 to 2099" in errors


def test_the_database_refuses_encounters_outside_the_supported_years(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        EncounterFactory(
            start=datetime(2100, 1, 1, tzinfo=UTC), end=datetime(2100, 1, 1, 1, tzinfo=UTC)
        )


def test_fractions_of_a_second_are_dropped(db):
    doc = document()
    doc["encounters"][0].update(
        start="2026-12-10T18:00:00.5+07:00", end="2026-12-10T19:00:00.25+07:00"
    )

    import_data(doc)

    encounter = Encounter.objects.get(pk=ENCOUNTER_ID)
    assert encounter.start == datetime(2026, 12, 10, 11, 0, tzinfo=UTC)
    assert encounter.duration_minutes == 60


def test_an_email_that_saving_normalizes_is_unchanged_on_the_next_import(db):
    doc = document()
    doc["users"][1]["email"] = "Staff.One@Example.COM"
    import_data(doc)

    report = import_data(doc)

    assert not report.changed


def test_an_update_by_id_may_leave_out_what_stays(db):
    import_data(document())

    report = import_data({"encounters": [{"id": ENCOUNTER_ID, "status": "full"}]})

    encounter = Encounter.objects.get(pk=ENCOUNTER_ID)
    assert (encounter.status, encounter.unit_number) == ("Full", 3)
    assert encounter.start == datetime(2026, 12, 10, 11, 0, tzinfo=UTC)
    assert report.counts["encounters"]["updated"] == 1


def test_a_new_encounter_by_id_needs_every_field(db):
    import_data(document())

    errors = _invalid(lambda d: d["encounters"].append({"id": str(uuid.uuid4()), "status": "Full"}))

    assert "encounters[2]" in errors
    assert "center is required" in errors


def test_a_record_without_id_matching_two_stored_encounters_is_refused(db):
    import_data(document())
    nyc = Encounter.objects.get(center__reference_id="NYC")
    EncounterFactory(
        center=nyc.center,
        unit_number=nyc.unit_number,
        start=nyc.start,
        end=nyc.end,
        is_online=nyc.is_online,
    )

    errors = _invalid(lambda d: None)

    assert "encounters[1]" in errors
    assert "give the id" in errors
