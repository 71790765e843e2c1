"""The PostgreSQL drill's load (bench/fault_drills.py): readers, commenters, a publisher and
an agency-file sender, each recording what it began, when, and how it ended, and what it
was told was accepted; and the queries that check nothing was lost or stored twice.

Each writer retries the same write until it is accepted: a comment with its form stamp (so
its submission key), an import file with its external ids, an agency folder with its files.
`drill` is bench/fault_drills.py's Drill (its proxy URL, `manset` runner and cluster).
"""

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE = (
    Path(__file__).resolve().parents[2] / "shared" / "samples" / "wire" / "ninjs" / "ninjs2.json"
)
# Articles a `manset articles import`, files a `manset ingest file`: long enough that a
# command is often mid-way (some lines or files stored, the rest not) when PostgreSQL goes.
BATCH = 25


def request(url: str, *, data: bytes | None = None, headers: dict | None = None, timeout=10):
    """(status, headers, body); status 0 when nothing answered."""
    req = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()
    except OSError:
        return 0, {}, ""


@dataclass
class Load:
    """What every client saw: (monotonic time, kind, status) and what was accepted."""

    stop: threading.Event = field(default_factory=threading.Event)
    seen: list = field(default_factory=list)
    comments_sent: set = field(default_factory=set)
    comments_accepted: set = field(default_factory=set)
    publishes_sent: set = field(default_factory=set)
    publishes_accepted: set = field(default_factory=set)
    wires_sent: set = field(default_factory=set)
    wires_accepted: set = field(default_factory=set)
    in_flight: dict = field(default_factory=dict)  # "publish"/"wire": the batch being sent
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, kind: str, status: int, started: float) -> None:
        """A request or command that began at `started` (time.monotonic()) ended with `status`."""
        with self.lock:
            self.seen.append((started, kind, status, time.monotonic()))


SETUP = """
import json
from django.utils import timezone
from manset.comments.config import CommentSettings
from manset.newsroom.models import ArticlePage
config = CommentSettings.load()
# One address (the proxy's) posts for every drill client: the per-address rules would
# refuse most posts, and refusals are not what this drill is about.
config.min_fill_seconds = 0
config.flood_seconds = 0
config.per_ip_per_hour = 30000
config.duplicate_minutes = 0
config.save()
articles = list(ArticlePage.objects.live().order_by("-first_published_at")[:2])
ArticlePage.objects.filter(id__in=[a.id for a in articles]).update(
    comments_open=True, first_published_at=timezone.now())
print(json.dumps({"articles": [[a.id, a.get_url_parts()[2]] for a in articles]}))
"""

VERIFY = """
import collections, json
from django.db.models import Count
from django_tasks_db.models import DBTaskResult
from manset.comments.models import Comment
from manset.newsroom.models import ArticlePage
from manset.wires.models import WireItem
from wagtail.models import PageLogEntry
comments = collections.Counter(
    Comment.objects.filter(text__startswith="Tatbikat yorumu").values_list("text", flat=True))
articles = list(ArticlePage.objects.filter(external_id__startswith="tatbikat-")
    .values_list("external_id", "live", "id"))
publish_logs = collections.Counter(PageLogEntry.objects.filter(action="wagtail.publish",
    page_id__in=[a[2] for a in articles]).values_list("page_id", flat=True))
wires = collections.Counter(
    WireItem.objects.filter(guid__startswith="urn:tatbikat:").values_list("guid", flat=True))
tasks = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")))
print(json.dumps({
    "comments": comments,
    "articles": collections.Counter(a[0] for a in articles),
    "live": [a[0] for a in articles if a[1]],
    "publish_logs": {a[0]: publish_logs[a[2]] for a in articles},
    "wires": wires, "tasks": tasks,
}))
"""


def reader(drill, load: Load, article_url: str) -> None:
    paths = [("/", {}), ("/dunya/", {}), (article_url, {})]
    bypass = [(article_url, {"Cookie": "sessionid=tatbikat"}), ("/", {"Cookie": "sessionid=x"})]
    n = 0
    while not load.stop.is_set():
        path, headers = (paths + bypass)[n % 5]
        started = time.monotonic()
        status = request(drill.proxy + path, headers=headers)[0]
        load.saw("read-bypass" if headers else "read", status, started)
        n += 1
        time.sleep(0.02)


def commenter(drill, load: Load, article_id: int, tag: str) -> None:
    origin = {"Origin": drill.proxy}
    n = 0
    while not load.stop.is_set():
        n += 1
        text = f"Tatbikat yorumu {tag}-{n}: veritabanı yeniden başlarken yazıldı."
        stamp = None
        while stamp is None and not load.stop.is_set():
            started = time.monotonic()
            status, _, body = request(f"{drill.proxy}/yorum/{article_id}/form/")
            load.saw("stamp", status, started)
            stamp = json.loads(body)["stamp"] if status == 200 else time.sleep(0.2)
        form = urllib.parse.urlencode(
            {"name": f"Okur {tag}", "email": f"okur-{tag}-{n}@example.com", "text": text,
             "stamp": stamp}
        ).encode()  # fmt: skip
        with load.lock:
            load.comments_sent.add(text)
        headers = {**origin, "Accept": "application/json"}
        while not load.stop.is_set():  # the same post again until it is taken
            started = time.monotonic()
            status, _, body = request(
                f"{drill.proxy}/yorum/{article_id}/", data=form, headers=headers
            )
            load.saw("comment", status, started)
            if status == 200 and json.loads(body).get("ok"):
                with load.lock:
                    load.comments_accepted.add(text)
                break
            time.sleep(0.2)
        time.sleep(0.1)


