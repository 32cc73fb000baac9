"""Lexical fingerprints that survive synonym swaps: sampled unordered pairs of nearby words.

A spinner replaces one word in three or four and translation reorders words, so raw n-grams or
25-character shingles rarely survive. An unordered pair of two content words at most
``WINDOW`` content words apart survives whenever both words do, in either order. Pairs are hashed
to 64 bits and sampled by hash (1 in ``SAMPLE``), which keeps the index small and, because the
choice depends only on the pair, keeps the same pairs in a source and in its rewrite.

This module fixes the on-disk meaning of the index: changing anything here must bump
``FINGERPRINT_VERSION`` (stored in the index's meta table).
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from unspin.caches import memo
from unspin.stopwords import FINGERPRINT

FINGERPRINT_VERSION = 1
#: Pairs are formed between content words at most this many content words apart.
WINDOW = 3
#: Keep one pair in SAMPLE (by hash; a power of two).
SAMPLE = 4

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

STOPWORDS = FINGERPRINT  # see unspin.stopwords

_word_ids = memo("fingerprints.word_ids", 1_000_000)


def _word_id(word: str) -> int:
    """A stable 32-bit id of a stemmed content word (crc32: same in every process and version)."""
    wid = _word_ids.get(word)
    if wid is None:
        wid = _word_ids.put(word, zlib.crc32(word.encode("utf-8")))
    return wid


def _stem(word: str) -> str:
    # Crude on purpose: inflections ("handler"/"handlers", "flew"/"flying" aside) should collide;
    # six letters keep words apart well enough for pairs.
    if word.isdigit():
        return word
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:6]


def content_word_ids(text: str) -> np.ndarray:
    """Ids of the content words of ``text`` in reading order (no stop words, no 1-2 letters)."""
    return _content_words(text)[0]


def _content_words(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(uint64 ids, int64 start offsets) of the content words of ``text``, in reading order."""
    ids, offs = [], []
    for m in _WORD.finditer(text.lower()):
        w = m.group()
        if len(w) < 3 and not w.isdigit() or w in STOPWORDS:
            continue
        ids.append(_word_id(_stem(w)))
        offs.append(m.start())
    return np.asarray(ids, dtype=np.uint64), np.asarray(offs, dtype=np.int64)


def _pairs(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(uint64 hashes, index of the first word) of every unordered pair of distinct words at
    most ``WINDOW`` apart, by distance then position (not sampled, not unique)."""
    hs, first = [], []
    for d in range(1, WINDOW + 1):
        if len(ids) <= d:
            break
        a, b = ids[:-d], ids[d:]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keep = lo != hi
        hs.append(_mix((lo[keep] << np.uint64(32)) | hi[keep]))
        first.append(np.flatnonzero(keep))
    if not hs:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    return np.concatenate(hs), np.concatenate(first)


def fingerprints(text: str, sample: int = SAMPLE) -> np.ndarray:
    """The sorted, unique int64 fingerprints of ``text`` (what the inverted index stores).

    ``sample=1`` keeps every pair: finer evidence for locating reuse inside one document.
    """
    h, _ = _pairs(content_word_ids(text))
    h = h[(h & np.uint64(sample - 1)) == 0] if sample > 1 else h
    return np.unique(h.view(np.int64))


def fingerprint_offsets(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Every (unsampled) fingerprint of ``text`` with the offset of its first word: where in a
    long text the pairs shared with a query lie, in one pass instead of one per sentence."""
    ids, offs = _content_words(text)
    h, first = _pairs(ids)
    return h.view(np.int64), offs[first]


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the bits so sampling by the low bits is unbiased."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
        return x
