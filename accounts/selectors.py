"""Finding users by the identifiers clients use for them."""

import re
import uuid

from django.db.models import Case, Exists, OuterRef, Value, When

from accounts.models import ME, UUID_PATTERN, Role, User
from centers.models import StaffAssignment

WELL_FORMED_IDENTIFIER = re.compile(r"^[A-Za-z0-9._-]{1,64}\Z")


def identifier_is_well_formed(identifier: str) -> bool:
    return bool(WELL_FORMED_IDENTIFIER.match(identifier))


def user_get_by_identifier(*, identifier: str, caller: User) -> User | None:
    """The user an identifier names: a UUID (any case), "me", or a reference id.

    The caller is recognised without a query. Anyone else is looked up in one
    query that also tells whether they share a center with the caller, as
    ``shares_center_with_caller``; the query is the same whoever asks, so an
    unknown user costs what a forbidden one does. Returns None when nobody
    matches.
    """
    if identifier == ME:
        return caller
    if UUID_PATTERN.match(identifier):
        user_id = uuid.UUID(identifier)
        if user_id == caller.pk:
            return caller
        lookup = {"pk": user_id}
    else:
        if identifier == caller.reference_id:
            return caller
        lookup = {"reference_id": identifier}
    try:
        return User.objects.annotate(shares_center_with_caller=_shares_a_center_with(caller)).get(
            **lookup
        )
    except User.DoesNotExist:
        return None


def _shares_a_center_with(caller: User):
    """Whether the user of the outer query shares a center with the caller's
    assignments: a student's home center, or any of a staff member's centers."""
    callers_centers = StaffAssignment.objects.filter(user_id=caller.pk)
    their_centers = StaffAssignment.objects.filter(user_id=OuterRef(OuterRef("pk")))
    return Case(
        When(
            role=Role.STUDENT, then=Exists(callers_centers.filter(center_id=OuterRef("center_id")))
        ),
        When(
            role=Role.STAFF_MEMBER,
            then=Exists(callers_centers.filter(center_id__in=their_centers.values("center_id"))),
        ),
        default=Value(False),
    )
