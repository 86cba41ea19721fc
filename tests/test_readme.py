"""The two commands CI runs are the README's own: install and run the main
job, then run the tests (``.ci/run`` says so and this keeps it true)."""

from __future__ import annotations

from conftest import ROOT


def _ci_commands() -> list[str]:
    """The command line after each ``# README:`` comment of ``.ci/run``."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [lines[i + 1].strip() for i, line in enumerate(lines) if line.startswith("# README:")]


def test_ci_runs_the_readmes_install_and_test_commands_as_written():
    commands = _ci_commands()
    assert len(commands) == 2
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    # Each as a line of its own in the README's opening code block.
    opening = readme[: next(i for i, x in enumerate(readme) if x.startswith("## "))]
    for command in commands:
        assert command in (x.strip() for x in opening), command
    assert "pip install -e" in commands[0] and commands[1].endswith("python -m pytest")
