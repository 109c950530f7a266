"""Procurement's sections of the start pages: questions to answer, the user's registrations and alerts."""


def register() -> None:
    pass
