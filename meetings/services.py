"""Services of dialogue meetings: series, agenda, invitations, reminders, minutes. Filled in by the capability that needs it."""
