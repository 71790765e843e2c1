"""Story grouping on the labelled wire set: precision and recall of "same event, one story".

Usage: .venv/bin/python bench/wire_grouping.py [--sweep] [--misses]

bench/data/wire_stories.jsonl holds 310 agency items (AA, İHA, DHA in Turkish; Reuters, AFP,
AP in English) labelled with the event they report, with deliberate near misses (two quakes
in one province two days apart, two matches of one club on one weekend, …). Each item is
stored in time order through the real ingest (manset.wires.ingest.wire_file_ingest) into a
fresh SQLite database, and the stories it forms are compared with the labels:

  pairwise   precision = share of item pairs put in one story that are one event;
             recall = share of same-event pairs put in one story.
  same-lang  recall over same-event pairs in one language (a Turkish and an English report
             of one event share almost no words; those pairs are counted apart).
  B-cubed    per-item precision and recall, averaged.

Reference, measured in the same run on the same items: classic near-duplicate detection,
Jaccard of word 3-shingles (case-folded, ASCII-folded) between items within the same 36-hour
window, joined transitively, at the threshold that serves it best on this set (printed).
"""

import argparse
import itertools
import json
import os
import sys
import tempfile
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

from harness import ROOT, run

DATA = ROOT / "bench" / "data" / "wire_stories.jsonl"
WINDOW = timedelta(hours=36)


def load() -> list[dict]:
    items = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    for item in items:
        item["at"] = datetime.fromisoformat(item["created"])
    return sorted(items, key=lambda item: (item["at"], item["id"]))


def setup_django(directory: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{directory / 'wire.sqlite3'}",
        "MANSET_ENV": "development",
    }
    env.pop("REDIS_URL", None)
    run(env, "migrate", "-v0")
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "MANSET_ENV")})
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "manset.settings.development"
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False


def ours(items: list[dict]) -> dict[str, int]:
    from manset.wires.ingest import wire_file_ingest
    from manset.wires.models import WireFile, WireItem, WireStory

    WireItem.objects.all().delete()
    WireFile.objects.all().delete()
    WireStory.objects.all().delete()
    for item in items:
        document = {
            "uri": item["id"],
            "type": "text",
            "version": "1",
            "versioncreated": item["created"],
            "firstcreated": item["created"],
            "headline": item["headline"],
            "description_text": item["abstract"],
            "body_text": item["body"],
            "provider": item["provider"],
            "language": item["language"],
        }
        data = json.dumps(document, ensure_ascii=False).encode()
        report = wire_file_ingest(data=data, name=item["id"])
        assert report.count("created") == 1, (item["id"], report)
    return dict(WireItem.objects.values_list("guid", "story_id"))


def shingle_baseline(items: list[dict], threshold: float = 0.3) -> dict[str, int]:
    from manset import turkish

    def shingles(item):
        words = [
            turkish.fold_ascii(w)
            for w in turkish.tokenize(f"{item['headline']} {item['abstract']} {item['body']}")
        ]
        return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}

    sets = {item["id"]: shingles(item) for item in items}
    parent = {item["id"]: item["id"] for item in items}

    def root(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b in itertools.combinations(items, 2):
        if abs(a["at"] - b["at"]) > WINDOW:
            continue
        x, y = sets[a["id"]], sets[b["id"]]
        if x and y and len(x & y) / len(x | y) >= threshold:
            parent[root(a["id"])] = root(b["id"])
    roots = {}
    return {key: roots.setdefault(root(key), len(roots)) for key in parent}


def scores(items: list[dict], predicted: dict[str, int]) -> dict[str, float]:
    same_label = same_pred = both = same_lang_label = same_lang_both = 0
    for a, b in itertools.combinations(items, 2):
        label = a["story"] == b["story"]
        pred = predicted[a["id"]] == predicted[b["id"]]
        same_label += label
        same_pred += pred
        both += label and pred
        if label and a["language"] == b["language"]:
            same_lang_label += 1
            same_lang_both += pred
    by_label, by_pred = defaultdict(set), defaultdict(set)
    for item in items:
        by_label[item["story"]].add(item["id"])
        by_pred[predicted[item["id"]]].add(item["id"])
    b3p = b3r = 0.0
    for item in items:
        mine, truth = by_pred[predicted[item["id"]]], by_label[item["story"]]
        b3p += len(mine & truth) / len(mine)
        b3r += len(mine & truth) / len(truth)
    precision = both / same_pred if same_pred else 1.0
    recall = both / same_label if same_label else 1.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "same-lang recall": same_lang_both / same_lang_label if same_lang_label else 1.0,
        "b3 precision": b3p / len(items),
        "b3 recall": b3r / len(items),
    }


