"""Demo content: indicators (STUB)."""


def load(users: dict) -> dict[str, int]:
    return {}
