"""Demo content: revisions (STUB)."""


def load(users: dict) -> dict[str, int]:
    return {}
