"""The work behind the API: checks in a bounded thread pool, one writer, jobs with progress.

Every check runs in a pool thread under :func:`unspin.limits.time_limit` (SIGALRM would not
reach it) and reads the index through that thread's own read-only ``Index``; writes (adding or
removing sources) go to a single writer thread that takes the folder's writer lock, and bump a
generation number so that readers reopen and see the new documents. The event loop only
awaits futures: a slow check never blocks the page.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from unspin import api
from unspin.index import Index
from unspin.limits import TimeLimitExceeded, time_limit
from unspin.serve import records
from unspin.serve.state import StateStore

#: Jobs remembered in memory (oldest finished ones are forgotten first).
MAX_JOBS = 1000


class Busy(Exception):
    """The queue of checks is full: the client should retry later (HTTP 429)."""


class TooSlow(Exception):
    """A request ran past the service's time limit."""


@dataclass
class Job:
    id: str
    status: str = "queued"  # queued, running, done, failed
    progress: float = 0.0
    stage: str = "waiting for a worker"
    created: float = field(default_factory=time.time)
    report: str | None = None
    error: dict | None = None

    def to_dict(self) -> dict:
        out = {
            "id": self.id,
            "url": f"/v1/jobs/{self.id}",
            "status": self.status,
            "progress": self.progress,
            "stage": self.stage,
            "created": round(self.created, 3),
        }
        if self.report:
            out["report"] = self.report
            out["report_url"] = f"/v1/reports/{self.report}"
        if self.error:
            out["error"] = self.error
        return out


class Engine:
    """Runs checks, comparisons and index writes for one index folder."""

    def __init__(
        self,
        folder: Path,
        state: StateStore,
        *,
        workers: int = 2,
        queue: int = 64,
        seconds: float = 120.0,
    ):
        self.folder = folder
        self.state = state
        self.seconds = seconds
        self.queue = queue
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="unspin-check")
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unspin-write")
        self._local = threading.local()
        self._generation = 0
        self._pending = 0
        self._lock = threading.Lock()
        self.jobs: OrderedDict[str, Job] = OrderedDict()

    # -- pool ----------------------------------------------------------------------------
    def submit(self, fn, *args) -> Future:
        """Run ``fn(*args)`` in the pool; Busy when ``queue`` calls already wait or run."""
        with self._lock:
            if self._pending >= self.queue:
                raise Busy(f"{self._pending} checks are waiting; try again shortly")
            self._pending += 1
        fut = self.pool.submit(self._limited, fn, *args)
        fut.add_done_callback(self._done)
        return fut

    def _done(self, _fut) -> None:
        with self._lock:
            self._pending -= 1

    def _limited(self, fn, *args):
        try:
            with time_limit(self.seconds):
                return fn(*args)
        except TimeLimitExceeded:
            self._drop_reader()  # interrupted mid-read: open a fresh one next time
            raise TooSlow(f"stopped after the time limit of {self.seconds:g} s") from None

    async def run(self, fn, *args):
        """Await ``fn(*args)`` run in the pool."""
        return await asyncio.wrap_future(self.submit(fn, *args))

    async def write(self, fn, *args):
        """Await ``fn(index opened for writing, *args)`` in the writer thread."""

        def task():
            with time_limit(self.seconds), Index(self.folder, write=True) as idx:
                try:
                    return fn(idx, *args)
                finally:
                    with self._lock:
                        self._generation += 1

        try:
            return await asyncio.wrap_future(self.writer.submit(task))
        except TimeLimitExceeded:
            raise TooSlow(f"stopped after the time limit of {self.seconds:g} s") from None

    # -- readers -------------------------------------------------------------------------
    def reader(self) -> Index:
        """This thread's read-only Index, reopened after a write so it sees new documents."""
        loc = self._local
        gen = self._generation
        if getattr(loc, "index", None) is not None and loc.generation != gen:
            self._drop_reader()
        if getattr(loc, "index", None) is None:
            loc.index = Index(self.folder)
            loc.generation = gen
        return loc.index

    def _drop_reader(self) -> None:
        idx = getattr(self._local, "index", None)
        self._local.index = None
        if idx is not None:
            idx.close()

    # -- work ----------------------------------------------------------------------------
    def check(self, query: api.Input, options: dict, job: Job | None = None) -> str:
        """Check ``query`` against the index, store the report; returns its id."""
        if job is not None:
            job.status, job.progress, job.stage = "running", 0.1, "reading the text"
        doc = api.document(query, name=options.pop("name", None) or "query")
        if not options["whole"]:
            doc = api.extract(doc)
        if job is not None:
            job.progress, job.stage = 0.3, "searching the index and aligning candidates"
        result = api.check_in(
            self.reader(),
            doc,
            top=options["top"],
            whole=True,  # extracted above
            lexical_only=options["lexical_only"],
        )
        if job is not None:
            job.progress, job.stage = 0.9, "saving the report"
        return self.state.save_report(records.check_record(result, options))

    def compare(self, source: tuple, suspicious: tuple, options: dict) -> str:
        """Compare two (input, name) pairs, store the report; returns its id."""
        t0 = time.monotonic()
        cmp = api.compare(
            api.document(source[0], name=source[1]),
            api.document(suspicious[0], name=suspicious[1]),
            whole=options["whole"],
            lexical_only=options["lexical_only"],
        )
        return self.state.save_report(records.compare_record(cmp, options, time.monotonic() - t0))

    # -- jobs ----------------------------------------------------------------------------
    def start_job(self, query: api.Input, options: dict) -> Job:
        job = Job(secrets.token_urlsafe(12))
        fut = self.submit(self.check, query, options, job)
        with self._lock:
            self.jobs[job.id] = job
            while len(self.jobs) > MAX_JOBS:
                self.jobs.popitem(last=False)
        fut.add_done_callback(lambda f: _finish(job, f))
        return job

    def job(self, job_id: str) -> Job | None:
        with self._lock:
            return self.jobs.get(job_id)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.writer.shutdown(wait=True, cancel_futures=True)


def _finish(job: Job, fut: Future) -> None:
    from unspin.serve.errors import describe

    if fut.cancelled():
        job.status, job.error = "failed", {"code": "cancelled", "message": "the server stopped"}
        return
    err = fut.exception()
    if err is None:
        job.status, job.progress, job.stage, job.report = "done", 1.0, "done", fut.result()
    else:
        _status, code, message = describe(err)
        job.status, job.stage, job.error = "failed", "failed", {"code": code, "message": message}
