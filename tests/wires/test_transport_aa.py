"""The AA subscriber API client against a small fake AA server on a local socket."""

import base64
import json
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs

import pytest

from manset.wires import transports
from manset.wires.errors import TransportError
from manset.wires.transports import aa
from manset.wires.transports.base import SourceConfig
from tests.servers import serving

USER, PASSWORD = "3010229", "abone-şifre"
AUTHORIZATION = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


class FakeAA:
    """What the fake API serves and what it was asked."""

    def __init__(self):
        self.items = []  # search results, oldest first
        self.documents = {}  # id -> bytes, or an HTTP status to answer instead
        self.calls = []  # (method, path, Authorization header)
        self.searches = []  # the form of each search
        self.throttled = 0  # this many next requests answer 429
        self.retry_after = "2"
        self.refused_links = 0  # the first links handed out answer 403
        self.tokens = 0
        self.search_answer = None  # a JSON body to answer every search with

    def add_text(self, number, date, body=None):
        item_id = f"aa:text:20261129:{number}"
        self.items.append({"id": item_id, "type": "text", "date": date, "title": f"Haber {number}"})
        self.documents[item_id] = body or f"<newsItem guid='{item_id}'/>".encode()
        return item_id

    def answer(self, handler, method):
        self.calls.append((method, handler.path, handler.headers.get("Authorization")))
        if self.throttled:
            self.throttled -= 1
            return 429, {"Retry-After": self.retry_after}, b""
        if handler.path.startswith("/files/"):
            return self.file(handler.path)
        if handler.headers.get("Authorization") != AUTHORIZATION:
            return 401, {}, b'{"response": {"success": false, "status": 401}}'
        if method == "POST" and handler.path == "/abone/search/":
            length = int(handler.headers["Content-Length"])
            return self.search(parse_qs(handler.rfile.read(length).decode()))
        kind, item_id, fmt = handler.path.removeprefix("/abone/").split("/")
        if kind == "document" and fmt == "newsml29" and item_id in self.documents:
            body = self.documents[item_id]
            return (body, {}, b"failed") if isinstance(body, int) else (200, {}, body)
        if kind == "token":
            self.tokens += 1
            return 302, {"Location": f"/files/{self.tokens}/{item_id}.{fmt}.jpg"}, b""
        return 404, {}, b""

    def search(self, form):
        form = {name: values[0] for name, values in form.items()}
        self.searches.append(form)
        if self.search_answer is not None:
            return 200, {}, json.dumps(self.search_answer).encode()
        found = [item for item in self.items if item["date"] >= form["start_date"]]
        offset, limit = int(form["offset"]), int(form["limit"])
        payload = {
            "response": {"success": True, "status": 200},
            "data": {"result": found[offset : offset + limit]},
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(payload).encode()

    def file(self, path):
        number = int(path.split("/")[2])
        if number <= self.refused_links:
            return 403, {}, b"forbidden"
        return 200, {}, b"JPEG " + path.encode()


@pytest.fixture
def fake():
    api = FakeAA()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # keep-alive replies without a 40 ms delayed-ACK stall

        def do_GET(self):
            self.reply(*api.answer(self, "GET"))

        def do_POST(self):
            self.reply(*api.answer(self, "POST"))

        def reply(self, status, headers, body):
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    with serving(Handler) as url:
        api.base = f"{url}/abone"
        yield api


class FakeTime:
    """A monotonic clock that moves only when slept on (or pushed by the test)."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture
def fake_time():
    return FakeTime()


def config(fake, *, password=PASSWORD, **options):
    return SourceConfig(kind="aa", url=fake.base, username=USER, password=password, options=options)


def fetch(fake, fake_time, state=None, *, password=PASSWORD, **options):
    source = config(fake, password=password, **options)
    return aa.fetch(
        source, state or {}, clock=fake_time.clock, sleep=fake_time.sleep, now=lambda: NOW
    )


def client(fake, fake_time):
    return aa.AAClient(config(fake), clock=fake_time.clock, sleep=fake_time.sleep)


def test_a_fetch_downloads_every_text_as_newsml_with_basic_auth(fake, fake_time):
    first = fake.add_text(1, "2026-11-29T10:00:00Z")
    second = fake.add_text(2, "2026-11-29T10:05:00Z")
    fake.items.append(
        {"id": "aa:picture:20261129:3", "type": "picture", "date": "2026-11-29T10:06:00Z"}
    )
    result = fetch(fake, fake_time)
    assert [(d.name, d.data) for d in result.deliveries] == [
        (first, fake.documents[first]),
        (second, fake.documents[second]),
    ]
    assert all(authorization == AUTHORIZATION for _m, _p, authorization in fake.calls)
    assert fake.calls[1][:2] == ("GET", f"/abone/document/{first}/newsml29")


def test_the_search_asks_for_turkish_texts_from_initial_hours_ago_until_now(fake, fake_time):
    fetch(fake, fake_time)
    assert fake.searches == [
        {
            "start_date": "2026-11-29T06:00:00Z",
            "end_date": "NOW",
            "filter_type": "1",
            "filter_language": "1",
            "offset": "0",
            "limit": "100",
        }
    ]


def test_language_categories_and_initial_hours_come_from_the_options(fake, fake_time):
    fetch(fake, fake_time, language="2", categories=[2, 3], initial_hours=1)
    search = fake.searches[0]
    assert search["filter_language"] == "2" and search["filter_category"] == "2,3"
    assert search["start_date"] == "2026-11-29T11:00:00Z"


def test_the_cursor_is_the_latest_date_seen_and_the_next_search_starts_there(fake, fake_time):
    fake.add_text(1, "2026-11-29T10:00:00Z")
    fake.add_text(2, "2026-11-29T11:30:00+00:00")
    first = fetch(fake, fake_time)
    assert first.state == {"cursor": "2026-11-29T11:30:00Z"}
    fetch(fake, fake_time, first.state)
    assert fake.searches[-1]["start_date"] == "2026-11-29T11:30:00Z"


def test_without_results_the_cursor_stays_at_the_start(fake, fake_time):
    assert fetch(fake, fake_time).state == {"cursor": "2026-11-29T06:00:00Z"}


def test_every_request_waits_half_a_second_after_the_previous_one(fake, fake_time):
    for number in range(3):
        fake.add_text(number, f"2026-11-29T10:0{number}:00Z")
    fetch(fake, fake_time)
    assert len(fake.calls) == 4 and fake_time.sleeps == [0.5, 0.5, 0.5]


def test_time_already_passed_counts_towards_the_wait(fake, fake_time):
    item = fake.add_text(1, "2026-11-29T10:00:00Z")
    with client(fake, fake_time) as aa_client:
        aa_client.search(start="2026-11-29T06:00:00Z")
        fake_time.now += 0.3
        aa_client.document(item)
        fake_time.now += 1.0
        aa_client.document(item)
    assert fake_time.sleeps == [0.2]


def test_results_are_paged_while_full_pages_come_back(fake, fake_time):
    for number in range(205):
        fake.add_text(number, f"2026-11-29T10:{number // 60:02d}:{number % 60:02d}Z")
    result = fetch(fake, fake_time)
    assert [search["offset"] for search in fake.searches] == ["0", "100", "200"]
    assert len(result.deliveries) == 205


def test_max_items_caps_the_search(fake, fake_time):
    for number in range(205):
        fake.add_text(number, f"2026-11-29T10:{number // 60:02d}:{number % 60:02d}Z")
    result = fetch(fake, fake_time, max_items=150)
    assert [(s["offset"], s["limit"]) for s in fake.searches] == [("0", "100"), ("100", "50")]
    assert len(result.deliveries) == 150


def test_a_failing_document_is_recorded_while_the_others_arrive(fake, fake_time):
    first = fake.add_text(1, "2026-11-29T10:00:00Z")
    broken = fake.add_text(2, "2026-11-29T10:01:00Z")
    last = fake.add_text(3, "2026-11-29T10:02:00Z")
    fake.documents[broken] = 500
    result = fetch(fake, fake_time)
    assert [d.name for d in result.deliveries] == [first, last]
    assert result.state["cursor"] == "2026-11-29T10:02:00Z"
    (error,) = result.state["errors"]
    assert error.startswith(f"{broken}: HTTP 500")


def test_a_missing_document_is_reported_as_skipped(fake, fake_time):
    missing = fake.add_text(1, "2026-11-29T10:00:00Z")
    fake.documents[missing] = 404
    assert fetch(fake, fake_time).state["errors"] == [
        f"{missing}: HTTP 404 from AA; this text was skipped"
    ]


def test_credentials_refused_for_a_document_end_the_fetch(fake, fake_time):
    fake.documents[fake.add_text(1, "2026-11-29T10:00:00Z")] = 401
    fake.add_text(2, "2026-11-29T10:01:00Z")
    with pytest.raises(TransportError, match="HTTP 401: credentials refused"):
        fetch(fake, fake_time)
    assert len(fake.calls) == 2


def test_refused_credentials_end_the_fetch_without_showing_the_password(fake, fake_time):
    with pytest.raises(TransportError, match="HTTP 401: credentials refused") as caught:
        fetch(fake, fake_time, password="yanlış-parola")
    assert "yanlış-parola" not in str(caught.value) and PASSWORD not in str(caught.value)


def test_aa_saying_no_is_a_transport_error_with_its_message(fake, fake_time):
    fake.search_answer = {"response": {"success": False, "status": 400, "message": "Bad date"}}
    with pytest.raises(TransportError, match=r"AA refused the request \(status 400\): Bad date"):
        fetch(fake, fake_time)


def test_too_many_requests_waits_retry_after_once_then_goes_on(fake, fake_time):
    fake.add_text(1, "2026-11-29T10:00:00Z")
    fake.throttled = 1
    result = fetch(fake, fake_time)
    assert len(result.deliveries) == 1 and 2.0 in fake_time.sleeps


def test_a_second_429_is_a_transport_error_and_long_waits_are_capped(fake, fake_time):
    fake.throttled = 2
    fake.retry_after = "3600"
    with pytest.raises(TransportError, match="HTTP 429"):
        fetch(fake, fake_time)
    assert len(fake.calls) == 2 and fake_time.sleeps == [aa.MAX_RETRY_WAIT]


def test_download_link_is_where_the_token_redirects(fake, fake_time):
    with client(fake, fake_time) as aa_client:
        link = aa_client.download_link("aa:picture:20261129:7", "web")
    root = fake.base.removesuffix("/abone")
    assert link == f"{root}/files/1/aa:picture:20261129:7.web.jpg"


def test_an_expired_download_link_is_replaced_once_and_sent_without_credentials(fake, fake_time):
    fake.refused_links = 1
    with client(fake, fake_time) as aa_client:
        data = aa_client.download("aa:picture:20261129:7", "print")
    assert data == b"JPEG /files/2/aa:picture:20261129:7.print.jpg" and fake.tokens == 2
    assert [auth for _m, path, auth in fake.calls if path.startswith("/files/")] == [None, None]


def test_a_download_link_refused_twice_points_at_the_ip_address_rule(fake, fake_time):
    fake.refused_links = 2
    with client(fake, fake_time) as aa_client, pytest.raises(TransportError, match="refused twice"):
        aa_client.download("aa:picture:20261129:7", "print")


def test_the_dispatcher_reaches_the_aa_client(fake):
    result = transports.fetch(config(fake), {"cursor": "2026-11-29T06:00:00Z"})
    assert result.state == {"cursor": "2026-11-29T06:00:00Z"}
