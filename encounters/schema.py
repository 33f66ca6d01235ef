"""The OpenAPI description of GET /api/users/{userIdentifier}/encounters."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema

from encounters.models import Status
from encounters.pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET
from encounters.serializers import EncounterSerializer
from encounters_project.schema import (
    RETRY_AFTER,
    WWW_AUTHENTICATE,
    ErrorSerializer,
    ValidationErrorSerializer,
)

DESCRIPTION = """\
The encounters (scheduled classes) available to a user: those hosted by the
user's centers, a student's home center or a staff member's assigned centers.

**Who may call it**, checked in this order: without valid credentials, 401;
a caller who is neither a `Student` nor a `StaffMember`, 403; a malformed
identifier, 400; then the caller may read their own list, and a staff member
may read the list of anyone who shares one of their centers. Anyone else gets
403, and so does an identifier that names nobody, with the same body.

**Times** are written in the hosting center's local time with its UTC offset
on that date, e.g. `2026-03-02T18:00:00+07:00`.

**Order**: by start, then by `Id`. Without `from`, only encounters that have
not ended yet are listed, in every status.

**Parameters**: empty ones, and ones the API does not know, are ignored; one
that takes a single value and is given twice is a 400, and a 400 names every
parameter that is wrong.

**Paging**: the body stays a bare array; `X-Total-Count` holds the number of
all matches, and while more remain a `Link` header (RFC 8288) gives the next
page (`rel="next"`) and, past the first page, the previous one (`rel="prev"`).
"""

DATE_OR_DATE_TIME = (
    r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?)?$"
)

LOCAL_OR_EXACT = (
    "A date (`2026-03-02`) or a date-time. A date-time with an offset "
    "(`2026-03-02T18:00:00+07:00`, `2026-03-02T11:00:00Z`) is an exact instant; a date, "
    "or a date-time without an offset, is read in each hosting center's own local time."
)

PARAMETERS = [
    OpenApiParameter(
        "userIdentifier",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        pattern=r"^[A-Za-z0-9._-]{1,64}$",
        description=(
            "Whose encounters: a user id (UUID, any letter case), `me` for the caller, or "
            "otherwise the user's reference id (exact match). At most 64 letters, digits, "
            "dots, underscores or hyphens; anything else is a 400."
        ),
        examples=[
            OpenApiExample("The caller", value="me"),
            OpenApiExample("A user id", value="3f2b8c1e-9a4d-4e7b-8c2f-1a2b3c4d5e6f"),
            OpenApiExample("A reference id", value="S-100234"),
        ],
    ),
    OpenApiParameter(
        "from",
        OpenApiTypes.STR,
        pattern=DATE_OR_DATE_TIME,
        description=f"Encounters starting at or after this. {LOCAL_OR_EXACT} "
        "When given, encounters that have ended are listed too.",
    ),
    OpenApiParameter(
        "to",
        OpenApiTypes.STR,
        pattern=DATE_OR_DATE_TIME,
        description=f"Encounters starting before this. {LOCAL_OR_EXACT} "
        "A date includes its whole day: `to=2026-03-08` ends at local midnight of the 9th. "
        "`from` after `to` is a 400.",
    ),
    OpenApiParameter(
        "status",
        {"type": "array", "items": {"type": "string", "enum": Status.values}},
        style="form",
        explode=True,
        description="One or more statuses, repeated (`status=Full&status=Cancelled`) or "
        "comma-separated (`status=Full,Cancelled`), in any letter case.",
    ),
    OpenApiParameter("isOnline", OpenApiTypes.BOOL, description="`true` or `false`."),
    OpenApiParameter(
        "unitNumber",
        {"type": "integer", "minimum": 1},
        description="Encounters of this unit: a whole number of 1 or more.",
    ),
    OpenApiParameter(
        "centerId",
        OpenApiTypes.UUID,
        description="Encounters of this center. A center that is not one of the user's "
        "gives an empty list, not an error.",
    ),
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        description=f"At most this many encounters; {DEFAULT_LIMIT} when left out.",
    ),
    OpenApiParameter(
        "offset",
        {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
        description="Skip this many encounters.",
    ),
    OpenApiParameter(
        "X-Total-Count",
        OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        response=[200],
        required=True,
        description="The number of all encounters that match, on every page.",
    ),
    OpenApiParameter(
        "Link",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description='The neighbouring pages (RFC 8288): `<url>; rel="next"` while more '
        'remain, and `<url>; rel="prev"` past the first page.',
    ),
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="An `ETag` of an earlier answer: while the answer is still the same, "
        "it comes back as a 304 without a body.",
    ),
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        required=True,
        description="A strong validator of the whole answer: the body, its media type and "
        "the paging headers.",
    ),
    WWW_AUTHENTICATE,
    RETRY_AFTER,
]

# One element of the answer; the description shows it inside its array.
SAMPLE = {
    "UnitNumber": 3,
    "Id": "e26e531f-0a67-4661-8bc3-205a4af58b18",
    "DateTime": "2026-03-02T18:00:00+07:00",
    "EndDate": "2026-03-02T19:30:00+07:00",
    "Duration": 90,
    "Status": "Available",
    "IsOnline": False,
    "CenterId": "dc994c81-0d0d-422d-965a-5ffd38387f7f",
    "CenterName": "Bangkok Silom",
    "CenterReferenceId": "BKK-SILOM",
}

list_user_encounters = extend_schema(
    operation_id="listUserEncounters",
    summary="The encounters a user can take",
    description=DESCRIPTION,
    tags=["encounters"],
    parameters=PARAMETERS,
    responses={
        200: OpenApiResponse(
            EncounterSerializer(many=True),
            description="The encounters, as a bare array.",
            examples=[OpenApiExample("Encounters", value=SAMPLE)],
        ),
        304: OpenApiResponse(
            description="The answer is still the one whose `ETag` came in `If-None-Match`."
        ),
        400: OpenApiResponse(
            ValidationErrorSerializer,
            description="A malformed identifier or parameter; `Errors` names each one.",
        ),
        401: OpenApiResponse(ErrorSerializer, description="No credentials, or bad ones."),
        403: OpenApiResponse(
            ErrorSerializer,
            description="The caller is neither a student nor a staff member, or may not read "
            "this user's encounters, or no such user exists.",
        ),
        406: OpenApiResponse(
            ErrorSerializer, description="The Accept header admits neither JSON nor HTML."
        ),
        429: OpenApiResponse(
            ErrorSerializer, description="Too many requests from this user; see Retry-After."
        ),
        503: OpenApiResponse(
            ErrorSerializer, description="The database cannot be reached; see Retry-After."
        ),
    },
)
