"""Stop 43: what earlier reviews noticed and left alone, fixed on inputs of
our own: notes said once per call on data in memory."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from corpus_fixtures import labelled_rows, train_tfidf, write_jsonl

import classify


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    root = tmp_path_factory.mktemp("m")
    return classify.load_model(
        train_tfidf("topic", write_jsonl(root / "g.jsonl", labelled_rows()), root / "m")
    )


@pytest.mark.parametrize("call", ["predict", "predict_proba"])
def test_a_frame_with_an_article_id_column_is_noted_once_per_call(model, call):
    frame = pd.DataFrame(
        {"article_id": ["x1", "x2"], "text": ["Embassy reopened in Minsk.", "Talks were held."]}
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = getattr(classify, call)(model, frame)
    said = [str(w.message) for w in caught if "'article_id' is read as" in str(w.message)]
    assert len(said) == 1, said
    assert list(result.index) == [0, 1]
    # Each call reads its data afresh, so each says it once.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        getattr(classify, call)(model, frame)
    assert sum("'article_id' is read as" in str(w.message) for w in caught) == 1


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Jane Doe in Brussels and John Roe in Minsk", "Jane Doe and John Roe"),
        ("By Ana Ruiz in New York, Li Wei in Kyiv and Tom Fox in Vilnius",
         "Ana Ruiz, Li Wei and Tom Fox"),
        ("By Jane Doe in Brussels & John Roe", "Jane Doe & John Roe"),
        ("By Jane Doe in Brussels and agencies", "Jane Doe"),
        ("By Jane Doe in Washington, D.C.", "Jane Doe"),
        ("By Jane Doe for The Times", "Jane Doe"),
    ],
)  # fmt: skip
def test_a_byline_with_a_place_after_each_name_gives_every_name(tmp_path, byline, author):
    (tmp_path / "a.txt").write_text(
        f"EU weighs a new approach to Minsk\n\n{byline}\n\nMarch 3, 2021\n\n"
        "European ministers met on Tuesday to discuss easing sanctions on Belarus.\n\n"
        "The talks ended without agreement.\n",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.author == author
    assert article.date == "2021-03-03"
    assert article.paragraphs[0].startswith("European ministers")


def test_a_topics_column_and_a_column_per_label_that_disagree_are_said_once(tmp_path, capsys):
    from cli_runner import run_cli

    from classify.data import load_examples

    path = tmp_path / "both.csv"
    path.write_text(
        "id,text,topics,Normalisation,Sanctions,Human Rights\n"
        "1,Embassy reopened in Minsk.,normalisation,1,0,0\n"
        "2,New sanctions on banks.,sanctions,0,0,1\n"
        "3,Rights groups condemned arrests.,human_rights,x,,yes\n"
        "4,Ties restored as sanctions eased.,normalisation;sanctions,1,1,0\n",
        encoding="utf-8",
    )
    sets = {"topics": ["normalisation", "sanctions", "human_rights"]}
    with pytest.warns(UserWarning) as caught:
        ex = load_examples(path, label_sets=sets)
    said = [str(w.message) for w in caught if "column per label" in str(w.message)]
    assert len(said) == 1
    assert "line 3 has 'topics' [sanctions] but its column per label says [human_rights]" in said[0]
    assert "the 'topics' column is read" in said[0]
    assert ex.labels["topics"][1] == "sanctions"
    # Once per table: a copy is another table, said once in a command too.
    copy = tmp_path / "copy.csv"
    copy.write_bytes(path.read_bytes())
    r = run_cli(capsys, "dataset", "build", copy, "--split", "none", "--out", tmp_path / "ds")
    assert r.code == 0
    assert r.err.count("its column per label says") == 1
    # Agreeing columns (line 4 too) say nothing.
    path.write_text(
        "id,text,topics,normalisation,sanctions,human_rights\n"
        "1,Embassy reopened in Minsk.,normalisation,1,0,0\n"
        "2,Ties restored as sanctions eased.,sanctions|normalisation,1,1,0\n"
        "3,Quiet day.,[],0,0,0\n",
        encoding="utf-8",
    )
    r = run_cli(capsys, "dataset", "build", path, "--split", "none", "--out", tmp_path / "ds2")
    assert r.code == 0 and "column per label" not in r.err


_STORY = (
    "<p class='byline'>By Jane Doe</p><time datetime='2019-09-17'>17 September 2019</time>"
    "<p>The United States and Belarus agreed on Tuesday to exchange ambassadors for the first "
    "time since 2008, officials said.</p>"
    "<p>The move follows a series of visits by senior US officials to Minsk over the past "
    "year, during which both sides discussed the release of political prisoners.</p>"
    "<p>Critics said the decision rewarded a government that continues to jail opponents.</p>"
)
_HEADLINE = "US and Belarus agree to restore ambassadors"


@pytest.mark.parametrize(
    "page",
    [
        # The logo in the page's <h1>, the headline in the story's <h2>.
        "<header><h1 class='logo'><a href='/'>Minsk Herald</a></h1>"
        "<nav><a href='/world'>World</a></nav></header>"
        f"<main><article><h2 class='headline'>{_HEADLINE}</h2>{_STORY}</article></main>",
        # The logo a home link outside any <header>, the headline a later <h1>.
        "<div class='top'><h1><a href='/'>Minsk Herald</a></h1></div>"
        f"<div class='story'><h1>{_HEADLINE}</h1>{_STORY}</div>",
        # WordPress: the story's own <header> inside its <article>.
        "<header class='site'><p class='brand'>Minsk Herald</p></header>"
        f"<article><header class='entry-header'><h1 class='entry-title'>{_HEADLINE}</h1></header>"
        f"<div class='entry-content'>{_STORY}</div></article>",
    ],
)
def test_a_page_titled_only_by_its_site_name_is_titled_by_its_headline(tmp_path, page):
    (tmp_path / "p.html").write_text(
        f"<html><head><title>Minsk Herald</title></head><body>{page}"
        "<footer>© Minsk Herald 2019</footer></body></html>",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.title == _HEADLINE
    assert article.date == "2019-09-17"
    assert article.author == "Jane Doe"
    assert article.paragraphs[0].startswith("The United States and Belarus agreed")
    assert not any(p == _HEADLINE for p in article.paragraphs)
    assert len(article.paragraphs) == 3
    if "href='/'" in page:
        # The <title> is the logo's text: the site's name.
        assert article.site == article.source == "Minsk Herald"


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Maria Gonzalez, Reuters", "Maria Gonzalez"),
        ("Maria Gonzalez, Foreign Desk", "Maria Gonzalez"),
        ("Maria Gonzalez and Tom Fox, Associated Press", "Maria Gonzalez and Tom Fox"),
        ("Maria Gonzalez, Minsk desk", "Maria Gonzalez"),
        ("Maria Gonzalez", None),  # alone, a name may be a subheading
        ("Kaja Kallas, EU foreign policy chief", None),
    ],
)
def test_a_name_with_its_desk_or_agency_under_the_date_line_is_the_byline(tmp_path, line, author):
    (tmp_path / "a.txt").write_text(
        f"EU weighs a new approach to Minsk\n\nMarch 3, 2021\n\n{line}\n\n"
        "European ministers met on Tuesday to discuss easing sanctions on Belarus.\n\n"
        "The talks ended without agreement.\n",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.author == author
    body = "European ministers met on Tuesday to discuss easing sanctions on Belarus."
    assert article.paragraphs[0] == (body if author else line)


_RELEASE_BODY = (
    "MINSK — The embassy welcomes the release of six political prisoners by the "
    "authorities today.\n\n"
    '"This is an important step toward normalising our relations," the envoy said.\n\n'
)


@pytest.mark.parametrize(
    "tail",
    [
        "Media Contact: Jane Doe, Press Attaché, +375 17 266 1000, press@embassy.example.org\n\n###\n",
        "For more information, please contact:\nPress Office\npress@mfa.example.org\n"
        "+32 2 555 0101\n",
        "Press enquiries\nJohn Roe\nwww.example.org/press\n",
    ],
)
def test_a_press_releases_label_and_contact_block_are_not_units(tmp_path, tail):
    (tmp_path / "r.txt").write_text(
        "Embassy Welcomes Release of Political Prisoners\n\nFOR IMMEDIATE RELEASE\n"
        f"September 12, 2019\n\n{_RELEASE_BODY}{tail}",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.author is None
    assert article.date == "2019-09-12"
    assert article.dateline == "MINSK"
    assert len(article.paragraphs) == 2
    assert article.paragraphs[1].startswith('"This is an important step')


def test_a_contact_heading_without_contact_details_stays_text(tmp_path):
    (tmp_path / "r.txt").write_text(
        "Ministry sets out its position\n\nMarch 1, 2021\n\n"
        "The ministry said it would continue to press for the release of detainees.\n\n"
        "Contact\nOur office is open to visitors on weekdays and welcomes enquiries.\n",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert len(article.paragraphs) == 2
    assert "open to visitors" in article.paragraphs[1]


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        # Check 64: three reporters, a region after the place, a particle.
        ("By Ana Ruiz in Vilnius and Li Wei in Moscow and Tom Fox in Brussels",
         "Ana Ruiz and Li Wei and Tom Fox"),
        ("By Ana Ruiz in Vilnius, Li Wei in Moscow, and Tom Fox in Brussels",
         "Ana Ruiz, Li Wei, and Tom Fox"),
        ("By Ana Ruiz in Washington, D.C. and Tom Fox in London", "Ana Ruiz and Tom Fox"),
        ("By Ana Ruiz in Kyiv, Ukraine & Tom Fox in London", "Ana Ruiz & Tom Fox"),
        ("By Ana Lima in Rio de Janeiro and John Roe in Minsk", "Ana Lima and John Roe"),
    ],
)  # fmt: skip
def test_bylines_of_several_reporters_with_their_places(tmp_path, byline, author):
    (tmp_path / "a.txt").write_text(
        f"Lithuania summons envoy\n\nApril 12, 2023\n\n{byline}\n\n"
        "VILNIUS (Reuters) - Lithuania summoned the envoy on Tuesday over the detentions.\n",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.author == author
    assert article.dateline == "VILNIUS" and article.source == "Reuters"
    assert article.paragraphs == ["Lithuania summoned the envoy on Tuesday over the detentions."]


def test_a_long_sentence_opening_with_by_is_no_byline(tmp_path):
    line = "By the end of the week, ministers in Brussels and officials in Minsk had agreed a plan."
    (tmp_path / "a.txt").write_text(
        f"Talks end\n\nApril 12, 2023\n\n{line}\n\nThe plan was published later.\n",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.author is None and article.paragraphs[0] == line


@pytest.mark.parametrize(
    "tail",
    [
        "For more information, contact:\n\nPress Office\n+370 5 236 2444\npress@urm.example\n",
        "Contacts for the media:\nPress Service\nTel. +375 17 327 29 17\npress@mfa.example\n",
        "Press office\n\nJane Doe\npress@mfa.example\n",
    ],
)
def test_contact_blocks_over_two_blocks_and_other_headings_are_dropped(tmp_path, tail):
    (tmp_path / "r.txt").write_text(
        "Lithuania summons envoy\n\nApril 12, 2023\n\n"
        "VILNIUS — The ministry summoned the envoy on Tuesday over the detentions.\n\n"
        f"The ministry said it would raise the matter with partners.\n\n{tail}",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.paragraphs == [
        "The ministry summoned the envoy on Tuesday over the detentions.",
        "The ministry said it would raise the matter with partners.",
    ]


@pytest.mark.parametrize(
    "logo",
    [
        "<header><h1>Eastern Europe Daily</h1></header>",
        "<div class='brand'><h1>Eastern Europe Daily</h1></div>",
        "<div class='brand'><h1><a href='/'>Eastern Europe Daily</a></h1></div>",
    ],
)
def test_a_site_name_of_three_words_in_title_and_logo_is_not_the_headline(tmp_path, logo):
    headline = "Belarus votes to drop non-nuclear status in referendum"
    (tmp_path / "k.html").write_text(
        f"<html><head><title>Eastern Europe Daily</title></head><body>{logo}"
        f"<article><h1>{headline}</h1><p>By Olga Petrova</p><p>February 28, 2022</p>"
        "<p>Belarusians voted in a referendum on Sunday to approve a new constitution that "
        "drops the country's non-nuclear status, officials said.</p>"
        "<p>The vote was held as troops used Belarusian territory to launch an attack on "
        "neighbouring Ukraine, drawing condemnation from Western governments.</p>"
        "</article><footer>Eastern Europe Daily 2022</footer></body></html>",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.title == headline
    assert (article.author, article.date) == ("Olga Petrova", "2022-02-28")
    assert article.site == "Eastern Europe Daily"
    assert len(article.paragraphs) == 2 and article.paragraphs[0].startswith("Belarusians")


def test_a_page_whose_title_is_its_headline_keeps_it(tmp_path):
    headline = "Belarus votes to drop non-nuclear status in referendum"
    (tmp_path / "n.html").write_text(
        f"<html><head><title>{headline}</title></head><body><h1>{headline}</h1>"
        "<p>By Olga Petrova</p><p>February 28, 2022</p>"
        "<p>Belarusians voted in a referendum on Sunday to approve a new constitution that "
        "drops the country's non-nuclear status, officials said.</p></body></html>",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.title == headline and article.date == "2022-02-28"
    assert article.paragraphs[0].startswith("Belarusians")


def test_article_level_predictions_of_a_frame_of_paragraphs_key_each_row(model):
    frame = pd.DataFrame(
        {
            "article_id": ["A", "A", "B"],
            "text": ["Embassy reopened in Minsk.", "Talks were held.",
                     "New sanctions on banks were imposed."],
        },
        index=[10, 11, 12],
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        decided = classify.predict(model, frame, level="article")
        proba = classify.predict_proba(model, frame, level="article")
    assert list(decided.index) == [10, 11, 12] and list(proba.index) == [10, 11, 12]
    assert decided[10] == decided[11]
    pd.testing.assert_series_equal(proba.loc[10], proba.loc[11], check_names=False)


def test_a_frame_with_a_repeated_index_names_a_bad_row_by_its_position_too():
    from classify.data import load_examples
    from classify.errors import ClassifyError

    gold = pd.DataFrame(
        {
            "id": ["g1", "g2"],
            "text": ["Talks resumed.", "Sanctions imposed."],
            "stance": ["favour", "against"],
        }
    )
    more = pd.DataFrame(
        {"id": ["s1", "s2"], "text": ["Envoys met.", "Officials talked."], "stance": ["neutral"] * 2,
         "silver": [True, "maybe"]}
    )  # fmt: skip
    with pytest.raises(ClassifyError, match=r"row 1 \(position 3\): column 'silver' holds 'maybe'"):
        load_examples(pd.concat([gold, more]))
    # A unique index names rows as before.
    with pytest.raises(ClassifyError, match=r"DataFrame:row 3: column 'silver'"):
        load_examples(pd.concat([gold, more], ignore_index=True))


# -- check 67 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Ana Ruiz in Tbilisi and Li Wei in Baku & Reuters staff", "Ana Ruiz and Li Wei"),
        ("By Ana Ruiz in Warsaw & agencies", "Ana Ruiz"),
        ("By Ana Ruiz in Warsaw and Reuters staff", "Ana Ruiz"),
        ("By Ana Ruiz in Washington, D.C., and Li Wei in Tokyo", "Ana Ruiz and Li Wei"),
        ("By Ana Ruiz, Warsaw Bureau", "Ana Ruiz"),
        ("Ana Ruiz, Warsaw Bureau", "Ana Ruiz"),
    ],
)
def test_bylines_with_agencies_staff_and_bureaus(tmp_path, byline, author):
    (tmp_path / "a.txt").write_text(
        f"Poland to build border fence\n\nMarch 10, 2025\n\n{byline}\n\n"
        "WARSAW (Reuters) - Poland said on Monday it would build a fence on its border.\n",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.author == author
    assert (article.dateline, article.source) == ("WARSAW", "Reuters")


def test_a_short_by_sentence_is_no_author(tmp_path):
    line = "By the end of the month negotiators hope for a truce"
    (tmp_path / "a.txt").write_text(
        f"Talks resume\n\nMay 6, 2023\n\n{line}\n\n"
        "JEDDAH (Reuters) - Negotiators met on Saturday in the Saudi city.\n",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.author is None
    assert article.paragraphs[0] == line


def test_a_name_and_agencies_without_by_is_the_name(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Russia and China hold naval drills\n\nPjotr Sauer and agencies\n\n"
        "Russia and China began joint naval drills on Tuesday, the defence ministry said.\n\n"
        "The exercise will last five days.\n",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.author == "Pjotr Sauer"


@pytest.mark.parametrize(
    "label", ["PRESS RELEASE – FOR IMMEDIATE RELEASE", "Press release No. 45/2025"]
)
def test_a_release_label_above_the_headline_is_not_the_title(tmp_path, label):
    (tmp_path / "r.txt").write_text(
        f"{label}\n\nCommonwealth ministers meet in London\n\nMarch 10, 2025\n\n"
        "Commonwealth foreign ministers met in London on Monday to discuss trade.\n",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.title == "Commonwealth ministers meet in London"
    assert article.paragraphs == [
        "Commonwealth foreign ministers met in London on Monday to discuss trade."
    ]


@pytest.mark.parametrize(
    "tail",
    [
        "For media inquiries, contact Olha Kovalenko at +380 44 123 4567 or press@gov.example.ua.",
        "Press office - General Secretariat of the Council\nRue de la Loi 175\n"
        "+32 2 281 63 19\npress.office@consilium.example.eu",
    ],
)
def test_more_contact_shapes_are_dropped(tmp_path, tail):
    (tmp_path / "r.txt").write_text(
        "Council adopts conclusions\n\nDecember 16, 2025\n\n"
        "The Council adopted conclusions on enlargement on Tuesday.\n\n"
        f"Contact with candidate countries will continue next year.\n\n{tail}\n",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.paragraphs == [
        "The Council adopted conclusions on enlargement on Tuesday.",
        "Contact with candidate countries will continue next year.",
    ]


_BODY = (
    "<p>Belarus released 16 political prisoners on Tuesday, including a journalist and two "
    "opposition activists, after a visit to Minsk by a senior United States envoy.</p>"
    "<p>The release is the third this year and follows months of quiet contacts between "
    "Washington and Minsk over sanctions on the national airline.</p>"
)


def test_a_release_label_above_an_html_headline_leaves_no_headline_unit(tmp_path):
    (tmp_path / "h.html").write_text(
        "<html><head><title>Foreign Minister meets counterpart</title></head><body>"
        "<p class='label'>PRESS RELEASE</p><article><h1>Foreign Minister meets counterpart</h1>"
        f"<time datetime='2025-05-14'>14 May 2025</time>{_BODY}</article></body></html>",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.title == "Foreign Minister meets counterpart"
    assert article.paragraphs[0].startswith("Belarus released")


def test_a_time_in_the_storys_own_footer_dates_it(tmp_path):
    (tmp_path / "w.html").write_text(
        "<html><head><title>Belarus frees 16 prisoners - Minsk Notes</title></head><body>"
        "<article class='post'><header class='entry-header'><h1 class='entry-title'>"
        f"Belarus frees 16 prisoners</h1></header><div class='entry-content'>{_BODY}</div>"
        "<footer class='entry-footer'><span class='posted-on'>Published "
        "<time class='entry-date published' datetime='2025-06-17T09:00:00+00:00'>June 17, 2025"
        "</time></span></footer></article>"
        "<footer class='site-footer'><time datetime='2019-01-01'>2019</time></footer>"
        "</body></html>",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.date == "2025-06-17"


def test_a_logo_linking_to_the_full_home_address_names_the_site(tmp_path):
    (tmp_path / "w.html").write_text(
        "<html><head><title>Kyiv Notes</title></head><body>"
        "<div class='site-title'><a href='https://www.kyivnotes.example/'>Kyiv Notes</a></div>"
        f"<h1>Belarus frees 16 prisoners</h1><p>June 17, 2025</p>{_BODY}</body></html>",
        encoding="utf-8",
    )
    (article,) = classify.read_articles(tmp_path)
    assert article.title == "Belarus frees 16 prisoners"
    assert article.site == "Kyiv Notes"
