"""The procurement plan: plans, planned procurements, their link to the notice once announced, import."""


def link_notices(notices) -> int:
    """Link planned procurements whose Doffin id is one of ``notices`` to that notice (announced), and close
    their dialogues' input. Called by the notice import; returns how many items were linked."""
    return 0
