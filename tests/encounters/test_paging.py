"""Paging: a bare array, the total in X-Total-Count, the neighbours in Link."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import factory
import pytest
from django.utils import timezone

from encounters.pagination import DEFAULT_LIMIT
from tests.factories import EncounterFactory
from tests.helpers import bearer, encounters_url

LINK = re.compile(r'<([^>]+)>; rel="(\w+)"')


def _links(response) -> dict[str, str]:
    return {rel: url for url, rel in LINK.findall(response.get("Link", ""))}


def _make(student, count):
    """``count`` encounters of the student's center, a minute apart."""
    start = timezone.now() + timedelta(days=1)
    EncounterFactory.create_batch(
        count,
        center=student.center,
        start=factory.Sequence(lambda n: start + timedelta(minutes=n)),
        end=start + timedelta(days=1),
    )


def test_without_limit_at_most_the_default_is_returned_and_the_rest_is_linked(api, student):
    _make(student, DEFAULT_LIMIT + 1)

    response = api.get(encounters_url("me"), **bearer(student))

    assert len(response.json()) == DEFAULT_LIMIT
    assert response["X-Total-Count"] == str(DEFAULT_LIMIT + 1)
    links = _links(response)
    assert set(links) == {"next"}
    query = parse_qs(urlsplit(links["next"]).query)
    assert query == {"limit": [str(DEFAULT_LIMIT)], "offset": [str(DEFAULT_LIMIT)]}


def test_the_last_page_links_back_only(api, student):
    _make(student, DEFAULT_LIMIT + 1)
    headers = bearer(student)
    first = api.get(encounters_url("me"), **headers)

    last = api.get(_links(first)["next"], **headers)

    assert len(last.json()) == 1
    assert set(_links(last)) == {"prev"}
    assert last["X-Total-Count"] == str(DEFAULT_LIMIT + 1)


def test_a_complete_list_has_no_link(api, student):
    _make(student, 3)

    response = api.get(encounters_url("me"), **bearer(student))

    assert len(response.json()) == 3
    assert "Link" not in response
    assert response["X-Total-Count"] == "3"


@pytest.mark.parametrize("limit", [1, 7, 30, 31])
def test_walking_the_next_links_visits_every_encounter_once_in_order(api, student, limit):
    _make(student, 30)
    headers = bearer(student)
    everything = [item["Id"] for item in api.get(encounters_url("me"), **headers).json()]

    seen, url, pages = (
        [],
        f"{encounters_url('me')}?limit={limit}&status=available,full,cancelled",
        0,
    )
    while url:
        response = api.get(url, **headers)
        assert response["X-Total-Count"] == "30"
        page = response.json()
        assert 0 < len(page) <= limit
        seen += [item["Id"] for item in page]
        url = _links(response).get("next")
        pages += 1

    assert seen == everything
    assert pages == -(-30 // limit)


def test_the_links_keep_the_filters(api, student):
    _make(student, 5)

    response = api.get(encounters_url("me"), {"limit": 2, "status": "Available"}, **bearer(student))

    query = parse_qs(urlsplit(_links(response)["next"]).query)
    assert query["status"] == ["Available"]


def test_an_offset_past_the_end_is_an_empty_page(api, student):
    _make(student, 3)

    response = api.get(encounters_url("me"), {"offset": 10}, **bearer(student))

    assert response.status_code == 200
    assert response.json() == []
    assert response["X-Total-Count"] == "3"
    assert "next" not in _links(response)


def test_past_the_end_the_previous_page_is_the_last_one(api, student):
    _make(student, 30)

    response = api.get(encounters_url("me"), {"limit": 7, "offset": 1000}, **bearer(student))

    query = parse_qs(urlsplit(_links(response)["prev"]).query)
    assert query == {"limit": ["7"], "offset": ["23"]}


def test_the_previous_page_ends_where_this_one_starts(api, student):
    _make(student, 30)
    headers = bearer(student)

    response = api.get(encounters_url("me"), {"limit": 10, "offset": 4}, **headers)
    previous = api.get(_links(response)["prev"], **headers)

    assert parse_qs(urlsplit(_links(response)["prev"]).query) == {"limit": ["4"]}
    everything = [item["Id"] for item in api.get(encounters_url("me"), **headers).json()]
    assert [item["Id"] for item in previous.json()] == everything[:4]
