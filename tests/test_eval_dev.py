"""scripts/eval_dev.py: articles staged alone with their manifest, totals summed over articles."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import yaml

from timeline.evaluate import score
from timeline.ingest import read_corpus

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "eval_dev.py"
spec = importlib.util.spec_from_file_location("eval_dev", SCRIPT)
assert spec is not None and spec.loader is not None
eval_dev = importlib.util.module_from_spec(spec)
sys.modules["eval_dev"] = eval_dev
spec.loader.exec_module(eval_dev)

ARTICLE = (
    "Envoys meet in Lisbon\n"
    "Source: https://example.org/envoys\n"
    "Published: {published}\n"
    "\n"
    "LISBON: The two envoys met on Tuesday.\n\nThey will meet again in May.\n"
)


def write_article(tmp_path: Path, published: str) -> Path:
    path = tmp_path / "07_envoys-lisbon.txt"
    path.write_text(ARTICLE.format(published=published), encoding="utf-8")
    return path


def test_article_is_staged_alone_with_its_published_date(tmp_path: Path) -> None:
    article = eval_dev.read_article(write_article(tmp_path, "2021-03-04"))
    assert (article.title, article.url, article.published) == (
        "Envoys meet in Lisbon",
        "https://example.org/envoys",
        "2021-03-04",
    )
    assert article.body.startswith("LISBON: The two envoys")
    folder = eval_dev.stage(article, tmp_path / "corpus", raw=False)
    corpus = read_corpus(folder)
    [document] = corpus.documents
    assert document.text == article.body
    assert (document.meta.dct, document.meta.dct_source) == ("2021-03-04", "manifest")
    assert document.meta.title == "Envoys meet in Lisbon"


def test_unknown_published_date_is_left_out_of_the_manifest(tmp_path: Path) -> None:
    article = eval_dev.read_article(write_article(tmp_path, "unknown"))
    assert article.published is None
    folder = eval_dev.stage(article, tmp_path / "corpus", raw=False)
    manifest = yaml.safe_load((folder / "sources.yaml").read_text(encoding="utf-8"))
    assert "published" not in manifest["documents"]["07_envoys-lisbon.txt"]
    raw = eval_dev.stage(article, tmp_path / "raw", raw=True)
    assert not (raw / "sources.yaml").exists()
    assert (raw / "07_envoys-lisbon.txt").read_text(encoding="utf-8").startswith("Envoys meet")


def ev(date: str, actors: list[str], **extra: Any) -> dict[str, Any]:
    return {"date": date, "type": "meeting", "actors": actors, "location": None, **extra}


def test_micro_total_sums_counts_over_articles_not_ratios() -> None:
    one = score(
        {"events": [ev("2021-03-02", ["Ana Lopes"], date_basis="explicit")]},
        {"events": [ev("2021-03-02", ["Lopes"])]},
    )
    two = score(
        {
            "events": [
                ev("2021-05", ["Rui Costa"], date_basis="inherited"),
                ev("2021-06", ["Rui Costa"], date_basis="inherited", tier="hard"),
            ]
        },
        {"events": [ev("2021-05", ["Costa"]), ev("1999", ["Nobody"]), ev("2000", ["No One"])]},
    )
    total = eval_dev.micro([one, two])
    assert (total["true_positives"], total["false_positives"], total["gold"]) == (2, 2, 3)
    assert total["precision"] == 0.5  # 2 / 4, not the mean of 1.0 and 0.333
    assert total["recall"] == round(2 / 3, 4)
    assert total["date_exact"] == 1.0
    assert total["tiers"]["hard"] == {"gold": 1, "matched": 0, "recall": 0.0}
    assert total["date_bases"]["inherited"]["recall"] == 0.5
    assert total["date_bases"]["explicit"]["gold"] == 1


def test_articles_staged_together_share_one_manifest_and_their_golds_one_list(
    tmp_path: Path,
) -> None:
    first = eval_dev.read_article(write_article(tmp_path, "2021-03-04"))
    second = eval_dev.Article("08_other", "Other", None, None, "Body.\n", "Body.\n")
    folder = eval_dev.stage([first, second], tmp_path / "together", raw=False)
    manifest = yaml.safe_load((folder / "sources.yaml").read_text(encoding="utf-8"))
    assert manifest["documents"]["07_envoys-lisbon.txt"]["published"] == "2021-03-04"
    assert manifest["documents"]["08_other.txt"] == {"title": "Other"}
    golds = [
        {"aliases": {"X Y": ["Y"]}, "events": [{"date": "2021"}]},
        {"aliases": {"X Y": ["X"], "Z": ["Zed"]}, "events": [{"date": "2022"}]},
    ]
    union = eval_dev.union_gold(golds)
    assert union["aliases"] == {"X Y": ["X", "Y"], "Z": ["Zed"]}
    assert [e["date"] for e in union["events"]] == ["2021", "2022"]
