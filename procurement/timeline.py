"""Procurement on a business's timeline: its awards (public) and its dialogue registrations."""


def register() -> None:
    pass
