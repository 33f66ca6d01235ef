"""The answer's shape, key for key against the original API's sample."""

import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from encounters.models import Status
from tests.factories import CenterFactory, EncounterFactory, StaffMemberFactory
from tests.helpers import bearer, encounters_url

# The sample answer of the original API's help page.
SEED_SAMPLE = json.loads((Path(__file__).parent.parent / "data" / "seed_sample.json").read_text())
LOCAL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


@pytest.fixture
def answer(api, student):
    EncounterFactory(
        center=student.center,
        unit_number=3,
        start=datetime(2030, 3, 2, 11, 0, tzinfo=UTC),
        end=datetime(2030, 3, 2, 12, 30, tzinfo=UTC),
        status=Status.FULL,
        is_online=True,
    )
    return api.get(encounters_url("me"), **bearer(student))


def test_the_keys_are_the_samples_in_the_samples_order(answer):
    [item] = answer.json()

    assert list(item) == list(SEED_SAMPLE[0])


def test_each_value_has_the_samples_type(answer):
    [item] = answer.json()

    for key, sample_value in SEED_SAMPLE[0].items():
        assert type(item[key]) is type(sample_value), key


def test_the_values(answer, student):
    [item] = answer.json()
    center = student.center

    assert item["UnitNumber"] == 3
    assert item["DateTime"] == "2030-03-02T18:00:00+07:00"
    assert item["EndDate"] == "2030-03-02T19:30:00+07:00"
    assert item["Duration"] == 90
    assert item["Status"] == "Full"
    assert item["IsOnline"] is True
    assert item["CenterId"] == str(center.pk)
    assert item["CenterName"] == center.name
    assert item["CenterReferenceId"] == center.reference_id


def test_ids_are_lower_case_and_hyphenated(answer):
    [item] = answer.json()

    assert item["Id"] == str(uuid.UUID(item["Id"]))
    assert item["CenterId"] == str(uuid.UUID(item["CenterId"]))


def test_times_carry_seconds_and_a_numeric_offset(answer):
    [item] = answer.json()

    assert LOCAL_TIME.match(item["DateTime"])
    assert LOCAL_TIME.match(item["EndDate"])


def test_the_body_is_a_bare_json_array(answer):
    assert answer["Content-Type"] == "application/json"
    assert isinstance(json.loads(answer.content), list)


def test_the_answer_is_private(answer):
    assert "private" in answer["Cache-Control"]


def test_an_empty_list_is_an_empty_array(api, student):
    response = api.get(encounters_url("me"), **bearer(student))

    assert response.status_code == 200
    assert response.json() == []
    assert response["X-Total-Count"] == "0"


def test_order_is_by_start_then_by_id(api, student):
    start = timezone.now() + timedelta(days=2)
    ids = sorted(uuid.uuid4() for _ in range(4))
    EncounterFactory(center=student.center, id=ids[3], start=start)
    EncounterFactory(center=student.center, id=ids[1], start=start)
    EncounterFactory(center=student.center, id=ids[2], start=start - timedelta(hours=1))
    EncounterFactory(center=student.center, id=ids[0], start=start + timedelta(hours=1))

    response = api.get(encounters_url("me"), **bearer(student))

    assert [item["Id"] for item in response.json()] == [
        str(i) for i in (ids[2], ids[1], ids[3], ids[0])
    ]


def test_by_default_every_encounter_not_ended_yet_in_every_status(api, student):
    now = timezone.now()
    ended = EncounterFactory(
        center=student.center, start=now - timedelta(hours=2), end=now - timedelta(hours=1)
    )
    running = EncounterFactory(
        center=student.center, start=now - timedelta(minutes=30), end=now + timedelta(minutes=30)
    )
    upcoming = {
        status: EncounterFactory(
            center=student.center, status=status, start=now + timedelta(days=1)
        )
        for status in Status.values
    }

    response = api.get(encounters_url("me"), **bearer(student))

    ids = {item["Id"] for item in response.json()}
    assert str(ended.pk) not in ids
    assert str(running.pk) in ids
    assert {str(e.pk) for e in upcoming.values()} <= ids
    assert {item["Status"] for item in response.json()} == set(Status.values)


def test_only_the_users_centers_are_listed(api, student, staff_member):
    own = EncounterFactory(center=student.center)
    EncounterFactory()  # at a center of nobody here

    student_ids = [item["Id"] for item in api.get(encounters_url("me"), **bearer(student)).json()]
    staff_ids = [
        item["Id"] for item in api.get(encounters_url(student.pk), **bearer(staff_member)).json()
    ]

    assert student_ids == staff_ids == [str(own.pk)]


def test_staff_read_the_encounters_of_all_their_centers(api, db):
    a, b, c = CenterFactory(), CenterFactory(), CenterFactory()
    staff = StaffMemberFactory(centers=[a, b])
    expected = {str(EncounterFactory(center=a).pk), str(EncounterFactory(center=b).pk)}
    EncounterFactory(center=c)

    response = api.get(encounters_url("me"), **bearer(staff))

    assert {item["Id"] for item in response.json()} == expected


def test_an_encounter_that_began_nearly_a_day_ago_and_goes_on_is_listed(api, student):
    now = timezone.now()
    long_class = EncounterFactory(
        center=student.center,
        start=now - timedelta(hours=23, minutes=59),
        end=now + timedelta(minutes=1),
    )

    response = api.get(encounters_url("me"), **bearer(student))

    assert [item["Id"] for item in response.json()] == [str(long_class.pk)]
