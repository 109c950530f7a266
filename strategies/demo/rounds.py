"""Demo content: rounds (STUB)."""


def load(users: dict) -> dict[str, int]:
    return {}
