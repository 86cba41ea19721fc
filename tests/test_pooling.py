"""Long units scored by their sentences as well as whole (classify.pooling)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_roundtrip import STANCE_CFG, TOPIC_CFG, write_items

import classify
from classify import api
from classify.errors import ClassifyError
from classify.pooling import LongUnitConfig, score_long_units

LABELS = ["favour", "against", "neutral"]
FILLER = "The delegation thanks the President of the Assembly for his able leadership. "


def fake_stance(texts):
    """Favour where a text mentions lifting, neutral otherwise."""
    out = []
    for t in texts:
        out.append([0.9, 0.05, 0.05] if "lift" in t else [0.05, 0.05, 0.9])
    return np.array(out)


def test_short_units_are_scored_whole():
    settings = LongUnitConfig(split="sentences", min_words=60, background="neutral")
    texts = ["We call for lifting the embargo. It is time."]
    got = score_long_units(fake_stance, texts, multilabel=False, labels=LABELS, settings=settings)
    np.testing.assert_allclose(got, fake_stance(texts))


def test_long_unit_takes_its_strongest_sentence():
    long = FILLER * 8 + "We call for lifting the embargo without delay."
    settings = LongUnitConfig(split="sentences", min_words=60, background="neutral")
    whole = fake_stance([long])[0]
    got = score_long_units(fake_stance, [long], multilabel=False, labels=LABELS, settings=settings)
    # Average of the whole reading and the favour sentence.
    np.testing.assert_allclose(got[0], (whole + np.array([0.9, 0.05, 0.05])) / 2)
    off = score_long_units(
        fake_stance, [long], multilabel=False, labels=LABELS, settings=LongUnitConfig()
    )
    np.testing.assert_allclose(off[0], whole)


def test_multilabel_pools_the_highest_sentence_per_label():
    def fake_topics(texts):
        return np.array([[0.9 if "sanction" in t else 0.1, 0.2] for t in texts])

    long = FILLER * 8 + "New sanctions were imposed."
    settings = {"split": "sentences", "min_words": 20}
    got = score_long_units(
        fake_topics, [long], multilabel=True, labels=["sanctions", "other"], settings=settings
    )
    np.testing.assert_allclose(got[0], [(0.9 + 0.9) / 2, 0.2])


def test_background_must_be_a_label():
    with pytest.raises(ValueError, match="background"):
        score_long_units(
            fake_stance,
            [FILLER * 10],
            multilabel=False,
            labels=LABELS,
            settings=LongUnitConfig(split="sentences", background="none", min_words=5),
        )
    with pytest.raises(ClassifyError, match=r"long_units\.background"):
        api.load_config(STANCE_CFG, {"long_units.background": "nope"})


@pytest.mark.parametrize("config", [TOPIC_CFG, STANCE_CFG], ids=["topic", "stance"])
def test_setting_travels_with_the_model_folder(tmp_path, config):
    data = write_items(tmp_path / "train.jsonl")
    overrides = {"long_units.split": "sentences", "long_units.min_words": 20}
    if "stance" in config.name:
        overrides["long_units.background"] = "neutral"
    result = api.train(config, data=data, cv=2, out=tmp_path / "m", overrides=overrides)
    info = json.loads((tmp_path / "m" / "model.json").read_text())
    assert info["long_units"]["split"] == "sentences"
    card = " ".join((tmp_path / "m" / "README.md").read_text().split())
    pooled = "highest sentence probability" if "topic" in config.name else "least likely `neutral`"
    assert "Units of 20 words or more are also scored by their sentences" in card
    assert pooled in card
    long = [FILLER * 4 + "The European Union imposes new sanctions and an asset freeze."]
    loaded = classify.load_model(tmp_path / "m")
    np.testing.assert_allclose(loaded.predict_scores(long), result.model.predict_scores(long))
    whole = loaded.model.predict_proba(long)
    assert not np.allclose(loaded.predict_scores(long), whole)


def test_train_summary_says_how_long_units_are_scored(tmp_path, capsys):
    from cli_runner import run_cli

    data = write_items(tmp_path / "train.jsonl")
    args = ["train", TOPIC_CFG, "--data", data, "--cv", "2", "--out", tmp_path / "m"]
    r = run_cli(capsys, *args, "--set", "long_units.split=sentences", "--no-refit")
    assert r.code == 0, r.err
    out = " ".join(r.out.split())
    assert "long units: 60 words or more are also scored by their sentences" in out
    assert "--no-refit has no effect with --cv" in " ".join(r.err.split())  # a warning
    assert "asked for more folds" not in out + r.err
    r = run_cli(capsys, "train", TOPIC_CFG, "--data", data, "--cv", "500", "--out", tmp_path / "n")
    assert r.code == 0, r.err
    evaluated = json.loads((tmp_path / "n" / "metrics.json").read_text())["evaluation"]
    folds = evaluated["folds"]
    assert folds < 500 and evaluated["cv_asked"] == 500
    # A warning (stderr), as train says it in Python too.
    assert f"500 folds asked for, more than there are article groups; ran {folds} folds" in (
        " ".join(r.err.split())
    )


def test_single_label_sentence_pooling_needs_a_background_label():
    with pytest.raises(ClassifyError, match=r"long_units\.background"):
        api.load_config(STANCE_CFG, {"long_units.split": "sentences"})
    api.load_config(TOPIC_CFG, {"long_units.split": "sentences"})


def test_a_saved_stance_model_reads_a_long_article_by_its_least_neutral_sentence(tmp_path):
    from classify.pooling import LONG_TEXT_WORDS

    data = write_items(tmp_path / "train.jsonl")
    api.train(STANCE_CFG, data=data, cv=2, out=tmp_path / "m")
    card = " ".join((tmp_path / "m" / "README.md").read_text().split())
    assert f"Texts of more than {LONG_TEXT_WORDS} words" in card
    assert "sentence least likely `neutral`" in card
    model = classify.load_model(tmp_path / "m")
    passage = "The European Union imposes new sanctions and an asset freeze."
    article = FILLER * 20 + passage
    assert len(article.split()) > LONG_TEXT_WORDS
    whole = model.model.predict_proba([article])[0]
    alone = model.predict_scores([passage])[0]
    got = model.predict_scores([article])[0]
    neutral = list(model.labels).index("neutral")
    # The filler dilutes the passage read whole; its own sentence decides,
    # a filler sentence read as favour raising favour beside it (stop 63:
    # sided_parts, so that a passage counts whichever sentence is least neutral).
    assert alone[neutral] < whole[neutral]
    against = list(model.labels).index("against")
    # The passage's own against and neutral stand in its proportion.
    assert got[against] / got[neutral] == pytest.approx(alone[against] / alone[neutral])
    assert got[against] > 0.5 > whole[against] and got.sum() == pytest.approx(1)
    assert model.predict([article]) == ["against"]
    # Predictions say which sentence decided (review 31b).
    texts = tmp_path / "texts.jsonl"
    texts.write_text(
        "".join(
            json.dumps({"id": i, "text": t}) + "\n" for i, t in (("a", article), ("b", passage))
        )
    )
    api.predict(tmp_path / "m", texts, out=tmp_path / "p.jsonl")
    rows = {r["id"]: r for r in map(json.loads, (tmp_path / "p.jsonl").read_text().splitlines())}
    assert (rows["a"]["read"], rows["a"]["read_sentence"]) in (("sentence", 21), ("sentences", 21))
    assert (rows["b"]["read"], rows["b"]["read_sentence"]) == ("whole", None)
    assert isinstance(rows["a"]["read_sentence"], int)  # not 21.0 (review 31e)
    api.predict(tmp_path / "m", texts, out=tmp_path / "p.csv")
    csv_rows = (tmp_path / "p.csv").read_text().splitlines()
    column = csv_rows[0].split(",").index("read_sentence")
    assert [r.split(",")[column] for r in csv_rows[1:]] == ["21", ""]


def test_readings_say_how_each_text_was_read():
    def stance(texts):
        # Favour for a short text about lifting; a long one reads neutral.
        return np.array(
            [
                [0.9, 0.05, 0.05] if "lift" in t and len(t.split()) < 30 else [0.05, 0.05, 0.9]
                for t in texts
            ]
        )

    short = "We call for lifting the embargo. It is time."
    unit = FILLER * 8 + "We call for lifting the embargo without delay."
    article = FILLER * 30 + "We call for lifting the embargo without delay."
    texts = [short, unit, article]
    assert len(unit.split()) < 200 < len(article.split())
    read: list = []
    score_long_units(stance, texts, multilabel=False, labels=LABELS, settings=None, readings=read)
    assert read == [
        {"read": "whole"},
        {"read": "whole"},
        {"read": "sentence", "sentence": 31, "sentences": 31},
    ]
    settings = LongUnitConfig(split="sentences", min_words=60, background="neutral")
    read = []
    score_long_units(
        stance, texts, multilabel=False, labels=LABELS, settings=settings, readings=read
    )
    assert read == [
        {"read": "whole"},
        {"read": "sentences", "sentence": 9, "sentences": 9},
        {"read": "sentence", "sentence": 31, "sentences": 31},
    ]

    def topics(texts):
        return np.array(
            [[0.9 if "sanction" in t and len(t.split()) < 30 else 0.1, 0.2] for t in texts]
        )

    read = []
    long = FILLER * 30 + "New sanctions were imposed."
    score_long_units(
        topics, [long, FILLER * 30], multilabel=True, labels=["sanctions", "other"],
        settings=None, readings=read,
    )  # fmt: skip
    assert read == [{"read": "sentences", "sentences": 31}, {"read": "whole"}]


def test_articles_under_the_long_units_setting_still_take_their_strongest_sentence():
    article = FILLER * 20 + "We call for lifting the embargo without delay."
    assert len(article.split()) > 200
    settings = LongUnitConfig(split="sentences", min_words=60, background="neutral")
    got = score_long_units(
        fake_stance, [article], multilabel=False, labels=LABELS, settings=settings
    )
    # Averaged with the whole reading the sentence would count half; an
    # article's one favour sentence is what it says.
    np.testing.assert_allclose(got[0], [0.9, 0.05, 0.05])
    off = LongUnitConfig(split="sentences", min_words=60, background="neutral", long_text_words=0)
    averaged = score_long_units(
        fake_stance, [article], multilabel=False, labels=LABELS, settings=off
    )
    np.testing.assert_allclose(averaged[0], (fake_stance([article])[0] + [0.9, 0.05, 0.05]) / 2)


def test_background_labels_are_found_in_any_case_and_can_be_named():
    from classify.pooling import background_label

    assert background_label(["FAVOR", "AGAINST", "NONE"]) == 2
    assert background_label(["Favour", "Neutral", "Against"]) == 1
    assert background_label(["FAVOR", "AGAINST"]) is None
    assert background_label(["FAVOR", "AGAINST", "UNRELATED"], "UNRELATED") == 2
    article = [FILLER * 20 + "We call for lifting the embargo without delay."]
    upper = ["FAVOR", "AGAINST", "NONE"]
    got = score_long_units(fake_stance, article, multilabel=False, labels=upper, settings=None)
    np.testing.assert_allclose(got[0], [0.9, 0.05, 0.05])


def test_long_text_words_sets_or_turns_off_the_article_reading(tmp_path):
    article = [FILLER * 20 + "We call for lifting the embargo without delay."]
    whole = fake_stance(article)
    off = score_long_units(
        fake_stance, article, multilabel=False, labels=LABELS, settings={"long_text_words": 0}
    )
    np.testing.assert_allclose(off, whole)
    lower = score_long_units(
        fake_stance,
        [FILLER * 3 + "We call for lifting it."],
        multilabel=False,
        labels=LABELS,
        settings={"long_text_words": 20},
    )
    np.testing.assert_allclose(lower[0], [0.9, 0.05, 0.05])
    with pytest.raises(ClassifyError, match=r"long_units\.long_text_words.*>= 0"):
        api.load_config(STANCE_CFG, {"long_units.long_text_words": -1})
    # The default leaves a config's hash (experiment cell keys) as it was.
    assert "long_text_words" not in api.load_config(STANCE_CFG).to_dict()["long_units"]
    cfg = api.load_config(STANCE_CFG, {"long_units.long_text_words": 0})
    assert cfg.to_dict()["long_units"]["long_text_words"] == 0
    data = write_items(tmp_path / "train.jsonl")
    api.train(
        STANCE_CFG, data=data, cv=2, out=tmp_path / "m", overrides={"long_units.long_text_words": 0}
    )
    card = " ".join((tmp_path / "m" / "README.md").read_text().split())
    assert "Texts of any length are read whole" in card
    model = classify.load_model(tmp_path / "m")
    np.testing.assert_allclose(model.predict_scores(article), model.model.predict_proba(article))


def test_the_card_says_why_a_task_without_a_background_label_reads_articles_whole():
    from classify.reports import _long_text_note

    lines = " ".join(_long_text_note("multiclass", ["FAVOR", "AGAINST"], None))
    assert "read whole" in lines and "long_units.background" in lines
    named = " ".join(_long_text_note("multiclass", ["FAVOR", "AGAINST", "NONE"], {}))
    assert "least likely `NONE`" in named


def test_a_named_background_label_is_matched_in_any_case():
    cfg = api.load_config(STANCE_CFG, {"long_units.background": "NEUTRAL"})
    assert cfg.long_units.background == "neutral"


def test_an_invalid_override_says_it_did_not_come_from_the_file(capsys):
    from cli_runner import run_cli

    with pytest.raises(
        ClassifyError, match=r"long_text_words.*given in overrides, not in the file"
    ):
        api.load_config(STANCE_CFG, {"long_units.long_text_words": -5})
    r = run_cli(capsys, "train", STANCE_CFG, "--set", "long_units.long_text_words=-5")
    assert r.code != 0 and "Traceback" not in r.err
    assert "given on the command line, not in the file" in " ".join((r.out + r.err).split())
