"""Rate limits: failed sign-ins per username and per address, requests per user."""

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import PASSWORD, StudentFactory
from tests.helpers import bearer, encounters_url


@pytest.fixture(autouse=True)
def fresh_counters():
    # The counters live in the configured cache, Redis in CI: start empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "sign_in_failures": "3/min",
            "user": "5/min",
        },
    }


def _sign_in(api, username, password, address="203.0.113.7"):
    return api.post(
        "/api/token/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_failed_sign_ins_for_one_username_are_refused_after_a_few(api, db, rates):
    student = StudentFactory()
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        assert _sign_in(api, student.username, "wrong", address).status_code == 401

    refused = _sign_in(api, student.username, PASSWORD, "203.0.113.4")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["Code"] == "throttled"


def test_failed_sign_ins_from_one_address_are_refused_after_a_few(api, db, rates):
    for number in range(3):
        assert _sign_in(api, f"nobody{number}", "wrong").status_code == 401

    assert _sign_in(api, "someone-else", "wrong").status_code == 429


def test_successful_sign_ins_do_not_count(api, db, rates):
    student = StudentFactory()

    answers = [_sign_in(api, student.username, PASSWORD).status_code for _ in range(6)]

    assert answers == [200] * 6


def test_another_username_from_another_address_is_not_held_up(api, db, rates):
    victim, other = StudentFactory(), StudentFactory()
    for _ in range(3):
        _sign_in(api, victim.username, "wrong", "198.51.100.9")

    assert _sign_in(api, other.username, PASSWORD, "203.0.113.50").status_code == 200


def test_api_requests_per_user_are_limited(api, db, rates):
    student = StudentFactory()
    headers = bearer(student)

    statuses = [api.get(encounters_url("me"), **headers).status_code for _ in range(6)]

    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429


def test_a_failing_cache_lets_requests_through(api, db, rates, monkeypatch):
    # Nothing listens on port 1: every cache call fails at once.
    monkeypatch.setattr(SimpleRateThrottle, "cache", RedisCache("redis://127.0.0.1:1/0", {}))
    student = StudentFactory()

    assert api.get(encounters_url("me"), **bearer(student)).status_code == 200
    assert _sign_in(api, student.username, "wrong").status_code == 401
    assert _sign_in(api, student.username, PASSWORD).status_code == 200
