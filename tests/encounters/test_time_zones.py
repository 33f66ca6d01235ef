"""Local times: each center writes and reads times in its own zone."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import CenterFactory, EncounterFactory, StaffMemberFactory, StudentFactory
from tests.helpers import bearer, encounters_url


def _local(zone: str, *args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone))


def _only(api, user, **params):
    response = api.get(encounters_url("me"), {"from": "2000-01-01", **params}, **bearer(user))
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    ("zone", "start_utc", "expected"),
    [
        ("Asia/Bangkok", datetime(2030, 3, 2, 11, 0, tzinfo=UTC), "2030-03-02T18:00:00+07:00"),
        ("Asia/Kolkata", datetime(2030, 3, 2, 12, 30, tzinfo=UTC), "2030-03-02T18:00:00+05:30"),
        ("America/New_York", datetime(2030, 1, 15, 23, 0, tzinfo=UTC), "2030-01-15T18:00:00-05:00"),
        ("America/New_York", datetime(2030, 7, 15, 22, 0, tzinfo=UTC), "2030-07-15T18:00:00-04:00"),
        ("Europe/Madrid", datetime(2030, 7, 15, 16, 0, tzinfo=UTC), "2030-07-15T18:00:00+02:00"),
        ("UTC", datetime(2030, 7, 15, 18, 0, tzinfo=UTC), "2030-07-15T18:00:00+00:00"),
    ],
)
def test_times_are_written_in_the_centers_local_time(api, db, zone, start_utc, expected):
    student = StudentFactory(center=CenterFactory(time_zone=zone))
    EncounterFactory(center=student.center, start=start_utc, end=start_utc + timedelta(hours=1))

    [item] = _only(api, student)

    assert item["DateTime"] == expected


def test_an_encounter_across_a_daylight_saving_change(api, db):
    # New York springs forward at 02:00 on 8 March 2026: 01:00 EST to 04:00 EDT is two hours.
    student = StudentFactory(center=CenterFactory(time_zone="America/New_York"))
    EncounterFactory(
        center=student.center,
        start=_local("America/New_York", 2026, 3, 8, 1, 0),
        end=_local("America/New_York", 2026, 3, 8, 4, 0),
    )

    [item] = _only(api, student)

    assert item["DateTime"] == "2026-03-08T01:00:00-05:00"
    assert item["EndDate"] == "2026-03-08T04:00:00-04:00"
    assert item["Duration"] == 120


def test_duration_is_whole_minutes(api, student):
    start = datetime(2030, 1, 1, 10, 0, tzinfo=UTC)
    EncounterFactory(
        center=student.center, start=start, end=start + timedelta(minutes=59, seconds=59)
    )

    [item] = _only(api, student)

    assert item["Duration"] == 59


@pytest.fixture
def two_zones(db):
    """A staff member of a Bangkok (UTC+7) and a New York (UTC-5) center, with classes
    at 23:30 on 1 March and 00:30 and 23:30 on 2 March and 00:30 on 3 March, local time."""
    bangkok = CenterFactory(time_zone="Asia/Bangkok")
    new_york = CenterFactory(time_zone="America/New_York")
    staff = StaffMemberFactory(centers=[bangkok, new_york])
    names = {}
    for center in (bangkok, new_york):
        for day, hour in ((1, 23), (2, 0), (2, 23), (3, 0)):
            start = _local(center.time_zone, 2026, 3, day, hour, 30)
            encounter = EncounterFactory(
                center=center, start=start, end=start + timedelta(minutes=45)
            )
            names[str(encounter.pk)] = f"{center.time_zone} {day} {hour}:30"
    return staff, names


def _names(api, staff, names, **params):
    response = api.get(encounters_url("me"), params, **bearer(staff))
    assert response.status_code == 200, response.content
    return sorted(names[item["Id"]] for item in response.json())


def test_a_date_is_a_local_day_in_every_center(api, two_zones):
    staff, names = two_zones

    found = _names(api, staff, names, **{"from": "2026-03-02", "to": "2026-03-02"})

    assert found == [
        "America/New_York 2 0:30",
        "America/New_York 2 23:30",
        "Asia/Bangkok 2 0:30",
        "Asia/Bangkok 2 23:30",
    ]


def test_a_date_time_without_offset_is_local_in_every_center(api, two_zones):
    staff, names = two_zones

    found = _names(
        api, staff, names, **{"from": "2026-03-02T00:00:00", "to": "2026-03-02T23:00:00"}
    )

    assert found == ["America/New_York 2 0:30", "Asia/Bangkok 2 0:30"]


def test_a_date_time_with_offset_is_one_instant_everywhere(api, two_zones):
    staff, names = two_zones
    # From 00:30 on 2 March in New York (05:30Z) to midnight of 3 March in
    # Bangkok (17:00Z on the 2nd): the same window for both centers.

    found = _names(
        api, staff, names, **{"from": "2026-03-02T05:30:00Z", "to": "2026-03-03T00:00:00+07:00"}
    )

    assert found == ["America/New_York 2 0:30", "Asia/Bangkok 2 23:30"]


@pytest.mark.parametrize(
    "spaced", ["2026-03-02T05:30:00 00:00", "2026-03-02 05:30:00 00:00", "2026-03-02 05:30 00"]
)
def test_an_unencoded_plus_in_the_offset_is_still_read(api, two_zones, spaced):
    staff, names = two_zones

    read = _names(api, staff, names, **{"from": spaced})
    plus = _names(api, staff, names, **{"from": "2026-03-02T05:30:00+00:00"})

    assert read == plus
    assert read


def test_a_day_whose_midnight_the_clocks_skip_starts_at_its_first_instant(api, db):
    # Santiago's clocks jump from 00:00 to 01:00 on 6 September 2026.
    center = CenterFactory(time_zone="America/Santiago")
    student = StudentFactory(center=center)
    before = EncounterFactory(
        center=center, start=datetime(2026, 9, 6, 3, 30, tzinfo=UTC)
    )  # 23:30 on the 5th
    after = EncounterFactory(
        center=center, start=datetime(2026, 9, 6, 4, 30, tzinfo=UTC)
    )  # 01:30 on the 6th

    ids = [item["Id"] for item in _only(api, student, **{"from": "2026-09-06"})]

    assert str(after.pk) in ids
    assert str(before.pk) not in ids


def test_to_alone_keeps_the_not_ended_default(api, student):
    now = timezone.now()
    ended = EncounterFactory(
        center=student.center, start=now - timedelta(hours=3), end=now - timedelta(hours=2)
    )
    upcoming = EncounterFactory(center=student.center, start=now + timedelta(hours=1))

    response = api.get(
        encounters_url("me"),
        {"to": (now + timedelta(days=3)).date().isoformat()},
        **bearer(student),
    )

    ids = [item["Id"] for item in response.json()]
    assert ids == [str(upcoming.pk)]
    assert str(ended.pk) not in ids


def test_from_lifts_the_not_ended_default(api, student):
    now = timezone.now()
    ended = EncounterFactory(
        center=student.center, start=now - timedelta(hours=3), end=now - timedelta(hours=2)
    )

    response = api.get(
        encounters_url("me"), {"from": (now - timedelta(days=1)).isoformat()}, **bearer(student)
    )

    assert [item["Id"] for item in response.json()] == [str(ended.pk)]


@pytest.mark.parametrize(
    "params",
    [
        {"to": "9999-12-31"},
        {"from": "0001-01-01"},
        {"from": "0001-01-01T00:00:00+14:00", "to": "9999-12-31T23:59:59-12:00"},
        {"to": "9999-12-31T23:59:59"},
    ],
)
def test_bounds_at_the_ends_of_the_calendar_are_open_ended(api, student, params):
    EncounterFactory(center=student.center)

    response = api.get(encounters_url("me"), params, **bearer(student))

    assert response.status_code == 200
    assert len(response.json()) == 1


@pytest.mark.parametrize(
    ("offset", "included"), [("+20:00", True), ("+19:59", False), ("-23:59", False)]
)
def test_an_offset_beyond_any_real_zone_is_still_an_exact_instant(api, student, offset, included):
    # PostgreSQL refuses offsets past 15:59; the bound must reach it in UTC.
    encounter = EncounterFactory(
        center=student.center, start=datetime(2026, 3, 1, 22, 0, tzinfo=UTC)
    )

    ids = [item["Id"] for item in _only(api, student, **{"from": f"2026-03-02T18:00:00{offset}"})]

    assert (str(encounter.pk) in ids) is included


@pytest.mark.parametrize(
    ("bounds", "included"),
    [
        ({"from": "2026-03-08T02:30:00", "to": "2026-03-08T05:00:00"}, True),
        ({"from": "2026-03-08T02:59:59", "to": "2026-03-08T03:00:01"}, True),
        ({"from": "2026-03-08", "to": "2026-03-08T02:30:00"}, False),
        ({"from": "2026-03-08T03:00:01"}, False),
    ],
)
def test_a_time_the_clocks_skip_stands_for_the_moment_they_skip_it(api, db, bounds, included):
    # New York jumps from 02:00 to 03:00 on 8 March 2026; a class starts at 03:00.
    center = CenterFactory(time_zone="America/New_York")
    student = StudentFactory(center=center)
    encounter = EncounterFactory(center=center, start=_local("America/New_York", 2026, 3, 8, 3, 0))

    response = api.get(encounters_url("me"), bounds, **bearer(student))

    assert response.status_code == 200
    assert (str(encounter.pk) in [item["Id"] for item in response.json()]) is included
