"""Which on-disk vector index for sentence vectors? usearch HNSW vs faiss (flat, HNSW), measured.

Clustered synthetic unit vectors (384-d, like MiniLM's) so that neighbours exist; queries are
noisy copies of stored vectors (a paraphrase is a near neighbour). Prints build rate, query
latency (one vector at a time, 2 threads), recall@10 of the true copy, file size and load time.

    python benchmarks/ann_options.py [--n 200000]      (faiss-cpu is optional: skipped if absent)
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import numpy as np


def data(n: int, d: int = 384, nq: int = 500, seed: int = 0):
    rnd = np.random.default_rng(seed)
    centers = rnd.standard_normal((max(1, n // 50), d)).astype(np.float32)
    x = centers[rnd.integers(0, len(centers), n)] + 0.6 * rnd.standard_normal((n, d)).astype(
        np.float32
    )
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    qi = rnd.choice(n, nq, replace=False)
    q = x[qi] + 0.03 * rnd.standard_normal((nq, d)).astype(np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    return x, q, qi


def bench_usearch(x, q, qi, folder):
    from usearch.index import Index

    idx = Index(
        ndim=x.shape[1],
        metric="cos",
        dtype="f16",
        connectivity=16,
        expansion_add=64,
        expansion_search=64,
    )
    t = time.perf_counter()
    idx.add(np.arange(len(x), dtype=np.uint64), x)
    build = time.perf_counter() - t
    path = os.path.join(folder, "u.usearch")
    idx.save(path)
    t = time.perf_counter()
    idx2 = Index.restore(path, view=True)
    load = time.perf_counter() - t
    lat, hits = [], 0
    for v, want in zip(q, qi, strict=True):
        t = time.perf_counter()
        r = idx2.search(v, 10)
        lat.append(time.perf_counter() - t)
        hits += want in set(np.asarray(r.keys).tolist())
    return build, load, lat, hits, os.path.getsize(path)


def bench_faiss(x, q, qi, folder, kind):
    import faiss

    faiss.omp_set_num_threads(2)
    d = x.shape[1]
    idx = (
        faiss.IndexFlatIP(d)
        if kind == "flat"
        else faiss.IndexHNSWFlat(d, 16, faiss.METRIC_INNER_PRODUCT)
    )
    if kind == "hnsw":
        idx.hnsw.efConstruction, idx.hnsw.efSearch = 64, 64
    t = time.perf_counter()
    idx.add(x)
    build = time.perf_counter() - t
    path = os.path.join(folder, f"f_{kind}.faiss")
    faiss.write_index(idx, path)
    t = time.perf_counter()
    idx2 = faiss.read_index(path, faiss.IO_FLAG_MMAP if kind == "flat" else 0)
    load = time.perf_counter() - t
    lat, hits = [], 0
    for v, want in zip(q, qi, strict=True):
        t = time.perf_counter()
        _, ids = idx2.search(v[None, :], 10)
        lat.append(time.perf_counter() - t)
        hits += want in set(ids[0].tolist())
    return build, load, lat, hits, os.path.getsize(path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200_000)
    args = ap.parse_args()
    x, q, qi = data(args.n)
    runs = [("usearch hnsw f16", lambda f: bench_usearch(x, q, qi, f))]
    try:
        import faiss  # noqa: F401

        runs += [
            ("faiss flat f32", lambda f: bench_faiss(x, q, qi, f, "flat")),
            ("faiss hnsw f32", lambda f: bench_faiss(x, q, qi, f, "hnsw")),
        ]
    except ImportError:
        print("faiss-cpu not installed: measuring usearch only")
    print(f"{args.n} vectors, 384-d, {len(q)} queries")
    print("| index | build vec/s | load s | query p50 ms | p95 ms | recall@10 | file MB |")
    print("|---|---|---|---|---|---|---|")
    for name, fn in runs:
        with tempfile.TemporaryDirectory() as f:
            build, load, lat, hits, size = fn(f)
        lat.sort()
        print(
            f"| {name} | {len(x) / build:,.0f} | {load:.3f} | {1000 * lat[len(lat) // 2]:.2f} | "
            f"{1000 * lat[int(0.95 * len(lat))]:.2f} | {hits / len(q):.3f} | {size / 1e6:.0f} |"
        )


if __name__ == "__main__":
    main()
