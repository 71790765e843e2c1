"""Routing rules: where a newly arrived item goes, decided once, when it arrives.

The first enabled rule (by priority) whose source, agency, category and urgency
fit decides: route to a desk's list, create a draft there, publish it under the
agency's credit, or ignore it. An item is routed once; an update, or an editor
opening it, never routes it again.
"""

import logging
from dataclasses import dataclass

from manset import turkish
from manset.core.errors import MansetError
from manset.wires.articles import wire_article_refresh, wire_item_to_article
from manset.wires.items import URGENT
from manset.wires.models import RoutingAction, RoutingRule, WireItem

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RouteReport:
    routed: int = 0
    drafted: int = 0
    published: int = 0
    ignored: int = 0
    failed: int = 0
    refreshed: int = 0


def rule_matches(rule: RoutingRule, item: WireItem) -> bool:
    if rule.source_id and rule.source_id != item.source_id:
        return False
    if rule.provider and rule.provider != item.provider:
        return False
    if rule.urgent_only and item.urgency not in URGENT:
        return False
    if rule.category:
        names = [item.category, *item.subjects]
        if turkish.fold(rule.category) not in {turkish.fold(name) for name in names}:
            return False
    return True


def rule_for(item: WireItem, rules: list[RoutingRule]) -> RoutingRule | None:
    return next((rule for rule in rules if rule_matches(rule, item)), None)


def wire_items_route(*, limit: int = 500) -> RouteReport:
    """Apply the rules to items that arrived since the last run (route_pending)."""
    rules = list(RoutingRule.objects.filter(enabled=True).select_related("desk"))
    counts = dict(routed=0, drafted=0, published=0, ignored=0, failed=0, refreshed=0)
    pending = WireItem.objects.filter(route_pending=True).order_by("id")[:limit]
    for item in pending:
        rule = rule_for(item, rules)
        try:
            outcome = _apply(item, rule)
        except MansetError as exc:
            outcome = "failed"
            _done(item, f"{rule.name}: {exc}")
        except Exception as exc:
            # One item's failure (a page-tree lock, a broken picture) must not stop the rest.
            logger.exception("routing %s with rule %s failed", item, rule)
            outcome = "failed"
            _done(item, f"{rule.name}: {type(exc).__name__}: {exc}")
        counts[outcome] += 1
    for item in WireItem.objects.filter(refresh_pending=True).order_by("id")[:limit]:
        try:
            refresh = wire_article_refresh(item=item)
        except Exception:
            # Logged, and not retried: the editor still sees the new version on the desk.
            logger.exception("updating the article of %s failed", item)
            WireItem.objects.filter(pk=item.pk).update(refresh_pending=False)
            counts["failed"] += 1
            continue
        counts["refreshed"] += refresh.done
        if refresh.note:
            note = f"{item.route_note}; {refresh.note}" if item.route_note else refresh.note
            WireItem.objects.filter(pk=item.pk).update(route_note=note[:1000])
    return RouteReport(**counts)


def _apply(item: WireItem, rule: RoutingRule | None) -> str:
    if rule is None:
        _done(item, "")
        return "routed"
    if rule.action == RoutingAction.IGNORE:
        _done(item, f"{rule.name}: yok sayıldı")
        return "ignored"
    if rule.desk is None:
        _done(item, f"{rule.name}: kuralın servisi yok")
        return "failed"
    if rule.action == RoutingAction.DESK:
        WireItem.objects.filter(pk=item.pk).update(
            desk=rule.desk, route_pending=False, route_note=rule.name
        )
        return "routed"
    publish = rule.action == RoutingAction.PUBLISH
    WireItem.objects.filter(pk=item.pk).update(desk=rule.desk, route_note=rule.name)
    conversion = wire_item_to_article(item=item, desk=rule.desk, publish=publish)
    return "published" if conversion.published else "drafted"


def _done(item: WireItem, note: str) -> None:
    WireItem.objects.filter(pk=item.pk).update(route_pending=False, route_note=note[:1000])
