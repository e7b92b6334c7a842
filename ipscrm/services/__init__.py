"""Use cases: plain typed functions, one transaction each. Views and CLI commands call
these; they never touch the session or the search index themselves."""
