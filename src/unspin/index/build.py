"""Adding documents: fingerprint, embed only unseen sentences, commit one document at a time.

Cost per document (see docs/index.md): reading and extraction, then fingerprints (~0.1 ms per
1,000 characters), then embedding of sentences not yet in the index (static vectors, the default: ~0.1 ms per sentence;
MiniLM, ``--model minilm-int8``: ~3.5 ms per sentence on 2 cores; repeated sentences such as page
furniture are embedded once), then one
SQLite transaction (~1 ms + 5 µs per posting).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from unspin.document import Document
from unspin.errors import InputError
from unspin.index.fingerprints import fingerprints
from unspin.index.store import Store, content_hash, sentence_key
from unspin.segment.sentences import split_sentences

#: Sentences with fewer words carry no evidence (menus, bylines) and are not embedded.
MIN_WORDS = 4
#: Save the ANN file at least this often (seconds) while adding; a kill loses no committed data.
SAVE_EVERY = 60.0
#: Commit at least this often (seconds): a kill loses at most this much work. A document embedded
#: by MiniLM commits on its own (it takes longer than this); cheap documents (static vectors,
#: cached vectors, lexical-only) are grouped, because one commit rewrites every index page the
#: document touched (~10 ms).
COMMIT_EVERY = 0.5


@dataclass
class AddReport:
    added: int = 0
    duplicates: int = 0
    errors: list[InputError] = field(default_factory=list)
    sentences_embedded: int = 0
    sentences_reused: int = 0
    seconds: float = 0.0
    ids: list[int] = field(default_factory=list)
    #: "NAME: warning" for documents added with a warning (read or extracted oddly).
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "duplicates": self.duplicates,
            "errors": [str(e) for e in self.errors],
            "warnings": list(self.warnings),
            "sentences_embedded": self.sentences_embedded,
            "sentences_reused": self.sentences_reused,
            "seconds": round(self.seconds, 3),
        }


def content_text(doc: Document) -> str:
    return "\n".join(doc.text[a:b] for a, b in doc.content_spans())


def evidence_sentences(doc: Document) -> list[str]:
    """The sentences worth a vector: inside the content spans, with at least MIN_WORDS words."""
    out = []
    for a, b in split_sentences(doc.text, doc.content_spans()):
        s = doc.text[a:b]
        if len(s.split()) >= MIN_WORDS:
            out.append(s)
    return out


def add_documents(
    store: Store, ann, embedder, docs: Iterable[Document | InputError], progress=None
) -> AddReport:
    """Add ``docs`` to an opened, locked store; ``ann``/``embedder`` are None for lexical-only."""
    report = AddReport()
    t0 = last_save = last_commit = time.monotonic()
    pending: list[tuple[int, np.ndarray]] = []  # vectors of uncommitted documents

    def commit() -> None:
        store.commit()
        if ann is not None and pending:
            ann.add(pending)  # only committed ids reach the ANN file
        pending.clear()

    try:
        for item in docs:
            if progress is not None:
                progress.update(1)
            if isinstance(item, InputError):
                report.errors.append(item)
                continue
            if not content_text(item).strip():  # never a 0-character document
                report.errors.append(InputError(item.name, "no text to index"))
                continue
            doc_hash = content_hash(item.text)
            if store.has_document(doc_hash):
                report.duplicates += 1
                continue
            fps = fingerprints(content_text(item))
            keys: list[bytes] = []
            new_vectors: dict[bytes, np.ndarray] = {}
            if embedder is not None:
                sents = evidence_sentences(item)
                keys = [sentence_key(s) for s in sents]
                known = store.sentence_ids(keys)
                todo = {k: s for k, s in zip(keys, sents, strict=True) if k not in known}
                if todo:
                    vecs = embedder.encode(list(todo.values()))
                    new_vectors = dict(zip(todo.keys(), vecs, strict=True))
                report.sentences_embedded += len(todo)
                report.sentences_reused += len(keys) - len(todo)
            if not store.con.in_transaction:
                store.begin()
            doc_id, added = store.add_document(item, doc_hash, fps, keys, new_vectors)
            pending.extend(added)
            report.added += 1
            report.ids.append(doc_id)
            report.warnings += [f"{item.name}: {w}" for w in item.warnings]
            now = time.monotonic()
            if now - last_commit >= COMMIT_EVERY:
                commit()
                last_commit = now
                if ann is not None and now - last_save > SAVE_EVERY:
                    ann.save()
                    last_save = now
        commit()
    finally:
        store.rollback()  # only after an error: whole documents of the open group are dropped
        if ann is not None and ann.dirty:
            ann.save()
        report.seconds = time.monotonic() - t0
    return report
