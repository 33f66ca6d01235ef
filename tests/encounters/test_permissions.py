"""Who may read whose encounters: the permission matrix and its edges."""

import uuid
from datetime import timedelta
from types import SimpleNamespace

import jwt
import pytest
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.models import Role
from centers.models import StaffAssignment
from encounters.permissions import ROLE_REFUSED, IsStaffMemberOfTargetCenter
from encounters.views import DENIED
from tests.factories import (
    CenterFactory,
    EncounterFactory,
    StaffMemberFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
)
from tests.helpers import bearer, encounters_url

UNKNOWN = "unknown"


@pytest.fixture
def world(db):
    """Two centers, A and B, and one person of every kind around them."""
    a, b = CenterFactory(), CenterFactory()
    EncounterFactory(center=a)
    EncounterFactory(center=b)
    return {
        "student_a": StudentFactory(center=a),
        "other_student_a": StudentFactory(center=a),
        "student_b": StudentFactory(center=b),
        "student_without_center": StudentFactory(center=None),
        "staff_a": StaffMemberFactory(centers=[a]),
        "staff_ab": StaffMemberFactory(centers=[a, b]),
        "staff_b": StaffMemberFactory(centers=[b]),
        "staff_without_center": StaffMemberFactory(),
        "teacher": TeacherFactory(),
        "no_role": UserFactory(role=""),
        "superuser": UserFactory(role="", is_superuser=True, is_staff=True),
        "inactive_student_a": StudentFactory(center=a, is_active=False),
    }


MATRIX = [
    # (caller, target, status)
    ("student_a", "student_a", 200),
    ("student_a", "other_student_a", 403),
    ("student_a", "student_b", 403),
    ("student_a", "staff_a", 403),
    ("student_a", UNKNOWN, 403),
    ("student_without_center", "student_without_center", 200),
    ("staff_a", "staff_a", 200),
    ("staff_a", "student_a", 200),
    ("staff_a", "inactive_student_a", 200),
    ("staff_a", "student_b", 403),
    ("staff_a", "staff_ab", 200),
    ("staff_ab", "student_b", 200),
    ("staff_a", "staff_b", 403),
    ("staff_a", "teacher", 403),
    ("staff_a", "no_role", 403),
    ("staff_a", "student_without_center", 403),
    ("staff_without_center", "student_a", 403),
    ("staff_without_center", "staff_without_center", 200),
    ("staff_a", UNKNOWN, 403),
    ("teacher", "teacher", 403),
    ("teacher", "student_a", 403),
    ("no_role", "no_role", 403),
    ("no_role", "student_a", 403),
    ("superuser", "student_a", 403),
    ("inactive_student_a", "inactive_student_a", 401),
    ("anonymous", "student_a", 401),
    ("anonymous", UNKNOWN, 401),
]


def _target_id(world, target) -> str:
    return str(uuid.uuid4()) if target == UNKNOWN else str(world[target].pk)


@pytest.mark.parametrize(("caller", "target", "status"), MATRIX)
def test_permission_matrix(api, world, caller, target, status):
    headers = {} if caller == "anonymous" else bearer(world[caller])

    response = api.get(encounters_url(_target_id(world, target)), **headers)

    assert response.status_code == status, response.content
    if status == 200:
        assert isinstance(response.json(), list)


def test_an_unknown_user_is_refused_exactly_like_a_forbidden_one(api, world):
    headers = bearer(world["staff_a"])

    forbidden = api.get(encounters_url(world["student_b"].pk), **headers)
    unknown_id = api.get(encounters_url(uuid.uuid4()), **headers)
    unknown_reference = api.get(encounters_url("S-000000"), **headers)

    assert forbidden.status_code == unknown_id.status_code == unknown_reference.status_code == 403
    assert forbidden.content == unknown_id.content == unknown_reference.content
    assert forbidden.json()["Message"] == DENIED


def test_a_wrong_role_is_refused_before_the_identifier_is_read(api, world):
    response = api.get(encounters_url("not a valid identifier!"), **bearer(world["teacher"]))

    assert response.status_code == 403
    assert response.json()["Message"] == ROLE_REFUSED


