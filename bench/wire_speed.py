"""Wire ingest speed on SQLite: parse, normalise, de-duplicate, group and store, on one core.

Usage: .venv/bin/python bench/wire_speed.py [--items 6000] [--grouping-days 3]

Two measurements, each in a fresh SQLite database under a temp directory:

1. Throughput. `--items` synthetic agency items (manset.demo.synthetic: Turkish news across
   six desks) delivered as real files in four formats, a quarter each: NewsML-G2 (one item a
   file, as AA's API sends them), İHA's subscriber XML and DHA-style RSS (20 items a file),
   and ninjs (20 a file). Every file goes through manset.wires.ingest.wire_file_ingest, one
   transaction a file, in this process. Reported as items per second of this thread's CPU
   time (the target is "on one core") and of wall time.
   References measured in the same run over the same files: parsing alone
   (manset.wires.parsers.parse), and a bare sqlite3 executemany of the parsed items' fields
   into a plain table in one transaction a file (what the database alone costs).
2. Grouping at 10,000 items a day. The archive is first filled with `--grouping-days` days
   of 10,000 items a day (created times spread evenly), then 1,000 more items of the last
   day are stored, timing the story step of each (candidate bands, Jaccard, cohesion, story
   row): p50 / p95 / max. The synthetic generator writes many stories from few templates,
   so most items find candidates: harder than a real day's wire.

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


def timed(function) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.thread_time()
    result = function()
    return time.perf_counter() - wall, time.thread_time() - cpu, result


def throughput(files, directory: Path) -> None:
    from manset.wires.ingest import wire_file_ingest
    from manset.wires.models import WireItem
    from manset.wires.parsers import parse

    def parse_all():
        return [parse(data, filename=name) for name, data in files]

    _, parse_cpu, results = timed(parse_all)
    total = sum(len(result.items) for result in results)
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
        return [wire_file_ingest(data=data, name=name) for name, data in files]

    wall, cpu, reports = timed(ingest_all)
    created = sum(report.count("created") for report in reports)
    assert created == total == WireItem.objects.count(), (created, total)
    stories = WireItem.objects.values("story_id").distinct().count()
    print(f"\n1. throughput: {len(files):,} files, {total:,} items ({stories:,} stories)")
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
    from manset.wires.ingest import wire_file_ingest

    start = datetime(2026, 11, 1, tzinfo=UTC)
    step = timedelta(days=1) / 10_000
    background = articles(days * 10_000, seed=7, start=start, step=step)
    print(f"\n2. grouping: filling {len(background):,} items over {days} days …", flush=True)
    for name, data in files_for(background):
        wire_file_ingest(data=data, name=name)
    fresh = articles(1_000, seed=8, start=start + timedelta(days=days - 1), step=step * 10)
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
        for name, data in files_for(fresh):
            wire_file_ingest(data=data, name=f"new-{name}")
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
    parser.add_argument("--grouping-days", type=int, default=3)
    args = parser.parse_args()
    from zoneinfo import ZoneInfo

    ISTANBUL = ZoneInfo("Europe/Istanbul")
    with tempfile.TemporaryDirectory(prefix="manset-wire-speed-") as name:
        directory = Path(name)
        setup_django(directory / "wire.sqlite3")
        step = timedelta(seconds=9)
        items = articles(args.items, seed=1, start=datetime(2026, 11, 20, tzinfo=UTC), step=step)
        throughput(files_for(items), directory)
        from django.db import connection

        connection.close()
        (directory / "wire.sqlite3").unlink()
        run({**os.environ}, "migrate", "-v0")
        grouping(args.grouping_days, directory)


if __name__ == "__main__":
    main()
