"""The model's annotation kept apart from the rules: re-dating and rule changes need no model."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline import annotate as annotate_module
from timeline.annotate import AnnotationStore
from timeline.model import Document, DocumentMeta
from timeline.pipeline import build
from timeline.render import render
from timeline.resources import load_data

ARTICLES = {
    # states no date: re-dated by the collection's date, then by the other documents
    "undated.txt": (
        "On Tuesday, the foreign ministers of Chile and Peru held talks in Lima. The visit "
        "ends on Wednesday.\n"
    ),
    "dated.md": (
        "---\npublished: 2023-05-17\n---\nChile's foreign minister visited Lima on Tuesday, "
        "May 16, 2023, for talks with his Peruvian counterpart.\n"
    ),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _yaml(folder: Path, cache_dir: Path | None, **options) -> str:
    result = build(folder, jobs=1, cache_dir=cache_dir, use_cache=cache_dir is not None, **options)
    return render(result.timeline, "yaml")


def _no_model(*args, **kwargs):
    raise AssertionError("the model annotated a document whose annotation was stored")


@pytest.mark.slow
def test_a_rule_change_reruns_the_rules_on_stored_annotations_without_the_model(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    _yaml(corpus, cache_dir)
    assert len(list((cache_dir / "annotations").rglob("*.spacy"))) == len(ARTICLES)
    user = tmp_path / "rules"
    user.mkdir()
    (user / "events.yaml").write_text("types:\n  visit:\n    verbs: [tour]\n", encoding="utf-8")
    monkeypatch.setenv("TIMELINE_DATA", str(user))
    load_data.cache_clear()
    try:
        expected = _yaml(corpus, None)  # the model, and the changed rules
        monkeypatch.setattr(annotate_module, "annotate", _no_model)
        from timeline import extract

        monkeypatch.setattr(extract, "annotate", _no_model)
        assert _yaml(corpus, cache_dir) == expected
    finally:
        monkeypatch.delenv("TIMELINE_DATA")
        load_data.cache_clear()


@pytest.mark.slow
def test_annotations_round_trip_to_identical_results(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    cold = _yaml(corpus, cache_dir)
    uncached = _yaml(corpus, None)
    for entry in (cache_dir / "results").rglob("*.json"):
        entry.unlink()  # every result recomputed from the stored annotations
    from timeline import extract

    monkeypatch.setattr(extract, "annotate", _no_model)
    assert _yaml(corpus, cache_dir) == cold == uncached


@pytest.mark.slow
def test_a_damaged_annotation_is_discarded_and_recomputed(nlp, tmp_path: Path) -> None:
    from timeline.extract import annotated

    store = AnnotationStore(tmp_path, model="test-model")
    document = Document(DocumentMeta(path="a.txt"), "Ministers met in Quito on Friday.")
    (first,) = annotated(nlp, [document], store=store)
    path = store.path(store.key(document.text))
    assert path.is_file()
    path.write_bytes(path.read_bytes()[:-5])
    assert store.load(document, nlp.vocab) is None
    assert not path.exists()  # removed, so the next build writes it again
    (again,) = annotated(nlp, [document], store=store)
    assert [t.dep_ for t in again[1]] == [t.dep_ for t in first[1]]
    assert store.load(document, nlp.vocab) is not None


def test_without_a_cache_only_documents_without_a_date_are_kept(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path, model="test-model", keep_all=False)
    assert store.wanted(Document(DocumentMeta(path="a.txt"), "text"))
    assert not store.wanted(Document(DocumentMeta(path="b.txt", dct="2020-01-01"), "text"))
    assert AnnotationStore(tmp_path, model="m").wanted(
        Document(DocumentMeta(path="b.txt", dct="2020-01-01"), "text")
    )


def test_the_annotation_key_depends_on_text_and_model_not_on_date_or_rules(
    tmp_path: Path,
) -> None:
    store = AnnotationStore(tmp_path, model="model-a")
    assert store.key("Same text.") == store.key("Same text.")
    assert store.key("Same text.") != store.key("Other text.")
    assert store.key("Same text.") != AnnotationStore(tmp_path, model="model-b").key("Same text.")