def publisher(drill, load: Load, folder: Path) -> None:
    n = 0
    while not load.stop.is_set():
        n += 1
        ids = [f"tatbikat-{n}-{k}" for k in range(BATCH)]
        path = folder / f"publish-{n}.jsonl"
        path.write_text(
            "".join(
                json.dumps({
                    "external_id": eid, "headline": f"Tatbikat haberi {eid}",
                    "lead": "Veritabanı yeniden başlarken yayımlandı.",
                    "body": [{"type": "paragraph", "text": "Tatbikat metni."}],
                    "desk": "gundem", "published_at": "2026-01-01T10:00:00+03:00",
                }, ensure_ascii=False) + "\n"
                for eid in ids
            )
        )  # fmt: skip
        with load.lock:
            load.publishes_sent.update(ids)
            load.in_flight["publish"] = ids
        while not load.stop.is_set():
            started = time.monotonic()
            done = drill.manset("articles", "import", str(path), check=False)
            load.saw("publish", 200 if done.returncode == 0 else 500, started)
            if done.returncode == 0:
                with load.lock:
                    load.publishes_accepted.update(ids)
                break
            time.sleep(0.5)


def wire_file(guid: str) -> str:
    item = json.loads(SAMPLE.read_text()) if SAMPLE.exists() else {"type": "text"}
    item.pop("associations", None)  # no picture downloads in a drill
    item.update(
        guid=guid, headline=f"Tatbikat ajans haberi {guid}", version="1",
        body_html="<p>Ajans metni, veritabanı yeniden başlarken geldi.</p>",
    )  # fmt: skip
    return json.dumps(item)


def wire_sender(drill, load: Load, folder: Path) -> None:
    n = 0
    while not load.stop.is_set():
        n += 1
        batch = folder / f"wire-{n}"
        batch.mkdir()
        guids = [f"urn:tatbikat:{n}-{k}" for k in range(BATCH)]
        for k, guid in enumerate(guids):
            (batch / f"{k}.json").write_text(wire_file(guid))
        with load.lock:
            load.wires_sent.update(guids)
            load.in_flight["wire"] = guids
        while not load.stop.is_set():
            started = time.monotonic()
            done = drill.manset("ingest", "file", "--format", "ninjs", str(batch), check=False)
            load.saw("wire", 200 if done.returncode == 0 else 500, started)
            if done.returncode == 0:
                with load.lock:
                    load.wires_accepted.update(guids)
                break
            time.sleep(0.5)


MID_WRITE = """
SELECT (SELECT count(*) FROM newsroom_articlepage WHERE external_id = ANY(%s)),
       (SELECT count(*) FROM wires_wireitem WHERE guid = ANY(%s))
"""


def wait_mid_write(drill, load: Load, seconds: float) -> str:
    """Waits (at most `seconds`) until an import or an ingest has stored part of its batch,
    so the outage that follows catches it mid-way; says which it caught."""
    import psycopg

    deadline = time.monotonic() + seconds
    with psycopg.connect(drill.cluster.database_url("manset_drills"), autocommit=True) as conn:
        while time.monotonic() < deadline:
            with load.lock:
                batches = [load.in_flight.get("publish", []), load.in_flight.get("wire", [])]
            counts = conn.execute(MID_WRITE, batches).fetchone()
            caught = [
                f"{kind} {count} of {len(batch)} stored"
                for kind, count, batch in zip(("import", "ingest"), counts, batches, strict=True)
                if 0 < count < len(batch)
            ]
            if caught:
                return "caught mid-way: " + ", ".join(caught)
            time.sleep(0.05)
    return "no import or ingest caught mid-way"


def errors_after(load: Load, since: float, until: float) -> list[tuple[float, str, int]]:
    """(seconds after `since`, kind, status) of each request or command begun after
    `since` and ended before `until` (the next outage) that ended in a 5xx, a refused
    connection or a failed command."""
    return sorted(
        (t - since, kind, status)
        for t, kind, status, end in load.seen
        if since <= t and end < until and (status >= 500 or not status)
    )


def last_error_seen(load: Load, since: float, until: float) -> float | None:
    """Seconds from `since` to the last failure any client saw (ended) before `until`."""
    ends = [
        end
        for _, _, status, end in load.seen
        if since <= end < until and (status >= 500 or not status)
    ]
    return max(ends) - since if ends else None
