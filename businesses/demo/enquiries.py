"""Demo content: enquiries (STUB)."""


def load(users: dict) -> dict[str, int]:
    return {}
