"""Near-duplicate articles across a corpus: MinHash signatures in an LSH index (datasketch)."""

from __future__ import annotations

import re

from ..records import CleanDoc

_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = 5) -> set[str]:
    """Word `size`-grams of the lower-cased text (the whole text when it is shorter)."""
    tokens = _WORD.findall(text.lower())
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


class NearDuplicateIndex:
    """Finds documents whose text is a near copy of one seen before (agency copy run by two outlets).

    `threshold` is the Jaccard similarity over word 5-grams above which two texts are duplicates
    (settings: clean.near_duplicate_threshold). The first document seen is the canonical one.
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 128, shingle_size: int = 5):
        from datasketch import MinHashLSH

        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[str, object] = {}
        self._by_hash: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def _signature(self, text: str):
        from datasketch import MinHash

        signature = MinHash(num_perm=self.num_perm)
        signature.update_batch([s.encode("utf-8") for s in shingles(text, self.shingle_size)])
        return signature

    def check_and_add(self, doc: CleanDoc) -> str | None:
        """The doc_id of the canonical document `doc` duplicates, or None (then `doc` is indexed)."""
        if doc.doc_id in self._signatures:
            return None  # the same document again (a re-run) is not its own duplicate
        if doc.content_hash and doc.content_hash in self._by_hash:
            return self._by_hash[doc.content_hash]
        signature = self._signature(doc.text)
        best: tuple[float, str] | None = None
        for candidate in self._lsh.query(signature):
            similarity = signature.jaccard(self._signatures[candidate])
            # LSH returns likely candidates only: confirm with the estimated similarity
            if similarity >= self.threshold and (best is None or similarity > best[0]):
                best = (similarity, candidate)
        if best is not None:
            return best[1]
        self._lsh.insert(doc.doc_id, signature)
        self._signatures[doc.doc_id] = signature
        if doc.content_hash:
            self._by_hash[doc.content_hash] = doc.doc_id
        return None
