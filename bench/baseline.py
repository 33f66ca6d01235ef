"""The fastest honest implementation of the benchmark's requests, with no framework.

A bare WSGI application doing the endpoint's work for the requests the
benchmark sends (an identifier, optionally limit and offset): verify the
HS256 token, load the caller (active, role), the same permission rule in the
same single query, the same filtered query with its total in the same round
trip (a scalar subquery, which PostgreSQL counts cheapest), center-local
times, and the same JSON bytes, written with orjson over psycopg 3. It is the
yardstick for the product, not a second product: other parameters are
ignored and errors are kept to what the benchmark provokes.
"""

import os
import re
import threading
import uuid
from datetime import UTC, datetime, timedelta
from functools import cache
from urllib.parse import parse_qsl, urlencode
from zoneinfo import ZoneInfo

import jwt
import orjson
import psycopg

from bench.workload import password_claim

SECRET = os.environ["DJANGO_SECRET_KEY"]
DATABASE_URL = os.environ["DATABASE_URL"]
PATH = re.compile(r"^/api/users/([A-Za-z0-9._-]{1,64})/encounters/?$")
UUID = re.compile(
    r"^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$", re.I
)
LONGEST = timedelta(hours=24)
DEFAULT_LIMIT = 200

NOT_AUTHENTICATED = orjson.dumps(
    {"Message": "Authentication credentials were not provided.", "Code": "not_authenticated"}
)
INVALID_TOKEN = orjson.dumps(
    {"Message": "Given token not valid for any token type", "Code": "token_not_valid"}
)
ROLE_REFUSED = orjson.dumps(
    {"Message": "Only students and staff members can read encounters.", "Code": "permission_denied"}
)
DENIED = orjson.dumps(
    {
        "Message": "You do not have permission to read this user's encounters.",
        "Code": "permission_denied",
    }
)
NOT_FOUND = orjson.dumps({"Message": "Not found.", "Code": "not_found"})

CALLER = (
    "SELECT role, is_active, center_id, reference_id, password FROM accounts_user WHERE id = %s"
)
TARGET = """
SELECT u.id, u.role, u.center_id,
       CASE u.role
         WHEN 'Student' THEN EXISTS (
           SELECT 1 FROM centers_staffassignment a
           WHERE a.user_id = %(caller)s AND a.center_id = u.center_id)
         WHEN 'StaffMember' THEN EXISTS (
           SELECT 1 FROM centers_staffassignment a WHERE a.user_id = %(caller)s AND a.center_id IN (
             SELECT b.center_id FROM centers_staffassignment b WHERE b.user_id = u.id))
         ELSE false
       END
FROM accounts_user u WHERE {column} = %(identifier)s
"""
ASSIGNED = "SELECT center_id FROM centers_staffassignment WHERE user_id = %s"
WINDOW = """e.center_id = ANY(%(centers)s) AND e."end" > %(now)s AND e.start > %(earliest)s"""
ROWS = f"""
SELECT e.id, e.unit_number, e.start, e."end", e.status, e.is_online,
       c.id, c.name, c.reference_id, c.time_zone,
       (SELECT COUNT(*) FROM encounters_encounter e WHERE {WINDOW})
FROM encounters_encounter e JOIN centers_center c ON c.id = e.center_id
WHERE {WINDOW}
ORDER BY e.start, e.id
LIMIT %(limit)s OFFSET %(offset)s
"""
COUNT = f"SELECT COUNT(*) FROM encounters_encounter e WHERE {WINDOW}"

_local = threading.local()


def _connection() -> psycopg.Connection:
    connection = getattr(_local, "connection", None)
    if connection is None or connection.closed:
        connection = psycopg.connect(DATABASE_URL, autocommit=True)
        connection.execute("SET TIME ZONE 'UTC'")
        _local.connection = connection
    return connection


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _answer(start_response, status: str, body: bytes, headers=()):
    start_response(
        status,
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "private"),
            *headers,
        ],
    )
    return [body]


def application(environ, start_response):
    match = PATH.match(environ.get("PATH_INFO", ""))
    if match is None or environ["REQUEST_METHOD"] != "GET":
        return _answer(start_response, "404 Not Found", NOT_FOUND)

    scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return _answer(start_response, "401 Unauthorized", NOT_AUTHENTICATED)
    try:
        claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"require": ["exp"]})
        caller_id = uuid.UUID(claims["user_id"])
        if claims.get("token_type") != "access":
            raise ValueError(claims.get("token_type"))
    except (jwt.InvalidTokenError, KeyError, ValueError, TypeError):
        return _answer(start_response, "401 Unauthorized", INVALID_TOKEN)

    connection = _connection()
    caller = connection.execute(CALLER, (caller_id,)).fetchone()
    if caller is None or not caller[1]:
        return _answer(start_response, "401 Unauthorized", INVALID_TOKEN)
    role, _, home_center, reference_id, password = caller
    # A changed password ends the tokens issued before it.
    if claims.get("hash_password") != password_claim(password):
        return _answer(start_response, "401 Unauthorized", INVALID_TOKEN)
    if role not in ("Student", "StaffMember"):
        return _answer(start_response, "403 Forbidden", ROLE_REFUSED)

    identifier = match.group(1)
    if (
        identifier == "me"
        or identifier == reference_id
        or (UUID.match(identifier) and uuid.UUID(identifier) == caller_id)
    ):
        target_id, target_role, target_center = caller_id, role, home_center
    else:
        column = "u.id" if UUID.match(identifier) else "u.reference_id"
        key = uuid.UUID(identifier) if UUID.match(identifier) else identifier
        target = connection.execute(
            TARGET.format(column=column), {"caller": caller_id, "identifier": key}
        ).fetchone()
        if target is None or role != "StaffMember" or not target[3]:
            return _answer(start_response, "403 Forbidden", DENIED)
        target_id, target_role, target_center = target[:3]

    if target_role == "Student":
        centers = [target_center] if target_center else []
    else:
        centers = [row[0] for row in connection.execute(ASSIGNED, (target_id,))]

    query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
    limit = int(query.get("limit") or DEFAULT_LIMIT)
    offset = int(query.get("offset") or 0)
    now = datetime.now(UTC)
    window = {"centers": centers, "now": now, "earliest": now - LONGEST}
    rows = connection.execute(ROWS, {**window, "limit": limit, "offset": offset}).fetchall()
    total = (
        rows[0][10] if rows else (connection.execute(COUNT, window).fetchone()[0] if offset else 0)
    )

    body = orjson.dumps(
        [
            {
                "UnitNumber": unit,
                "Id": str(encounter_id),
                "DateTime": start.astimezone(_zone(zone)).isoformat(timespec="seconds"),
                "EndDate": end.astimezone(_zone(zone)).isoformat(timespec="seconds"),
                "Duration": int((end - start).total_seconds() // 60),
                "Status": status,
                "IsOnline": online,
                "CenterId": str(center_id),
                "CenterName": name,
                "CenterReferenceId": center_reference,
                # The window's total rides along on every row; it is not part of the answer.
            }
            for (
                encounter_id,
                unit,
                start,
                end,
                status,
                online,
                center_id,
                name,
                center_reference,
                zone,
                _,
            ) in rows
        ]
    )
    headers = [("X-Total-Count", str(total))]
    if offset + limit < total:
        next_query = urlencode({**query, "limit": limit, "offset": offset + limit})
        headers.append(
            (
                "Link",
                f'<http://{environ["HTTP_HOST"]}{environ["PATH_INFO"]}?{next_query}>; rel="next"',
            )
        )
    return _answer(start_response, "200 OK", body, headers)
