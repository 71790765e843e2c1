"""Wire ingest speed on SQLite: parse, normalise, de-duplicate, group and store, on one core.

Usage: .venv/bin/python bench/wire_speed.py [--items 6000] [--grouping-days 3]

Two measurements, each in a fresh SQLite database under a temp directory:

1. Throughput. `--items` agency items of a plausible wire day (10,000 a day): words drawn
   with Zipf weights from the demo newsroom and the labelled wire set; 30% of the items
   retell an item of the last three hours in other words, as a second or third agency does
   (so grouping has real candidates). They are delivered as real files in four formats, a
   quarter each: NewsML-G2 (one item a file, as AA's API sends them), İHA's subscriber XML
   and DHA-style RSS (20 items a file), and ninjs (20 a file), and stored the way source
   polling stores them (manset.wires.ingest.wire_files_ingest, FILES_PER_TRANSACTION files a
   transaction), in this process. `--stress` adds as many template-written synthetic
   articles (manset.demo.synthetic), where nearly every item resembles hundreds of others:
   the worst case for grouping. Reported as items per second of this thread's CPU time (the
   target is "on one core") and of wall time.
   References measured in the same run over the same files: parsing alone
   (manset.wires.parsers.parse), and parsing plus a bare sqlite3 executemany of the parsed
   items' fields into a plain table, one transaction a file (what the database alone costs).
2. Grouping at 10,000 items a day. The archive is first filled with `--grouping-days` days
   of 10,000 items a day (created times spread evenly), then 1,000 more items of the last
   day are stored, timing the story step of each (candidate bands, Jaccard, cohesion, story
   row): p50 / p95 / max.

Targets (issue 6): >= 500 items/s on one core on SQLite; grouping < 10 ms per item.
"""

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from harness import ROOT, run

PER_FILE = 20


def setup_django(database: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "MANSET_ENV": "development"}
    env.pop("REDIS_URL", None)
    run(env, "migrate", "-v0")
    os.environ.update(DATABASE_URL=env["DATABASE_URL"], MANSET_ENV="development")
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "manset.settings.development"
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False  # no query log: production does not keep one either


def articles(count: int, *, seed: int, start: datetime, step: timedelta) -> list[dict]:
    from manset.demo.synthetic import make_articles

    found = []
    for number, article in enumerate(make_articles(count, seed=seed)):
        article["at"] = start + number * step
        article["guid"] = f"{seed}-{number}"
        article["paragraphs"] = [block["text"] for block in article["body"]]
        found.append(article)
    return found


def vocabulary() -> list[str]:
    """Words of the demo newsroom and the labelled wire set, commonest first (Zipf weights)."""
    texts = [
        line for line in (ROOT / "manset/demo/content/articles.jsonl").read_text().splitlines()
    ]
    texts += (ROOT / "bench/data/wire_stories.jsonl").read_text().splitlines()
    counts = {}
    for text in texts:
        for word in (
            json.loads(text).get("headline", "").split()
            + " ".join(str(v) for v in json.loads(text).values()).split()
        ):
            word = word.strip('.,;:!?"“”()[]{}')
            if len(word) > 1 and not word.startswith(("{", "http")):
                counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=counts.get, reverse=True)


def realistic(count: int, *, seed: int, start: datetime, step: timedelta) -> list[dict]:
    """Items of a plausible wire day: each its own event, except STORY_SHARE that retell an
    earlier item in other words (60% of its headline and lead words kept), as a second or
    third agency does within a few hours."""
    import random

    rng = random.Random(seed)
    words = VOCABULARY
    weights = [1 / (rank + 20) for rank in range(len(words))]

    def sample(n):
        return rng.choices(words, weights, k=n)

    def retell(text, keep=0.6):
        return [w if rng.random() < keep else rng.choices(words, weights)[0] for w in text]

    found = []
    for number in range(count):
        at = start + number * step
        earlier = [a for a in found[-300:] if at - a["at"] < timedelta(hours=3)]
        if earlier and rng.random() < STORY_SHARE:
            base = rng.choice(earlier)
            headline, lead = retell(base["h"]), retell(base["l"])
        else:
            headline, lead = sample(9), sample(25)
        paragraphs = [" ".join(sample(rng.randint(25, 45))) + "." for _ in range(4)]
        found.append(
            {
                "h": headline,
                "l": lead,
                "headline": " ".join(headline),
                "lead": " ".join(lead),
                "paragraphs": paragraphs,
                "desk": rng.choice(DESKS),
                "dateline": rng.choice(PLACES),
                "at": at,
                "guid": f"{seed}-{number}",
            }
        )
    return found


