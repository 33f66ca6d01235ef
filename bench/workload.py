"""The requests the benchmark replays: who asks for whom, and for how many encounters."""

import hashlib
import random
import uuid
from datetime import UTC, datetime, timedelta

import jwt

from bench.generate import People

# limit=10 and limit=100 ask for that many; no limit takes the default cap of 200.
SIZES = {10: "?limit=10", 100: "?limit=100", 200: ""}


# The generated users' password: none (an unusable hash).
PASSWORD_HASH = "!"


def password_claim(password_hash: str) -> str:
    """The claim that ties a token to the password it was issued under, as
    simplejwt writes and checks it: the stored hash's MD5, in upper case."""
    return hashlib.md5(password_hash.encode()).hexdigest().upper()  # noqa: S324 - simplejwt's claim


def token(user_id: uuid.UUID, secret: str) -> str:
    """An access token as simplejwt issues it, valid for two days."""
    now = datetime.now(UTC)
    claims = {
        "token_type": "access",
        "exp": int((now + timedelta(days=2)).timestamp()),
        "iat": int(now.timestamp()),
        "jti": uuid.uuid4().hex,
        "user_id": str(user_id),
        "hash_password": password_claim(PASSWORD_HASH),
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def requests(who: People, secret: str, *, count: int, sizes: list[int], seed: int) -> list[tuple]:
    """(path, token, expected status): 70% students asking for themselves, 25% staff
    asking for a student of one of their centers, 5% refused."""
    rng = random.Random(seed)
    by_center: dict[uuid.UUID, list] = {}
    for student in who.students:
        by_center.setdefault(student[2], []).append(student)
    tokens: dict[uuid.UUID, str] = {}

    def signed(user_id):
        if user_id not in tokens:
            tokens[user_id] = token(user_id, secret)
        return tokens[user_id]

    plan = []
    for _ in range(count):
        query = SIZES[rng.choice(sizes)]
        kind = rng.random()
        if kind < 0.70:
            student_id, reference, _ = rng.choice(who.students)
            identifier = rng.choice(["me", "me", reference, str(student_id)])
            plan.append((f"/api/users/{identifier}/encounters{query}", signed(student_id), 200))
        elif kind < 0.95:
            staff_id, _, centers = rng.choice(who.staff)
            students = [s for center in centers for s in by_center.get(center, [])]
            if not students:
                continue
            _, reference, _ = rng.choice(students)
            plan.append((f"/api/users/{reference}/encounters{query}", signed(staff_id), 200))
        else:
            asker, other = rng.sample(who.students, 2)
            plan.append((f"/api/users/{other[1]}/encounters{query}", signed(asker[0]), 403))
    return plan
