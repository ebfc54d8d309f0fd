"""Near-duplicate detection: MinHash signatures over word shingles, indexed with LSH.

A signature is the MinHash hash values as little-endian unsigned 32-bit
integers (``minhash_perm * 4`` bytes, datasketch's "affine32" scheme), so the store can keep it as a blob and
rebuild the MinHash without the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..config import Settings

# datasketch's default seed; every signature in a store must share it.
MINHASH_SEED = 1
# datasketch 2's default hashing scheme (32-bit values); fixed so stored signatures stay comparable.
MINHASH_SCHEME = "affine32"
_WORD = re.compile(r"\w+")
_DTYPE = np.dtype("<u4")


@lru_cache(maxsize=4)
def _template(num_perm: int) -> MinHash:
    """An empty MinHash whose permutations are reused (building them costs more than hashing a page)."""
    return MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)


def _shingles(text: str, size: int) -> list[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return [" ".join(words).encode("utf-8")] if words else []
    return [" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)]


def minhash_signature(text: str, settings: Settings) -> bytes:
    """MinHash signature of ``text`` over shingles of ``settings.shingle_words`` words.

    Example:
        >>> from undercurrent.config import Settings
        >>> len(minhash_signature("Xi Jinping met Vladimir Putin in Moscow.", Settings()))
        512
    """
    template = _template(settings.minhash_perm)
    minhash = MinHash(num_perm=settings.minhash_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME, permutations=template.permutations)
    shingles = _shingles(text, settings.shingle_words)
    if shingles:
        minhash.update_batch(shingles)
    return minhash.hashvalues.astype(_DTYPE).tobytes()


def _minhash(signature: bytes) -> MinHash:
    values = np.frombuffer(signature, dtype=_DTYPE).astype(np.uint32)
    template = _template(len(values))
    return MinHash(
        num_perm=len(values), seed=MINHASH_SEED, scheme=MINHASH_SCHEME, hashvalues=values, permutations=template.permutations
    )


def estimate_jaccard(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures.

    Raises:
        ValueError: when the signatures have different numbers of permutations.
    """
    if len(sig_a) != len(sig_b):
        raise ValueError(f"signatures differ in size ({len(sig_a)} and {len(sig_b)} bytes)")
    a = np.frombuffer(sig_a, dtype=_DTYPE)
    b = np.frombuffer(sig_b, dtype=_DTYPE)
    return float(np.count_nonzero(a == b)) / len(a)


class NearDuplicateIndex:
    """Documents indexed by signature; ``query`` finds those at or above the threshold.

    Example:
        >>> from undercurrent.config import Settings
        >>> s = Settings()
        >>> index = NearDuplicateIndex(s)
        >>> index.add("doc_a", minhash_signature("Xi Jinping met Vladimir Putin in Moscow on Tuesday.", s))
        >>> index.query(minhash_signature("Xi Jinping met Vladimir Putin in Moscow on Tuesday!", s))
        ['doc_a']
    """

    def __init__(self, settings: Settings) -> None:
        self.threshold = settings.near_dup_threshold
        self.num_perm = settings.minhash_perm
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        self._signatures: dict[str, bytes] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._signatures

    def add(self, doc_id: str, sig_bytes: bytes) -> None:
        """Index a document; adding an id already present does nothing."""
        if doc_id in self._signatures:
            return
        self._lsh.insert(doc_id, _minhash(sig_bytes))
        self._signatures[doc_id] = sig_bytes

    def query(self, sig_bytes: bytes) -> list[str]:
        """Ids of indexed documents with estimated Jaccard >= threshold, most similar first."""
        scored = []
        for doc_id in self._lsh.query(_minhash(sig_bytes)):
            score = estimate_jaccard(sig_bytes, self._signatures[doc_id])
            if score >= self.threshold:
                scored.append((-score, doc_id))
        return [doc_id for _, doc_id in sorted(scored)]

    def estimate(self, sig_a: bytes, sig_b: bytes) -> float:
        """Estimated Jaccard similarity of two signatures (see :func:`estimate_jaccard`)."""
        return estimate_jaccard(sig_a, sig_b)
