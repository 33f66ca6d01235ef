"""Query parameters: what they select, and a 400 naming each one that is wrong."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from encounters.filters import FROM_AFTER_TO, INVALID_BOOLEAN, INVALID_BOUND
from encounters.models import Status
from encounters.pagination import INVALID_LIMIT, INVALID_OFFSET
from tests.factories import CenterFactory, EncounterFactory, StaffMemberFactory
from tests.helpers import QUERY_PARAMETERS, bearer, encounters_url


@pytest.fixture
def staff(db):
    """A staff member of two centers, each with one class of every status, online or not."""
    first, second = CenterFactory(), CenterFactory()
    staff = StaffMemberFactory(centers=[first, second])
    start = timezone.now() + timedelta(days=1)
    for unit, (center, status, online) in enumerate(
        (c, s, o) for c in (first, second) for s in Status.values for o in (True, False)
    ):
        EncounterFactory(
            center=center,
            status=status,
            is_online=online,
            unit_number=unit + 1,
            start=start + timedelta(hours=unit),
        )
    staff.test_centers = (first, second)
    return staff


def _get(api, user, params):
    return api.get(encounters_url("me"), params, **bearer(user))


def _items(api, user, params):
    response = _get(api, user, params)
    assert response.status_code == 200, response.content
    return response.json()


class TestSelection:
    def test_status_one(self, api, staff):
        items = _items(api, staff, {"status": "Full"})

        assert len(items) == 4
        assert {item["Status"] for item in items} == {"Full"}

    @pytest.mark.parametrize(
        "query",
        [
            "status=Full,Cancelled",
            "status=Full&status=Cancelled",
            "status=full,CANCELLED",
            "status=Full, Cancelled",
            "status=Full&status=&status=cancelled",
        ],
    )
    def test_status_several_in_any_form(self, api, staff, query):
        response = api.get(f"{encounters_url('me')}?{query}", **bearer(staff))

        assert response.status_code == 200
        assert {item["Status"] for item in response.json()} == {"Full", "Cancelled"}
        assert len(response.json()) == 8

    @pytest.mark.parametrize(
        ("value", "expected"), [("true", True), ("false", False), ("TRUE", True)]
    )
    def test_is_online(self, api, staff, value, expected):
        items = _items(api, staff, {"isOnline": value})

        assert len(items) == 6
        assert {item["IsOnline"] for item in items} == {expected}

    def test_unit_number(self, api, staff):
        items = _items(api, staff, {"unitNumber": "3"})

        assert [item["UnitNumber"] for item in items] == [3]

    def test_center_id(self, api, staff):
        first, _ = staff.test_centers

        items = _items(api, staff, {"centerId": str(first.pk)})

        assert len(items) == 6
        assert {item["CenterId"] for item in items} == {str(first.pk)}

    def test_a_center_outside_the_users_centers_gives_an_empty_list(self, api, staff):
        elsewhere = CenterFactory()
        EncounterFactory(center=elsewhere)

        assert _items(api, staff, {"centerId": str(elsewhere.pk)}) == []
        assert _items(api, staff, {"centerId": str(uuid.uuid4())}) == []

    def test_parameters_combine(self, api, staff):
        first, _ = staff.test_centers

        items = _items(
            api, staff, {"centerId": str(first.pk), "status": "Available", "isOnline": "true"}
        )

        assert len(items) == 1

    def test_unknown_and_empty_parameters_are_ignored(self, api, staff):
        items = _items(
            api,
            staff,
            {
                "colour": "blue",
                "status": "",
                "isOnline": "",
                "unitNumber": "",
                "from": "",
                "limit": "",
            },
        )

        assert len(items) == 12


def _assert_names(response, parameter, message=None):
    assert response.status_code == 400, response.content
    body = response.json()
    assert list(body["Errors"]) == [parameter]
    assert parameter in body["Message"]
    if message:
        assert body["Errors"][parameter] == [message]


@pytest.mark.parametrize(
    ("parameter", "value", "message"),
    [
        ("from", "yesterday", INVALID_BOUND),
        ("from", "2026-02-30", INVALID_BOUND),
        ("from", "2026-03-02T25:00:00", INVALID_BOUND),
        ("from", "2026-03-02T18:00:00+25:00", INVALID_BOUND),
        ("to", "03/02/2026", INVALID_BOUND),
        ("to", "2026-13-01", INVALID_BOUND),
        ("status", "Booked", None),
        ("status", "Full,Nope", None),
        ("isOnline", "yes", INVALID_BOOLEAN),
        ("isOnline", "1", INVALID_BOOLEAN),
        ("unitNumber", "0", None),
        ("unitNumber", "-1", None),
        ("unitNumber", "two", None),
        ("unitNumber", "1.5", None),
        ("unitNumber", "3.0", None),
        ("unitNumber", "+3", None),
        ("unitNumber", "\uff13", None),
        ("unitNumber", "\u0663", None),
        ("unitNumber", "000", None),
        ("from", "\uff12\uff10\uff12\uff16-12-10", INVALID_BOUND),
        ("from", "1733011200", INVALID_BOUND),
        ("from", "11111111111111111111", INVALID_BOUND),
        ("from", "2026-12-01x10:00:00", INVALID_BOUND),
        ("from", "2026-12-04Z10:00:00", INVALID_BOUND),
        ("from", "2026-W49", INVALID_BOUND),
        ("to", "20260302", INVALID_BOUND),
        ("centerId", "BKK-SILOM", None),
        ("centerId", "1234", None),
        ("limit", "0", INVALID_LIMIT),
        ("limit", "1001", INVALID_LIMIT),
        ("limit", "-5", INVALID_LIMIT),
        ("limit", "ten", INVALID_LIMIT),
        ("limit", "1e3", INVALID_LIMIT),
        ("offset", "-1", INVALID_OFFSET),
        ("offset", "x", INVALID_OFFSET),
        ("offset", "99999999999999999999", INVALID_OFFSET),
    ],
)
def test_a_bad_value_is_a_400_naming_its_parameter(api, staff, parameter, value, message):
    response = _get(api, staff, {parameter: value})

    _assert_names(response, parameter, message)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-03-03", "2026-03-02"),
        ("2026-03-02T10:00:00", "2026-03-02T09:59:59"),
        ("2026-03-02T10:00:00+07:00", "2026-03-02T02:00:00Z"),
        ("2026-03-03T00:00:00", "2026-03-02"),
    ],
)
def test_from_after_to_is_a_400(api, staff, start, end):
    response = _get(api, staff, {"from": start, "to": end})

    _assert_names(response, "from", FROM_AFTER_TO)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-03-02", "2026-03-02"),
        ("2026-03-02T23:00:00", "2026-03-02"),
        ("2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z"),
    ],
)
def test_a_window_that_is_not_reversed_is_accepted(api, staff, start, end):
    response = _get(api, staff, {"from": start, "to": end})

    assert response.status_code == 200


def test_the_largest_limit_is_accepted(api, staff):
    response = _get(api, staff, {"limit": "1000"})

    assert response.status_code == 200
    assert len(response.json()) == 12


NASTY = [
    "",
    " ",
    "\x00",
    "%00",
    "\u0000abc",
    "'; DROP TABLE encounters_encounter; --",
    "\u202e\u2066",
    "\ud7ff",
    "💥",
    "a" * 10000,
    "9" * 400,
    "-0",
    "+1",
    "1 ",
    "NaN",
    "inf",
    "[]",
    "{}",
    "null",
    "2026-03-02T18:00:00.9999999999+07:00",
    "2026-03-02T18:00:00-23:59",
    "0000-00-00",
    "2026-W10-1",
    "20260302",
    "2026-03-02T18",
    "2026-03-02 18:00:00 07:00",
    "2026-03-02T24:00:00",
    "10000-01-01",
    "-2026-03-02",
]
PARAMETERS = [*QUERY_PARAMETERS, "format"]


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_no_value_of_any_parameter_is_a_server_error(api, staff, parameter):
    headers = bearer(staff)
    for value in NASTY:
        response = api.get(encounters_url("me"), {parameter: value}, **headers)

        assert response.status_code in (200, 400), (parameter, value, response.status_code)
        assert isinstance(response.json(), list if response.status_code == 200 else dict)


@pytest.mark.parametrize(
    "identifier",
    [
        "%00",
        "%2e%2e",
        "..",
        ".",
        "-",
        "a" * 64,
        "a" * 65,
        "%F0%9F%92%A5",
        "%C3%A9",
        "a%20b",
        "00000000-0000-0000-0000-000000000000",
        "{00000000-0000-0000-0000-000000000000}",
        "urn:uuid:00000000-0000-0000-0000-000000000000",
        "0" * 32,
        "%27%3B--",
        "me.",
        "null",
    ],
)
def test_no_identifier_is_a_server_error(api, staff, identifier):
    response = api.get(f"/api/users/{identifier}/encounters", **bearer(staff))

    assert response.status_code in (400, 403, 404), (identifier, response.status_code)
    assert isinstance(response.json(), dict)


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("HTTP_ACCEPT", "\x00"),
        ("HTTP_ACCEPT", "a" * 10000),
        ("HTTP_ACCEPT", ",".join(["application/json"] * 500)),
        ("HTTP_ACCEPT", 'application/json; q=""; indent=banana'),
        ("HTTP_ACCEPT", "text/json; indent=-1"),
        ("HTTP_ACCEPT_LANGUAGE", "xx-" * 1000),
        ("HTTP_COOKIE", "sessionid=" + "x" * 5000),
        ("HTTP_X_FORWARDED_FOR", "not an address"),
    ],
)
def test_no_header_is_a_server_error(api, staff, header, value):
    response = api.get(encounters_url("me"), **{**bearer(staff), header: value})

    assert response.status_code < 500, (header, response.status_code)


@pytest.mark.parametrize(
    ("value", "units"), [("3", [3]), (" 3 ", [3]), ("003", [3]), ("40000", []), ("9" * 5000, [])]
)
def test_any_whole_number_of_one_or_more_is_a_unit(api, staff, value, units):
    items = _items(api, staff, {"unitNumber": value})

    assert [item["UnitNumber"] for item in items] == units


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-12-10T00:00:00Z", "2026-12-09T00:00:00"),
        ("2026-12-10", "2026-12-09T00:00:00Z"),
    ],
)
def test_from_after_to_is_a_400_when_only_one_has_an_offset(api, staff, start, end):
    response = _get(api, staff, {"from": start, "to": end})

    _assert_names(response, "from", FROM_AFTER_TO)


def test_every_bad_parameter_is_named_at_once(api, staff):
    response = _get(api, staff, {"from": "bad", "status": "nope", "limit": "abc", "offset": "-1"})

    assert response.status_code == 400
    assert set(response.json()["Errors"]) == {"from", "status", "limit", "offset"}


@pytest.mark.parametrize(
    "value", ["2026-12-01t00:00:00z", "2026-12-01 00:00:00+00:00", "2026-12-01T00:00"]
)
def test_rfc_3339_variants_are_read(api, staff, value):
    assert _get(api, staff, {"from": value}).status_code == 200


def test_a_malformed_identifier_and_bad_parameters_are_named_together(api, staff):
    response = api.get(
        "/api/users/bad!!/encounters", {"limit": "0", "status": "nope"}, **bearer(staff)
    )

    assert response.status_code == 400
    assert set(response.json()["Errors"]) == {"userIdentifier", "limit", "status"}


def test_every_unknown_status_is_named(api, staff):
    response = api.get(f"{encounters_url('me')}?status=Bogus&status=Full,Nope", **bearer(staff))

    assert response.status_code == 400
    messages = " ".join(response.json()["Errors"]["status"])
    assert "Bogus" in messages
    assert "Nope" in messages


@pytest.mark.parametrize(
    "name", ["from", "to", "isOnline", "unitNumber", "centerId", "limit", "offset"]
)
def test_a_parameter_that_takes_one_value_given_twice_is_a_400(api, staff, name):
    first, second = {
        "from": ("2026-01-01", "2026-02-01"),
        "to": ("2027-01-01", "2027-02-01"),
        "isOnline": ("true", "false"),
        "unitNumber": ("3", "5"),
        "centerId": (str(uuid.uuid4()), str(uuid.uuid4())),
        "limit": ("3", "5"),
        "offset": ("0", "1"),
    }[name]

    response = api.get(f"{encounters_url('me')}?{name}={first}&{name}={second}", **bearer(staff))

    _assert_names(response, name, f"Give {name} once.")
