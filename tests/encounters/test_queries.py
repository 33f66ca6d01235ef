"""SQL queries per request: a fixed number, whatever the size of the answer.

Each row counts the sign-in (the caller's row), any look-up of the target
and of centers, then the page of encounters with the total of all matches.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from encounters.models import Encounter
from tests.factories import EncounterFactory, StaffMemberFactory
from tests.helpers import bearer, encounters_url

CASES = [
    # (caller, target, parameters, queries)
    ("student", "me", {}, 2),  # the caller; the page with its total
    ("student", "me", {"status": "Full", "isOnline": "false"}, 2),
    ("student", "me", {"from": "2000-01-01T00:00:00Z"}, 2),
    ("student", "me", {"from": "2000-01-01", "to": "2100-01-01"}, 3),  # + the centers' zones
    ("student", "me", {"offset": "500"}, 3),  # + a count, as the page past the end is empty
    ("staff_member", "me", {}, 3),  # + the staff member's centers
    ("staff_member", "student", {}, 3),  # + the student, and whether they share a center
]


@pytest.mark.parametrize(("caller", "target", "params", "queries"), CASES)
def test_queries_do_not_grow_with_the_answer(
    api, student, staff_member, django_assert_num_queries, caller, target, params, queries
):
    callers = {"student": student, "staff_member": staff_member}
    url = encounters_url("me" if target == "me" else student.reference_id)
    headers = bearer(callers[caller])

    for size in (1, 100):
        EncounterFactory.create_batch(
            size - Encounter.objects.count(),
            center=student.center,
            status="Full",
        )
        with django_assert_num_queries(queries):
            response = api.get(url, params, **headers)
        assert len(response.json()) == (0 if "offset" in params else size)
        assert response["X-Total-Count"] == str(size)


def test_an_unknown_user_costs_the_queries_of_a_forbidden_one(api, student):
    outsider = StaffMemberFactory()  # shares no center with the student
    headers = bearer(outsider)
    forbidden = encounters_url(student.reference_id)
    unknown = encounters_url("S-000000")

    with CaptureQueriesContext(connection) as for_forbidden:
        assert api.get(forbidden, **headers).status_code == 403
    with CaptureQueriesContext(connection) as for_unknown:
        assert api.get(unknown, **headers).status_code == 403

    assert len(for_forbidden) == len(for_unknown)
