"""Demo content: plans (STUB)."""


def load(users: dict) -> dict[str, int]:
    return {}
