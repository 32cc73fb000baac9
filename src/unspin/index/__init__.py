"""A folder of possible sources, searchable without a server: ``Index(folder).check(document)``.

Layout of the folder: ``index.sqlite`` (documents, fingerprint postings, sentence vectors; the
truth), ``vectors.usearch`` + ``vectors.json`` (HNSW over sentence vectors; derived, caught up or
rebuilt from SQLite at open) and ``lock`` (one writer at a time). See docs/index.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from unspin.document import Document
from unspin.errors import IndexFolderError, InputError
from unspin.index.build import AddReport, add_documents, content_text
from unspin.index.lock import WriterLock
from unspin.index.store import DB_FILE, Store
from unspin.readers import iter_documents

#: Candidates aligned with the model (the others are aligned lexically, ~10x cheaper).
MODEL_ALIGN = 3
#: Queries longer than this are refused: split such a text into documents first.
MAX_QUERY_CHARS = 2_000_000

__all__ = ["AddReport", "CheckResult", "Index", "SourceHit", "MAX_QUERY_CHARS"]


@dataclass
class SourceHit:
    """One indexed document and what its alignment with the query explains."""

    doc_id: int
    document: Document
    comparison: object  # unspin.align.result.Comparison
    retrieval: float
    score: float

    def to_dict(self) -> dict:
        cmp = self.comparison
        return {
            "path": self.document.path or self.document.url or self.document.id,
            "id": self.doc_id,
            "url": self.document.url,
            "score": round(self.score, 4),
            "retrieval": round(self.retrieval, 4),
            "coverage": {k: round(v, 4) for k, v in cmp.coverage.items()},
            "passages": [p.to_dict() for p in cmp.passages],
        }


@dataclass
class CheckResult:
    query: Document
    sources: list[SourceHit] = field(default_factory=list)
    candidates: int = 0
    seconds: float = 0.0
    retrieved: list[int] = field(default_factory=list)  # candidate ids, best first

    def to_dict(self) -> dict:
        return {
            "path": self.query.name,
            "sources": [s.to_dict() for s in self.sources],
            "candidates": self.candidates,
            "seconds": round(self.seconds, 3),
        }


class Index:
    """An index folder opened for reading (``check``, ``stats``) or writing (``add``, ``remove``).

    ``write=True`` takes the folder's writer lock (IndexFolderError if another process holds it)
    and creates the index if needed. ``model`` must match the index's model when given;
    ``lexical_only`` creates an index without sentence vectors. Use as a context manager.
    """

    def __init__(
        self,
        folder: str | Path,
        *,
        write: bool = False,
        model: str | None = None,
        lexical_only: bool = False,
        create: bool | None = None,
    ):
        self.folder = Path(folder)
        self._lock: WriterLock | None = None
        self._embedder = None
        self._ann = None
        create = write if create is None else create
        if write:
            if not create and not self.folder.is_dir():
                raise IndexFolderError(f"index {self.folder}: no such folder")
            if self.folder.is_dir() and not (self.folder / DB_FILE).exists():
                foreign = sorted(p.name for p in self.folder.iterdir() if p.name != "lock")
                if foreign:
                    raise IndexFolderError(
                        f"index {self.folder}: not an unspin index and not empty "
                        f"({', '.join(foreign[:3])}); use an empty or new folder"
                    )
            self.folder.mkdir(parents=True, exist_ok=True)
            self._lock = WriterLock(self.folder).acquire()
        try:
            if not create or lexical_only:
                new_model, new_dim = "", 0
            else:
                emb = self._load_embedder(model)
                new_model, new_dim = emb.name, emb.dim
            self.store = Store.open(self.folder, create=create, model=new_model, dim=new_dim)
            self._check_model(model)
        except BaseException:
            self.close()
            raise

    # -- model ---------------------------------------------------------------------------
    def _load_embedder(self, name: str | None):
        if self._embedder is None or (name and self._embedder.name != name):
            from unspin.represent.embed import load_embedder

            self._embedder = load_embedder(name)
        return self._embedder

    def _check_model(self, requested: str | None) -> None:
        have = self.store.model
        if not have:
            return
        if requested and requested != have:
            raise IndexFolderError(
                f"index {self.folder} was built with model {have}; not {requested} "
                "(use the same --model, or build a new index)"
            )

    @property
    def embedder(self):
        """The index's embedder (loaded on first use), or None for a lexical-only index."""
        if not self.store.model:
            return None
        emb = self._load_embedder(self.store.model)
        if emb.dim != self.store.dim:
            raise IndexFolderError(
                f"index {self.folder}: built with {self.store.dim}-dimensional vectors "
                f"({self.store.model}) but the model gives {emb.dim}; rebuild the index"
            )
        return emb

    @property
    def ann(self):
        if self._ann is None and self.store.model:
            from unspin.index.vectors import VectorIndex

            self.embedder  # noqa: B018 - validates the dimension first
            self._ann = VectorIndex(self.store)
        return self._ann

    # -- writing -------------------------------------------------------------------------
    def _require_lock(self) -> None:
        if self._lock is None:
            raise IndexFolderError(f"index {self.folder}: opened read-only")

    def add(
        self,
        items: Iterable[str | Path | Document],
        *,
        extract: bool = True,
        progress: bool = False,
    ) -> AddReport:
        """Add files, folders, WARC/JSONL files or Documents; each document commits on its own."""
        self._require_lock()
        docs = _expand(items, extract)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(unit=" doc", desc="indexing", mininterval=0.5, dynamic_ncols=True)
        try:
            return add_documents(self.store, self.ann, self.embedder, docs, progress=bar)
        finally:
            if bar is not None:
                bar.close()

    def remove(self, refs: Iterable[str | int]) -> tuple[int, list[str]]:
        """Remove documents by id, path or URL; returns (removed, refs not found)."""
        self._require_lock()
        removed, missing = 0, []
        for ref in refs:
            ids = self.store.find(str(ref))
            if not ids:
                missing.append(str(ref))
            for i in ids:
                removed += self.store.remove_document(i)
        return removed, missing

    def stats(self) -> dict:
        out = self.store.stats()
        out["index"] = str(self.folder)
        return out

    # -- searching -----------------------------------------------------------------------
    def check(
        self,
        query: Document | str | Path,
        *,
        top: int = 5,
        align: int | None = None,
        model_align: int = MODEL_ALIGN,
        lexical_only: bool = False,
    ) -> CheckResult:
        """Sources of ``query``: retrieve candidates, align the best ``align``, rank by coverage.

        Candidates far below the best (MIN_RATIO) are not aligned, and only the best
        ``model_align`` are aligned with the model (the rest lexically): the model run over a
        candidate's sentences is what a check costs.
        """
        import time

        from unspin.align.compare import beyond_extraction, compare
        from unspin.align.seeds import SeedConfig

        ANCHORED = SeedConfig(embed_all_susp=0)  # noqa: N806
        from unspin.align.result import Comparison
        from unspin.index.search import MIN_RATIO, CachedEmbedder, Evidence, candidates, focus

        t0 = time.monotonic()
        if not isinstance(query, Document):
            from unspin.readers import load_document

            query = load_document(query)
        if len(query.text) > MAX_QUERY_CHARS:
            raise InputError(
                query.name,
                f"too long to check ({len(query.text):,} characters; "
                f"limit {MAX_QUERY_CHARS:,}): split it into documents",
            )
        if not content_text(query).strip():
            raise InputError(query.name, "no text to check")
        # A lexical-only index still gets the model in alignment unless the check is lexical too.
        base = None if lexical_only else (self.embedder or self._load_embedder(None))
        emb = CachedEmbedder(base) if base is not None else None
        ann = None if lexical_only else self.ann
        align = align or max(2 * top, 12)
        evidence = Evidence()
        cands = candidates(self.store, ann, emb, query, limit=max(align, 50), evidence=evidence)
        hits = []
        qlen = max(1, sum(b - a for a, b in query.content_spans()))
        floor = MIN_RATIO * cands[0].score if cands else 0.0
        for rank, c in enumerate(cands[:align]):
            if c.score < floor:
                break
            src = self.store.document(c.doc_id)
            if src is None:
                continue
            part = focus(src, evidence)
            if emb is not None and rank < model_align:
                # Candidates come with lexical or semantic evidence already: the model is spent
                # around lexically sure sentences, not on every pair of a short query.
                cmp = compare(part, query, embedder=emb, seed_config=ANCHORED, outside_main=False)
                if (
                    not cmp.passages
                ):  # seen on heavily garbled text: the lexical pass still finds it
                    cmp = compare(part, query, lexical_only=True, outside_main=False)
            else:
                cmp = compare(part, query, lexical_only=True, outside_main=False)
            if not cmp.passages:
                continue
            # The focus narrowed the source to where retrieval pointed; text its extraction left
            # out (a paragraph misread as furniture) is read too, lexically, for strong reuse.
            passages = beyond_extraction(src, query, cmp.passages)
            cmp = Comparison(src, query, passages, cmp.model)  # coverage of the whole source
            score = _explained(cmp.passages, qlen)
            hits.append(SourceHit(c.doc_id, src, cmp, c.score, score))
        hits.sort(key=lambda h: (-h.score, -h.retrieval, h.doc_id))
        return CheckResult(
            query, hits[:top], len(cands), time.monotonic() - t0, [c.doc_id for c in cands]
        )

    # -- lifecycle -----------------------------------------------------------------------
    def close(self) -> None:
        store = getattr(self, "store", None)
        if store is not None:
            store.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _explained(passages, qlen: int) -> float:
    """Share of the query explained, each character weighted by its passage's similarity."""
    best: dict[int, float] = {}
    for p in passages:
        for i in range(p.suspicious_offset, p.suspicious_end, 16):
            best[i // 16] = max(best.get(i // 16, 0.0), float(p.similarity))
    return min(1.0, 16 * sum(best.values()) / qlen)


def _expand(items, extract: bool):
    paths: list[str] = []
    for it in items:
        if isinstance(it, Document):
            if paths:
                yield from iter_documents(paths, extract=extract)
                paths = []
            yield it
        else:
            paths.append(str(it))
    if paths:
        yield from iter_documents(paths, extract=extract)
