"""Market dialogue: registration, slots, documents, questions and answers, reminders, closing input."""


def close_input(dialogue, *, reason: str, by=None) -> bool:
    """Close the dialogue's input (``reason``: "published" when the notice is out, "manual", "deadline").
    Returns False if it was closed already."""
    return False
