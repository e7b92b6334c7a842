"""The "write a plugin in 15 minutes" example in docs/plugins.md works as written: its
files are taken from the document, installed as a distribution with an entry point (in
a temporary folder on PYTHONPATH), and run by fresh ``ipscrm`` processes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "plugins.md"
BLOCK = re.compile(r"```python\n# (\S+)\n(.*?)```", re.S)


def _write_example(root: Path) -> str:
    files = dict(BLOCK.findall(DOCS.read_text(encoding="utf-8")))
    package = root / "ipscrm_visit_times"
    for name, code in files.items():
        if name.startswith("ipscrm_visit_times/"):
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(code, encoding="utf-8")
    (package / "__init__.py").write_text('"""Best time to visit."""\n', encoding="utf-8")
    dist = root / "ipscrm_visit_times-0.1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: ipscrm-visit-times\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        "[ipscrm.plugins]\nvisit_times = ipscrm_visit_times.plugin\n", encoding="utf-8"
    )
    return files["plugins/visit_times/tests/test_visit_times.py"]


CHECK = """
from tests.factories import Factory
from ipscrm import create_app
from tests.support import base_config
import pathlib, os

app = create_app(base_config(pathlib.Path(os.environ["TMP_ROOT"]), os.environ["DB_URL"]))
namespace = {}
exec(compile(open(os.environ["EXAMPLE_TEST"]).read(), "test_visit_times.py", "exec"), namespace)
with app.app_context():
    namespace["test_best_time_shows_on_the_employer_page"](app, Factory())
print("example test passed")
"""


def test_the_documented_example_plugin_works(own_db, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    example_test = _write_example(site)
    (tmp_path / "test_visit_times.py").write_text(example_test, encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(site), str(root)]),
        "IPSCRM_DATABASE_URL": own_db,
        "IPSCRM_INSTANCE_PATH": str(tmp_path / "instance"),
        "IPSCRM_SAFE_MODE": "false",
        "IPSCRM_PLUGINS": '["visit_times"]',
        "DB_URL": own_db,
        "TMP_ROOT": str(tmp_path),
        "EXAMPLE_TEST": str(tmp_path / "test_visit_times.py"),
    }
    ipscrm = [sys.executable, "-c", "from ipscrm.cli import main; main()"]

    def run(*args: str) -> str:
        done = subprocess.run(args, env=env, capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    assert "visit_times 0.1.0 (ipscrm-visit-times) - enabled" in run(*ipscrm, "plugins", "list")
    assert "Database is up to date: core, visit_times." in run(*ipscrm, "db", "upgrade")
    assert "example test passed" in run(sys.executable, "-c", CHECK)
