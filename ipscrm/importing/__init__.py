"""Reading employer lists: register files (Enhetsregisteret CSV and JSON), spreadsheets
and generic CSV files become validated records. No Flask and no database in here; the
use case that writes them is ``ipscrm.services.imports``."""
