"""Every message in the code and templates has a Norwegian translation, and the compiled
catalogues match their sources (run ``python tools/i18n.py update`` / ``compile``)."""

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import i18n  # noqa: E402


def _extract(root: Path, cfg: Path, out: Path) -> set[str]:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(cfg),
            *i18n.KEYWORDS,
            "--no-location",
            "-o",
            str(out),
            str(root),
        ],
        check=True,
        cwd=root,
        capture_output=True,
    )
    with out.open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def _forms(string: str | tuple | list) -> str | tuple:
    """A message's translation; a plural's forms as a tuple (the .mo reader gives a list)."""
    return string if isinstance(string, str) else tuple(string)


def _translated(string: str | tuple | list) -> bool:
    """Every form of the translation is filled in."""
    return bool(string) if isinstance(string, str) else all(string)


def test_every_message_is_translated_and_compiled(tmp_path):
    problems = []
    for root, cfg, translations in i18n.catalogues():
        wanted = _extract(root, cfg, tmp_path / "check.pot")
        po_path = translations / "nb" / "LC_MESSAGES" / "messages.po"
        with po_path.open("rb") as fh:
            po = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(fh) if m.id}
        for msgid in sorted(wanted):
            message = po.get(msgid)
            if message is None or not _translated(message.string) or message.fuzzy:
                problems.append(f"{po_path.relative_to(ROOT)}: untranslated {msgid!r}")
        with po_path.with_suffix(".mo").open("rb") as fh:
            compiled = {
                (m.id if isinstance(m.id, str) else m.id[0]): _forms(m.string)
                for m in read_mo(fh)
                if m.id
            }
        for msgid, message in po.items():
            if _translated(message.string) and compiled.get(msgid) != _forms(message.string):
                problems.append(f"{po_path.relative_to(ROOT)}: .mo is stale for {msgid!r}")
    assert not problems, (
        "\n".join(problems[:50])
        + "\nRun: python tools/i18n.py update && python tools/i18n.py compile"
    )
