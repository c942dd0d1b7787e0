#!/usr/bin/env bash
# Installs the peer libraries of the dictionary benchmark (bench/dict.ts) into bench/peers/node_modules.
# Run from anywhere: `npm run bench:peers` (the repository root's script) or `bash bench/peers/install.sh`.
# Idempotent: each step is skipped when its result is already there. simdict itself never depends on these.
#
# 1. Debian packages libfaiss-dev (faiss 1.7.3) and libopenblas-dev, when missing (apt-get; needs root or sudo).
# 2. `npm install --ignore-scripts` here: usearch (ships a linux-x64 prebuild inside the package) and faiss-node
#    (whose install script would download a prebuilt binary; we skip it and build against Debian's libfaiss instead).
# 3. faiss-node rebuilt with node-gyp against /usr/lib's libfaiss, using this folder's faiss-node/binding.gyp and
#    faiss173_compat.h (faiss-node targets faiss 1.7.4's `faiss::idx_t`; Debian's 1.7.3 has `faiss::Index::idx_t`).
#    Rebuilt only when the addon is missing or the binding files changed.
# 4. A one-line check that both load and answer a tiny search.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
step() { printf '[bench:peers] %s\n' "$*"; }

# 1. System libraries for faiss-node.
missing=()
for pkg in libfaiss-dev libopenblas-dev; do
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
  step "libfaiss-dev and libopenblas-dev already installed"
fi

# 2. The npm packages, without their install scripts.
if [ -f node_modules/usearch/package.json ] && [ -f node_modules/faiss-node/package.json ] && [ -x node_modules/.bin/node-gyp ] \
  && [ node_modules/.package-lock.json -nt package.json ]; then
  step "npm packages already installed"
else
  step "npm install --ignore-scripts (in bench/peers)"
  npm install --ignore-scripts --no-audit --no-fund
fi

# 3. faiss-node against Debian's libfaiss.
FN="node_modules/faiss-node"
ADDON="$FN/build/Release/faiss-node.node"
stamp="$(cat faiss-node/binding.gyp faiss-node/faiss173_compat.h | sha1sum | cut -d' ' -f1)"
if [ -f "$ADDON" ] && [ "$(cat "$FN/.simdict-build" 2>/dev/null)" = "$stamp" ]; then
  step "faiss-node already built against libfaiss"
else
  step "building faiss-node against Debian's libfaiss (node-gyp, ~1 minute)"
  cp faiss-node/binding.gyp faiss-node/faiss173_compat.h "$FN/"
  nodedir=()
  [ -f /usr/include/node/node_api.h ] && nodedir=(--nodedir=/usr)
  (cd "$FN" && "$HERE/node_modules/.bin/node-gyp" rebuild "${nodedir[@]}" -j 2 >"$HERE/$FN/simdict-build.log" 2>&1) || {
    step "node-gyp failed; the last lines of bench/peers/$FN/simdict-build.log:"
    tail -n 30 "$HERE/$FN/simdict-build.log"
    exit 1
  }
  echo "$stamp" >"$FN/.simdict-build"
fi

# 4. Check.
node -e "
const f = require('faiss-node'); const u = require('usearch');
const i = new f.IndexFlatIP(2); i.add([1, 0, 0, 1]); const r = i.search([1, 0], 1);
const e = u.exactSearch(new Float32Array([1, 0, 0, 1]), new Float32Array([1, 0]), 2, 1, u.MetricKind.IP);
if (r.labels[0] !== 0 || Number(e.keys[0]) !== 0) throw new Error('unexpected answers: ' + JSON.stringify(r) + ' ' + e.keys);
console.log('[bench:peers] ok: faiss-node ' + require('./node_modules/faiss-node/package.json').version + ' (libfaiss ' +
  require('child_process').execSync(\"dpkg-query -W -f='\\\${Version}' libfaiss-dev\").toString() + '), usearch ' + require('./node_modules/usearch/package.json').version);
"