def print_row(name: str, result: dict[str, float]) -> None:
    print(f"{name:<34}" + "".join(f"{value:>10.3f}" for value in result.values()))


THRESHOLDS = (0.1, 0.12, 0.15, 0.18, 0.2, 0.25)


def holdout(items: list[dict], stories) -> None:
    """Two folds by story: the threshold a fold prefers, scored on the other fold."""
    folds = [[i for i in items if int(i["story"][1:]) % 2 == side] for side in (0, 1)]
    default = stories.THRESHOLD
    print("held out (threshold chosen on one half of the stories, scored on the other):")
    for train, test in ((folds[0], folds[1]), (folds[1], folds[0])):
        best = None
        for threshold in THRESHOLDS:
            stories.THRESHOLD = threshold
            f1 = scores(train, ours(train))["f1"]
            if best is None or f1 > best[1]:
                best = (threshold, f1)
        stories.THRESHOLD = best[0]
        print_row(f"  chosen {best[0]}, scored on {len(test)} items", scores(test, ours(test)))
    stories.THRESHOLD = default


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sweep", action="store_true", help="also try other thresholds")
    parser.add_argument("--misses", action="store_true", help="list wrong and missed pairs")
    parser.add_argument(
        "--holdout",
        action="store_true",
        help="choose the threshold on half the stories, score it on the other half (both ways)",
    )
    args = parser.parse_args()
    items = load()
    with tempfile.TemporaryDirectory(prefix="manset-wire-grouping-") as directory:
        setup_django(Path(directory))
        from manset.wires import stories

        header = ["precision", "recall", "f1", "same-lang", "b3 prec", "b3 rec"]
        print(f"{len(items)} items, {len({i['story'] for i in items})} labelled stories")
        print(f"{'system':<34}" + "".join(f"{h:>10}" for h in header))
        threshold, reference = max(
            ((t, scores(items, shingle_baseline(items, t))) for t in (0.02, 0.05, 0.1, 0.2, 0.3)),
            key=lambda pair: pair[1]["f1"],
        )
        print_row(f"reference: 3-shingles, J >= {threshold}", reference)
        predicted = ours(items)
        result = scores(items, predicted)
        print_row(f"manset (threshold {stories.THRESHOLD})", result)
        print(f"f1 ratio to the reference: {result['f1'] / reference['f1']:.2f}")
        if args.sweep:
            default = stories.THRESHOLD
            for threshold in THRESHOLDS:
                stories.THRESHOLD = threshold
                print_row(f"  threshold {threshold}", scores(items, ours(items)))
            stories.THRESHOLD = default
        if args.holdout:
            holdout(items, stories)
        if args.misses:
            by_id = {item["id"]: item for item in items}
            for a, b in itertools.combinations(items, 2):
                label = a["story"] == b["story"]
                pred = predicted[a["id"]] == predicted[b["id"]]
                if label != pred and a["language"] == b["language"]:
                    kind = "missed" if label else "WRONG "
                    print(
                        f"{kind} {a['id']} / {b['id']}: {a['headline'][:50]} | "
                        f"{by_id[b['id']]['headline'][:50]}"
                    )


if __name__ == "__main__":
    main()
