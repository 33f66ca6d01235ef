"""Rate limits: failed sign-ins per username and per address, requests per user."""

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import Client, RequestFactory
from rest_framework.throttling import SimpleRateThrottle

from accounts import signin
from tests.factories import PASSWORD, StaffMemberFactory, StudentFactory
from tests.helpers import bearer, encounters_url


@pytest.fixture
def rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"sign_in_failures": "3/min", "user": "5/min"},
    }


def _sign_in(api, username, password, address="203.0.113.7", **headers):
    body = {"username": username, "password": password}
    return api.post("/api/token/", body, format="json", REMOTE_ADDR=address, **headers)


def test_failed_sign_ins_for_one_username_are_refused_after_a_few(api, db, rates):
    student = StudentFactory()
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        assert _sign_in(api, student.username, "wrong", address).status_code == 401

    refused = _sign_in(api, student.username, PASSWORD, "203.0.113.4")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["Code"] == "throttled"


def test_failed_sign_ins_from_one_address_are_refused_after_a_few(api, db, rates):
    for number in range(3):
        assert _sign_in(api, f"nobody{number}", "wrong").status_code == 401

    assert _sign_in(api, "someone-else", "wrong").status_code == 429


def test_a_forged_x_forwarded_for_does_not_dodge_the_address_limit(api, db, rates):
    for number in range(3):
        forged = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{number}"}
        assert _sign_in(api, f"nobody{number}", "wrong", **forged).status_code == 401

    refused = _sign_in(api, "another", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert refused.status_code == 429


def test_behind_trusted_proxies_the_forwarded_address_counts(api, db, rates, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for number in range(3):
        forwarded = {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}
        _sign_in(api, f"nobody{number}", "wrong", address=f"10.0.0.{number}", **forwarded)

    other_client = _sign_in(
        api, "x", "wrong", address="10.0.0.9", HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    same_client = _sign_in(
        api, "y", "wrong", address="10.0.0.9", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )

    assert other_client.status_code == 401
    assert same_client.status_code == 429


def test_a_username_sent_as_a_number_is_counted_too(api, db, rates):
    student = StudentFactory(username="424242")
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        assert _sign_in(api, 424242, "wrong", address).status_code == 401

    assert _sign_in(api, 424242, PASSWORD, "203.0.113.4").status_code == 429
    assert student.check_password(PASSWORD)


@pytest.mark.parametrize("path", ["/api/auth/login/", "/admin/login/"])
def test_the_html_logins_count_and_are_limited_too(db, rates, path):
    staff = StaffMemberFactory()
    client = Client()
    for _ in range(3):
        client.post(path, {"username": staff.username, "password": "wrong"})

    client.post(path, {"username": staff.username, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert _sign_in(Client(), staff.username, PASSWORD, "203.0.113.200").status_code == 429


def test_failures_at_the_html_login_count_at_the_token_endpoint(api, db, rates):
    student = StudentFactory()
    for _ in range(3):
        Client().post("/api/auth/login/", {"username": student.username, "password": "wrong"})

    assert _sign_in(api, student.username, PASSWORD, "203.0.113.99").status_code == 429


def test_successful_sign_ins_do_not_count(api, db, rates):
    student = StudentFactory()

    answers = [_sign_in(api, student.username, PASSWORD).status_code for _ in range(6)]

    assert answers == [200] * 6


def test_a_held_refresh_token_still_works_while_the_username_is_held(api, db, rates):
    student = StudentFactory()
    refresh = _sign_in(api, student.username, PASSWORD).json()["refresh"]
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        _sign_in(api, student.username, "wrong", address)

    assert api.post("/api/token/refresh/", {"refresh": refresh}).status_code == 200


def test_another_username_from_another_address_is_not_held_up(api, db, rates):
    victim, other = StudentFactory(), StudentFactory()
    for _ in range(3):
        _sign_in(api, victim.username, "wrong", "198.51.100.9")

    assert _sign_in(api, other.username, PASSWORD, "203.0.113.50").status_code == 200


@pytest.mark.parametrize(
    "username", ['"\\ud800"', '"' + "a" * 10000 + '"', '""', "null", '["x"]', '{"a": 1}']
)
def test_odd_usernames_are_a_4xx(api, db, rates, username):
    body = f'{{"username": {username}, "password": "x"}}'

    response = api.post("/api/token/", body, content_type="application/json")

    assert 400 <= response.status_code < 500


def test_api_requests_per_user_are_limited(api, db, rates):
    student = StudentFactory()
    headers = bearer(student)

    statuses = [api.get(encounters_url("me"), **headers).status_code for _ in range(6)]

    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429


def test_a_failing_cache_lets_requests_through(api, db, rates, monkeypatch):
    # Nothing listens on port 1: every cache call fails at once.
    broken = RedisCache("redis://127.0.0.1:1/0", {})
    monkeypatch.setattr(SimpleRateThrottle, "cache", broken)
    monkeypatch.setattr("accounts.signin.cache", broken)
    student = StudentFactory()

    assert api.get(encounters_url("me"), **bearer(student)).status_code == 200
    assert _sign_in(api, student.username, "wrong").status_code == 401
    assert _sign_in(api, student.username, PASSWORD).status_code == 200


class TestCounting:
    """The counting itself: places reserved before a check, a sliding window."""

    def _request(self, address="203.0.113.5"):
        return RequestFactory().post("/", REMOTE_ADDR=address)

    def test_attempts_in_flight_are_counted_before_they_are_checked(self, db, rates):
        request = self._request()

        in_flight = [signin.reserve(request, "someone") for _ in range(4)]

        assert in_flight == [True, True, True, False]

    def test_a_right_password_gives_its_place_back(self, db, rates):
        request = self._request()
        for _ in range(3):
            assert signin.checked(request, "someone", lambda: True)

        assert signin.reserve(request, "someone")

    def test_no_burst_gets_through_at_a_windows_edge(self, db, rates, monkeypatch):
        request = self._request()
        start = 1_800_000_000 // 60 * 60
        monkeypatch.setattr(signin.time, "time", lambda: start + 58)
        for _ in range(3):
            signin.checked(request, "someone", lambda: False)

        monkeypatch.setattr(signin.time, "time", lambda: start + 62)

        assert not signin.reserve(request, "someone")
        assert signin.seconds_refused(request, "someone") > 0


def test_the_admins_password_change_keeps_to_the_limits(db, rates):
    staff = StaffMemberFactory()
    client = Client()
    client.force_login(staff)
    for number in range(3):
        client.post(
            "/admin/password_change/",
            {
                "old_password": f"guess{number}",
                "new_password1": "N3w-pass-word!",
                "new_password2": "N3w-pass-word!",
            },
        )

    right = client.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "N3w-pass-word!",
            "new_password2": "N3w-pass-word!",
        },
    )

    assert right.status_code == 200  # the form again: refused
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
