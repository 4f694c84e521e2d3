"""Exempelstad, the built-in example municipality, built in code from the schema records."""
