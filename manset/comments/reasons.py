"""Why a comment is in the moderators' queue, in a handful of reasons they can act on.

The guard records every rule that fired and the spam model's strongest signals (see
guard.Verdict.as_notes); a moderator needs to know "küfür", "bağlantı", "yeni okur",
not the model's character n-grams and weights. The detail a reason carries is meant for
a title attribute, and never holds the model's internals either.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from manset.comments.guard import IP_RULES, SEVERITY

# Several guard rules read the same to a moderator; one reason each, in this order.
REASON_OF_RULE = {
    "block_words": _("Küfür/hakaret"),
    "hold_words": _("Şüpheli kelime"),
    "banned_email": _("Engellenmiş e-posta"),
    "banned_ip": _("Engellenmiş IP"),
    "too_many_links": _("Bağlantı"),
    "duplicate": _("Tekrar eden metin"),
    "flood": _("Çok sık yorum"),
    "rate_limit": _("Çok sık yorum"),
    "honeypot": _("Otomatik gönderim"),
    "too_fast": _("Otomatik gönderim"),
    "learned_score": _("Spam puanı yüksek"),
    "new_author": _("Yeni okur"),
    "premoderation": _("Ön denetim"),
    "form": _("Form hatası"),
}
# Signal labels (spam_features.label) a moderator cannot read: character n-grams.
_OPAQUE_SIGNALS = ("harf dizisi",)
_SIGNAL = re.compile(r"^(?P<label>.+?) \((?P<weight>[+-]\d+(?:\.\d+)?)\)$")
_WORD_KINDS = ("kelime: ", "kelime çifti: ")


@dataclass(frozen=True)
class Reason:
    label: str
    detail: str = ""  # for a title attribute; "" when there is nothing a moderator needs


def readable_signals(detail: str) -> list[str]:
    """The model's signals that pushed towards spam, without weights or n-grams.

    >>> readable_signals("kelime: bonus (+0.42); harf dizisi: «nizi» (+0.05); kelime: haber (-0.3)")
    ['bonus']
    >>> readable_signals("kelime çifti: üye ol (+0.45); bağlantı sayısı: 3+ (+0.9)")
    ['üye ol', 'bağlantı sayısı: 3+']
    """
    found = []
    for part in detail.split("; "):
        match = _SIGNAL.match(part.strip())
        if not match or float(match["weight"]) <= 0:
            continue
        label = match["label"]
        if label.startswith(_OPAQUE_SIGNALS):
            continue
        for kind in _WORD_KINDS:
            label = label.removeprefix(kind)
        found.append(label)
    return found


def moderation_reasons(notes: list[dict], *, reports: int = 0, can_see_ip: bool) -> list[Reason]:
    """The reasons to show beside a comment, from its guard notes and readers' reports:
    readers' reports first, then what sent it to spam, then what held it.

    A rule whose detail is an IP address or range is named without it for those who may
    not see IPs."""
    reasons: dict[str, list[str]] = {}
    weight: dict[str, int] = {}
    signals: list[str] = []
    for note in notes:
        rule, detail = note.get("rule", ""), str(note.get("detail") or "")
        if rule == "signals":
            signals = readable_signals(detail)
            continue
        label = str(REASON_OF_RULE.get(rule, ""))
        if not label:
            continue
        if rule in IP_RULES and not can_see_ip:
            detail = ""
        if rule == "learned_score" and detail:
            detail = str(_("puan %(score)s") % {"score": detail})
        weight[label] = max(weight.get(label, 0), SEVERITY.get(note.get("action"), 0))
        details = reasons.setdefault(label, [])
        if detail and detail not in details:
            details.append(detail)
    if signals and (score := str(REASON_OF_RULE["learned_score"])) in reasons:
        reasons[score].append(str(_("öne çıkanlar: %(words)s") % {"words": ", ".join(signals)}))
    order = sorted(reasons, key=lambda label: -weight[label])  # stable: notes' order kept
    found = [Reason(label, "; ".join(reasons[label])) for label in order]
    if reports:
        found.insert(0, Reason(str(_("Okur şikayeti (%(count)s)") % {"count": reports})))
    return found
