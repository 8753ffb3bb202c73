"""README.md's examples are run by the suite: the console sessions print what the README shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONSOLE = re.findall(r"```console\n(.*?)```", README, re.S)
FILES = {m.group(1): m.group(0) for m in re.finditer(r"```yaml\n# (\S+)\n(.*?)```", README, re.S)}


def sessions() -> list[tuple[str, str]]:
    pairs = []
    for block in CONSOLE:
        command, _, output = block.partition("\n")
        pairs.append((command.removeprefix("$ "), output))
    return pairs


@pytest.mark.parametrize(("command", "expected"), sessions(), ids=[c for c, _ in sessions()])
def test_console_example_prints_what_the_readme_shows(command: str, expected: str, tmp_path: Path) -> None:
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    (tmp_path / "benchmarks").symlink_to(ROOT / "benchmarks")
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    for name, block in FILES.items():
        text = re.sub(r"^```yaml\n# \S+\n|```$", "", block)
        (tmp_path / name).write_text(text, encoding="utf-8")
    arguments = command.split()
    assert arguments[0] == "parley"
    done = subprocess.run([sys.executable, "-m", "sim.cli", *arguments[1:]], cwd=tmp_path, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout + done.stderr == expected


def test_python_example_runs() -> None:
    code = re.search(r"```python\n(.*?)```", README, re.S)
    assert code is not None
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        exec(compile(code.group(1), "README.md", "exec"), {})  # noqa: S102 - our own README
    finally:
        os.chdir(cwd)


def test_quick_start_has_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert "parley run scenarios/istanbul-2025-05.yaml" in commands[0]
    assert commands[1].startswith('pip install -e ".[test]"') and commands[1].endswith("pytest")
    assert "pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
