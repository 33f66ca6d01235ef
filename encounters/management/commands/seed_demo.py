import uuid
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from encounters.importing import import_data

DEMO_PASSWORD = "demo-password"
DEMO_NAMESPACE = uuid.UUID("6f2b7f0e-5d0c-4c37-9a53-3d8f3c1e2a10")

CENTERS = [
    {"reference_id": "BKK-SILOM", "name": "Bangkok Silom", "time_zone": "Asia/Bangkok"},
    {"reference_id": "BKK-ASOK", "name": "Bangkok Asok", "time_zone": "Asia/Bangkok"},
    {"reference_id": "MAD-SOL", "name": "Madrid Sol", "time_zone": "Europe/Madrid"},
    {"reference_id": "NYC-MIDTOWN", "name": "New York Midtown", "time_zone": "America/New_York"},
]

USERS = [
    {
        "username": "student1",
        "role": "Student",
        "reference_id": "S-100234",
        "center": "BKK-SILOM",
        "first_name": "Somchai",
        "last_name": "Prasert",
    },
    {
        "username": "student2",
        "role": "Student",
        "reference_id": "S-200117",
        "center": "MAD-SOL",
        "first_name": "Lucía",
        "last_name": "García",
    },
    {
        "username": "student3",
        "role": "Student",
        "reference_id": "S-300451",
        "center": "NYC-MIDTOWN",
        "first_name": "Jordan",
        "last_name": "Miller",
    },
    {
        "username": "staff1",
        "role": "StaffMember",
        "reference_id": "E-1001",
        "centers": ["BKK-SILOM", "BKK-ASOK"],
        "first_name": "Nok",
        "last_name": "Chai",
    },
    {
        "username": "staff2",
        "role": "StaffMember",
        "reference_id": "E-1002",
        "centers": ["MAD-SOL", "NYC-MIDTOWN"],
        "first_name": "Elena",
        "last_name": "Ruiz",
    },
    {
        "username": "teacher1",
        "role": "Teacher",
        "reference_id": "T-5001",
        "first_name": "Sam",
        "last_name": "Taylor",
    },
]

# (local start, minutes, online) for each day's classes.
SLOTS = [("10:00", 60, False), ("14:00", 90, True), ("18:30", 60, False)]


def demo_encounters(today: date) -> list[dict]:
    """Four weeks of classes in every center, from a week ago, in every status."""
    records = []
    for center in CENTERS:
        for offset in range(-7, 21):
            day = today + timedelta(days=offset)
            if day.weekday() == 6:
                continue
            for slot, (start, minutes, online) in enumerate(SLOTS):
                hours, mins = map(int, start.split(":"))
                end_total = hours * 60 + mins + minutes
                index = day.toordinal() * len(SLOTS) + slot
                status = (
                    "Full" if index % 7 == 3 else "Cancelled" if index % 11 == 5 else "Available"
                )
                records.append(
                    {
                        "id": str(
                            uuid.uuid5(DEMO_NAMESPACE, f"{center['reference_id']}/{day}/{start}")
                        ),
                        "center": center["reference_id"],
                        "unit_number": 1 + index % 20,
                        "start": f"{day}T{start}:00",
                        "end": f"{day}T{end_total // 60:02d}:{end_total % 60:02d}:00",
                        "status": status,
                        "is_online": online,
                    }
                )
    return records


class Command(BaseCommand):
    help = "Load demo centers, users and four weeks of encounters around today. Safe to run again."

    def handle(self, *args, **options):
        report = import_data(
            {
                "centers": CENTERS,
                "users": [{**user, "password": DEMO_PASSWORD} for user in USERS],
                "encounters": demo_encounters(timezone.localdate()),
            }
        )
        self.stdout.write(str(report))
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for user in USERS:
            where = user.get("center") or ", ".join(user.get("centers", [])) or "no center"
            self.stdout.write(
                f"  {user['username']:<9} {user['role']:<12} {user['reference_id']:<9} {where}"
            )
