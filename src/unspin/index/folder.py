"""The ``Index`` class: an index folder opened for reading or writing, and its verbs."""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from unspin.document import Document
from unspin.errors import IndexFolderError
from unspin.index import query as _query
from unspin.index.build import AddReport, add_documents
from unspin.index.dbfile import database_error, preflight
from unspin.index.lock import WriterLock
from unspin.index.repair import RepairReport, repair
from unspin.index.results import CheckResult
from unspin.index.store import Store
from unspin.index.vectors import VectorIndex, saved_upto
from unspin.index.verify import verify_store
from unspin.readers import read_file, read_files, text_document
from unspin.represent.static import STATIC_MODEL

F = TypeVar("F", bound=Callable)


def guarded(method: F) -> F:
    """SQLite failures inside an index verb become one IndexFolderError naming the folder."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as err:
            raise database_error(self.folder, err) from None

    return wrapper  # type: ignore[return-value]


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
        new = preflight(self.folder, create and write)
        if write:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._lock = WriterLock(self.folder).acquire()
            except PermissionError as err:
                raise IndexFolderError(
                    f"index {self.folder}: not writable ({err.strerror}); adding or removing "
                    "documents needs write access to the folder"
                ) from None
        try:
            if not new or lexical_only:
                new_model, new_dim = "", 0
            else:
                emb = self._load_embedder(model)
                new_model, new_dim = emb.name, emb.dim
            self.store = Store.open(
                self.folder, create=new, model=new_model, dim=new_dim, readonly=not write
            )
            self._check_model(model)
        except BaseException:
            self.close()
            raise

    # -- model ---------------------------------------------------------------------------
    def _load_embedder(self, name: str | None):
        """The index's sentence vectors' model: a new index gets the static embedding
        (cheap vectors for retrieval); ``--model`` names any other (MiniLM, sentence-transformers)."""
        name = name or STATIC_MODEL
        if self._embedder is None or self._embedder.name != name:
            self._embedder = _embedder(name)
        return self._embedder

    @property
    def aligner(self):
        """The model that aligns candidates: MiniLM behind a static index, else the index's own."""
        emb = self.embedder
        if emb is None or emb.name == STATIC_MODEL:
            return _embedder(None)
        return emb

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
            self.embedder  # noqa: B018 - validates the dimension first
            self._ann = VectorIndex(self.store, persist=self._lock is not None)
        return self._ann

    # -- writing -------------------------------------------------------------------------
    def _require_lock(self) -> None:
        if self._lock is None:
            raise IndexFolderError(f"index {self.folder}: opened read-only")

    @guarded
    def add(
        self,
        items: Iterable[str | Path | Document],
        *,
        extract: bool = True,
        progress: bool = False,
        input_format: str = "auto",
    ) -> AddReport:
        """Add files, folders, WARC/JSONL files or Documents; each document commits on its own.
        ``input_format``: how files are read (see :func:`unspin.readers.kind_of`)."""
        self._require_lock()
        docs = _expand(items, extract, input_format)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(unit=" doc", desc="indexing", mininterval=0.5, dynamic_ncols=True)
        try:
            return add_documents(self.store, self.ann, self.embedder, docs, progress=bar)
        finally:
            if bar is not None:
                bar.close()

    @guarded
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

    @guarded
    def stats(self) -> dict:
        """What the index holds; ``vectors_behind``: documents whose sentence vectors the saved
        vector file lacks (an add was interrupted; readers catch up in memory, a writer or
        ``repair`` saves them)."""
        out = self.store.stats()
        if self.store.model:
            out["vectors_behind"] = self.store.documents_after(saved_upto(self.folder))
        out["index"] = str(self.folder)
        return out

    @guarded
    def count(self) -> int:
        """Documents in the index."""
        return self.store.count()

    # -- health --------------------------------------------------------------------------
    @guarded
    def verify(self) -> list[str]:
        """Problems in the folder, one line each (empty: whole). Reads everything, writes
        nothing: SQLite's integrity check, postings against documents, the vector file."""
        return verify_store(self.store)

    @guarded
    def repair(self) -> RepairReport:
        """Rebuild what is derived (postings, the vector file); when SQLite is damaged, copy
        every readable document into a fresh database and keep the damaged one beside it."""
        self._require_lock()
        self._ann = None
        self.store, report = repair(self.store, lambda: self.embedder)
        return report

    # -- searching -----------------------------------------------------------------------
    @guarded
    def check(
        self,
        query: Document | str | Path,
        *,
        top: int = 5,
        align: int | None = None,
        model_align: int = _query.MODEL_ALIGN,
        lexical_only: bool = False,
    ) -> CheckResult:
        """Sources of ``query``: retrieve candidates, align the best ``align``, rank by coverage
        (see :func:`unspin.index.query.check_query`)."""
        t0 = time.monotonic()
        from unspin.extractors import extract_document  # loaded when a query needs it

        if isinstance(query, str):  # text, as everywhere in the API; extracted like a file
            query = extract_document(text_document(query, "query"))
        elif not isinstance(query, Document):
            query = extract_document(read_file(str(query)))
        # A lexical-only index still gets the model in alignment unless the check is lexical too.
        emb = None if lexical_only else self.embedder
        aligner = None if lexical_only else self.aligner
        ann = None if lexical_only else self.ann
        res = _query.check_query(
            self.store,
            ann,
            emb,
            query,
            top=top,
            align=align,
            model_align=model_align,
            aligner=aligner,
        )
        res.seconds = time.monotonic() - t0
        return res

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


def _embedder(name: str | None):
    """A loaded embedder by name (None: MiniLM); models load when first needed."""
    if name == STATIC_MODEL:
        from unspin.represent.static import load_static

        return load_static()
    from unspin.represent.embed import load_embedder

    return load_embedder(name)


def _expand(items, extract: bool, input_format: str):
    """Documents as given; paths read (then extracted, unless ``extract`` is false)."""
    paths: list[str] = []
    for it in items:
        if isinstance(it, Document):
            if paths:
                yield from _read(paths, extract, input_format)
                paths = []
            yield it
        else:
            paths.append(str(it))
    if paths:
        yield from _read(paths, extract, input_format)


def _read(paths: list[str], extract: bool, input_format: str):
    """Read, then extract (as ``unspin.pipeline.iter_documents``, which a stage may not import)."""
    docs = read_files(paths, input_format)
    if not extract:
        return docs
    from unspin.extractors import extract_stream

    return extract_stream(docs)
