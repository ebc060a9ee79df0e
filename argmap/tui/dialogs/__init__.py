"""Modal forms: each returns plain data through ``dismiss`` and never touches the database."""
