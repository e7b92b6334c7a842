"""Full-text search with Whoosh. This package is the only code that touches Whoosh."""
