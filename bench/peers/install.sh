#!/usr/bin/env bash
# Installs the peer libraries of the benchmarks (bench/dict.ts; the approximate engine's peers, bench/lib/ann-peers.ts)
# into bench/peers/node_modules, plus Debian's pynndescent for /usr/bin/python3.
# Run from anywhere: `npm run bench:peers` (the repository root's script) or `bash bench/peers/install.sh`.
# Idempotent: each step is skipped when its result is already there. simdict itself never depends on these.
#
# 1. Debian packages libfaiss-dev (faiss 1.7.3), libopenblas-dev and python3-pynndescent (0.5.8, with numba), when
#    missing (apt-get; needs root or sudo). pynndescent runs with /usr/bin/python3 (Debian's), not a pyenv python.
# 2. `npm install --ignore-scripts` here: usearch (ships a linux-x64 prebuild inside the package), faiss-node
#    (whose install script would download a prebuilt binary; we skip it and build against Debian's libfaiss instead)
#    and hnswlib-node (a node-gyp addon over the header-only hnswlib; built in step 3b, offline).
# 3. faiss-node rebuilt with node-gyp against /usr/lib's libfaiss, using this folder's faiss-node/binding.gyp and
#    faiss173_compat.h (faiss-node targets faiss 1.7.4's `faiss::idx_t`; Debian's 1.7.3 has `faiss::Index::idx_t`).
#    Rebuilt only when the addon is missing or the binding files changed.
# 3b. hnswlib-node built with node-gyp against the installed node's headers (nothing downloaded); skipped when built.
# 4. A check that each loads and answers a tiny search (faiss-node, usearch, hnswlib-node, pynndescent).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
step() { printf '[bench:peers] %s\n' "$*"; }

# 1. System libraries for faiss-node.
missing=()
for pkg in libfaiss-dev libopenblas-dev python3-pynndescent; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { step "need root (or sudo) to apt-get install ${missing[*]}"; exit 1; }
    SUDO=sudo
  fi
  step "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
else
  step "libfaiss-dev, libopenblas-dev and python3-pynndescent already installed"
fi

# 2. The npm packages, without their install scripts.
if [ -f node_modules/usearch/package.json ] && [ -f node_modules/faiss-node/package.json ] && [ -f node_modules/hnswlib-node/package.json ] \
  && [ -x node_modules/.bin/node-gyp ] \
  && [ node_modules/.package-lock.json -nt package.json ]; then
  step "npm packages already installed"
else
  step "npm install --ignore-scripts (in bench/peers)"
  npm install --ignore-scripts --no-audit --no-fund
fi

# node-gyp uses the installed node's headers (/usr/include/node) where there are, so nothing is downloaded.
nodedir=()
[ -f /usr/include/node/node_api.h ] && nodedir=(--nodedir=/usr)

# 3. faiss-node against Debian's libfaiss.
FN="node_modules/faiss-node"
ADDON="$FN/build/Release/faiss-node.node"
stamp="$(cat faiss-node/binding.gyp faiss-node/faiss173_compat.h | sha1sum | cut -d' ' -f1)"
if [ -f "$ADDON" ] && [ "$(cat "$FN/.simdict-build" 2>/dev/null)" = "$stamp" ]; then
  step "faiss-node already built against libfaiss"
else
  step "building faiss-node against Debian's libfaiss (node-gyp, ~1 minute)"
  cp faiss-node/binding.gyp faiss-node/faiss173_compat.h "$FN/"
  (cd "$FN" && "$HERE/node_modules/.bin/node-gyp" rebuild "${nodedir[@]}" -j 2 >"$HERE/$FN/simdict-build.log" 2>&1) || {
    step "node-gyp failed; the last lines of bench/peers/$FN/simdict-build.log:"
    tail -n 30 "$HERE/$FN/simdict-build.log"
    exit 1
  }
  echo "$stamp" >"$FN/.simdict-build"
fi

# 3b. hnswlib-node (its own binding.gyp; header-only hnswlib inside the package).
HN="node_modules/hnswlib-node"
if [ -f "$HN/build/Release/addon.node" ]; then
  step "hnswlib-node already built"
else
  step "building hnswlib-node (node-gyp, ~1 minute)"
  (cd "$HN" && "$HERE/node_modules/.bin/node-gyp" rebuild "${nodedir[@]}" -j 2 >"$HERE/$HN/simdict-build.log" 2>&1) || {
    step "node-gyp failed; the last lines of bench/peers/$HN/simdict-build.log:"
    tail -n 30 "$HERE/$HN/simdict-build.log"
    exit 1
  }
fi

# 4. Check.
node -e "
const f = require('faiss-node'); const u = require('usearch');
const i = new f.IndexFlatIP(2); i.add([1, 0, 0, 1]); const r = i.search([1, 0], 1);
const e = u.exactSearch(new Float32Array([1, 0, 0, 1]), new Float32Array([1, 0]), 2, 1, u.MetricKind.IP);
const h = new (require('hnswlib-node').HierarchicalNSW)('cosine', 2); h.initIndex(2); h.addPoint([1, 0], 0); h.addPoint([0, 1], 1);
const hr = h.searchKnn([1, 0.1], 1);
if (r.labels[0] !== 0 || Number(e.keys[0]) !== 0 || hr.neighbors[0] !== 0) throw new Error('unexpected answers: ' + JSON.stringify(r) + ' ' + e.keys + ' ' + JSON.stringify(hr));
console.log('[bench:peers] ok: faiss-node ' + require('./node_modules/faiss-node/package.json').version + ' (libfaiss ' +
  require('child_process').execSync(\"dpkg-query -W -f='\\\${Version}' libfaiss-dev\").toString() + '), usearch ' + require('./node_modules/usearch/package.json').version +
  ', hnswlib-node ' + require('./node_modules/hnswlib-node/package.json').version);
"
# pynndescent: a tiny NNDescent (numba compiles on first use, ~1 minute; cached afterwards where it can write).
/usr/bin/python3 -c "
import numpy as np, pynndescent
x = np.random.default_rng(0).standard_normal((200, 8)).astype(np.float32)
idx, dist = pynndescent.NNDescent(x, metric='cosine', n_neighbors=5, n_jobs=1, random_state=1).neighbor_graph
assert idx.shape == (200, 5) and (idx[:, 0] == np.arange(200)).mean() > 0.95, idx[:3]
print('[bench:peers] ok: pynndescent', pynndescent.__version__ if hasattr(pynndescent, '__version__') else '', '(/usr/bin/python3, numpy', np.__version__ + ')')
"
