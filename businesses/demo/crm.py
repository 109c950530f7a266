"""Demo content: crm (STUB)."""


def load(users: dict) -> dict[str, int]:
    return {}
