"""Review fixes to ``classify analyse``: figures for one group and for
categories, countries from datelines, intervals that contain their estimate
and do not read as certainty at the boundary, and predict's article rows and
kept columns."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from cli_runner import run_cli
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

import classify
from classify import analysis
from classify.analysis import Validation, group_keys, interval, prevalence_table, unplaced
from classify.analysis_report import MAX_GROUPS, _headroom, plot_series, plotted_groups
from classify.errors import ClassifyError
from classify.places import country_of

from conftest import ROOT

BLUE = np.array([76, 114, 176])


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("review")
    data = write_jsonl(root / "train.jsonl", labelled_rows())
    return train_tfidf("stance", data, root / "stance")


def _predictions(path, n, seed=0, **meta):
    """A stance predictions CSV of ``n`` units, two per article, with the
    metadata columns given (a value or one per unit)."""
    rng = np.random.default_rng(seed)
    p = rng.dirichlet([2, 1, 1], n)
    frame = pd.DataFrame(
        {
            "p_favour": p[:, 0],
            "p_against": p[:, 1],
            "p_neutral": p[:, 2],
            "article_id": [f"a{i // 2}" for i in range(n)],
        }
    )
    for key, value in meta.items():
        frame[key] = value
    frame.to_csv(path, index=False)
    return path


def _blue_pixels(png_path) -> int:
    from PIL import Image

    img = np.asarray(Image.open(png_path).convert("RGB")).astype(int)
    return int((np.abs(img - BLUE).sum(axis=2) < 40).sum())


# -- 1. figures -------------------------------------------------------------------


def test_plotted_groups_time_categories_cap_and_notes():
    def table(groups, sizes):
        return pd.DataFrame({"task": "t", "group": groups, "n_units": sizes})

    timed, groups, note = plotted_groups(
        table(["2020-03", "2020-01", "(unknown)", "2020 (no month)"], [5, 9, 2, 3]), "t", "month"
    )
    assert timed and groups == ["2020-01", "2020-03"]
    assert "(unknown) (2 units)" in note and "2020 (no month) (3 units)" in note
    # One period is a point, not a line; categories keep (unknown), largest first.
    assert plotted_groups(table(["2020-08"], [10]), "t", "month")[:2] == (False, ["2020-08"])
    timed, groups, note = plotted_groups(
        table(["Biden", "(unknown)", "Merkel"], [3, 8, 5]), "t", "speaker"
    )
    assert not timed and groups == ["(unknown)", "Merkel", "Biden"] and note is None
    many = [f"s{i:02d}" for i in range(MAX_GROUPS + 5)]
    _, groups, note = plotted_groups(table(many, range(len(many), 0, -1)), "t", "speaker")
    assert groups == many[:MAX_GROUPS]
    assert f"the {MAX_GROUPS} largest of {MAX_GROUPS + 5} groups" in note and "5 smaller" in note
    # Headroom above a share near 1, but never far beyond 1.
    assert 0.968 + 0.03 <= _headroom(np.array([0.2, 0.968])) <= 1.05


def test_single_month_is_drawn_as_a_point_with_whiskers(stance_model, tmp_path):
    preds = _predictions(tmp_path / "p.csv", 10, date="2020-08-14")
    table = classify.analyse(
        [stance_model], predictions=[preds], by="month", n_bootstrap=40, min_units=3,
        min_articles=1,
    )  # fmt: skip
    png = tmp_path / "s.png"
    png.write_bytes(plot_series(table, "stance", "month", "pacc"))
    # Markers and whiskers in three panels, not a dot on a 200-year axis.
    assert _blue_pixels(png) > 150


def test_speaker_report_in_chromium_shows_every_group(stance_model, tmp_path):
    from PIL import Image
    from test_reports import _chromium, _run_chromium

    speakers = ["Lukashenko"] * 40 + ["Biden"] * 24 + [None] * 20 + ["Merkel"] * 4
    # Predictions of quotations, as predict --unit quote writes them.
    preds = _predictions(tmp_path / "q.csv", len(speakers), speaker=speakers, level="quote")
    out = tmp_path / "r"
    classify.analyse(
        [stance_model], predictions=[preds], by="speaker", n_bootstrap=40, min_units=10, out=out
    )
    md = (out / "report.md").read_text()
    assert "![stance share stacked by speaker](stance-stacked.png)" in md
    for name in ("Lukashenko", "Biden", "(unknown)", "Merkel"):
        assert f"| {name} |" in md
    # How many quotations found no speaker is said (review 25i).
    assert "20 of 88 quotations have no speaker and are grouped as (unknown)" in md
    assert _blue_pixels(out / "stance-series.png") > 400
    # The stacked bars: one per group, the small one paler.
    bars = np.asarray(Image.open(out / "stance-stacked.png").convert("RGB")).astype(int)
    green = (np.abs(bars - [85, 168, 104]).sum(axis=2) < 40).any(axis=1)
    runs = np.flatnonzero(np.diff(green.astype(int)) == 1)
    assert len(runs) >= 3  # bars of the three trusted groups (the pale one differs)
    binary = _chromium()
    if binary is None:
        pytest.skip("no Chromium binary on PATH; install it with `apt-get install -y chromium`")
    shot = tmp_path / "shot.png"
    res = _run_chromium(
        binary, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,2000",
        (out / "report.html").as_uri(),
    )  # fmt: skip
    assert shot.exists(), res.stderr[-2000:]
    assert _blue_pixels(shot) > 400, "the dot plot did not render"


# -- 2. countries from datelines ---------------------------------------------------


@pytest.mark.parametrize(
    ("place", "country"),
    [
        ("MINSK", "Belarus"),
        ("SÃO PAULO", "Brazil"),
        ("WASHINGTON", "United States"),
        ("KYIV", "Ukraine"),
        ("KIEV", "Ukraine"),
        ("NEW YORK", "United States"),
        ("UNITED NATIONS", "United States"),
        ("BRUSSELS", "Belgium"),
        ("VILNIUS", "Lithuania"),
        ("UKRAINE", "Ukraine"),
        ("SPRINGFIELD, Illinois", "United States"),
        ("SPRINGFIELD, Ill.", "United States"),
        ("TBILISI, Georgia", "Georgia"),
        ("ATLANTA, Georgia", "United States"),
        ("SOMEWHERE-UNHEARD-OF", None),
        ("", None),
    ],
)
def test_country_of_dateline_places(place, country):
    assert country_of(place) == country


def test_country_grouping_reports_unplaced_datelines(stance_model, tmp_path, capsys):
    datelines = ["MINSK", "KYIV", "KIEV", "XYZZYVILLE", None, "WASHINGTON"] * 4
    frame = pd.DataFrame({"dateline": datelines})
    keys = group_keys(frame, "country")
    assert keys[:6] == ["Belarus", "Ukraine", "Ukraine", "(unknown)", "(unknown)", "United States"]
    assert unplaced(frame, keys) == {"XYZZYVILLE": 4, "": 4}
    assert group_keys(frame, "dateline")[:4] == ["MINSK", "KYIV", "KIEV", "XYZZYVILLE"]
    # A country column, where there is one, wins.
    assert group_keys(frame.assign(country="Cuba"), "country")[0] == "Cuba"
    # Rows without a country of their own are placed by their dateline, and
    # those it cannot place are still reported (review 24h).
    mixed = frame.assign(country=["Cuba", "", "", "", "", ""] * 4)
    keys = group_keys(mixed, "country")
    assert keys[:6] == ["Cuba", "Ukraine", "Ukraine", "(unknown)", "(unknown)", "United States"]
    assert unplaced(mixed, keys) == {"XYZZYVILLE": 4, "": 4}
    preds = _predictions(tmp_path / "d.csv", len(datelines), dateline=datelines)
    with pytest.warns(UserWarning, match="8 units grouped as .unknown. country.*XYZZYVILLE .4."):
        table = classify.analyse([stance_model], predictions=[preds], by="country", n_bootstrap=0)
    assert set(table["group"]) == {"Belarus", "Ukraine", "United States", "(unknown)"}
    r = run_cli(
        capsys, "analyse", stance_model, "--predictions", preds, "--by", "country",
        "--out", tmp_path / "out", "--bootstrap", "10",
    )  # fmt: skip
    assert r.code == 0, r.err
    assert "8 units grouped as (unknown) country" in r.out and "4 with no dateline" in r.out
    assert "XYZZYVILLE (4)" in (tmp_path / "out" / "report.md").read_text()
    # A row without a country of its own is placed by its dateline.
    mixed = pd.DataFrame({"country": ["Cuba", None, ""], "dateline": ["MINSK", "KYIV", None]})
    assert group_keys(mixed, "country") == ["Cuba", "Ukraine", "(unknown)"]


def test_a_corpus_table_with_country_and_speaker_columns(stance_model, tmp_path):
    # UN speeches as a table: the country and speaker columns group them,
    # without --keep-columns and without datelines.
    corpus = tmp_path / "ungd.csv"
    corpus.write_text(
        "id,country,speaker,text\n"
        "a,Belarus,Ryzhenkov,We stand ready for dialogue with all partners.\n"
        "b,Lithuania,Nauseda,We call for the release of all political prisoners.\n"
        "c,Belarus,Ryzhenkov,Unilateral coercive measures must be lifted.\n"
    )
    table = classify.analyse([stance_model], corpus, by="country", n_bootstrap=0, min_units=1)
    assert set(table["group"]) == {"Belarus", "Lithuania"}
    table = classify.analyse([stance_model], corpus, by="speaker", n_bootstrap=0, min_units=1)
    assert set(table["group"]) == {"Ryzhenkov", "Nauseda"}
    # A row without a country of its own is named as such, not as missing a
    # dateline (a table has none; review 25e).
    corpus.write_text(corpus.read_text() + "d,,Someone,Dialogue is the only way forward.\n")
    with pytest.warns(UserWarning) as caught:
        table = classify.analyse([stance_model], corpus, by="country", n_bootstrap=0, min_units=1)
    notes = [str(w.message) for w in caught if "(unknown) country" in str(w.message)]
    assert notes == [
        "1 unit grouped as (unknown) country: 1 with an empty country cell and no dateline."
    ]


# -- 3 and 4. intervals -------------------------------------------------------------


def test_replicates_of_the_full_sample_equal_the_point_estimate():
    # With every unit weighted once, each bootstrap replicate is the full
    # sample: all methods, EM near the boundary included, must then give
    # the point estimate (a looser EM tolerance for the replicates did not).
    rng = np.random.default_rng(4)
    k = 2
    v_true = rng.integers(0, k, 400)
    v_proba = np.clip(np.eye(k)[v_true] * 0.7 + rng.random((400, k)) * 0.3, 0, None)
    v_proba /= v_proba.sum(axis=1, keepdims=True)
    v_pred = v_proba.argmax(axis=1)
    # Posteriors whose mean likelihood ratio is just below 1: EM creeps
    # towards a share of 0 and stops wherever its tolerance says.
    p1 = np.r_[np.full(26, 0.25), np.full(34, 0.6)]
    p = np.column_stack([1 - p1, p1])
    pred = p.argmax(axis=1)
    out = analysis._estimates(
        ["naive", "acc", "pacc", "em"], pred, p, v_true, v_pred, v_proba, k,
        np.ones((3, 60)), np.ones((3, 400)),
    )  # fmt: skip
    assert out["em"][0][1] < 1e-2
    for method, (point, boot, _) in out.items():
        np.testing.assert_allclose(boot, np.broadcast_to(point, boot.shape), atol=1e-9), method


def test_interval_contains_the_estimate_and_is_not_zero_width_at_the_boundary():
    rng = np.random.default_rng(5)
    # A skewed bootstrap distribution beside the estimate: widened to it.
    low, high, edge = interval(7.2e-7, rng.uniform(4.4e-6, 3.7e-5, 200))
    assert low <= 7.2e-7 <= high and not edge
    # Constrained replicates at 0, unconstrained ones straddling it: [0, u],
    # u at least the half-width of their interval.
    raw = np.r_[rng.normal(-0.01, 0.005, 120), rng.uniform(0, 0.06, 80)]
    low, high, edge = interval(0.0, np.clip(raw, 0, 1), raw)
    assert edge and low == 0 and high == pytest.approx(np.percentile(raw, 97.5))
    raw = rng.normal(-0.005, 0.02, 200)
    low, high, edge = interval(0.0, np.clip(raw, 0, 1), raw)
    assert edge and low == 0 and high == pytest.approx(np.ptp(np.percentile(raw, [2.5, 97.5])) / 2)
    # Every unconstrained replicate below 0: half the width of their interval.
    raw = rng.normal(-0.2, 0.02, 200)
    low, high, edge = interval(0.0, np.zeros(200), raw)
    assert edge and low == 0
    assert high == pytest.approx(np.ptp(np.percentile(raw, [2.5, 97.5])) / 2)
    # The same at 1.
    low, high, edge = interval(1.0, np.ones(200), 1 - raw)
    radius = np.ptp(np.percentile(1 - raw, [2.5, 97.5])) / 2
    assert edge and high == 1 and low == pytest.approx(1 - radius)
    # Not at the boundary: the plain percentile interval.
    boot = rng.normal(0.3, 0.02, 200)
    assert interval(0.3, boot, boot) == (*np.percentile(boot, [2.5, 97.5]), False)


def _binary_boundary_table(naive_share: float, n_bootstrap: int = 100):
    """One topic label whose classifier fires on 10% of the negatives; a
    group whose observed share is ``naive_share``."""
    rng = np.random.default_rng(6)
    y = (rng.random(2000) < 0.3).astype(int)
    fire = np.where(y == 1, rng.random(2000) < 0.9, rng.random(2000) < 0.1)
    v_proba = np.where(fire, 0.8, 0.2)
    n = 400
    pred = (np.arange(n) < naive_share * n).astype(int)
    return pd.DataFrame(
        prevalence_table(
            task="topic",
            labels=["sanctions"],
            multilabel=True,
            decided=pred[:, None],
            proba=np.where(pred, 0.8, 0.2)[:, None],
            groups=["2020"] * n,
            clusters=[f"a{i}" for i in range(n)],
            validation=Validation(y[:, None], fire[:, None].astype(int), v_proba[:, None]),
            n_bootstrap=n_bootstrap,
        )
    ).set_index("method")


def test_acc_and_pacc_at_zero_are_flagged_with_an_honest_interval(tmp_path):
    table = _binary_boundary_table(0.04)
    assert table.loc["naive", "estimate"] == pytest.approx(0.04)
    for method in ("acc", "pacc"):
        row = table.loc[method]
        assert row["estimate"] == 0 and row["at_boundary"]
        assert row["ci_low"] == 0 and row["ci_high"] > 0.005
    assert not table.loc["naive", "at_boundary"]
    # EM reads the posteriors recalibrated on the held-out units (EMQ-BCTS),
    # so it finds what ACC and PACC find: a share at 0, flagged.
    em = table.loc["em"]
    assert em["estimate"] < 1e-3 and em["at_boundary"] and em["ci_high"] > 0.005
    assert (table["ci_low"] <= table["estimate"]).all()
    assert (table["estimate"] <= table["ci_high"]).all()
    # Far from the boundary nothing is flagged.
    assert not _binary_boundary_table(0.3)["at_boundary"].any()
    # The report marks the cell and says what it means.
    from classify.analysis_report import write_analysis_report

    report = table.reset_index()
    write_analysis_report(
        report, tmp_path, by="year", headline="pacc", models={"topic": "m"},
        multilabel={"topic": True}, min_units=30,
    )  # fmt: skip
    md = (tmp_path / "report.md").read_text()
    assert "0.000 [0.00, " in md and "(at bound)" in md
    assert "classifier's own error rates explain the observed share" in md
    assert "naive share 0.040" in md


def test_multiclass_share_far_below_its_error_rate_is_flagged():
    rng = np.random.default_rng(7)
    k, labels = 3, ["favour", "against", "neutral"]
    y_val = rng.integers(0, k, 1500)
    v_pred = y_val.copy()
    flip = (rng.random(1500) < 0.3) & (y_val != 0)
    v_pred[flip] = 0  # 30% of the others predicted favour
    proba = np.eye(k)[v_pred] * 0.8 + 0.2 / 3
    # A group with no favour at all, and fewer predicted favour than the
    # error rate alone produces.
    y = rng.choice([1, 2], 300)
    pred = y.copy()
    pred[rng.random(300) < 0.05] = 0
    rows = prevalence_table(
        task="stance", labels=labels, multilabel=False, decided=np.eye(k)[pred],
        proba=np.eye(k)[pred] * 0.8 + 0.2 / 3, groups=["g"] * 300,
        clusters=[str(i) for i in range(300)],
        validation=Validation(np.eye(k)[y_val], np.eye(k)[v_pred], proba), n_bootstrap=80,
    )  # fmt: skip
    table = pd.DataFrame(rows).set_index(["method", "label"])
    for method in ("acc", "pacc"):
        row = table.loc[(method, "favour")]
        # 0, not the solver's round-off (review 26c: 1.1e-16 in the CSV).
        assert row["estimate"] == 0 and row["at_boundary"]
        assert row["ci_low"] == 0 and row["ci_high"] > 0
        assert not table.loc[(method, "against"), "at_boundary"]
    sums = pd.DataFrame(rows).groupby("method")["estimate"].sum()
    np.testing.assert_allclose(sums, 1.0, atol=1e-6)


# -- 5. predict: article rows and kept columns --------------------------------------


def test_article_rows_count_units_as_integers(stance_model, tmp_path, capsys):
    from conftest import SEEDS

    for suffix in ("csv", "parquet"):
        out = tmp_path / f"a.{suffix}"
        r = run_cli(capsys, "predict", stance_model, SEEDS, "--level", "article", "--out", out)
        assert r.code == 0, r.err
        if suffix == "csv":
            header = out.read_text().splitlines()[0]
            assert "n_units" in header
            frame = pd.read_csv(out)
        else:
            frame = pd.read_parquet(out)
        assert pd.api.types.is_integer_dtype(frame["n_units"]) and frame["n_units"].min() >= 1
    # analyse at article level says its correction rests on unit-level error
    # rates (review 25i); at unit level it says nothing of the kind.
    for level, said in ((["--level", "article"], True), ([], False)):
        out = tmp_path / f"an{len(level)}"
        r = run_cli(capsys, "analyse", stance_model, SEEDS, *level, "--by", "all", "--out", out)
        assert r.code == 0, r.err
        assert ("pooled to articles (--level article)" in r.out) is said
        assert ("pooled to articles" in (out / "report.md").read_text()) is said


def test_keep_columns_warns_on_a_missing_column_and_keeps_sources(stance_model, tmp_path, capsys):
    data = tmp_path / "k.csv"
    pd.DataFrame(
        {
            "id": ["1", "2"],
            "text": ["The EU imposes new sanctions on Belarus.", "Police arrest activists."],
            "sources": ["Reuters;AP", "AFP"],
            "region": ["east", "east"],
        }
    ).to_csv(data, index=False)
    out = tmp_path / "k-out.csv"
    r = run_cli(
        capsys, "predict", stance_model, data, "--keep-columns", "nonexistent,sources,region",
        "--out", out,
    )  # fmt: skip
    assert r.code == 0, r.err
    lines = [line for line in r.err.splitlines() if "nonexistent" in line]
    # ``sources`` is a standard column now (all outlets, parsed), not an extra one.
    assert len(lines) == 1 and "own columns: region (always kept:" in lines[0]
    assert "source, sources" in lines[0]
    frame = pd.read_csv(out)
    assert frame["sources"].tolist() == ["Reuters;AP", "AFP"]
    assert frame["source"].tolist() == ["Reuters", "AFP"]
    assert frame["nonexistent"].isna().all() and frame["region"].tolist() == ["east", "east"]
    # Every asked column present: no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        classify.predict(stance_model, data, keep_columns=["region"])


# -- 6. small groups and EM at the boundary -------------------------------------------


def _stance_validation(rng, n=900):
    k = 3
    y = rng.integers(0, k, n)
    proba = np.clip(np.eye(k)[y] * 0.6 + rng.dirichlet([1, 1, 1], n) * 0.4, 1e-3, None)
    proba /= proba.sum(axis=1, keepdims=True)
    return Validation(np.eye(k)[y], np.eye(k)[proba.argmax(axis=1)], proba)


def test_wilson_interval_matches_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    for count, n in [(0, 1), (1, 1), (3, 3), (6, 20), (0, 50), (17, 40)]:
        expected = proportion_confint(count, n, method="wilson")
        np.testing.assert_allclose(analysis.wilson_interval(count / n, n), expected, atol=1e-9)
    assert analysis.wilson_interval(0.4, 0) == (0.0, 1.0)


def test_a_group_of_one_article_gets_no_interval_that_reads_as_certainty():
    # A speaker quoted three times in one article, every quote favour: the
    # bootstrap over one article has no spread at all.
    rng = np.random.default_rng(8)
    labels = ["favour", "against", "neutral"]
    p = np.tile([0.9, 0.05, 0.05], (3, 1))
    rows = prevalence_table(
        task="stance", labels=labels, multilabel=False, decided=np.eye(3)[[0, 0, 0]],
        proba=p, groups=["Smith"] * 3, clusters=["a1"] * 3,
        validation=_stance_validation(rng), n_bootstrap=100,
    )  # fmt: skip
    table = pd.DataFrame(rows).set_index(["method", "label"])
    assert table["small"].all() and (table["n_articles"] == 1).all()
    for method in ("naive", "acc", "pacc", "em"):
        row = table.loc[(method, "favour")]
        assert row["ci_low"] <= row["estimate"] <= row["ci_high"]
        assert row["ci_high"] - row["ci_low"] > 0.5, method
    naive = table.loc[("naive", "favour")]
    assert naive["estimate"] == 1.0
    assert naive["ci_low"] == pytest.approx(analysis.wilson_interval(1.0, 1)[0])
    # Three articles are still too few to resample (min_articles) ...
    few = prevalence_table(
        task="stance", labels=labels, multilabel=False, decided=np.eye(3)[[0, 0, 0]],
        proba=p, groups=["Smith"] * 3, clusters=["a1", "a2", "a3"],
        validation=_stance_validation(rng), n_bootstrap=100, min_units=2,
    )  # fmt: skip
    assert pd.DataFrame(few)["small"].all()
    # ... and where the group is not small, an interval the bootstrap left
    # with no width still gets the Wilson floor on its articles.
    big = prevalence_table(
        task="stance", labels=labels, multilabel=False, decided=np.eye(3)[[0, 0, 0]],
        proba=p, groups=["Smith"] * 3, clusters=["a1", "a2", "a3"],
        validation=_stance_validation(rng), n_bootstrap=100, min_units=2, min_articles=1,
    )  # fmt: skip
    naive = pd.DataFrame(big).set_index(["method", "label"]).loc[("naive", "favour")]
    assert not naive["small"] and naive["ci_high"] == 1.0
    assert naive["ci_low"] == pytest.approx(analysis.wilson_interval(1.0, 3)[0])


def test_many_units_of_one_article_are_a_small_group():
    # One long feature cut into 35 paragraphs, all neutral: 35 units clear
    # min_units, but the bootstrap resamples one article (review 24b).
    rng = np.random.default_rng(3)
    labels = ["favour", "against", "neutral"]
    decided = np.eye(3)[[2] * 35]
    rows = prevalence_table(
        task="stance", labels=labels, multilabel=False, decided=decided,
        proba=decided * 0.9 + 0.1 / 3, groups=["2021-05"] * 35, clusters=["feature"] * 35,
        validation=_stance_validation(rng), n_bootstrap=100,
    )  # fmt: skip
    table = pd.DataFrame(rows).set_index(["method", "label"])
    assert table["small"].all() and (table["n_units"] == 35).all()
    naive = table.loc[("naive", "neutral")]
    assert naive["estimate"] == 1.0 and naive["ci_low"] < 0.25


def test_a_share_of_zero_over_many_articles_is_not_certain():
    # 0 of 40 articles favour: every resample says 0, the interval must not.
    rng = np.random.default_rng(4)
    labels = ["favour", "against", "neutral"]
    decided = np.eye(3)[[1] * 20 + [2] * 20]
    rows = prevalence_table(
        task="stance", labels=labels, multilabel=False, decided=decided,
        proba=decided * 0.9 + 0.1 / 3, groups=["g"] * 40, clusters=[str(i) for i in range(40)],
        validation=_stance_validation(rng), methods=["naive"], n_bootstrap=100,
    )  # fmt: skip
    naive = pd.DataFrame(rows).set_index("label").loc["favour"]
    assert not naive["small"] and naive["estimate"] == 0.0
    assert naive["ci_low"] == 0.0
    assert naive["ci_high"] == pytest.approx(analysis.wilson_interval(0.0, 40)[1])
    against = pd.DataFrame(rows).set_index("label").loc["against"]
    assert 0.3 < against["ci_low"] < 0.5 < against["ci_high"] < 0.7  # the bootstrap's own


def test_em_at_the_boundary_gets_a_likelihood_ratio_interval():
    from classify.quantify import LR_DROP, em_boundary_interval, em_log_likelihood

    rng = np.random.default_rng(9)
    labels = ["favour", "against", "neutral"]
    validation = _stance_validation(rng)
    # 200 units in 200 articles that all look neutral or favour: EM drives
    # the `against` share to 0 and so does every replicate.
    n = 200
    p = rng.dirichlet([4, 0.2, 8], n)
    p[:, 1] = 0.002
    p /= p.sum(axis=1, keepdims=True)
    rows = prevalence_table(
        task="stance", labels=labels, multilabel=False, decided=np.eye(3)[p.argmax(axis=1)],
        proba=p, groups=["g"] * n, clusters=[str(i) for i in range(n)],
        validation=validation, n_bootstrap=100,
    )  # fmt: skip
    table = pd.DataFrame(rows).set_index(["method", "label"])
    row = table.loc[("em", "against")]
    assert row["estimate"] < 1e-3 and row["at_boundary"] and not row["small"]
    assert row["ci_low"] == 0 and 0.002 < row["ci_high"] < 0.5
    # The upper end is where the log-likelihood has dropped by LR_DROP.
    prior = validation.y_true.mean(axis=0)
    point = table.loc["em"].loc[labels, "estimate"].to_numpy()
    _, high = em_boundary_interval(p, prior, point, 1, 0.0)
    # Or, where higher, the floor of a group that flags no `against` unit:
    # 0 of 200 carried through the held-out error rates.
    from classify.analysis import _class_rates, corrected_wilson_interval

    v_true, v_pred = validation.y_true.argmax(axis=1), validation.y_pred.argmax(axis=1)
    tpr, fpr = _class_rates(v_true, v_pred, 3)
    _, floor = corrected_wilson_interval(0.0, n, tpr[1], fpr[1])
    assert max(high, floor) == pytest.approx(row["ci_high"])

    def at(share):
        rest = np.delete(point, 1) / np.delete(point, 1).sum()
        return em_log_likelihood(p, prior, np.insert(rest * (1 - share), 1, share))

    best = max(at(s) for s in np.linspace(0, high, 50))
    assert at(high) >= best - LR_DROP - 1e-6
    assert at(min(1.0, high + 0.01)) < best - LR_DROP
    # Flagged exactly where the estimate sits at 0 or 1.
    em = table.loc["em"]
    edge = (em["estimate"] < 1e-3) | (em["estimate"] > 1 - 1e-3)
    assert (em["at_boundary"] == edge).all()
    assert ((em["ci_low"] <= em["estimate"]) & (em["estimate"] <= em["ci_high"])).all()
    # A group in the middle of the simplex: nothing flagged.
    mid = rng.dirichlet([3, 3, 3], n)
    rows = prevalence_table(
        task="stance", labels=labels, multilabel=False, decided=np.eye(3)[mid.argmax(axis=1)],
        proba=mid, groups=["g"] * n, clusters=[str(i) for i in range(n)],
        validation=validation, n_bootstrap=50, methods=["em"],
    )  # fmt: skip
    assert not any(r["at_boundary"] for r in rows)


def test_naive_only_analysis_draws_the_naive_share(stance_model, tmp_path):
    corpus = tmp_path / "c.csv"
    corpus.write_text(
        "id,date,text\na,2024-01-05,Talks resumed.\nb,2024-02-05,Sanctions were extended.\n"
    )
    table = classify.analyse([stance_model], corpus, by="month", methods=["naive"], n_bootstrap=0)
    assert set(table["method"]) == {"naive"}
    with pytest.raises(ClassifyError, match=r"headline method 'em' is not among"):
        classify.analyse([stance_model], corpus, methods=["naive", "acc"], headline="em")
    # So is the default method when named (review 53: it was replaced by acc).
    with pytest.raises(ClassifyError, match=r"headline method 'pacc' is not among"):
        classify.analyse([stance_model], corpus, methods=["naive", "acc"], headline="pacc")
    table = classify.analyse([stance_model], corpus, methods=["naive", "acc"], n_bootstrap=0)
    assert table.attrs["headline"] == "acc"


def test_repeated_texts_are_counted_and_reported(stance_model, tmp_path):
    assert analysis.repeated_texts(["A b.", "a  B.", "c", "C", "d"]) == 2
    preds = _predictions(tmp_path / "p.csv", 8, date="2021-03-01")
    frame = pd.read_csv(preds)
    # A syndicated story three times, and five stories once each.
    frame["text"] = ["Talks resumed in Minsk."] * 3 + [f"Story {i}." for i in range(5)]
    frame.to_csv(preds, index=False)
    table = classify.analyse(
        [stance_model], predictions=[preds], by="month", n_bootstrap=20, out=tmp_path / "out"
    )
    assert table.attrs["repeated_texts"] == 2
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "2 units repeat the text of another unit" in report


def test_time_lines_break_where_the_corpus_has_no_period():
    from classify.analysis_report import with_gaps

    # 2019-07, 2019-08, then nothing until 2020-08.
    x = np.array([2019 + 6 / 12, 2019 + 7 / 12, 2020 + 7 / 12])
    gx, y = with_gaps(x, "month", [0.1, 0.2, 0.3])
    assert len(gx) == 4 and np.isnan(y[2]) and gx[1] < gx[2] < gx[3]
    assert y[[0, 1, 3]].tolist() == [0.1, 0.2, 0.3]
    # Consecutive years: nothing inserted.
    gx, y = with_gaps(np.array([2019.0, 2020.0, 2021.0]), "year", [1, 2, 3])
    assert len(gx) == 3 and not np.isnan(y).any()
    from classify.analysis_report import _isolated

    assert _isolated(np.array([0.1, 0.2, np.nan, 0.3, np.nan])).tolist() == [
        False, False, False, True, False,
    ]  # fmt: skip


def test_cli_summary_is_the_whole_corpus_and_notes_thin_rates(stance_model, tmp_path, capsys):
    from cli_runner import run_cli

    preds = _predictions(tmp_path / "p.csv", 40, date=["2020-01-05"] * 38 + ["2021-02-01"] * 2)
    res = run_cli(
        capsys, "analyse", stance_model, "--predictions", preds, "--by", "year",
        "--methods", "naive", "--out", tmp_path / "out",
    )  # fmt: skip
    assert res.code == 0, res.err
    assert (
        "share in the whole corpus (year: 2 groups in prevalence.csv and the report)"
        in " ".join(res.out.split())
    )
    frame = pd.read_csv(preds)
    decided = frame[["p_favour", "p_against", "p_neutral"]].to_numpy().argmax(axis=1)
    share = float((decided == 0).mean())
    line = next(x for x in res.out.splitlines() if "stance/favour" in x)
    assert f"{share:.3f}" in line  # the corpus's own share, not a mean of two years
    table = pd.read_csv(tmp_path / "out" / "prevalence.csv")
    assert sorted(set(table["n_units"])) == [2, 38]
    rates = classify.load_model(stance_model).predictions
    note = f"error rates from {len(rates.ids)} held-out units"
    assert note in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


def test_the_summary_is_the_corpus_estimated_as_one_group(stance_model, tmp_path):
    # review 26f: the summary was a mean of 300 months' corrections, each
    # clipped to [0, 1] on its own (ACC 0.046 against 0.028 for the corpus).
    dates = [f"20{10 + i % 12}-{1 + i % 12:02d}-01" for i in range(120)]
    preds = _predictions(tmp_path / "p.csv", 120, seed=3, date=dates)
    by_month = classify.analyse(stance_model, predictions=preds, by="month", n_bootstrap=0)
    at_once = classify.analyse(stance_model, predictions=preds, by="all", n_bootstrap=0)
    whole = pd.DataFrame(by_month.attrs["overall"]).set_index(["label", "method"])["estimate"]
    single = at_once.set_index(["label", "method"])["estimate"]
    pd.testing.assert_series_equal(whole.sort_index(), single.sort_index())
    # ... which a mean of the months' clipped corrections is not.
    weighted = by_month.assign(w=by_month["estimate"] * by_month["n_units"])
    sums = weighted.groupby(["label", "method"])[["w", "n_units"]].sum()
    assert not np.allclose((sums["w"] / sums["n_units"]).sort_index(), single.sort_index())


def test_the_summary_has_the_intervals_of_the_corpus_as_one_group(stance_model, tmp_path, capsys):
    # review 28b: the corpus-wide shares had no interval, and EM at 0 there
    # was not marked at the boundary.
    from cli_runner import run_cli

    dates = [f"20{10 + i % 12}-{1 + i % 12:02d}-01" for i in range(120)]
    preds = _predictions(tmp_path / "p.csv", 120, seed=3, date=dates)
    by_month = classify.analyse(stance_model, predictions=preds, by="month", n_bootstrap=50)
    at_once = classify.analyse(stance_model, predictions=preds, by="all", n_bootstrap=50)
    keys = ["label", "method"]
    whole = pd.DataFrame(by_month.attrs["overall"]).set_index(keys).sort_index()
    single = at_once.set_index(keys).sort_index()
    pd.testing.assert_series_equal(whole["estimate"], single["estimate"])
    # EM's interval is drawn only where it is the headline (a minute a task
    # on a large corpus); every other method's is the by="all" table's.
    em = whole.index.get_level_values("method") == "em"
    assert whole.loc[em, "ci_low"].isna().all()
    for column in ("ci_low", "ci_high", "at_boundary"):
        pd.testing.assert_series_equal(
            whole.loc[~em, column], single.loc[~em, column], check_dtype=False
        )
    assert (whole.loc[~em, "ci_low"] < whole.loc[~em, "ci_high"]).all()
    res = run_cli(
        capsys, "analyse", stance_model, "--predictions", preds, "--by", "month",
        "--bootstrap", "50", "--out", tmp_path / "out",
    )  # fmt: skip
    assert res.code == 0, res.err
    assert "pacc (headline)" in res.out and ", 95% intervals in brackets" in res.out
    low, high = whole.loc[("favour", "pacc"), ["ci_low", "ci_high"]]
    line = next(x for x in res.out.splitlines() if "stance/favour" in x)
    assert f"[{low:.3f}, {high:.3f}]" in line
    # The report gives the same whole-corpus shares first (review 31d).
    report = (tmp_path / "out" / "report.md").read_text()
    assert "## The whole corpus" in report
    row = next(x for x in report.splitlines() if x.startswith("| stance | favour |"))
    assert f"[{low:.3f}, {high:.3f}]" in row
    pacc = whole.loc[("favour", "pacc"), "estimate"]
    assert f"{pacc:.3f}" in row


def test_most_groups_too_small_is_said_with_a_coarser_grouping():
    from classify.analysis import small_groups_note
    from classify.errors import cli_context

    note = small_groups_note("month", 286, 284)
    assert note.startswith("284 of 286 groups are too small") and "only 2 are not" in note
    assert note.endswith("to read the rest, try by='quarter' or by='year'")
    with cli_context():
        note = small_groups_note("month", 286, 284)
    assert note.endswith("to read the rest, try --by quarter or --by year")
    assert "only 1 is not" in small_groups_note("source", 9, 8)
    assert small_groups_note("month", 10, 7) is None  # most readable: nothing to say
    assert small_groups_note("month", 5, 5).startswith("all 5 groups")
    assert small_groups_note("all", 1, 1) is None


def test_thin_error_rates_are_named():
    from classify.analysis import rates_note

    assert rates_note("t", {"units": 500, "label": "a", "positives": 40, "method": "cv"}) is None
    note = rates_note("t", {"units": 22, "label": "health", "positives": 3, "method": "holdout"})
    assert "22 held-out units, 3 of them 'health'" in note and "train with cv=K so" in note
    none = rates_note("t", {"units": 30, "label": "favour", "positives": 0, "method": "holdout"})
    assert "none of the 30 held-out units" in none and "not to be read" in none
    # review 28b: held-out rates with no error leave nothing to correct.
    rates = {"units": 150, "label": "a", "positives": 40, "method": "cv"}
    perfect = rates_note("t", {**rates, "errors": 0})
    assert "decided all 150 units the error rates" in perfect and "ACC equals the naive" in perfect
    assert rates_note("t", {**rates, "errors": 3}) is None


def test_the_held_out_errors_are_counted_at_the_saved_thresholds(stance_model):
    from classify.api import _rates_from

    model = classify.load_model(stance_model)
    wrong = (model.predictions.y_pred != model.predictions.y_true).any(axis=1).sum()
    assert _rates_from(model)["errors"] == wrong


def test_python_warns_the_notes_the_cli_prints(stance_model, tmp_path):
    # review 28b: the EM note and the count of repeated texts were only in
    # table.attrs in Python.
    preds = _predictions(tmp_path / "p.csv", 8, date="2021-03-01")
    frame = pd.read_csv(preds)
    frame["text"] = ["Talks resumed in Minsk."] * 3 + [f"Story {i}." for i in range(5)]
    frame.to_csv(preds, index=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.analyse([stance_model], predictions=[preds], by="month", n_bootstrap=20)
    said = " | ".join(str(w.message) for w in caught)
    assert "2 units repeat the text of another unit" in said
    assert "EM trusts the probabilities as calibrated" in said


def _summary_cells(out: str, row: str) -> list[str]:
    """The cells after the label in the CLI summary's row (methods as
    asked: naive, acc, pacc, em; each an estimate and its 95% interval)."""
    line = next(x for x in out.splitlines() if row in x)
    return [c.strip() for c in line.split("│")][1:]


def test_a_label_the_model_never_learned_is_unmeasured_not_read_as_zero(tmp_path, capsys):
    # review 26d: without 'against' in training the note said "read the
    # naive share", a structural 0, and favour and neutral (which absorb
    # its units) looked like ordinary confident rows.
    rows = [r for r in labelled_rows() if r["stance"] != "against"]
    data = write_jsonl(tmp_path / "train.jsonl", rows)
    with pytest.warns(UserWarning, match="no training unit has the label 'against'"):
        model = train_tfidf("stance", data, tmp_path / "stance")
    corpus = write_jsonl(tmp_path / "corpus.jsonl", labelled_rows())
    res = run_cli(capsys, "analyse", model, corpus, "--by", "year", "--out", tmp_path / "out")
    assert res.code == 0, res.err
    said = " ".join(res.out.split())
    assert "no training unit had 'against', so the model never predicts it" in said
    assert "no stance share, naive or corrected, is to be read" in said
    assert "read the naive share" not in said
    table = pd.read_csv(tmp_path / "out" / "prevalence.csv")
    assert table["unmeasured"].all()  # every stance row, every method
    cells = _summary_cells(res.out, "stance/against")
    assert cells == ["-"] * 4  # four methods, no interval
    report = (tmp_path / "out" / "report.md").read_text()
    assert "no training unit had 'against'" in report
    # No share of 'against' reads 0 (the error-rate table's fpr 0.000 is a rate, not a share).
    shares = [x for x in report.splitlines() if x.startswith(("| 20", "| stance | against"))]
    assert "| unmeasured | unmeasured |" in report and shares
    assert not any("| 0.000" in x for x in shares)
    # The note is bold in the page too; no figure draws the unmeasured shares.
    page = (tmp_path / "out" / "report.html").read_text()
    assert "<strong>stance: no training unit had" in page and "**" not in page
    assert not list((tmp_path / "out").glob("*.png"))
    with pytest.warns(UserWarning, match="no stance share, naive or corrected"):
        frame = classify.analyse(model, corpus, by="year")
    assert frame["unmeasured"].all()


def test_a_label_without_held_out_units_leaves_its_corrections_unmeasured(tmp_path, capsys):
    # review 26d: a --test file without 'against': EM said against 1.000
    # [0.988, 1.000] in every year, a row like any other in the CSV.
    data = write_jsonl(tmp_path / "train.jsonl", labelled_rows())
    test = write_jsonl(
        tmp_path / "test.jsonl",
        [dict(r, id=f"x{i}") for i, r in enumerate(labelled_rows()) if r["stance"] != "against"],
    )
    from classify import api

    api.train(ROOT / "configs/stance-tfidf.yaml", data=[data], test=test, out=tmp_path / "m",
              overrides={"data.split.method": "random"})  # fmt: skip
    corpus = write_jsonl(tmp_path / "corpus.jsonl", labelled_rows())
    with pytest.warns(UserWarning, match="none of the .* held-out units"):
        table = classify.analyse(tmp_path / "m", corpus, by="year")
    # Stance is corrected as a whole: every corrected row lacks the row of
    # the confusion matrix; the naive shares are what they are.
    assert table.loc[table["method"] != "naive", "unmeasured"].all()
    assert not table.loc[table["method"] == "naive", "unmeasured"].any()
    res = run_cli(capsys, "analyse", tmp_path / "m", corpus, "--by", "year",
                  "--out", tmp_path / "out")  # fmt: skip
    cells = _summary_cells(res.out, "stance/against")
    # The naive share stands, with its interval; the corrections do not.
    assert cells[1:] == ["-", "-", "-"] and float(cells[0].split()[0]) >= 0
    assert cells[0].split(" [")[1].endswith("]")
    assert "confusion matrix without its row" in " ".join(res.out.split())


def test_months_asked_of_dates_with_a_year_only_says_so(stance_model, tmp_path, capsys):
    # review 26d: "4 groups by month", all "2019 (no month)", without a word.
    corpus = write_jsonl(
        tmp_path / "c.jsonl", [dict(r, date=r["date"][:4]) for r in labelled_rows()]
    )
    res = run_cli(capsys, "analyse", stance_model, corpus, "--by", "month", "--out",
                  tmp_path / "out")  # fmt: skip
    assert res.code == 0, res.err
    assert "no unit's date has a month" in res.out and "use --by year" in res.out
    # Not also "group by --by quarter": a quarter needs a month too (review 36b).
    assert "--by quarter" not in res.out
    with pytest.warns(UserWarning, match="no unit's date has a quarter"):
        classify.analyse(stance_model, corpus, by="quarter")
    res = run_cli(capsys, "analyse", stance_model, write_jsonl(tmp_path / "d.jsonl",
                  labelled_rows()), "--by", "month", "--out", tmp_path / "out2")  # fmt: skip
    assert res.code == 0 and "no unit's date has" not in res.out


def test_a_grouping_no_unit_has_and_units_off_the_time_axis_are_said(
    stance_model, tmp_path, capsys
):
    # review 26c: months of an undated corpus and datelines of a corpus
    # without any gave one (unknown) group without a word; units without a
    # month were said in the report only.
    rows = labelled_rows()
    undated = write_jsonl(tmp_path / "u.jsonl", [
        {k: v for k, v in r.items() if k not in ("date", "source")} for r in rows
    ])  # fmt: skip
    for by, column in (("month", "date"), ("dateline", "dateline"), ("source", "source")):
        res = run_cli(capsys, "analyse", stance_model, undated, "--by", by, "--out",
                      tmp_path / by)  # fmt: skip
        assert res.code == 0, res.err
        assert f"no unit has a {column}: every unit is in the one group (unknown)" in res.out
        if column == "date":
            # Which column names give a date, as for the outlet.
            said = " ".join(res.out.split())
            assert "gives the date in a column named one of: date, year," in said
            assert "or one of another name given with --date-column" in said
    with pytest.warns(UserWarning, match="no unit has a date") as said:
        classify.analyse(stance_model, undated, by="year")
    # In Python the hint names the argument, not the command's flag.
    told = " ".join(str(w.message) for w in said)
    assert "given with options=ReadOptions(date_column=NAME)" in told and "--date" not in told
    part = write_jsonl(tmp_path / "p.jsonl", [
        {k: v for k, v in r.items() if k != "date" or i % 4} for i, r in enumerate(rows)
    ])  # fmt: skip
    res = run_cli(capsys, "analyse", stance_model, part, "--by", "year", "--out", tmp_path / "p")
    said = " ".join(res.out.split())
    assert "Not drawn (no year to place on the time axis): (unknown) (12 units)" in said
    assert "no unit has a" not in said


def test_unmeasured_rows_of_a_multilabel_task_are_its_label_only():
    rows = pd.DataFrame(
        {
            "label": ["a", "a", "b", "b"],
            "method": ["naive", "pacc", "naive", "pacc"],
        }
    )
    rates = {"multilabel": True, "untrained": [], "unrated": ["b"]}
    assert analysis.unmeasured(rows, rates).tolist() == [False, False, False, True]
    rates = {"multilabel": True, "untrained": ["a"], "unrated": []}
    assert analysis.unmeasured(rows, rates).tolist() == [True, True, False, False]
    rates = {"multilabel": False, "untrained": [], "unrated": []}
    assert not analysis.unmeasured(rows, rates).any()


def test_em_on_uncalibrated_probabilities_says_to_read_the_rate_corrections():
    from classify.analysis import em_note

    rates = {"stance": {"calibrated": False}, "topic": {"calibrated": True}}
    note = em_note(rates, ["naive", "pacc", "em"])
    from classify.errors import cli_context

    assert "those of stance are not" in note
    assert "recalibrated on the units the error rates come from" in note
    assert "(train with overrides={'calibration': 'platt'} to calibrate" in note
    with cli_context():
        assert "(train with --set calibration=platt to calibrate" in em_note(rates, ["em"])
    assert em_note(rates, ["naive", "pacc"]) is None
    assert em_note({"topic": {"calibrated": True}}, ["em"]) is None


def test_a_dataframe_corpus_is_analysed_by_its_rows(stance_model, tmp_path):
    # A corpus loaded in a notebook: its rows are the units and its columns
    # the groups, as for the same table read from a file (review 25b: the
    # column names were scored as four texts).
    corpus = tmp_path / "corpus.csv"
    rows = [
        ("We welcome the resumption of dialogue with Minsk.", "Herald", "Belarus"),
        ("Sanctions on potash exports were tightened.", "Post", "Lithuania"),
        ("The opposition leader was sentenced to prison.", "Herald", "Belarus"),
        ("Talks on reopening the embassy made progress.", "Tribune", "Lithuania"),
        ("Activists were detained after the protest.", "Post", "Belarus"),
    ]
    frame = pd.DataFrame(rows, columns=["text", "source", "country"])
    frame.insert(0, "id", [f"r{i}" for i in range(len(rows))])
    frame.to_csv(corpus, index=False)
    for by in ("source", "country"):
        from_frame = classify.analyse([stance_model], frame, by=by, n_bootstrap=0, min_units=1)
        from_file = classify.analyse([stance_model], corpus, by=by, n_bootstrap=0, min_units=1)
        assert set(from_frame["group"]) == set(frame[by])
        naive = from_frame[from_frame["method"] == "naive"]
        assert naive["n_units"].sum() == 3 * len(rows)  # three labels a unit
        pd.testing.assert_frame_equal(
            from_frame.reset_index(drop=True), from_file.reset_index(drop=True)
        )


def test_copies_of_one_story_are_one_draw_of_the_bootstrap(stance_model, tmp_path):
    # review 25i: fifteen outlets running one wire story made a group of
    # fifteen "articles", and the corrected share an interval 0.04 wide.
    story = "Leaders welcomed the restored diplomatic ties between the two capitals."
    rows = [{"id": f"w{i}", "text": story, "source": "Wire"} for i in range(15)]
    rows += [
        {"id": f"o{i}", "text": f"Officials in city {i} discussed the sanctions list again.",
         "source": "Own"}
        for i in range(15)
    ]  # fmt: skip
    corpus = write_jsonl(tmp_path / "corpus.jsonl", rows)
    table = classify.analyse([stance_model], corpus, by="source", n_bootstrap=200, min_units=5)
    wire = table[table["group"] == "Wire"]
    own = table[table["group"] == "Own"]
    assert set(wire["n_articles"]) == {1} and wire["small"].all()
    assert set(own["n_articles"]) == {15} and not own["small"].any()
    widths = (wire["ci_high"] - wire["ci_low"]).to_numpy()
    assert (widths > 0.3).all()


def test_the_command_summary_says_when_group_estimates_sit_at_a_bound():
    # The report marks such cells "(at bound)"; the command's summary shows
    # only the whole corpus, so it says so in a line (review 27b).
    from classify.analysis import boundary_summary

    rows = [
        ("frame", "economy", "2021", "naive", 0.0, False),
        ("frame", "economy", "2021", "pacc", 0.0, True),
        ("frame", "economy", "2022", "naive", 0.088, False),
        ("frame", "economy", "2022", "pacc", 0.0, True),
        ("frame", "economy", "2023", "naive", 0.3, False),
        ("frame", "economy", "2023", "pacc", 0.31, False),
    ]
    table = pd.DataFrame(
        rows, columns=["task", "label", "group", "method", "estimate", "at_boundary"]
    )
    table.attrs["headline"] = "pacc"
    note = boundary_summary(table)
    assert note is not None and note.startswith("2 of 3 group estimates (pacc) sit at 0 or 1")
    # The example is the one a naive share makes telling (review 28h: a
    # naive 0.000 at 0 said nothing).
    assert "frame/economy in 2022: naive 0.088, pacc 0.000" in note
    table.loc[[1, 3], "at_boundary"] = False
    assert boundary_summary(table) is None


def test_units_dated_after_today_are_said(stance_model, tmp_path, capsys):
    # review 30a: an article dated 2031 stretched the axis without a word.
    rows = labelled_rows()
    rows[3] = dict(rows[3], date="2031-03-03")
    corpus = write_jsonl(tmp_path / "c.jsonl", rows)
    res = run_cli(capsys, "analyse", stance_model, corpus, "--by", "year", "--out",
                  tmp_path / "out", "--bootstrap", "20")  # fmt: skip
    assert res.code == 0, res.err
    said = " ".join((res.out + res.err).split())
    assert f"1 unit is dated after today (first: '{rows[3]['id']}', 2031-03-03)" in said
    # No day-month swap makes 2031-03-03 a past date, so the option is not named.
    assert "--date-order" not in said
    # review 30c: the note in the report and in analysis.json, with every other one.
    report = " ".join((tmp_path / "out" / "report.md").read_text().split())
    assert "1 unit is dated after today" in report
    record = json.loads((tmp_path / "out" / "analysis.json").read_text())
    assert any("dated after today" in note for note in record["notes"])
    assert any("shorter than" in n or "EM trusts" in n for n in record["notes"])
    assert record["counts"]["future_dates"]["n"] == 1
    # The figures behind the group notes, checked against prevalence.csv (review 31d).
    table = pd.read_csv(tmp_path / "out" / "prevalence.csv", keep_default_na=False)
    assert record["counts"]["groups"] == table["group"].nunique()
    small = table.loc[table["small"].astype(str) == "True", "group"].nunique()
    assert record["counts"]["groups_too_small"] == small
    assert record["counts"]["estimates_at_boundary"] == int(
        (table["at_boundary"].astype(str) == "True").sum()
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classify.analyse(stance_model, write_jsonl(tmp_path / "d.jsonl", labelled_rows()),
                         by="year", n_bootstrap=0)  # fmt: skip
    assert not any("after today" in str(w.message) for w in caught)


def test_time_axis_ticks_keep_apart_where_periods_bunch():
    # review 30a: months of 2024 beside one in 2031 printed "2024-04-05-26...".
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from classify.analysis_report import _time_axis

    x = np.array([2024 + m / 12 for m in range(3, 12)] + [2031 + 2 / 12])
    fig, ax = plt.subplots()
    _time_axis(ax, "month", x)
    ticks = ax.get_xticks()
    plt.close(fig)
    assert np.diff(ticks).min() >= (x.max() - x.min()) / 8 - 1e-9
    assert ticks[0] == x.min() and 2 <= len(ticks) <= 9
    evenly = np.array([2020 + m / 12 for m in range(24)])
    fig, ax = plt.subplots()
    _time_axis(ax, "month", evenly)
    assert 8 <= len(ax.get_xticks()) <= 9 and ax.get_xticklabels()[0].get_text() == "2020-01"
    plt.close(fig)


def test_a_period_after_today_is_left_off_the_time_axis_and_named():
    # review 30c: one article dated 2031 squeezed 2025 into a corner.
    import datetime as dt

    this_month = dt.date.today().strftime("%Y-%m")
    groups = ["2025-03", "2025-04", this_month, "2031-02"]
    table = pd.DataFrame(
        {"task": "stance", "group": groups, "n_units": [5, 6, 7, 1], "label": "favour"}
    )
    timed, drawn, note = plotted_groups(table, "stance", "month")
    assert timed and drawn == ["2025-03", "2025-04", this_month]
    assert (
        note == "Not drawn (dated after today: a misread date?): 2031-02 (1 unit); see the table."
    )
    # By outlet and year too (review 53: 2030 was drawn on the axis).
    faceted = pd.DataFrame(
        {"task": "stance", "group": ["AP | 2024", "AP | 2025", "AP | 2030", "BBC | 2025"],
         "n_units": [5, 6, 1, 4], "label": "favour"}
    )  # fmt: skip
    timed, drawn, note = plotted_groups(faceted, "stance", "source,year")
    assert timed and drawn == ["AP | 2024", "AP | 2025", "BBC | 2025"]
    assert "Not drawn (dated after today: a misread date?): AP | 2030 (1 unit)" in note


def test_a_corpus_dated_on_one_day_is_said_with_the_column_to_use(stance_model, tmp_path, capsys):
    # A scraped table whose `date` is the day it was collected and whose
    # `published` holds each article's day: every period held the whole
    # corpus without a word.
    rows = [dict(r, published=r["date"], date="2024-05-07") for r in labelled_rows()]
    corpus = write_jsonl(tmp_path / "c.jsonl", rows)
    res = run_cli(capsys, "analyse", stance_model, corpus, "--by", "year", "--out",
                  tmp_path / "out", "--bootstrap", "0")  # fmt: skip
    assert res.code == 0, res.err
    said = " ".join(res.out.split())
    assert f"all {len(rows)} dated articles are dated 2024-05-07" in said
    assert "--date-column NAME" in said
    record = json.loads((tmp_path / "out" / "analysis.json").read_text())
    assert record["counts"]["one_day"] == {"n": len(rows), "date": "2024-05-07"}
    # The unit as given (the default) and what it read to: the table's rows.
    assert (record["unit"], record["level"], record["units_read"]) == (None, None, ["row"])
    assert "dated 2024-05-07" in " ".join((tmp_path / "out" / "report.md").read_text().split())
    # Read by the column named, the note goes and the years are the articles'.
    res = run_cli(capsys, "analyse", stance_model, corpus, "--by", "year", "--date-column",
                  "published", "--out", tmp_path / "ok", "--bootstrap", "0")  # fmt: skip
    assert res.code == 0, res.err
    assert "dated articles are dated" not in res.out
    table = pd.read_csv(tmp_path / "ok" / "prevalence.csv", keep_default_na=False, dtype=str)
    assert set(table["group"]) == {r["published"][:4] for r in rows}
    # Grouped by outlet alone, the day does not matter; in Python it warns.
    res = run_cli(capsys, "analyse", stance_model, corpus, "--by", "source", "--out",
                  tmp_path / "src", "--bootstrap", "0")  # fmt: skip
    assert "dated articles are dated" not in res.out
    with pytest.warns(UserWarning, match="dated 2024-05-07") as caught:
        classify.analyse(stance_model, corpus, by="month", n_bootstrap=0)
    assert any("options=ReadOptions(date_column=NAME)" in str(w.message) for w in caught)


def test_one_day_needs_many_articles_on_a_single_full_day():
    from classify.analysis import ONE_DAY_ARTICLES, one_day

    n = ONE_DAY_ARTICLES
    same = pd.DataFrame({"article_id": [f"a{i}" for i in range(n)], "date": ["2024-05-07"] * n})
    assert one_day(same) == {"n": n, "date": "2024-05-07"}
    # Units of fewer articles, several days, a month alone, or no dates: nothing.
    assert one_day(same.assign(article_id="a0")) == {}
    assert one_day(same.assign(date=["2024-05-07"] * (n - 1) + ["2024-05-08"])) == {}
    assert one_day(same.assign(date="2024-05")) == {}
    assert one_day(same.drop(columns="date")) == {}
    # Undated units beside them do not count against it; times on the day do not either.
    mixed = same.assign(date=["2024-05-07T10:00:00"] * (n - 1) + [None])
    mixed.loc[len(mixed)] = ["b", "2024-05-07"]
    assert one_day(mixed) == {"n": n, "date": "2024-05-07"}
    # Timestamps, as pandas writes a date column to Parquet, are days too.
    stamped = same.assign(date=pd.to_datetime(same["date"]))
    assert one_day(stamped) == {"n": n, "date": "2024-05-07"}
    assert one_day(stamped.assign(date=pd.NaT)) == {}


def test_future_date_note_names_date_order_only_where_a_swap_explains_it():
    import datetime as dt

    from classify.analysis import future_dates, future_dates_note

    today = dt.date(2026, 12, 3)

    def note(value: str) -> str:
        found = future_dates(pd.DataFrame({"id": ["u1"], "date": [value]}), today=today)
        assert found["n"] == 1 and found["first"] == "u1"
        return future_dates_note(found)

    # 11 December could be 12 November read the other way round, if the
    # source wrote it with slashes: the option is named with that condition.
    said = note("2026-12-11")
    # The slashed forms are this date's, so the source's can be found (review 53).
    assert (
        "if the source writes the date of 'u1' with slashes, as 11/12/2026 (read day-first) or "
        "12/11/2026 (read month-first) for 2026-12-11" in said
    )
    assert "date_order='day-first'" in said
    # The 25th cannot be a month; another year is no swap; a swap still in the future neither.
    for value in ("2026-12-25", "2031-03-03", "2027-01-05", "2027"):
        assert "date_order" not in note(value), value
    assert future_dates(pd.DataFrame({"id": ["u1"], "date": ["2026-12-03"]}), today=today) == {}
    # Any future unit a swap explains counts, not only the first.
    both = future_dates(pd.DataFrame({"id": ["a", "b"], "date": ["2027-03-01", "2026-12-05"]}),
                        today=today)  # fmt: skip
    assert both["n"] == 2 and both["first"] == "a" and both["day_month_swap"]
    # The note's slashed forms are those of the unit a swap explains, named.
    assert (
        "writes the date of 'b' with slashes, as 05/12/2026 (read day-first)"
        in future_dates_note(both)
    )
