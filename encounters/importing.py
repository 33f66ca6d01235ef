"""Loading centers, users, staff assignments and encounters from one document.

An import is all or nothing: every record is checked, each bad one is named,
and if any is bad the transaction is rolled back so that nothing is written.
Records are matched to what exists (centers by reference id, users by
username, encounters by id, or else by center, unit, start, end and online
flag), and only what differs is written, so the same document imported twice
changes nothing the second time.
"""

import logging
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role, User
from centers.models import Center, StaffAssignment
from centers.timezones import in_zone, parse_date_or_date_time
from encounters.models import Encounter, Status

logger = logging.getLogger(__name__)

SECTIONS = ("centers", "users", "encounters")
CENTER_KEYS = {"id", "reference_id", "name", "time_zone"}
USER_KEYS = {
    "id",
    "username",
    "password",
    "role",
    "reference_id",
    "center",
    "centers",
    "is_active",
    "email",
    "first_name",
    "last_name",
}
ENCOUNTER_KEYS = {"id", "center", "unit_number", "start", "end", "status", "is_online"}


class InvalidImportError(Exception):
    """The document has bad records; nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} invalid record(s); nothing was written.")
        self.errors = errors


class BadRecordError(Exception):
    """One record cannot be imported, for the reasons given."""

    def __init__(self, *reasons: str):
        super().__init__("; ".join(reasons))


@dataclass
class ImportReport:
    """How many records of each section were created, updated or left as they were."""

    counts: dict[str, Counter] = field(default_factory=lambda: {s: Counter() for s in SECTIONS})

    def count(self, section: str, outcome: str) -> None:
        self.counts[section][outcome] += 1

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] for c in self.counts.values())

    def __str__(self) -> str:
        return "\n".join(
            f"{section}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for section, c in self.counts.items()
        )


def import_data(document: Any) -> ImportReport:
    """Import a parsed document in one transaction; any bad record raises InvalidImportError."""
    importer = _Importer()
    with transaction.atomic():
        importer.run(document)
        if importer.errors:
            transaction.set_rollback(True)
    if importer.errors:
        raise InvalidImportError(importer.errors)
    logger.info("Imported data: %s", str(importer.report).replace("\n", "; "))
    return importer.report


# Reading values ----------------------------------------------------------------------


def _text(record: dict, key: str, *, required: bool = False) -> str | None:
    value = record.get(key)
    if value is None:
        if required:
            raise BadRecordError(f"{key} is required")
        return None
    if not isinstance(value, str):
        raise BadRecordError(f"{key} must be a string")
    # Control characters (NUL among them) and lone surrogates: PostgreSQL
    # refuses NUL, no database stores a lone surrogate, and no name needs either.
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in value):
        raise BadRecordError(f"{key} contains a control character or an invalid one")
    return value


def _flag(record: dict, key: str) -> bool | None:
    value = record.get(key)
    if value is not None and not isinstance(value, bool):
        raise BadRecordError(f"{key} must be true or false")
    return value


def _uuid(record: dict) -> uuid.UUID | None:
    value = _text(record, "id")
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadRecordError(f"id {value!r} is not a UUID") from None


def _instant(record: dict, key: str, center: Center) -> datetime:
    value = _text(record, key, required=True)
    try:
        moment = parse_date_or_date_time(value)
    except ValueError:
        moment = None
    if not isinstance(moment, datetime):
        raise BadRecordError(
            f"{key} {value!r} is not an ISO 8601 date-time such as 2026-12-10T18:00:00+07:00"
        )
    try:
        if moment.tzinfo is None:
            moment = in_zone(moment, center.zone)
        moment.astimezone(UTC)
    except ValidationError as error:
        raise BadRecordError(f"{key}: {error.messages[0]}") from None
    except OverflowError:
        raise BadRecordError(f"{key} {value!r} is out of range") from None
    return moment


def _center(reference_id: Any, key: str = "center", *, centers=None) -> Center:
    if not isinstance(reference_id, str):
        raise BadRecordError(f"{key} must be a center's reference id")
    try:
        return (Center.objects if centers is None else centers).get(reference_id=reference_id)
    except Center.DoesNotExist:
        raise BadRecordError(f"unknown center {reference_id!r}") from None


@dataclass(frozen=True)
class EncounterRecord:
    """An encounter record's values, read and checked, and the stored
    encounter they update (None for a new one)."""

    id: uuid.UUID | None
    center: Center
    unit_number: int
    start: datetime
    end: datetime
    status: str | None  # None where the record leaves it out
    is_online: bool | None  # likewise
    stored: Encounter | None


def read_encounter(record: dict, *, centers=None) -> EncounterRecord:
    """Read and check an encounter record; raise BadRecordError naming what is wrong.

    A record with the id of a stored encounter updates it, and may leave out
    what stays the same. Any other record names its center, unit, start and
    end; one without an id updates the stored encounter with that center,
    unit, start, end and online flag, if there is one. ``centers`` limits
    the centers a record may name or change (all of them by default).
    """
    record_id = _uuid(record)
    stored = None
    if record_id:
        encounters = Encounter.objects.select_related("center")
        if centers is not None:
            # Within some centers only, an id names one of their encounters:
            # whether another center has it is not the importer's to learn.
            encounters = encounters.filter(center__in=centers)
        stored = encounters.filter(pk=record_id).first()
        if stored is None and centers is not None:
            raise BadRecordError(
                f"no encounter of your centers has the id {record_id}; leave the id out to add one"
            )

    def given(key):
        if record.get(key) is None and stored is None:
            raise BadRecordError(f"{key} is required")
        return record.get(key) is not None

    center = _center(record["center"], centers=centers) if given("center") else stored.center
    unit_number = record["unit_number"] if given("unit_number") else stored.unit_number
    if not isinstance(unit_number, int) or isinstance(unit_number, bool):
        raise BadRecordError("unit_number must be a whole number of 1 or more")
    start = _instant(record, "start", center) if given("start") else stored.start
    end = _instant(record, "end", center) if given("end") else stored.end
    status = _text(record, "status")
    if status is not None:
        canonical = {value.lower(): value for value in Status.values}
        if status.lower() not in canonical:
            raise BadRecordError(f"unknown status {status!r}; use {', '.join(Status.values)}")
        status = canonical[status.lower()]
    is_online = _flag(record, "is_online")

    if stored is None and record_id is None:
        same_slot = Encounter.objects.filter(
            center=center, unit_number=unit_number, start=start, end=end, is_online=bool(is_online)
        )
        matches = list(same_slot[:2])
        if len(matches) > 1:
            raise BadRecordError(
                "more than one stored encounter has this center, unit and time; give the id"
            )
        stored = matches[0] if matches else None

    return EncounterRecord(
        id=record_id,
        center=center,
        unit_number=unit_number,
        start=start,
        end=end,
        status=status,
        is_online=is_online,
        stored=stored,
    )


def apply_encounter(encounter: Encounter, values: EncounterRecord, *, created: bool) -> bool:
    """Set a record's values on an encounter; return whether any differed.

    On an update, a status or online flag left out stays as it is.
    """
    fields = {
        "center_id": values.center.id,
        "unit_number": values.unit_number,
        "start": values.start,
        "end": values.end,
    }
    if created or values.status is not None:
        fields["status"] = values.status or Status.AVAILABLE
    if created or values.is_online is not None:
        fields["is_online"] = bool(values.is_online)
    return _apply(encounter, fields)


def _stored_or_new(model, key: str, value: str, record_id: uuid.UUID | None):
    """The stored row a record names by its natural key, or a new one with the
    record's id (or a fresh one); a record's id must match a stored row's."""
    stored = model.objects.filter(**{key: value}).first()
    if stored is None:
        return model(id=record_id or uuid.uuid4(), **{key: value}), True
    if record_id and record_id != stored.id:
        name = model._meta.verbose_name
        raise BadRecordError(f"the {name} {value!r} has the id {stored.id}, not {record_id}")
    return stored, False


