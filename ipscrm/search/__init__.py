"""Full-text search with Whoosh. This package is the only code that touches Whoosh."""

from ipscrm.search import whoosh_fixes

whoosh_fixes.apply()
