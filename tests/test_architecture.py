"""The package's layering holds: data flows one way, and the model folder
(``store``) depends on nothing above it. docs/architecture.md draws the same
layers; a new module must be placed in one of them here."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "classify"

# Lowest first. A module may import modules of its own layer or below,
# at the top of the file or inside a function alike.
LAYERS: list[tuple[str, set[str]]] = [
    (
        "foundation",
        {"errors", "schema", "dates", "tables", "text", "evaluation", "quantify", "quiet"}
        | {"places"},
    ),
    ("tasks", {"tasks", "task_files"}),
    (
        "readers and units",
        {"articles", "columns", "exports", "quotes", "units", "corpus", "memory"},
    ),
    ("data", {"data", "targets", "semi", "pooling"}),
    ("models", {"models", "embed_cache", "onnx_encoder"}),
    ("model folder", {"store"}),
    ("training and prediction", {"config", "training", "predicting", "engines", "analysis"}),
    ("reports", {"reports", "analysis_report", "annotation_report"}),
    (
        "workflows",
        {"api", "experiments", "annotation", "active", "audit", "rules", "agreement"},
    ),
    ("command line", {"cli", "cli_annotate", "cli_options", "__main__", ""}),
]


def _layer_of(module: str) -> int:
    top = module.split(".")[1] if "." in module else ""
    for i, (_, names) in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"classify.{top or module} is in no layer of tests/test_architecture.py")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path, name: str | None = None) -> set[str]:
    """Every ``classify`` module imported anywhere in the file; ``name`` is
    the module's dotted name (from its path by default)."""
    name = name or _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "classify"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target == "classify":
                found |= {f"classify.{a.name}" for a in node.names}
            elif target.split(".")[0] == "classify":
                found.add(target)
    return found - {name}


MODULES = sorted(ROOT.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    for path in MODULES:
        _layer_of(_module_name(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_imports_go_down_the_layers(path: Path) -> None:
    here = _module_name(path)
    mine = _layer_of(here)
    upward = [
        f"{target} ({LAYERS[_layer_of(target)][0]})"
        for target in sorted(_imports(path))
        if target != "classify" and _layer_of(target) > mine
    ]
    assert not upward, f"{here} ({LAYERS[mine][0]}) imports from above: {', '.join(upward)}"


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    source = (ROOT / "store.py").read_text(encoding="utf-8")
    bad = tmp_path / "store.py"
    bad.write_text(source + "\ndef _f():\n    from . import training\n", encoding="utf-8")
    assert "classify.training" not in _imports(ROOT / "store.py")
    found = _imports(bad, "classify.store")
    assert "classify.training" in found
    assert _layer_of("classify.training") > _layer_of("classify.store")


def test_loading_the_model_folder_imports_nothing_above_it() -> None:
    code = (
        "import sys, classify.store, classify.tasks, classify.config;"
        "bad = [m for m in ('classify.training', 'classify.reports', 'classify.api',"
        " 'classify.experiments') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_building_a_dataset_prints_no_third_party_bars(tmp_path, capsys) -> None:
    """datasets' "Saving the dataset (1/1 shards)" bar stays out of our output."""
    from cli_runner import run_cli

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    out = tmp_path / "ds"
    args = ["dataset", "build", str(seeds), "--annotations", str(seeds / "annotations.jsonl")]
    result = run_cli(capsys, *args, "--out", str(out), "--split", "random", "--unit", "sentence")
    assert result.code == 0, result.err
    assert (out / "dataset_dict.json").is_file()
    for stream in (result.out, result.err):
        assert "Saving the dataset" not in stream
        assert "examples/s" not in stream


def test_python_next_to_a_clone_named_classify_imports_the_package(tmp_path) -> None:
    """The clone's parent folder on sys.path first (Python started there)
    still imports the real package, not an empty namespace."""
    repo = Path(__file__).resolve().parents[1]
    (tmp_path / "classify").symlink_to(repo, target_is_directory=True)
    code = (
        "import classify, classify.store; "
        "print(callable(classify.load_model), classify.store.__file__, classify.__version__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    loadable, store_file, version = out.stdout.split()
    assert loadable == "True"
    assert Path(store_file).resolve() == (repo / "classify" / "store.py").resolve()
    assert version.count(".") == 2


def test_the_readmes_links_to_files_resolve() -> None:
    """Every relative link in README.md and docs/ names a file in the
    repository (the annotation guidelines the README links are here)."""
    import re

    repo = Path(__file__).resolve().parents[1]
    pages = [repo / "README.md", *sorted((repo / "docs").glob("*.md"))]
    assert (repo / "docs" / "annotation-guidelines.md") in pages
    missing = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (page.parent / target).exists():
                missing.append(f"{page.name}: {target}")
    assert not missing, missing