def test_a_malformed_identifier_is_refused_before_anyone_is_looked_up(api, world):
    response = api.get(encounters_url("x" * 65), **bearer(world["student_a"]))

    assert response.status_code == 400
    assert list(response.json()["Errors"]) == ["userIdentifier"]


@pytest.mark.parametrize("form", ["uuid", "UUID", "hex", "me", "reference_id"])
def test_every_identifier_form_names_the_same_user(api, world, form):
    student = world["student_a"]
    identifier = {
        "uuid": str(student.pk),
        "UUID": str(student.pk).upper(),
        "hex": student.pk.hex,
        "me": "me",
        "reference_id": student.reference_id,
    }[form]

    response = api.get(encounters_url(identifier), **bearer(student))

    assert response.status_code == 200
    assert len(response.json()) == 1


@pytest.mark.parametrize("form", ["uuid", "reference_id"])
def test_staff_reach_a_student_by_id_or_by_reference(api, world, form):
    student = world["student_a"]
    identifier = student.pk if form == "uuid" else student.reference_id

    response = api.get(encounters_url(identifier), **bearer(world["staff_a"]))

    assert response.status_code == 200


def test_a_reference_id_is_matched_exactly(api, world):
    student = world["student_a"]

    response = api.get(encounters_url(student.reference_id.lower()), **bearer(world["staff_a"]))

    assert response.status_code == 403


def test_me_means_the_caller_and_not_a_reference_id(api, world):
    response = api.get(encounters_url("ME"), **bearer(world["student_a"]))

    assert response.status_code == 403


def test_a_401_names_the_bearer_scheme(api, world):
    response = api.get(encounters_url("me"))

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["Code"] == "not_authenticated"


def test_a_session_signs_in_too(api, world):
    api.force_login(world["student_a"])

    response = api.get(encounters_url("me"))

    assert response.status_code == 200


def test_an_inactive_users_session_is_not_signed_in(api, world):
    api.force_login(world["inactive_student_a"])

    response = api.get(encounters_url("me"))

    assert response.status_code == 401


