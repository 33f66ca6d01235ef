"""A school chain's data for the benchmark, from a fixed seed, loaded with COPY.

Centers in several time zones; students with a home center; staff members
with one to three centers each; a year of encounters centred on the day of
generation, during opening hours in each center's local time. Everything but
that day is a function of the seed and the sizes.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

ZONES = [
    "Asia/Bangkok",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Europe/Madrid",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "America/Santiago",
    "Australia/Sydney",
    "Africa/Johannesburg",
    "UTC",
]
STATUSES = ["Available"] * 7 + ["Full"] * 2 + ["Cancelled"]
DURATIONS = [45, 60, 60, 90]


@dataclass(frozen=True)
class Sizes:
    centers: int
    users: int
    staff: int
    encounters: int

    @property
    def key(self) -> str:
        return f"{self.centers}c-{self.users}u-{self.staff}s-{self.encounters}e"


@dataclass
class People:
    """Who is who, for building the requests."""

    centers: list[tuple[uuid.UUID, str]]  # (id, time zone)
    students: list[tuple[uuid.UUID, str, uuid.UUID]]  # (id, reference id, home center)
    staff: list[tuple[uuid.UUID, str, list[uuid.UUID]]]  # (id, reference id, centers)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def people(seed: int, sizes: Sizes) -> People:
    rng = random.Random(seed)
    centers = [(_uuid(rng), ZONES[i % len(ZONES)]) for i in range(sizes.centers)]
    students = [
        (_uuid(rng), f"S-{i:07d}", rng.choice(centers)[0]) for i in range(sizes.users - sizes.staff)
    ]
    staff = [
        (_uuid(rng), f"E-{i:06d}", [c[0] for c in rng.sample(centers, rng.randint(1, 3))])
        for i in range(sizes.staff)
    ]
    return People(centers, students, staff)


def load(connection, seed: int, sizes: Sizes, anchor: date) -> People:
    """Replace every center, user, assignment and encounter with generated ones."""
    who = people(seed, sizes)
    rng = random.Random(seed + 1)
    joined = datetime(2026, 1, 1, tzinfo=UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE encounters_encounter, centers_staffassignment, accounts_user, "
            "centers_center, django_admin_log CASCADE"
        )
        with cursor.copy(
            "COPY centers_center (id, name, reference_id, time_zone) FROM STDIN"
        ) as copy:
            for number, (center_id, zone) in enumerate(who.centers):
                copy.write_row((center_id, f"Center {number}", f"CTR-{number:04d}", zone))

        # Usernames are the reference ids in lower case; no one has a password.
        columns = "id, username, password, is_superuser, first_name, last_name, email, is_staff, "
        columns += "is_active, date_joined, role, reference_id, center_id"
        rows = [
            (user_id, reference, "Student", center) for user_id, reference, center in who.students
        ]
        rows += [(user_id, reference, "StaffMember", None) for user_id, reference, _ in who.staff]
        with cursor.copy(f"COPY accounts_user ({columns}) FROM STDIN") as copy:
            for user_id, reference, role, center_id in rows:
                fixed = ("!", False, "", "", "", False, True, joined)
                copy.write_row((user_id, reference.lower(), *fixed, role, reference, center_id))

        with cursor.copy("COPY centers_staffassignment (user_id, center_id) FROM STDIN") as copy:
            for user_id, _, center_ids in who.staff:
                for center_id in center_ids:
                    copy.write_row((user_id, center_id))

        columns = 'id, center_id, unit_number, start, "end", status, is_online'
        with cursor.copy(f"COPY encounters_encounter ({columns}) FROM STDIN") as copy:
            for index in range(sizes.encounters):
                center_id, zone_name = who.centers[index % len(who.centers)]
                day = anchor + timedelta(days=rng.randrange(-182, 183))
                minutes = rng.randrange(8 * 60, 21 * 60, 15)
                local = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)
                start = local.replace(tzinfo=ZoneInfo(zone_name)).astimezone(UTC)
                copy.write_row(
                    (
                        _uuid(rng),
                        center_id,
                        rng.randint(1, 20),
                        start,
                        start + timedelta(minutes=rng.choice(DURATIONS)),
                        rng.choice(STATUSES),
                        rng.random() < 0.3,
                    )
                )
    connection.commit()
    return who