STORY_SHARE = 0.3
DESKS = ["Gündem", "Dünya", "Ekonomi", "Spor", "Kültür-Sanat", "Teknoloji"]
PLACES = ["Ankara", "İstanbul", "İzmir", "Malatya", "Van", "Trabzon", "Brüksel", "Moskova"]
VOCABULARY: list[str] = []


def newsml_g2(a: dict) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in a["paragraphs"])
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="aa:text:{a["guid"]}" version="1"
  standard="NewsML-G2" standardversion="2.9" xml:lang="tr">
 <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:AA"/>
  <versionCreated>{a["at"].isoformat()}</versionCreated><firstCreated>{a["at"].isoformat()}</firstCreated>
  <pubStatus qcode="stat:usable"/></itemMeta>
 <contentMeta><urgency>4</urgency><located><name>{escape(a["dateline"])}</name></located>
  <subject qcode="aacat:1"><name>{escape(a["desk"])}</name></subject>
  <headline>{escape(a["headline"])}</headline>
  <description role="drol:summary">{escape(a["lead"])}</description>
 </contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html></inlineXML></contentSet>
</newsItem>""".encode()


def iha(batch: list[dict]) -> bytes:
    items = "".join(
        f"""<item><HaberKodu>IHA{a["guid"]}</HaberKodu><title>{escape(a["headline"])}</title>
<summary>{escape(a["lead"])}</summary><body>{escape(chr(10).join(a["paragraphs"]))}</body>
<UstKategori>Gündem</UstKategori><Kategori>{escape(a["desk"])}</Kategori>
<Sehir>{escape(a["dateline"])}</Sehir><SonDakika>Hayır</SonDakika>
<pubDate>{a["at"].astimezone(ISTANBUL).strftime("%d.%m.%Y %H:%M:%S")}</pubDate>
<SonHaberGuncellenmeTarihi>-</SonHaberGuncellenmeTarihi></item>"""
        for a in batch
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>İHA</title>{items}</channel></rss>"
    ).encode()


def rss(batch: list[dict]) -> bytes:
    items = "".join(
        f"""<item><guid isPermaLink="false">dha-{a["guid"]}</guid>
