#!/usr/bin/env bash
# Runs the TLS tests (every test file whose path contains "tls") under Node 24, whose OpenSSL 3.5 negotiates the
# hybrid post-quantum group X25519MLKEM768 (Node 20 cannot). Node 24 comes from the npm registry (`npx node@24`).
# The repository is copied to a temporary directory whose node_modules links to this one's, except better-sqlite3,
# a native module built for the running Node's ABI: it is compiled once for Node 24 (npm's own node-gyp, with Node 24's
# headers from the npm registry's node-<platform>-<arch> package, the same build npx runs) and kept in
# node_modules/.cache/sovereign-node24 for later runs. Extra arguments go to vitest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
node24="$(npx -y node@24 -p process.execPath)"
"$node24" -e 'if (+process.versions.node.split(".")[0] < 24) process.exit(1)' || { echo "npx node@24 did not start Node 24" >&2; exit 1; }
node24=("$node24")
version="$("${node24[@]}" -p process.version)"
abi="$("${node24[@]}" -p process.versions.modules)"
sqlite_version="$(node -p "require('$root/node_modules/better-sqlite3/package.json').version")"
cache_root="${SOVEREIGN_NODE24_CACHE:-$root/node_modules/.cache/sovereign-node24}"
cache="$cache_root/better-sqlite3-$sqlite_version-node-abi-$abi"
work="$(mktemp -d "${TMPDIR:-/tmp}/sovereign-node24-XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "Node 24: $version (ABI $abi, OpenSSL $("${node24[@]}" -p process.versions.openssl)); copy in $work"
tar -C "$root" --exclude=./node_modules --exclude=./.git --exclude=./.sovereign -cf - . | tar -C "$work" -xf -
mkdir "$work/node_modules"
for entry in "$root"/node_modules/* "$root"/node_modules/.bin; do
  name="$(basename "$entry")"
  [ "$name" = better-sqlite3 ] || ln -s "$entry" "$work/node_modules/$name"
done
cp -R "$root/node_modules/better-sqlite3" "$work/node_modules/better-sqlite3"

if [ ! -f "$cache/better_sqlite3.node" ]; then
  echo "building better-sqlite3 $sqlite_version for Node $version (once; cached in $cache)"
  npm_root="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
  gyp="$npm_root/node_modules/node-gyp/bin/node-gyp.js"
  (
    cd "$work/node_modules/better-sqlite3"
    rm -rf build
    # Node 24's headers: an npmrc `nodedir` (the system Node's) must not leak into a build for another Node.
    headers="$cache_root/node-$version"
    if [ ! -f "$headers/include/node/node_version.h" ]; then
      package="node-$("${node24[@]}" -p 'process.platform + "-" + process.arch')@${version#v}"
      mkdir -p "$headers"
      tarball="$(cd "$headers" && npm pack --silent "$package" | tail -1)"
      tar -xzf "$headers/$tarball" -C "$headers" --strip-components=1 package/include
      rm "$headers/$tarball"
    fi
    export npm_config_nodedir="$headers"
    if [ -f "$gyp" ]; then
      "${node24[@]}" "$gyp" rebuild --release -j 2 --nodedir "$headers"
    else
      npm_config_build_from_source=true "${node24[@]}" "$(command -v npm)" rebuild better-sqlite3
    fi
  ) >"$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; exit 1; }
  mkdir -p "$cache"
  cp "$work/node_modules/better-sqlite3/build/Release/better_sqlite3.node" "$cache/"
fi
rm -rf "$work/node_modules/better-sqlite3/build"
mkdir -p "$work/node_modules/better-sqlite3/build/Release"
cp "$cache/better_sqlite3.node" "$work/node_modules/better-sqlite3/build/Release/"

cd "$work"
"${node24[@]}" node_modules/vitest/vitest.mjs run tls "$@"
