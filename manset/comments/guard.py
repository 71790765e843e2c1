"""The guard: every comment passes it before it is saved.

`comment_check` runs the rules an outlet set in the admin (CommentSettings) and
returns a Verdict: publish, hold for a moderator, spam, or reject with a message
the reader sees. Rules are small functions; each one that fires is recorded, so
moderators (and `manset comments check`) can see why.
"""

import hashlib
import ipaddress
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext as _

from manset import turkish
from manset.core import ratelimit

logger = logging.getLogger(__name__)
PUBLISH, HOLD, SPAM, REJECT = "publish", "hold", "spam", "reject"
# Rules whose detail is an IP address or range: shown only to those who may see IPs.
IP_RULES = frozenset({"banned_ip"})
SEVERITY = {PUBLISH: 0, HOLD: 1, SPAM: 2, REJECT: 3}
LINK_RE = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|net|org|info|xyz|biz|tr)\b", re.I)


@dataclass(frozen=True)
class Candidate:
    """A comment as it arrives: what the reader typed and where it came from."""

    text: str
    name: str = ""
    email: str = ""
    website: str = ""
    ip: str | None = None
    honeypot: str = ""
    form_seconds: float | None = None  # since the form was handed out; None: unknown
    article_premoderated: bool = False


@dataclass(frozen=True)
class RuleHit:
    rule: str
    action: str
    detail: str = ""


@dataclass(frozen=True)
class Verdict:
    action: str
    hits: tuple[RuleHit, ...] = ()
    score: float | None = None
    signals: tuple[str, ...] = ()
    message: str = ""

    @property
    def rules(self) -> list[str]:
        return [hit.rule for hit in self.hits]

    def as_notes(self) -> list[dict]:
        """What moderators see beside the comment: the rules that fired and the model's
        strongest signals."""
        notes = [{"rule": h.rule, "action": h.action, "detail": h.detail} for h in self.hits]
        if self.signals:
            notes.append({"rule": "signals", "action": "info", "detail": "; ".join(self.signals)})
        return notes


@dataclass
class Context:
    """What the rules read besides the candidate: the settings and the author's record."""

    config: object  # CommentSettings
    trusted: bool = False  # `--trusted`: no author history, no rate limits
    author_trusted: bool = False  # an approved author, on a browser holding their comment
    author_known: bool = False
    address_trusted: bool = False  # the address is approved, whoever typed it
    bans: list = field(default_factory=list)
    recent: set = field(default_factory=set)  # (kind, who) remembered: flood, duplicate
    # The saved comments from the candidate's address or IP since a moment (objects with
    # email, ip_address, text, created_at): what the flood and duplicate rules read while
    # the shared memory (Redis) is down, so that they do not fail open.
    earlier: Callable[..., list] | None = None


def comment_check(candidate: Candidate, context: Context) -> Verdict:
    if not context.trusted:  # one round trip for the flood and duplicate rules
        context.recent = _recent(candidate, context)
    hits: list[RuleHit] = []
    for rule in _RULES:
        hit = rule(candidate, context)
        if hit is not None:
            hits.append(hit)
            if hit.action == REJECT:
                break
    score, signals = _spam_score(candidate)
    if not any(h.action == REJECT for h in hits):
        config = context.config
        if score >= config.spam_threshold:
            hits.append(RuleHit("learned_score", SPAM, f"{score:.2f}"))
        elif score >= config.hold_threshold:
            hits.append(RuleHit("learned_score", HOLD, f"{score:.2f}"))
    action = max((h.action for h in hits), key=SEVERITY.get, default=PUBLISH)
    message = next((h.detail for h in hits if h.action == REJECT), "")
    return Verdict(action, tuple(hits), score, signals, message)


@lru_cache(maxsize=256)  # asked twice per comment: before the rules and after saving
def text_fingerprint(text: str) -> str:
    """Same words, same fingerprint: case, spacing and punctuation do not matter."""
    folded = " ".join(turkish.tokenize(turkish.fold_ascii(turkish.casefold(text))))
    return hashlib.sha256(folded.encode()).hexdigest()


def _recent_keys(c: Candidate) -> list[tuple[str, str]]:
    return [("flood", c.email), ("flood", c.ip or ""), ("duplicate", text_fingerprint(c.text))]


def _recent(c: Candidate, ctx: Context) -> set:
    remembered = ratelimit.seen(_recent_keys(c))
    if remembered is not None:
        return remembered
    if ctx.earlier is None:
        return set()
    return recent_from_saved(c, ctx.config, ctx.earlier)


def recent_from_saved(c: Candidate, config, earlier: Callable[..., list]) -> set:
    """The flood and duplicate keys the saved comments of the same address or IP make."""
    now = timezone.now()
    flood_since = now - timedelta(seconds=config.flood_seconds)
    duplicate_since = now - timedelta(minutes=config.duplicate_minutes)
    fingerprint = text_fingerprint(c.text)
    found = set()
    for comment in earlier(email=c.email, ip=c.ip, since=min(flood_since, duplicate_since)):
        if comment.created_at >= flood_since:
            found |= {("flood", c.email), ("flood", c.ip or "")}
        if comment.created_at >= duplicate_since and text_fingerprint(comment.text) == fingerprint:
            found.add(("duplicate", fingerprint))
    return found


