#!/usr/bin/env bash
# Builds @tensorflow/tfjs-node's native addon against the libtensorflow inside the tensorflow-cpu
# Python wheel, for machines where the package's own install cannot download libtensorflow.
#
# The wheel's libtensorflow_cc.so.2 exports the C and eager C APIs that the addon calls; it goes
# into the package's deps/lib (with libtensorflow.so linked to it) beside the wheel's C headers,
# and node-pre-gyp compiles the addon against Node's local headers. Exits 0 with a message, having
# built nothing, where that cannot work (no tfjs-node installed, no pip, no wheel to be had), so
# that callers such as CI can run it unconditionally. Usage: build-tfjs-node.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."

TENSORFLOW_VERSION=2.21.0
skip() { echo "build-tfjs-node: skipped: $*" >&2; exit 0; }

package_dir=$(node -e "console.log(require('node:path').dirname(require.resolve('@tensorflow/tfjs-node/package.json')))" 2>/dev/null) \
  || skip "@tensorflow/tfjs-node is not installed here (pnpm install)"
# node-pre-gyp builds for the newest N-API version the package lists that this Node supports.
addon_dir=$(node -e "
  const { binary } = require('$package_dir/package.json');
  const version = Math.max(...binary.napi_versions.filter((v) => v <= Number(process.versions.napi)));
  console.log('$package_dir/lib/napi-v' + version);")
if [[ "${1:-}" != --force ]] && node -e "require('$addon_dir/tfjs_binding.node')" 2>/dev/null; then
  echo "build-tfjs-node: $addon_dir/tfjs_binding.node already loads; --force rebuilds it"
  exit 0
fi
[[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]] || skip "the tensorflow-cpu wheel route is for Linux x86_64 only"
command -v python3 >/dev/null || skip "python3 is not installed"
python3 -m pip --version >/dev/null 2>&1 || skip "pip is not available to python3"

cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/fewshot/tensorflow-cpu-$TENSORFLOW_VERSION"
mkdir -p "$cache_dir"
wheel=$(ls "$cache_dir"/tensorflow_cpu-*.whl 2>/dev/null | head -n 1 || true)
if [[ -z "$wheel" ]]; then
  echo "build-tfjs-node: fetching the tensorflow-cpu==$TENSORFLOW_VERSION wheel with pip" >&2
  python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$cache_dir" "tensorflow-cpu==$TENSORFLOW_VERSION" \
    || skip "pip cannot fetch tensorflow-cpu==$TENSORFLOW_VERSION"
  wheel=$(ls "$cache_dir"/tensorflow_cpu-*.whl | head -n 1)
fi

echo "build-tfjs-node: unpacking libtensorflow and its C headers from $(basename "$wheel")" >&2
rm -rf "$package_dir/deps"
mkdir -p "$package_dir/deps/lib" "$package_dir/deps/include"
python3 - "$wheel" "$package_dir/deps" <<'PYTHON'
import os, shutil, sys, zipfile
wheel, deps = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if name in ('tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'):
            target = os.path.join(deps, 'lib', os.path.basename(name))
        elif name.startswith('tensorflow/include/') and not name.endswith('/'):
            target = os.path.join(deps, 'include', name[len('tensorflow/include/'):])
        else:
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with archive.open(name) as source, open(target + '.partial', 'wb') as sink:
            shutil.copyfileobj(source, sink, 1 << 22)
        os.replace(target + '.partial', target)
PYTHON
ln -s libtensorflow_cc.so.2 "$package_dir/deps/lib/libtensorflow.so"
ln -s libtensorflow_framework.so.2 "$package_dir/deps/lib/libtensorflow_framework.so"

echo "build-tfjs-node: compiling the addon" >&2
# node-gyp downloads Node's headers unless npm's `nodedir` names a local copy (as on machines
# without that download); it reads npm's settings only from the environment when npm is not its parent.
nodedir=$(npm config get nodedir 2>/dev/null || true)
if [[ -n "$nodedir" && "$nodedir" != undefined && "$nodedir" != null ]]; then export npm_config_nodedir="$nodedir"; fi
node_pre_gyp=$(cd "$package_dir" && node -e "console.log(require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp'))")
(cd "$package_dir" && node "$node_pre_gyp" install --build-from-source --silent)
node -e "require('$addon_dir/tfjs_binding.node')"
echo "build-tfjs-node: built $addon_dir/tfjs_binding.node against tensorflow-cpu $TENSORFLOW_VERSION"
