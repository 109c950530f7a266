"""Demo content: owners (STUB)."""


def load(users: dict) -> dict[str, int]:
    return {}
