"""Time zone helpers: every center keeps its timetable in its own IANA zone."""

import re
from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError

# Files in the zone database that name no zone: the machine's own setting,
# a template for POSIX rules, and a placeholder for unset clocks.
NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


@cache
def time_zone_names() -> frozenset[str]:
    """Every IANA zone name this machine knows."""
    return frozenset(available_timezones()) - NOT_ZONES


def validate_time_zone(name: str) -> None:
    if name not in time_zone_names():
        raise ValidationError(
            "%(name)s is not an IANA time zone, such as Asia/Bangkok.",
            code="invalid_time_zone",
            params={"name": name},
        )


def in_zone(local: datetime, zone: ZoneInfo) -> datetime:
    """Attach a zone to a wall-clock time, refusing one that is not unique.

    A wall-clock time in the gap of a daylight-saving change never happens,
    and one in the overlap happens twice; both are refused rather than
    guessed, so that a class is never scheduled an hour off.
    """
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != local.replace(tzinfo=None):
        raise ValidationError(
            "%(time)s does not exist in %(zone)s: the clocks skip it on a daylight-saving change.",
            code="nonexistent_time",
            params={"time": local.isoformat(), "zone": zone.key},
        )
    if first.utcoffset() != second.utcoffset():
        raise ValidationError(
            "%(time)s happens twice in %(zone)s on a daylight-saving change; give its UTC offset.",
            code="ambiguous_time",
            params={"time": local.isoformat(), "zone": zone.key},
        )
    return first


def _exists(local: datetime, zone: ZoneInfo) -> bool:
    moment = local.replace(tzinfo=zone, fold=0)
    return moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == local


def first_instant_showing(local: datetime, zone: ZoneInfo) -> datetime:
    """The first instant at which the zone's clocks show ``local`` or later.

    For a time the clocks show, its first occurrence (fold=0). For a time
    they skip on a daylight-saving change, the instant they skip it: a bound
    of 02:30 on a night that jumps from 02:00 to 03:00 stands for 03:00.
    """
    if _exists(local, zone):
        return local.replace(tzinfo=zone, fold=0)
    # The jump lies between the two readings of the skipped time; look for it
    # to the second, which is how every zone's transitions are given.
    readings = sorted(int(local.replace(tzinfo=zone, fold=fold).timestamp()) for fold in (0, 1))
    before, after = readings[0] - 1, readings[1] + 1
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, zone).replace(tzinfo=None) >= local:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, zone)


# ISO 8601 as RFC 3339 profiles it, and nothing looser: a date, or a date, a
# time and an optional offset. Python's fromisoformat() also reads week
# dates, basic formats and any character between date and time.
ISO_DATE_TIME = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[Tt ](?P<time>\d{2}:\d{2}(?::\d{2}(?:[.,](?P<fraction>\d+))?)?)"
    r"(?P<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)?)?\Z",
    re.ASCII,
)


def parse_date_or_date_time(text: str) -> date | datetime:
    """A date, or a date-time with or without an offset; ValueError otherwise.

    Fractions of a second are dropped: timetables are kept to the second.
    """
    match = ISO_DATE_TIME.match(text)
    if match is None:
        raise ValueError(f"not an ISO 8601 date or date-time: {text!r}")
    if match["time"] is None:
        return date.fromisoformat(match["date"])
    time = match["time"].split(",")[0].split(".")[0]
    offset = match["offset"] or ""
    offset = "+00:00" if offset in ("Z", "z") else offset
    return datetime.fromisoformat(f"{match['date']}T{time}{offset}")
