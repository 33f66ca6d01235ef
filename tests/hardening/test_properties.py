"""Property-based tests: the access rule against a plain reading of the contract,
and the query-string parser against anything."""

from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from rest_framework.test import APIClient

from accounts.models import Role
from centers.models import StaffAssignment
from tests.factories import CenterFactory, EncounterFactory, StudentFactory, UserFactory
from tests.helpers import QUERY_PARAMETERS, bearer, encounters_url


def may_read(caller, target, home, assigned) -> bool:
    """Who may read whose list, as the contract words it.

    ``home`` maps a user to their home center, ``assigned`` to their staff
    assignments; both as drawn, whatever the role.
    """
    if caller["role"] not in (Role.STUDENT, Role.STAFF_MEMBER):
        return False
    if caller is target:
        return True
    if caller["role"] != Role.STAFF_MEMBER:
        return False
    if target["role"] == Role.STUDENT:
        targets_centers = {home[target["name"]]} - {None}
    elif target["role"] == Role.STAFF_MEMBER:
        targets_centers = assigned[target["name"]]
    else:
        targets_centers = set()
    return bool(assigned[caller["name"]] & targets_centers)


ROLES = st.sampled_from([Role.STUDENT, Role.STAFF_MEMBER, Role.TEACHER, ""])


@st.composite
def worlds(draw):
    centers = draw(st.integers(min_value=1, max_value=4))
    users = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "role": ROLES,
                    "home": st.one_of(st.none(), st.integers(0, centers - 1)),
                    "assigned": st.sets(st.integers(0, centers - 1), max_size=centers),
                }
            ),
            min_size=1,
            max_size=6,
        )
    )
    for number, user in enumerate(users):
        user["name"] = f"u{number}"
        # Only students have a home center and only staff are assigned: the
        # database and the import keep it so.
        if user["role"] != Role.STUDENT:
            user["home"] = None
        if user["role"] != Role.STAFF_MEMBER:
            user["assigned"] = set()
    return centers, users


class TestAccessRule(TestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(worlds())
    def test_every_pair_of_users_is_decided_as_the_contract_says(self, world):
        count, users = world
        centers = [CenterFactory() for _ in range(count)]
        EncounterFactory(center=centers[0])
        made = {}
        for user in users:
            center = centers[user["home"]] if user["home"] is not None else None
            made[user["name"]] = (StudentFactory if user["role"] == Role.STUDENT else UserFactory)(
                role=user["role"], center=center, reference_id=None
            )
            for index in user["assigned"]:
                StaffAssignment.objects.create(user=made[user["name"]], center=centers[index])
        home = {u["name"]: u["home"] for u in users}
        assigned = {u["name"]: u["assigned"] for u in users}
        api = APIClient()

        for caller in users:
            headers = bearer(made[caller["name"]])
            for target in users:
                response = api.get(encounters_url(made[target["name"]].pk), **headers)
                expected = 200 if may_read(caller, target, home, assigned) else 403
                assert response.status_code == expected, (caller, target)


PARAMETERS = [*QUERY_PARAMETERS, "format", "userIdentifier"]


class TestQueryStringFuzz(TestCase):
    def setUp(self):
        self.student = StudentFactory()
        self.headers = bearer(self.student)

    @settings(max_examples=150, deadline=None)
    @given(
        st.lists(
            st.tuples(st.sampled_from(PARAMETERS) | st.text(max_size=8), st.text(max_size=40)),
            max_size=6,
        )
    )
    def test_no_query_is_a_server_error(self, pairs):
        response = APIClient().get(f"{encounters_url('me')}?{urlencode(pairs)}", **self.headers)

        assert response.status_code < 500
        assert response.status_code in (200, 400)

    @settings(max_examples=100, deadline=None)
    @given(st.text(max_size=200))
    def test_no_raw_query_string_is_a_server_error(self, raw):
        response = APIClient().get(f"{encounters_url('me')}?{raw}", **self.headers)

        assert response.status_code < 500
