"""Finding users by the identifiers clients use for them."""

import re
import uuid

from django.db import connection

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
        sql, value = _TARGET_BY_ID, User._meta.pk.get_db_prep_value(user_id, connection)
    else:
        if identifier == caller.reference_id:
            return caller
        sql, value = _TARGET_BY_REFERENCE_ID, identifier

    caller_id = User._meta.pk.get_db_prep_value(caller.pk, connection)
    params = [Role.STUDENT.value, caller_id, Role.STAFF_MEMBER.value, caller_id, value]
    target = next(iter(User.objects.raw(sql, params)), None)
    if target is not None:
        target.shares_center_with_caller = bool(target.shares_center_with_caller)
    return target


# Note: written as SQL because the ORM takes some fifty times longer to build
# this query than the database takes to run it, on every request for someone
# else's list. Whether the target shares a center with the caller's
# assignments: a student's home center, or any of a staff member's centers.
_TARGET = """
SELECT target.*, CASE
    WHEN target.role = %s THEN EXISTS (
        SELECT 1 FROM {assignment} mine
        WHERE mine.user_id = %s AND mine.center_id = target.center_id)
    WHEN target.role = %s THEN EXISTS (
        SELECT 1 FROM {assignment} mine
        JOIN {assignment} theirs ON theirs.center_id = mine.center_id
        WHERE mine.user_id = %s AND theirs.user_id = target.id)
    ELSE FALSE
END AS shares_center_with_caller
FROM {user} target
WHERE target.{column} = %s
"""
_TARGET_BY_ID, _TARGET_BY_REFERENCE_ID = (
    _TARGET.format(
        user=User._meta.db_table, assignment=StaffAssignment._meta.db_table, column=column
    )
    for column in ("id", "reference_id")
)
