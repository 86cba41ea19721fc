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


def _github_slug(title: str) -> str:
    # GitHub's heading anchors: lower case, punctuation other than hyphens
    # dropped, each space a hyphen.
    import re

    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def test_every_link_within_the_readme_names_a_heading():
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        match = None if fenced else re.match(r"^#{1,6} (.+)$", line)
        if match:
            slug = _github_slug(match.group(1))
            # A repeated heading's anchor takes -1, -2, ... as on GitHub.
            anchors.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
            seen[slug] = seen.get(slug, 0) + 1
    links = set(re.findall(r"\]\(#([^)\s]+)\)", text))
    assert links, "the README links to none of its sections"
    assert sorted(links - anchors) == []
