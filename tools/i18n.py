"""Translation workflow: ``python tools/i18n.py update`` extracts the messages from the
code and templates into the catalogues (core and each first-party plugin);
``missing`` lists messages without a Norwegian translation; ``compile`` writes the .mo
files the app loads. The test suite fails on missing or stale translations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = ["-k", "N_", "-k", "_l", "-k", "lazy_gettext"]


def catalogues() -> list[tuple[Path, Path, Path]]:
    """(source root, babel.cfg, translations directory) for the core and each plugin."""
    found = [(ROOT, ROOT / "babel.cfg", ROOT / "ipscrm" / "translations")]
    for cfg in sorted((ROOT / "plugins").glob("*/babel.cfg")):
        package = next(p for p in cfg.parent.iterdir() if (p / "__init__.py").exists())
        found.append((cfg.parent, cfg, package / "translations"))
    return found


def update() -> None:
    for root, cfg, translations in catalogues():
        pot = translations / "messages.pot"
        translations.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "babel.messages.frontend",
                "extract",
                "-F",
                str(cfg),
                *KEYWORDS,
                "--no-location",
                "--sort-output",
                "--project",
                "ipscrm",
                "-o",
                str(pot),
                str(root),
            ],
            check=True,
            cwd=root,
        )
        po = translations / "nb" / "LC_MESSAGES" / "messages.po"
        command = "update" if po.exists() else "init"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "babel.messages.frontend",
                command,
                "-i",
                str(pot),
                "-d",
                str(translations),
                "-l",
                "nb",
                *(["--no-fuzzy-matching"] if command == "update" else []),
            ],
            check=True,
            cwd=root,
        )


def missing() -> int:
    count = 0
    for _root, _cfg, translations in catalogues():
        po = translations / "nb" / "LC_MESSAGES" / "messages.po"
        with po.open("rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            if message.id and (not message.string or message.fuzzy):
                print(f"{po.relative_to(ROOT)}: {message.id!r}")
                count += 1
    return count


def compile_all() -> None:
    for _root, _cfg, translations in catalogues():
        po = translations / "nb" / "LC_MESSAGES" / "messages.po"
        with po.open("rb") as fh:
            catalog = read_po(fh)
        with (po.with_suffix(".mo")).open("wb") as fh:
            write_mo(fh, catalog)


def fill(translations_file: str) -> None:
    """Fill msgstrs from a Python file defining ``T = {msgid: msgstr}`` (for bulk work)."""
    namespace: dict = {}
    exec(Path(translations_file).read_text(encoding="utf-8"), namespace)
    table = namespace["T"]
    for _root, _cfg, translations in catalogues():
        po = translations / "nb" / "LC_MESSAGES" / "messages.po"
        with po.open("rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            if message.id and message.id in table:
                message.string = table[message.id]
                if "fuzzy" in message.flags:
                    message.flags.discard("fuzzy")
        with po.open("wb") as fh:
            write_po(fh, catalog, no_location=True, sort_output=True, width=100)


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "help"
    if action == "update":
        update()
    elif action == "missing":
        sys.exit(1 if missing() else 0)
    elif action == "compile":
        compile_all()
    elif action == "fill":
        fill(sys.argv[2])
    else:
        print(__doc__)
