"""All-words k-NN dictionary with pynndescent (Debian's python3-pynndescent), for bench/lib/ann-peers.ts.

    /usr/bin/python3 pynndescent_dict.py UNIT.f32 N DIM K N_JOBS SEED OUT.i32 [N_NEIGHBORS]

UNIT.f32: N x DIM float32 unit rows (row-major, native little-endian). Builds
NNDescent(x, metric='cosine', n_neighbors=N_NEIGHBORS (default K + 1: the row itself and K others; more builds a
wider graph, pynndescent's way to a higher recall), n_jobs=N_JOBS, random_state=SEED), takes its neighbor_graph,
drops each row itself (or, where a duplicate pushed it out, keeps the first K others) and writes N x K int32 indices
(-1 = none) to OUT.i32. A 300-row NNDescent runs first so numba's JIT compilation is not in the timed build (its
seconds are reported apart). Prints one JSON line: build_s, jit_s, n_neighbors, peak_rss_kib.
"""
import json
import resource
import sys
import time

import numpy as np
import pynndescent


def main() -> None:
    unit_file, n, dim, k, n_jobs, seed, out_file = sys.argv[1:8]
    n, dim, k, n_jobs, seed = int(n), int(dim), int(k), int(n_jobs), int(seed)
    n_neighbors = int(sys.argv[8]) if len(sys.argv) > 8 else k + 1
    if n_neighbors < k + 1:
        raise SystemExit(f'n_neighbors {n_neighbors} is below k + 1 = {k + 1}')
    x = np.fromfile(unit_file, dtype='<f4')
    if x.size != n * dim:
        raise SystemExit(f'{unit_file}: {x.size} float32 values, expected {n} x {dim}')
    x = x.reshape(n, dim)

    t0 = time.perf_counter()
    warm = np.random.default_rng(0).standard_normal((300, dim)).astype(np.float32)
    pynndescent.NNDescent(warm, metric='cosine', n_neighbors=min(k + 1, 30), n_jobs=n_jobs, random_state=seed).neighbor_graph
    jit_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    index = pynndescent.NNDescent(x, metric='cosine', n_neighbors=n_neighbors, n_jobs=n_jobs, random_state=seed)
    graph, _ = index.neighbor_graph
    build_s = time.perf_counter() - t0

    out = np.full((n, k), -1, dtype='<i4')
    rows = np.arange(n)
    others = graph != rows[:, None]
    others &= graph >= 0
    for r in range(n):
        keep = graph[r][others[r]][:k]
        out[r, : keep.size] = keep
    out.tofile(out_file)
    print(json.dumps({
        'build_s': build_s,
        'jit_s': jit_s,
        'n_neighbors': n_neighbors,
        'peak_rss_kib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))


if __name__ == '__main__':
    main()
