"""Stop 64: fixes from the reviews and the left-alone list, each on inputs
written here."""

from __future__ import annotations

import shutil

import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

from classify.store import load_model


@pytest.fixture(scope="module")
def topic_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("stop64")
    data = write_jsonl(root / "train.jsonl", labelled_rows())
    return train_tfidf("topic", data, root / "topic")


def test_a_data_path_missing_at_run_time_is_named_with_its_line(tmp_path, capsys):
    """Left alone in stop 63: an experiment's `data:` that does not exist was
    refused without the line the key is on."""
    exp = tmp_path / "exp.yaml"
    exp.write_text(
        "name: t\n"
        "# the labelled news\n"
        "data: nowhere/dev.jsonl\n"
        "models:\n  - {config: topic-tfidf}\n"
        "protocols:\n  - {name: r, split: random}\n"
    )
    result = run_cli(capsys, "experiment", "run", exp)
    assert result.code == 1
    assert result.err.strip() == (
        f"error: {exp}:line 3: key 'data': file not found ({tmp_path / 'nowhere/dev.jsonl'})"
    )


@pytest.mark.parametrize(
    "planted", [["extra.pkl"], ["weights/pytorch_model.bin", "head.joblib", "w/x.PT", "a.ckpt"]]
)
def test_pickles_in_a_model_folder_are_named_and_never_loaded(
    topic_model, tmp_path, planted, recwarn
):
    """Left alone in stop 63: a planted `extra.pkl` was never run, but loading
    did not say it was there."""
    folder = tmp_path / "model"
    shutil.copytree(topic_model, folder)
    for name in planted:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        # Not a pickle at all: loading it would raise, so a clean load shows
        # that it was never opened.
        (folder / name).write_bytes(b"not a pickle")
    before = load_model(topic_model).predict_proba(["The EU imposed new sanctions."])
    model = load_model(folder)
    said = [str(w.message) for w in recwarn if "pickle" in str(w.message)]
    assert len(said) == 1
    n = len(planted)
    assert f"{n} pickle file{'s' if n > 1 else ''} that classify never loads" in said[0]
    for name in sorted(planted)[:3]:
        assert name in said[0]
    if n > 3:
        assert "and 1 more" in said[0]
    assert model.predict_proba(["The EU imposed new sanctions."]).equals(before)


def test_a_clean_model_folder_loads_without_a_pickle_warning(topic_model, recwarn):
    load_model(topic_model)
    assert not [w for w in recwarn if "pickle" in str(w.message)]