<title>{escape(a["headline"])}</title>
<link>https://www.dha.com.tr/haber/{a["guid"]}</link><description>{escape(a["lead"])}</description>
<content:encoded><![CDATA[{"".join(f"<p>{p}</p>" for p in a["paragraphs"])}]]></content:encoded>
<category>{escape(a["desk"])}</category>
<pubDate>{a["at"].strftime("%a, %d %b %Y %H:%M:%S +0000")}</pubDate></item>"""
        for a in batch
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>DHA</title><link>https://www.dha.com.tr</link>{items}</channel></rss>"
    ).encode()


def ninjs(batch: list[dict]) -> bytes:
    return json.dumps(
        [
            {
                "uri": f"reuters:{a['guid']}",
                "type": "text",
                "version": "1",
                "versioncreated": a["at"].isoformat(),
                "firstcreated": a["at"].isoformat(),
                "headline": a["headline"],
                "description_text": a["lead"],
                "body_html": "".join(f"<p>{escape(p)}</p>" for p in a["paragraphs"]),
                "provider": "Reuters",
                "language": "tr",
                "located": a["dateline"],
            }
            for a in batch
        ],
        ensure_ascii=False,
    ).encode()


def files_for(items: list[dict]) -> list[tuple[str, bytes]]:
    """A quarter of the items in each format, interleaved as sources deliver them."""
    quarter = len(items) // 4
    parts = [items[i * quarter : (i + 1) * quarter] for i in range(4)]
    files = [(f"aa-{a['guid']}.xml", newsml_g2(a)) for a in parts[0]]
    for index in range(0, quarter, PER_FILE):
        files.append((f"iha-{index}.xml", iha(parts[1][index : index + PER_FILE])))
        files.append((f"dha-{index}.xml", rss(parts[2][index : index + PER_FILE])))
        files.append((f"rt-{index}.json", ninjs(parts[3][index : index + PER_FILE])))
    files.sort(key=lambda pair: pair[0][-12:])  # mixed formats, as several sources poll
    return files


def store(files, prefix: str = "") -> list:
    """Through the path source polling takes: FILES_PER_TRANSACTION files a transaction."""
    from manset.wires.ingest import FILES_PER_TRANSACTION, wire_files_ingest
    from manset.wires.transports.base import Delivery

    now = datetime.now(UTC)
    reports = []
    for start in range(0, len(files), FILES_PER_TRANSACTION):
        chunk = files[start : start + FILES_PER_TRANSACTION]
        reports += wire_files_ingest([Delivery(prefix + name, data, now) for name, data in chunk])
    return reports


def timed(function) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.thread_time()
    result = function()
    return time.perf_counter() - wall, time.thread_time() - cpu, result


def throughput(files, directory: Path, label: str, prefix: str) -> None:
    from manset.wires.models import WireItem
    from manset.wires.parsers import parse

    def parse_all():
        return [parse(data, filename=name) for name, data in files]

    _, parse_cpu, results = timed(parse_all)
    total = sum(len(result.items) for result in results)
    (directory / "bare.sqlite3").unlink(missing_ok=True)
    bare = sqlite3.connect(directory / "bare.sqlite3", isolation_level=None)
    bare.execute("PRAGMA synchronous = OFF")
    bare.execute(
        "CREATE TABLE item (provider TEXT, guid TEXT, headline TEXT, abstract TEXT, "
        "body TEXT, created TEXT, UNIQUE (provider, guid))"
    )

    def bare_insert():
        for result in results:
            bare.execute("BEGIN")
            bare.executemany(
                "INSERT INTO item VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (i.provider, i.guid, i.headline, i.abstract, i.body, i.created.isoformat())
                    for i in result.items
                ],
            )
            bare.execute("COMMIT")

    _, bare_cpu, _ = timed(bare_insert)

    def ingest_all():
        return store(files, prefix=prefix)

    if os.environ.get("PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        wall, cpu, reports = timed(lambda: profile.runcall(ingest_all))
        pstats.Stats(profile).sort_stats(os.environ["PROFILE"]).print_stats(40)
    else:
        wall, cpu, reports = timed(ingest_all)
    created = sum(report.count("created") for report in reports)
    mine = WireItem.objects.filter(file__name__startswith=prefix)
    assert created == total == mine.count(), (created, total)
    stories = mine.values("story_id").distinct().count()
    print(f"\n1. throughput, {label}: {len(files):,} files, {total:,} items ({stories:,} stories)")
    print(f"{'':<44}{'items/s cpu':>12}{'ratio':>8}")
    rows = [
        ("parse only (reference)", total / parse_cpu),
        ("parse + bare sqlite3 insert (reference)", total / (parse_cpu + bare_cpu)),
        ("manset ingest (parse, dedupe, group, store)", total / cpu),
    ]
    for label, rate in rows:
        print(f"{label:<44}{rate:>12,.0f}{rate / rows[0][1]:>8.2f}")
    print(f"manset ingest over wall time: {total / wall:,.0f} items/s (target >= 500 on one core)")


def grouping(days: int, directory: Path) -> None:
    from manset.wires import ingest

    start = datetime(2026, 11, 1, tzinfo=UTC)
    step = timedelta(days=1) / 10_000
    background = realistic(days * 10_000, seed=7, start=start, step=step)
    print(f"\n2. grouping: filling {len(background):,} items over {days} days …", flush=True)
    store(files_for(background))
    fresh = realistic(1_000, seed=8, start=start + timedelta(days=days - 1), step=step * 10)
    durations = []
    original = ingest._story_for

    def story_for(*args, **kwargs):
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            durations.append((time.perf_counter() - began) * 1000)

    ingest._story_for = story_for
    try:
        store(files_for(fresh), prefix="new-")
    finally:
        ingest._story_for = original
    durations.sort()
    print(
        f"story step over {len(durations):,} new items with {len(background):,} stored: "
        f"p50 {statistics.median(durations):.2f} ms, "
        f"p95 {durations[int(len(durations) * 0.95)]:.2f} ms, max {durations[-1]:.2f} ms "
        "(target < 10 ms)"
    )


ISTANBUL = None


def main() -> None:
    global ISTANBUL
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=6000)
    parser.add_argument("--grouping-days", type=int, default=3, help="0 skips part 2")
    parser.add_argument(
        "--stress", action="store_true", help="also time template-written articles (worst case)"
    )
    args = parser.parse_args()
    from zoneinfo import ZoneInfo

    ISTANBUL = ZoneInfo("Europe/Istanbul")
    with tempfile.TemporaryDirectory(prefix="manset-wire-speed-") as name:
        directory = Path(name)
        setup_django(directory / "wire.sqlite3")
        VOCABULARY.extend(vocabulary())
        step = timedelta(seconds=9)  # 10,000 a day
        start = datetime(2026, 11, 20, tzinfo=UTC)
        items = realistic(args.items, seed=1, start=start, step=step)
        throughput(files_for(items), directory, f"a wire day ({STORY_SHARE:.0%} retold)", "day/")
        if args.stress:
            stress = articles(args.items, seed=2, start=start + timedelta(days=2), step=step)
            throughput(files_for(stress), directory, "template-written articles", "stress/")
        if args.grouping_days:
            from django.db import connection

            connection.close()
            for leftover in directory.glob("wire.sqlite3*"):
                leftover.unlink()
            run({**os.environ}, "migrate", "-v0")
            grouping(args.grouping_days, directory)


if __name__ == "__main__":
    main()
