"""Synthetic Turkish news articles for load tests (`manset demo --articles N`).

``make_articles(count, seed=0, start_index=0)`` yields plain dicts in the article JSON Lines
schema plus ``hours_ago`` (hours since publication, spread over the last 365 days, or
over more for a big archive: see ``days``)::

    {"external_id": "synthetic-0", "headline": ..., "lead": ..., "body": [blocks...],
     "desk": "ekonomi", "tags": [...], "authors": [] or [name], "agency": "AA" or "",
     "dateline": "Konya", "breaking": False, "published_at": None, "hours_ago": 1234.5}

The text comes from templates in ``content/synthetic_words.json``: per desk, stories (headline
and lead), a pool of body sentences, subheadings and quotes. Two kinds of slot are filled:

* ``[slot]`` when the word lists are first loaded: numbers, months, scores, names... One story
  template is rendered many times, with the same value for the same slot in headline and lead.
  ``[slot_dat]`` adds a case ending (``loc abl gen dat acc poss``) by vowel harmony, with the
  apostrophe of proper nouns and numbers (Japonya'yı, yüzde 12,4'e, 50'si, Kocaeli'nde).
* ``{yer}``, ``{yerde}``, ``{kurumdan}``, ``{takim2_acc}``, ``{kisi}`` ... for each article, from
  dicts of ready-inflected forms, so the place in the headline is the place in the body.

Subheadings are uppercased with Turkish rules (i → İ, ı → I). One article in ten uses the
typographic apostrophe (Kore’de) instead of the straight one, as real pages mix them.

Speed: inflection, rendering and uppercasing happen once, when the tables are first built
(~0.5 s). Per article: some forty ``random()`` calls, list indexing, ``str.join``, and
``format_map`` only on the texts with per-article slots: ~30,000 articles a second on one core.

Determinism: the same ``(seed, start_index)`` always gives the same articles; the random stream
is seeded with both, so batches that continue with a new ``start_index`` get fresh text.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import permutations
from pathlib import Path

from manset.turkish import lower, upper

__all__ = ["DESKS", "inflect", "make_articles"]

WORDS = Path(__file__).parent / "content" / "synthetic_words.json"
DESKS = ("gundem", "dunya", "ekonomi", "spor", "kultur-sanat", "teknoloji")
CASES = ("loc", "abl", "gen", "dat", "acc", "poss")
STORY_RENDERS = 40  # load-time variants of each headline+lead template
RENDERS = 6  # load-time variants of each body sentence template
SEQUENCES = 256  # precomputed sentence orders per pool
MAX_SENTENCES = 32  # 8 paragraphs of 4 sentences
SHAPES = 512  # precomputed paragraph layouts
TAG_COMBOS = 512
LOAD_SEED = 1923
FOREIGN_DESK_CREDIT = "(DIŞ HABERLER SERVİSİ)"

_VOWELS = frozenset("aeıioöuü")
_HARD = frozenset("çfhkpsşt")
_UNITS = ("sıfır", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz")
_TENS = ("", "on", "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan")
_NUMBER_WORDS = frozenset(("bin", "milyon", "milyar"))
_SLOT = re.compile(r"\[(\w+?)(?:_(loc|abl|gen|dat|acc|poss))?\]")


def suffix(
    word: str, case: str, *, vowel: str | None = None, vend: bool | None = None, poss: bool = False
) -> str:
    """The case ending that *word* takes, by vowel harmony and consonant assimilation.

    ``vowel`` overrides the deciding vowel (Seul → Seul'de), ``vend`` whether the word is heard
    as ending in a vowel (ABD → ABD'ye), ``poss`` marks compounds ending in the possessive,
    which take the buffer n (Kocaeli'nde, Valiliğinden).

    >>> [suffix("Kore", c) for c in ("loc", "abl", "gen", "dat", "acc")]
    ['de', 'den', 'nin', 'ye', 'yi']
    >>> suffix("Sinop", "loc"), suffix("Irak", "dat"), suffix("Müdürlüğü", "abl", poss=True)
    ('ta', 'a', 'nden')
    """
    low = lower(word)
    if vowel is None:
        vowel = next((ch for ch in reversed(low) if ch in _VOWELS), "e")
    if vend is None:
        vend = low[-1] in _VOWELS
    back = vowel in "aıou"
    a = "a" if back else "e"
    i = ("u" if back else "ü") if vowel in "oöuü" else ("ı" if back else "i")
    if case in ("loc", "abl"):
        d = "t" if low[-1] in _HARD and not vend and not poss else "d"
        return ("n" if poss else "") + d + a + ("n" if case == "abl" else "")
    if case == "gen":
        return ("n" if poss or vend else "") + i + "n"
    if case == "dat":
        return "n" + a if poss else ("y" + a if vend else a)
    if case == "acc":
        return "n" + i if poss else ("y" + i if vend else i)
    if case == "poss":  # third person possessive after a number: yüzde 50'si, 38'i
        return "s" + i if vend else i
    raise ValueError(f"unknown case {case!r}")


def _spoken(token: str) -> str:
    """The last word heard when a number is read out: 12,4 → dört, 1500 → yüz, 30 → otuz."""
    digits = token.replace(".", "").split(",")[-1]
    if int(digits) == 0:
        return _UNITS[0]
    if digits.endswith("000"):
        return "bin"
    if digits.endswith("00"):
        return "yüz"
    if digits.endswith("0"):
        return _TENS[int(digits[-2])]
    return _UNITS[int(digits[-1])]


def inflect(value: str, case: str, exceptions: dict | None = None) -> str:
    """*value* with a case ending: proper nouns and numbers take an apostrophe.

    >>> inflect("Japonya", "acc"), inflect("yüzde 12,4", "dat"), inflect("3 bin", "dat")
    ("Japonya'yı", "yüzde 12,4'e", '3 bine')
    >>> inflect("yüzde 50", "poss"), inflect("Kocaeli", "loc", {"Kocaeli": {"poss": True}})
    ("yüzde 50'si", "Kocaeli'nde")
    """
    last = value.rsplit(" ", 1)[-1]
    if last[-1].isdigit():
        return f"{value}'{suffix(_spoken(last), case)}"
    if last in _NUMBER_WORDS and value[0].isdigit():
        return value + suffix(last, case)
    return f"{value}'{suffix(value, case, **(exceptions or {}).get(value, {}))}"


def _thousands(n: int) -> str:
    """Newsroom style for counts: 850, 1500, 3 bin, 12 bin 400."""
    if n < 2000:
        return str(n)
    thousands, rest = divmod(n, 1000)
    return f"{thousands} bin {rest}" if rest else f"{thousands} bin"


def _decimal(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low, high)},{rng.randint(1, 9)}"


_NUMBERS = {  # load-time number slots: name → maker(rng)
    "sayi": lambda r: _thousands(r.choice((r.randint(15, 95) * 10, r.randint(20, 450) * 100))),
    "sayi_ogrenci": lambda r: _thousands(r.randint(5, 45) * 100),
    "sayi_konut": lambda r: _thousands(r.randint(600, 1300) * 100),
    "altin": lambda r: f"2 bin {r.randint(300, 650)}",
    "ceyrek": lambda r: f"4 bin {r.randint(100, 400)}",
    "endeks": lambda r: f"{r.randint(8, 10)}.{r.randint(100, 999)},{r.randint(10, 99)}",
    "kur": lambda r: f"{r.randint(31, 35)},{r.randint(10, 99)}",
    "bskor": lambda r: (lambda w: f"{w}-{w - r.randint(2, 15)}")(r.randint(72, 98)),
}


class _Renderer:
    """Fills ``[slot]`` placeholders from the word lists, with one seeded random stream."""

    def __init__(self, data: dict, people: dict[str, list[str]], rng: random.Random):
        self.rng, self.exceptions, self.ranges = rng, data["exceptions"], data["ranges"]
        self.decimals = data["decimals"]
        self.lists = {}
        for name, values in data["slots"].items():
            if isinstance(values, str):  # "@people", "@men", "@bteam": a list under a new name
                values = people.get(values) or data["slots"][values[1:]]
            self.lists[name] = values

    def pick(self, key: str, memo: dict) -> str:
        if key in _NUMBERS:
            return _NUMBERS[key](self.rng)
        if key in self.decimals:
            before, low, high, after = self.decimals[key]
            return f"{before}{_decimal(self.rng, low, high)}{after}"
        if key in self.ranges:
            return str(self.rng.randint(*self.ranges[key]))
        values = self.lists[key]
        taken = set(memo.values())
        for _ in range(8):  # [bteam] and [bteam2] in one story must differ
            value = self.rng.choice(values)
            if value not in taken:
                break
        return value

    def render(self, template: str, memo: dict | None = None) -> str:
        memo = {} if memo is None else memo

        def fill(match: re.Match) -> str:
            name, case = match.group(1), match.group(2)
            key = lower(name)  # slot names: ASCII, first letter capital to capitalise
            if key not in memo:
                memo[key] = self.pick(key, memo)
            value = memo[key]
            if case:
                value = inflect(value, case, self.exceptions)
            return upper(value[0]) + value[1:] if name[0].isupper() else value

        return _SLOT.sub(fill, template)


def _fill(text, ctx: dict) -> str:
    """A text as it is, or its bound format_map called with the article's slots."""
    return text if text.__class__ is str else text(ctx)


@dataclass
class _Pool:
    sequences: list[list]  # SEQUENCES orders of sentences (str or bound format_map)
    attribution: str  # who a quote in this kind of story is from


@dataclass
class _Desk:
    slug: str
    stories: list[tuple]  # (headline, lead, _Pool, institution index or -1 for any)
    contexts: list[list[dict]]  # place → institution → ready forms for format_map
    teams: list[dict]  # every (home, away) pair, inflected
    places: list[list[str]]  # (dateline, tag)
    subheads: list
    quotes: list[str]
    tags: list[list[str]]
    agencies: list[str]
    attributions: dict[str, list[str]]
    authors: list[str]


_PLACE_FORMS = {"yerde": "loc", "yerden": "abl", "yerin": "gen", "yere": "dat", "yeri": "acc"}
_COUNTRY_FORMS = {"ulkede": "loc", "ulkenin": "gen", "ulkeye": "dat"}


def _place_context(city: str, country: str, exc: dict) -> dict:
    ctx = {"yer": city, "ulke": country}
    ctx.update({key: inflect(city, case, exc) for key, case in _PLACE_FORMS.items()})
    ctx.update({key: inflect(country, case, exc) for key, case in _COUNTRY_FORMS.items()})
    ctx["yerdeki"] = ctx["yerde"] + "ki"
    ctx.update({upper(key): upper(value) for key, value in ctx.items()})  # for subheadings
    return ctx


def _institution(prefix: str, name: str, title: str) -> dict:
    full, title = f"{prefix} {name}", f"{prefix} {title}"  # no apostrophe: İzmir Valiliğinden
    gen, abl = suffix(name, "gen", poss=True), suffix(name, "abl", poss=True)
    return {"kurum": full, "kurumun": full + gen, "kurumdan": full + abl, "unvan": title}


def _team(prefix: str, name: str, exc: dict) -> dict:
    return {prefix: name, **{f"{prefix}_{case}": inflect(name, case, exc) for case in CASES}}


def _build_desk(slug: str, spec: dict, data: dict, r: _Renderer) -> dict:
    """One desk's tables as plain strings and lists, with straight apostrophes."""
    rng, exc, who = r.rng, data["exceptions"], data["quote_attribution"]
    pools = {}
    for name, templates in spec["pools"].items():
        rows = [[r.render(t) for _ in range(RENDERS)] for t in templates + data["generic"]]
        orders = [rng.sample(range(len(rows)), len(rows)) for _ in range(SEQUENCES)]
        sequences = [
            [rows[o[i % len(o)]][rng.randrange(RENDERS)] for i in range(MAX_SENTENCES)]
            for o in orders
        ]
        pools[name] = [sequences, who.get(slug, who.get(name, who["*"]))]
    stories, names = [], [name for name, _ in spec["kurumlar"]]
    for story in spec["stories"]:
        pinned = names.index(story["kurum"]) if "kurum" in story else -1  # whose story it is
        for _ in range(STORY_RENDERS):
            memo: dict = {}
            headline, lead = r.render(story["h"], memo), r.render(story["l"], memo)
            stories.append([headline, lead, story.get("pool", next(iter(pools))), pinned])
    world = spec["places"] == "world"
    places = data["world_cities"] if world else [[c, "Türkiye"] for c in data["tr_cities"]]
    contexts = []
    for city, country in places:
        base, prefix = _place_context(city, country, exc), country if world else city
        contexts.append([{**base, **_institution(prefix, *k)} for k in spec["kurumlar"]])
    pairs = permutations(spec.get("teams", []), 2)
    teams = [{**_team("takim1", a, exc), **_team("takim2", b, exc)} for a, b in pairs]
    agencies = spec["agencies"]
    return {
        "slug": slug,
        "stories": stories,
        "pools": pools,
        "contexts": contexts,
        "teams": teams,
        "places": [[city, country if world else city] for city, country in places],
        "subheads": [upper(r.render(s)) for s in spec["subheads"] for _ in range(3)],
        "quotes": spec["quotes"],
        "tags": [rng.sample(spec["tags"], rng.randint(2, 4)) for _ in range(TAG_COMBOS)],
        "agencies": agencies,
        "attributions": {
            a: [f"{data['agencies'][a]}, {c}." for c in data["attrib_clauses"]] for a in agencies
        },
        "authors": [],
    }


def _finish(raw: dict, apostrophe: str) -> _Desk:
    """The desk in one apostrophe style, each text with per-article slots bound to format_map."""
    raw = json.loads(json.dumps(raw, ensure_ascii=False).replace("'", apostrophe))
    bound: dict[str, object] = {}  # one bound method per distinct text

    def bind(text: str):
        if text not in bound:
            bound[text] = text.format_map if "{" in text else text
        return bound[text]

    pools = {
        name: _Pool([[bind(s) for s in seq] for seq in seqs], who)
        for name, (seqs, who) in raw.pop("pools").items()
    }
    raw["stories"] = [(bind(h), bind(lead), pools[p], k) for h, lead, p, k in raw["stories"]]
    raw["subheads"] = [bind(s) for s in raw["subheads"]]
    return _Desk(**raw)


@cache
def _tables() -> tuple[list[_Desk], list[_Desk], list[str], list[tuple]]:
    """Every desk in both apostrophe styles, people's names and paragraph shapes; built once."""
    data = json.loads(WORDS.read_text(encoding="utf-8"))
    rng = random.Random(LOAD_SEED)
    last = data["last_names"]
    everyone = sorted({f"{f} {s}" for f in data["first_names"] for s in last})
    men = [f"{f} {s}" for f in data["male_first_names"] for s in last]  # footballers, coaches
    people = rng.sample(everyone, 400)
    renderer = _Renderer(data, {"@people": people, "@men": men}, rng)
    raws = [_build_desk(slug, data["desks"][slug], data, renderer) for slug in DESKS]
    for number, name in enumerate(rng.sample(sorted(set(everyone) - set(people)), 20)):
        raws[number % len(raws)]["authors"].append(name)
    shapes = []
    for _ in range(SHAPES):  # 4–8 paragraphs of 2–4 sentences: (paragraphs, sentences, bounds)
        cuts = [0]
        for _ in range(rng.randint(4, 8)):
            cuts.append(cuts[-1] + rng.randint(2, 4))
        shapes.append((len(cuts) - 1, cuts[-1], list(zip(cuts, cuts[1:], strict=False))))
    return [_finish(r, "'") for r in raws], [_finish(r, "’") for r in raws], people, shapes


def make_articles(
    count: int, *, seed: int = 0, start_index: int = 0, days: float = 365
) -> Iterator[dict]:
    """Yield ``count`` synthetic articles numbered from ``start_index`` (see module doc),
    published over the last ``days`` days."""
    straight, curly, people, shapes = _tables()
    rnd = random.Random(f"manset-synthetic:{seed}:{start_index}").random
    for number in range(start_index, start_index + count):
        desk = (curly if rnd() < 0.1 else straight)[int(rnd() * 6)]
        headline, lead, pool, pinned = desk.stories[int(rnd() * len(desk.stories))]
        place = int(rnd() * len(desk.contexts))
        institutions = desk.contexts[place]
        ctx = dict(institutions[pinned if pinned >= 0 else int(rnd() * len(institutions))])
        ctx["kisi"] = people[int(rnd() * len(people))]
        if desk.teams:
            ctx.update(desk.teams[int(rnd() * len(desk.teams))])
        n_paragraphs, n_sentences, bounds = shapes[int(rnd() * SHAPES)]
        sequence = pool.sequences[int(rnd() * SEQUENCES)]
        said = [s if s.__class__ is str else s(ctx) for s in sequence[:n_sentences]]
        if rnd() < 0.4 and desk.authors:
            authors, agency = [desk.authors[int(rnd() * len(desk.authors))]], ""
        else:
            authors, agency = [], desk.agencies[int(rnd() * len(desk.agencies))]
            attributions = desk.attributions[agency]
            at = bounds[1][0]  # the agency is credited at the start of the second paragraph
            said[at] = attributions[int(rnd() * len(attributions))] + " " + said[at]
        body = [{"type": "paragraph", "text": " ".join(said[a:b])} for a, b in bounds]
        if rnd() < 0.35:
            quote = {
                "type": "quote",
                "text": desk.quotes[int(rnd() * len(desk.quotes))],
                "attribution": pool.attribution.format_map(ctx),
            }
            body.insert(2 + int(rnd() * (n_paragraphs - 2)), quote)
        subheads = desk.subheads
        first = int(rnd() * len(subheads))
        if rnd() < 0.5:
            second = (first + 1 + int(rnd() * (len(subheads) - 1))) % len(subheads)
            body.insert(
                (2 * n_paragraphs) // 3 + 1,
                {"type": "subheading", "text": _fill(subheads[second], ctx)},
            )
        body.insert(
            max(1, n_paragraphs // 3), {"type": "subheading", "text": _fill(subheads[first], ctx)}
        )
        if agency and desk.slug == "dunya" and n_paragraphs < 8 and rnd() < 0.5:
            body.append({"type": "paragraph", "text": FOREIGN_DESK_CREDIT})
        city, place_tag = desk.places[place]
        tags = list(desk.tags[int(rnd() * TAG_COMBOS)])
        if len(tags) < 4 and rnd() < 0.3 and place_tag not in tags:
            tags.append(place_tag)
        breaking = rnd() < 0.02
        hours = 0.2 + rnd() * (4.8 if breaking else days * 24 - 0.2)
        yield {
            "external_id": f"synthetic-{number}",
            "headline": _fill(headline, ctx),
            "lead": _fill(lead, ctx),
            "body": body,
            "desk": desk.slug,
            "tags": tags,
            "authors": authors,
            "agency": agency,
            "dateline": city if rnd() < 0.9 else "",
            "breaking": breaking,
            "published_at": None,
            "hours_ago": round(hours, 2),
        }
