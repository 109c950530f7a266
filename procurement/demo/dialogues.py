"""Demo dialogues of procurement."""


def load(users: dict) -> dict[str, int]:
    return {}
