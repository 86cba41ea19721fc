"""The quickstart notebook runs top to bottom, so it cannot rot."""

from __future__ import annotations

import nbformat
import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "experiments" / "notebooks" / "quickstart.ipynb"


def test_quickstart_notebook_executes(tmp_path, monkeypatch):
    pytest.importorskip("ipykernel")
    from nbclient import NotebookClient

    # The notebook builds its models in a scratch folder, not in runs/.
    monkeypatch.setenv("CLASSIFY_QUICKSTART_RUN", str(tmp_path / "run"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "Trump envoy tells Belarus" in text and "p10" in text
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert images, "the probability plot did not render"
    tables = [o for o in outputs if "text/html" in o.get("data", {})]
    assert any("macro-F1" in o["data"]["text/html"] for o in tables)
    assert (tmp_path / "run" / "stance-tfidf" / "model.json").is_file()