class TestTokens:
    def test_a_token_from_the_sign_in_endpoint_works(self, api, world):
        student = world["student_a"]
        tokens = api.post(
            "/api/token/", {"username": student.username, "password": "correct-horse-battery"}
        ).json()

        response = api.get(encounters_url("me"), HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

        assert response.status_code == 200

    def test_a_refreshed_token_works(self, api, world):
        refresh = RefreshToken.for_user(world["student_a"])
        access = api.post("/api/token/refresh/", {"refresh": str(refresh)}).json()["access"]

        response = api.get(encounters_url("me"), HTTP_AUTHORIZATION=f"Bearer {access}")

        assert response.status_code == 200

    def test_a_wrong_password_gets_no_token(self, api, world):
        response = api.post(
            "/api/token/", {"username": world["student_a"].username, "password": "nope"}
        )

        assert response.status_code == 401
        assert "access" not in response.json()

    def test_an_expired_token_is_refused(self, api, world):
        token = AccessToken.for_user(world["student_a"])
        token.set_exp(lifetime=-timedelta(seconds=1))

        response = api.get(encounters_url("me"), HTTP_AUTHORIZATION=f"Bearer {token}")

        assert response.status_code == 401
        assert "WWW-Authenticate" in response.headers

    def test_a_token_signed_with_another_key_is_refused(self, api, world):
        forged = jwt.encode(
            {"token_type": "access", "user_id": str(world["staff_ab"].pk), "exp": 4102444800},
            "not-the-secret-key-of-this-service-at-all",
            algorithm="HS256",
        )

        response = api.get(encounters_url("me"), HTTP_AUTHORIZATION=f"Bearer {forged}")

        assert response.status_code == 401

    def test_an_unsigned_token_is_refused(self, api, world):
        unsigned = jwt.encode(
            {"token_type": "access", "user_id": str(world["staff_ab"].pk), "exp": 4102444800},
            None,
            algorithm="none",
        )

        response = api.get(encounters_url("me"), HTTP_AUTHORIZATION=f"Bearer {unsigned}")

        assert response.status_code == 401

    def test_a_refresh_token_is_not_an_access_token(self, api, world):
        refresh = RefreshToken.for_user(world["student_a"])

        response = api.get(encounters_url("me"), HTTP_AUTHORIZATION=f"Bearer {refresh}")

        assert response.status_code == 401

    def test_the_token_of_a_deleted_user_is_refused(self, api, world):
        student = world["student_b"]
        headers = bearer(student)
        student.delete()

        response = api.get(encounters_url("me"), **headers)

        assert response.status_code == 401

    def test_a_validly_signed_token_with_a_non_uuid_user_is_refused(self, api, world, settings):
        odd = jwt.encode(
            {"token_type": "access", "user_id": "not-a-uuid", "exp": 4102444800, "jti": "x"},
            settings.SECRET_KEY,
            algorithm="HS256",
        )

        response = api.get(encounters_url("me"), HTTP_AUTHORIZATION=f"Bearer {odd}")

        assert response.status_code == 401

    @pytest.mark.parametrize(
        "header",
        [
            "Bearer",
            "Bearer ",
            "Bearer a b",
            "Bearer not.a.jwt",
            "Basic dXNlcjpwYXNz",
            "bearer x",
            "Bearer \u00e9\u00e9",
            "Token abc",
            "Bearer " + "a" * 10000,
        ],
    )
    def test_a_malformed_authorization_header_is_a_401_or_anonymous(self, api, world, header):
        response = api.get(encounters_url("me"), HTTP_AUTHORIZATION=header)

        assert response.status_code == 401
        assert "WWW-Authenticate" in response.headers


class TestChangesTakeEffectOnTheNextRequest:
    def test_a_student_made_teacher_is_refused(self, api, world):
        student = world["student_a"]
        headers = bearer(student)
        student.role = Role.TEACHER
        student.center = None
        student.save()

        response = api.get(encounters_url("me"), **headers)

        assert response.status_code == 403

    def test_staff_lose_a_center_they_are_unassigned_from(self, api, world):
        staff = world["staff_a"]
        headers = bearer(staff)
        assert api.get(encounters_url(world["student_a"].pk), **headers).status_code == 200
        StaffAssignment.objects.filter(user=staff).delete()

        response = api.get(encounters_url(world["student_a"].pk), **headers)

        assert response.status_code == 403

    def test_a_deactivated_user_is_refused(self, api, world):
        staff = world["staff_a"]
        headers = bearer(staff)
        staff.is_active = False
        staff.save()

        response = api.get(encounters_url("me"), **headers)

        assert response.status_code == 401


def test_refusals_are_logged_with_who_asked_for_whom(api, world, caplog):
    staff = world["staff_a"]
    target = world["student_b"]
    headers = bearer(staff)
    caplog.set_level("INFO", logger="encounters")

    api.get(encounters_url(target.reference_id), **headers)

    [record] = [r for r in caplog.records if r.name == "encounters.views"]
    assert record.levelname == "INFO"
    assert (record.caller, record.target) == (str(staff.pk), target.reference_id)
    assert headers["HTTP_AUTHORIZATION"].split()[1] not in caplog.text


class TestStaffMemberOfTargetCenter:
    """The permission on its own, for a user not looked up with the share flag."""

    def _allows(self, caller, target) -> bool:
        request = SimpleNamespace(user=caller)
        return IsStaffMemberOfTargetCenter().has_object_permission(request, None, target)

    def test_a_shared_center_lets_staff_in(self, world):
        assert self._allows(world["staff_ab"], world["student_b"])
        assert self._allows(world["staff_a"], world["staff_ab"])

    def test_no_shared_center_keeps_staff_out(self, world):
        assert not self._allows(world["staff_a"], world["student_b"])
        assert not self._allows(world["staff_a"], world["staff_b"])

    def test_students_never_get_in_this_way(self, world):
        assert not self._allows(world["student_a"], world["other_student_a"])
