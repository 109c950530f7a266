"""Demo content: consultations (STUB)."""


def load(users: dict) -> dict[str, int]:
    return {}
