"""Tasks of the business registry and the officer's CRM. Filled in by the capability that needs it."""
