"""Finding users by the identifiers clients use for them."""

import re
import uuid

from accounts.models import ME, UUID_PATTERN, User

WELL_FORMED_IDENTIFIER = re.compile(r"^[A-Za-z0-9._-]{1,64}\Z")


def identifier_is_well_formed(identifier: str) -> bool:
    return bool(WELL_FORMED_IDENTIFIER.match(identifier))


def user_get_by_identifier(*, identifier: str, caller: User) -> User | None:
    """The user an identifier names: a UUID (any case), "me", or a reference id.

    The caller is recognised without a query; anyone else is looked up.
    Returns None when nobody matches.
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
        return User.objects.get(**lookup)
    except User.DoesNotExist:
        return None