def _apply(instance, values: dict) -> bool:
    """Set the values that differ; return whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _validation_reasons(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            message if name == "__all__" else f"{name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


class _Importer:
    def __init__(self):
        self.errors: list[str] = []
        self.report = ImportReport()

    def run(self, document: Any) -> None:
        if not isinstance(document, dict):
            self.errors.append(
                "the document must be a JSON object with centers, users and encounters"
            )
            return
        for key in sorted(set(document) - set(SECTIONS)):
            self.errors.append(f"unknown section {key!r}; expected {', '.join(SECTIONS)}")
        for section in SECTIONS:
            records = document.get(section, [])
            if not isinstance(records, list):
                self.errors.append(f"{section} must be a list")
                continue
            self._section(section, records)

    def _section(self, section: str, records: list) -> None:
        load, keys, natural_key = {
            "centers": (self._center, CENTER_KEYS, "reference_id"),
            "users": (self._user, USER_KEYS, "username"),
            "encounters": (self._encounter, ENCOUNTER_KEYS, "id"),
        }[section]
        # Which record wrote each row: a second record of the same row would
        # make the document disagree with itself, and every import flip-flop.
        written: dict[Any, int] = {}
        for index, record in enumerate(records):
            label = f"{section}[{index}]"
            if not isinstance(record, dict):
                self.errors.append(f"{label}: must be a JSON object")
                continue
            key = record.get(natural_key)
            if key is not None:
                label = f"{label} ({natural_key} {key!r})"
            try:
                unknown = sorted(set(record) - keys)
                if unknown:
                    raise BadRecordError(f"unknown field(s) {', '.join(unknown)}")
                with transaction.atomic():
                    outcome, pk = load(record)
                if pk in written:
                    raise BadRecordError(f"the same {section[:-1]} as {section}[{written[pk]}]")
                written[pk] = index
            except BadRecordError as error:
                self.errors.append(f"{label}: {error}")
            except ValidationError as error:
                self.errors.append(f"{label}: {'; '.join(_validation_reasons(error))}")
            except IntegrityError as error:
                self.errors.append(f"{label}: conflicts with what is stored ({error})")
            else:
                self.report.count(section, outcome)

    @staticmethod
    def _save(instance, *, created: bool, changed: bool) -> tuple[str, Any]:
        if not (created or changed):
            return "unchanged", instance.pk
        instance.full_clean()
        instance.save()
        return ("created" if created else "updated"), instance.pk

    # Records ------------------------------------------------------------------------

    def _center(self, record: dict) -> tuple[str, Any]:
        reference_id = _text(record, "reference_id", required=True)
        center, created = _stored_or_new(Center, "reference_id", reference_id, _uuid(record))
        if created:
            _text(record, "name", required=True)
            _text(record, "time_zone", required=True)
        values = {key: _text(record, key) for key in ("name", "time_zone") if key in record}
        return self._save(center, created=created, changed=_apply(center, values))

    def _user(self, record: dict) -> tuple[str, Any]:
        username = _text(record, "username", required=True)
        user, created = _stored_or_new(User, "username", username, _uuid(record))
        if created:
            user.set_unusable_password()

        values: dict[str, Any] = {}
        if "role" in record:
            role = _text(record, "role") or ""
            if role and role not in Role.values:
                raise BadRecordError(
                    f"unknown role {role!r}; use {', '.join(Role.values)} or leave it out"
                )
            values["role"] = role
        role = values.get("role", user.role)
        for key in ("email", "first_name", "last_name"):
            if key in record:
                values[key] = _text(record, key) or ""
        # As saving would store it, so that an unchanged record compares equal.
        if "email" in values:
            values["email"] = User.objects.normalize_email(values["email"])
        if "reference_id" in record:
            values["reference_id"] = _text(record, "reference_id") or None
        if "is_active" in record:
            values["is_active"] = _flag(record, "is_active")
            if values["is_active"] is None:
                raise BadRecordError("is_active must be true or false")

        if record.get("center") is not None:
            if role != Role.STUDENT:
                raise BadRecordError("only a Student has a home center; staff members have centers")
            values["center_id"] = _center(record["center"]).id
        elif role != Role.STUDENT or "center" in record:
            values["center_id"] = None

        staff_centers = None
        if record.get("centers") is not None:
            if role != Role.STAFF_MEMBER:
                raise BadRecordError("only a StaffMember has centers; a student has one center")
            if not isinstance(record["centers"], list):
                raise BadRecordError("centers must be a list of center reference ids")
            staff_centers = {_center(ref, "centers").id for ref in record["centers"]}
        elif role != Role.STAFF_MEMBER:
            staff_centers = set()

        changed = _apply(user, values)
        password = _text(record, "password")
        if password is not None and not (not created and user.check_password(password)):
            user.set_password(password)
            changed = True
        outcome, pk = self._save(user, created=created, changed=changed)
        assigned = staff_centers is not None and self._assign(user, staff_centers)
        if assigned and outcome == "unchanged":
            outcome = "updated"
        return outcome, pk

    @staticmethod
    def _assign(user: User, center_ids: set) -> bool:
        """Make the user's staff assignments exactly these centers; return whether any changed."""
        current = set(user.staff_assignments.values_list("center_id", flat=True))
        StaffAssignment.objects.filter(user=user, center_id__in=current - center_ids).delete()
        StaffAssignment.objects.bulk_create(
            StaffAssignment(user=user, center_id=center_id) for center_id in center_ids - current
        )
        return current != center_ids

    def _encounter(self, record: dict) -> tuple[str, Any]:
        values = read_encounter(record)
        created = values.stored is None
        encounter = values.stored or Encounter(id=values.id or uuid.uuid4())
        changed = apply_encounter(encounter, values, created=created)
        return self._save(encounter, created=created, changed=changed)
