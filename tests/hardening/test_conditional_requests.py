"""Conditional requests: a strong ETag on each answer, and 304 for If-None-Match."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import EncounterFactory
from tests.helpers import bearer, encounters_url


@pytest.fixture
def headers(student):
    EncounterFactory.create_batch(
        3, center=student.center, start=timezone.now() + timedelta(days=1)
    )
    return bearer(student)


def test_an_answer_carries_a_strong_etag(api, headers):
    response = api.get(encounters_url("me"), **headers)

    etag = response["ETag"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    assert not etag.startswith("W/")


def test_the_same_etag_is_a_304_with_no_body(api, headers):
    etag = api.get(encounters_url("me"), **headers)["ETag"]

    response = api.get(encounters_url("me"), HTTP_IF_NONE_MATCH=etag, **headers)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "private" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


def test_a_change_changes_the_etag(api, headers, student):
    etag = api.get(encounters_url("me"), **headers)["ETag"]
    EncounterFactory(center=student.center, start=timezone.now() + timedelta(days=2))

    response = api.get(encounters_url("me"), HTTP_IF_NONE_MATCH=etag, **headers)

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_total_is_part_of_what_the_etag_stands_for(api, headers, student):
    # The first page stays the same when an encounter is added after it, but
    # X-Total-Count changes: the ETag must change too.
    first = api.get(encounters_url("me"), {"limit": 1}, **headers)
    EncounterFactory(center=student.center, start=timezone.now() + timedelta(days=30))

    again = api.get(encounters_url("me"), {"limit": 1}, HTTP_IF_NONE_MATCH=first["ETag"], **headers)

    assert again.status_code == 200
    assert again.content == first.content
    assert again["X-Total-Count"] != first["X-Total-Count"]


def test_json_and_text_json_have_different_etags(api, headers):
    as_json = api.get(encounters_url("me"), **headers)
    as_text = api.get(encounters_url("me"), HTTP_ACCEPT="text/json", **headers)

    assert as_json.content == as_text.content
    assert as_json["ETag"] != as_text["ETag"]


def test_vary_names_what_changes_the_answer(api, headers):
    vary = {part.strip() for part in api.get(encounters_url("me"), **headers)["Vary"].split(",")}

    assert {"Accept", "Authorization", "Cookie"} <= vary


def test_head_with_the_same_etag_is_a_304(api, headers):
    etag = api.get(encounters_url("me"), **headers)["ETag"]

    response = api.head(encounters_url("me"), HTTP_IF_NONE_MATCH=etag, **headers)

    assert response.status_code == 304


def test_a_failed_if_match_is_a_json_412(api, headers):
    response = api.get(encounters_url("me"), HTTP_IF_MATCH='"not-this-one"', **headers)

    assert response.status_code == 412
    assert response.json()["Code"] == "precondition_failed"
