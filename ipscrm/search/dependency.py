"""Refuse to start on a Whoosh fork other than ``whoosh-reloaded==2.7.5``.

Several forks install the same ``whoosh`` module; installed over each other they mix
files silently and corrupt indexes in ways that surface much later."""

from __future__ import annotations

import re
from importlib import metadata

REQUIRED_DISTRIBUTION = "whoosh-reloaded"
REQUIRED_VERSION = "2.7.5"


class WhooshMismatch(RuntimeError):
    pass


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def check_whoosh_distribution() -> None:
    providers = metadata.packages_distributions().get("whoosh", [])
    others = sorted({p for p in providers if _canonical(p) != REQUIRED_DISTRIBUTION})
    try:
        version = metadata.version(REQUIRED_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        version = None
    if others or version != REQUIRED_VERSION:
        found = ", ".join(others + ([f"{REQUIRED_DISTRIBUTION} {version}"] if version else []))
        raise WhooshMismatch(
            f"ipscrm needs {REQUIRED_DISTRIBUTION}=={REQUIRED_VERSION} and no other Whoosh "
            f"package, but found: {found or 'none'}. Fix it with: pip uninstall -y "
            f"{' '.join(others) or 'whoosh'} && pip install --force-reinstall "
            f"'{REQUIRED_DISTRIBUTION}=={REQUIRED_VERSION}'"
        )
