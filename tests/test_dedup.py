"""Near-duplicate detection with MinHash signatures and an LSH index."""

from __future__ import annotations

from pathlib import Path

import pytest

from undercurrent.clean import clean_document
from undercurrent.clean.dedup import NearDuplicateIndex, estimate_jaccard, minhash_signature
from undercurrent.config import Settings
from undercurrent.records import RawDocument

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


def cleaned(name: str) -> str:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return clean_document(RawDocument(origin=name, fmt="text", text=text), Settings()).text


@pytest.fixture
def dedup_settings() -> Settings:
    return Settings(near_dup_threshold=0.8)


def test_dedup_signature_is_bytes_of_fixed_size_and_deterministic(dedup_settings):
    sig = minhash_signature("Xi Jinping met Vladimir Putin in Moscow.", dedup_settings)
    assert isinstance(sig, bytes) and len(sig) == dedup_settings.minhash_perm * 4
    assert sig == minhash_signature("xi jinping met vladimir putin in moscow", dedup_settings)


def test_dedup_rewrite_found_unrelated_not(dedup_settings):
    original = minhash_signature(cleaned("near_original.txt"), dedup_settings)
    rewrite = minhash_signature(cleaned("near_rewrite.txt"), dedup_settings)
    unrelated = minhash_signature(cleaned("unrelated.txt"), dedup_settings)
    index = NearDuplicateIndex(dedup_settings)
    index.add("doc_original", original)
    index.add("doc_unrelated", unrelated)
    assert index.query(rewrite) == ["doc_original"]
    assert 0.8 <= index.estimate(original, rewrite) < 1.0
    assert index.estimate(original, unrelated) < 0.1


def test_dedup_query_orders_best_first(dedup_settings):
    text = cleaned("near_original.txt")
    index = NearDuplicateIndex(dedup_settings)
    index.add("doc_rewrite", minhash_signature(cleaned("near_rewrite.txt"), dedup_settings))
    index.add("doc_same", minhash_signature(text, dedup_settings))
    assert index.query(minhash_signature(text, dedup_settings)) == ["doc_same", "doc_rewrite"]


def test_dedup_add_is_idempotent(dedup_settings):
    sig = minhash_signature(cleaned("unrelated.txt"), dedup_settings)
    index = NearDuplicateIndex(dedup_settings)
    index.add("doc_a", sig)
    index.add("doc_a", sig)
    assert len(index) == 1 and "doc_a" in index and index.query(sig) == ["doc_a"]


def test_dedup_empty_text_has_a_signature_matching_nothing(dedup_settings):
    empty = minhash_signature("", dedup_settings)
    index = NearDuplicateIndex(dedup_settings)
    index.add("doc_a", minhash_signature(cleaned("unrelated.txt"), dedup_settings))
    assert len(empty) == dedup_settings.minhash_perm * 4 and index.query(empty) == []


def test_dedup_estimate_refuses_mismatched_sizes():
    with pytest.raises(ValueError, match="differ in size"):
        estimate_jaccard(b"\x00" * 8, b"\x00" * 12)
