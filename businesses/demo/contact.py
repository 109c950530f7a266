"""Demo content: contact (STUB)."""


def load(users: dict) -> dict[str, int]:
    return {}
