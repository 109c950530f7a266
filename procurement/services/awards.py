"""Awards: winners matched to the registry, and the share awarded to businesses in the served municipalities."""
