"""Forms of the businesses app, one module per job (as services/)."""