def mark_accepted(candidate: Candidate, context: Context) -> None:
    """After a comment is saved: start its flood and duplicate windows."""
    if context.trusted:
        return
    config = context.config
    flood, duplicate = config.flood_seconds, config.duplicate_minutes * 60
    ratelimit.remember(
        [
            ("flood", candidate.email, flood),
            ("flood", candidate.ip or "", flood),
            ("duplicate", text_fingerprint(candidate.text), duplicate),
        ]
    )


# --- rules, in order: cheap and decisive first -------------------------------------


def _honeypot(c: Candidate, ctx: Context):
    if ctx.config.honeypot and c.honeypot.strip():
        return RuleHit("honeypot", SPAM, _("gizli alan doldurulmuş"))


def _too_fast(c: Candidate, ctx: Context):
    limit = ctx.config.min_fill_seconds
    if c.form_seconds is not None and c.form_seconds < limit:
        return RuleHit("too_fast", SPAM, f"{c.form_seconds:.1f} sn < {limit} sn")


def _banned(c: Candidate, ctx: Context):
    if ctx.trusted:
        return None
    for ban in ctx.bans:
        if ban.kind == "email" and c.email and turkish.fold_address(ban.value) == c.email:
            return RuleHit("banned_email", SPAM, ban.value)
        if ban.kind == "ip" and c.ip and _ip_in(c.ip, ban.value):
            return RuleHit("banned_ip", SPAM, ban.value)
    return None


def _ip_in(ip: str, network: str) -> bool:
    try:
        return ipaddress.ip_address(ip) in ipaddress.ip_network(network.strip(), strict=False)
    except ValueError:
        return False


def _flood(c: Candidate, ctx: Context):
    if ctx.trusted:
        return None
    if {("flood", c.email), ("flood", c.ip or "")} & ctx.recent:
        seconds = ctx.config.flood_seconds
        return RuleHit(
            "flood",
            REJECT,
            _("İki yorum arasında en az %(seconds)s saniye olmalı; biraz bekleyip tekrar deneyin.")
            % {"seconds": seconds},
        )


def _rate(c: Candidate, ctx: Context):
    if ctx.trusted:
        return None
    config = ctx.config
    busy = ratelimit.over_limit(
        [
            ("ip", c.ip or "", config.per_ip_per_hour, 3600),
            ("email", c.email, config.per_email_per_hour, 3600),
        ]
    )
    if busy:
        return RuleHit(
            "rate_limit", REJECT, _("Çok sık yorum gönderdiniz; lütfen daha sonra tekrar deneyin.")
        )


def _duplicate(c: Candidate, ctx: Context):
    if ctx.trusted:
        return None
    if ("duplicate", text_fingerprint(c.text)) in ctx.recent:
        return RuleHit("duplicate", REJECT, _("Bu yorum kısa süre önce gönderildi."))


def _links(c: Candidate, ctx: Context):
    count = len(LINK_RE.findall(c.text))
    if count > ctx.config.max_links:
        return RuleHit("too_many_links", HOLD, str(count))


def _block_words(c: Candidate, ctx: Context):
    extra = "\n".join(ban.value for ban in ctx.bans if ban.kind == "word")
    found = _matches(ctx.config.block_words + "\n" + extra, c.text + " " + c.name)
    if found:
        return RuleHit("block_words", SPAM, ", ".join(found))


def _hold_words(c: Candidate, ctx: Context):
    found = _matches(ctx.config.hold_words, c.text)
    if found:
        return RuleHit("hold_words", HOLD, ", ".join(found))


def _premoderation(c: Candidate, ctx: Context):
    if ctx.config.premoderate_all:
        return RuleHit("premoderation", HOLD, _("site geneli"))
    if c.article_premoderated:
        return RuleHit("premoderation", HOLD, _("bu haber"))


def _new_author(c: Candidate, ctx: Context):
    if ctx.trusted or ctx.author_trusted or not ctx.config.hold_first_comment:
        return None
    if ctx.address_trusted:  # typed on a browser that holds none of its comments
        detail = _("onaylı adres, ama bu tarayıcıdan ilk yorum")
    elif ctx.author_known:
        detail = _("onaylı yorumu yok")
    else:
        detail = _("ilk yorum")
    return RuleHit("new_author", HOLD, detail)


_RULES = (
    _honeypot,
    _too_fast,
    _banned,
    _flood,
    _duplicate,
    _rate,
    _links,
    _block_words,
    _hold_words,
    _premoderation,
    _new_author,
)


# --- word lists and the learned score ----------------------------------------------


def _matches(list_text: str, text: str) -> list[str]:
    if not list_text.strip():
        return []
    matcher = _word_list(list_text)
    return sorted({m.entry for m in matcher.find(text)})


@lru_cache(maxsize=16)
def _word_list(list_text: str):
    from manset.comments.words import WordList, parse_entry

    entries = []
    for number, line in enumerate(list_text.splitlines(), start=1):
        try:
            entry = parse_entry(line)
        except ValueError as error:  # an admin's typo must not stop every comment
            logger.warning("word list line %d ignored: %s", number, error)
            continue
        if entry is not None:
            entries.append(entry)
    return WordList(entries)


def _spam_score(c: Candidate) -> tuple[float, tuple[str, ...]]:
    from manset.comments.spam_store import current_model

    result = current_model().score(c.text, name=c.name, website=c.website)
    return result.probability, tuple(str(s) for s in result.signals[:5])
