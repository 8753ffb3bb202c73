"""The console examples of README.md and of every page in docs/ are run by the suite: each prints what the page shows.

A page's ```yaml blocks that open with `# NAME` are files: an example runs in a fresh folder
holding the latest version of each such file shown above it on the same page (a tutorial
grows one file step by step). An example that needs a server says so in a MyST comment on the
line before it (`% server: dask`) and runs in a test of its own that starts that server.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GENERATED = {"_build", "_generated", "jupyter_execute"}
PAGES = [ROOT / "README.md", *sorted(p for p in (ROOT / "docs").rglob("*.md") if not GENERATED & set(p.parts))]
BLOCK = re.compile(r"```(yaml|console)\n(.*?)```", re.S)
SLOW = ("parley compare scenarios/ru-ua-channel.yaml", "parley compare scenarios/gaza-truce-2023-11.yaml",
        "parley compare scenarios/shalit-2011.yaml", "parley sensitivity",
        "parley sweep scenarios/istanbul-2025-05.yaml --set parties.UA.trust.initial=0.3,0.9 --runs 100")
"""Examples that take several seconds each on a 2-core machine: left out of `pytest -m "not slow"`."""


@dataclass
class Example:
    page: str
    command: str
    expected: str
    files: dict[str, str] = field(default_factory=dict)
    server: str = ""


def examples(page: Path) -> list[Example]:
    text = page.read_text(encoding="utf-8")
    files: dict[str, str] = {}
    found = []
    for match in BLOCK.finditer(text):
        kind, body = match.groups()
        if kind == "yaml":
            name = re.match(r"# (\S+)\n?", body)
            if name:
                files[name.group(1)] = body[name.end():]
            continue
        before = text[:match.start()].rstrip().rsplit("\n", 1)[-1]
        server = before.removeprefix("% server:").split()[0] if before.startswith("% server:") else ""
        command, _, output = body.partition("\n")
        found.append(Example(str(page.relative_to(ROOT)), command.removeprefix("$ "), output, dict(files), server))
    return found


ALL = [example for page in PAGES for example in examples(page)]


def params(server: str) -> list[object]:
    chosen = [e for e in ALL if e.server == server]
    return [pytest.param(e, id=f"{e.page}: {e.command}"[:150],
                         marks=[pytest.mark.slow] if e.command.startswith(SLOW) else []) for e in chosen]


def run_example(example: Example, folder: Path, command: str | None = None) -> str:
    for name in ("scenarios", "benchmarks", "seeds"):
        (folder / name).symlink_to(ROOT / name)
    for name, text in example.files.items():
        (folder / name).write_text(text, encoding="utf-8")
    arguments = (command or example.command).split()
    assert arguments[0] == "parley"
    done = subprocess.run([sys.executable, "-m", "sim.cli", *arguments[1:]], cwd=folder, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return done.stdout + done.stderr


def test_every_page_with_console_examples_is_found() -> None:
    pages = {e.page for e in ALL}
    assert "README.md" in pages
    assert "docs/tutorials/model-your-own.md" in pages


def update_page(example: Example, printed: str) -> None:
    """Write what the command printed into its page, in place of what the page showed (an intended change)."""
    page = ROOT / example.page
    text = page.read_text(encoding="utf-8")
    shown = f"$ {example.command}\n{example.expected}```"
    assert text.count(shown) == 1, f"{example.page}: the example `{example.command}` is not shown exactly once"
    page.write_text(text.replace(shown, f"$ {example.command}\n{printed}```"), encoding="utf-8")


@pytest.mark.parametrize("example", params(""))
def test_console_example_prints_what_the_page_shows(example: Example, tmp_path: Path) -> None:
    """`PARLEY_UPDATE_EXAMPLES=1` writes the new output into the page instead: read the diff before committing."""
    printed = run_example(example, tmp_path)
    if os.environ.get("PARLEY_UPDATE_EXAMPLES") == "1" and printed != example.expected:
        update_page(example, printed)
        return
    assert printed == example.expected


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
@pytest.mark.parametrize("example", params("dask"))
def test_console_example_against_a_dask_cluster(example: Example, tmp_path: Path) -> None:
    """A scheduler and two one-thread workers on localhost, as the page starts them; the port is a free one."""
    pytest.importorskip("distributed")
    from distributed import Client

    address = f"tcp://127.0.0.1:{free_port()}"
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    servers = [subprocess.Popen([*dask, "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                 "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                client = Client(address, timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        servers.append(subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "2", "--nthreads", "1",
             "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(ROOT)}))
        client.wait_for_workers(2, timeout=120)
        client.close()
        command = re.sub(r"tcp://127\.0\.0\.1:\d+", address, example.command)
        assert run_example(example, tmp_path, command) == example.expected
    finally:
        for server in reversed(servers):
            server.terminate()
            server.wait(timeout=30)


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
