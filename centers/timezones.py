"""Time zone helpers: every center keeps its timetable in its own IANA zone."""

from datetime import UTC, datetime
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
