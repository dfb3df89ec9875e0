#!/usr/bin/env bash
# Installs what the demo and the tests need, only when it is missing, so that it is
# cheap to call before every run: Debian packages, the project's npm packages and
# code-server (the real VS Code used by the editor tests, kept out of node_modules).
# Safe to run as root with CI=true and no stdin, and by several people at once.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

code_server_version=4.100.3
code_server_prefix="$root/.vscode-test/code-server"
code_server_bin="$code_server_prefix/node_modules/.bin/code-server"
apt_packages=(php-cli php-mysql php-laravel-framework php-doctrine-dbal chromium libkrb5-dev ripgrep python3 make g++ mariadb-client mariadb-server openssh-server openssl)

log() { printf '[install-test-deps] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    log "needs root for: $*"; return 1
  fi
}

install_apt_packages() {
  local missing=()
  for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ "${#missing[@]}" -eq 0 ]; then log "Debian packages: present"; return; fi
  log "Debian packages: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}

# npm ci rewrites node_modules: run it only when node_modules is absent or older than
# the lock file (npm writes node_modules/.package-lock.json at the end of an install).
install_npm_packages() {
  local marker=node_modules/.package-lock.json
  if [ -f "$marker" ] && [ -x node_modules/.bin/tsc ] && [ ! package-lock.json -nt "$marker" ]; then
    log "npm packages: up to date"; return
  fi
  log "npm packages: npm ci"
  npm ci --no-audit --no-fund </dev/null
}

# @vscode/ripgrep (inside code-server) downloads ripgrep from GitHub unless this cache
# holds the asset; Debian's rg under the name `rg` satisfies it (testing.md, section 1).
seed_ripgrep_cache() {
  local cache
  cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
  local asset="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  [ -s "$asset" ] && return
  local staging
  staging="$(mktemp -d)"
  cp "$(command -v rg)" "$staging/rg"
  mkdir -p "$cache"
  tar -czf "$asset.tmp" -C "$staging" rg && mv "$asset.tmp" "$asset"
  rm -rf "$staging"
}

code_server_installed() {
  [ -x "$code_server_bin" ] &&
    [ "$(node -p "require('$code_server_prefix/node_modules/code-server/package.json').version" 2>/dev/null)" = "$code_server_version" ]
}

install_code_server() {
  if code_server_installed; then log "code-server $code_server_version: present"; return; fi
  mkdir -p "$code_server_prefix"
  # Two runs at once would both write the prefix: the second waits, then finds it done.
  exec 9>"$root/.vscode-test/install.lock"
  flock 9
  if code_server_installed; then log "code-server $code_server_version: present"; flock -u 9; return; fi
  log "code-server $code_server_version: installing into .vscode-test/code-server (about a minute)"
  seed_ripgrep_cache
  [ -f "$code_server_prefix/package.json" ] || echo '{ "private": true }' >"$code_server_prefix/package.json"
  # Its postinstall refuses root without unsafe_perm, and node-pty's calls `npx node-gyp`.
  npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --prefix "$code_server_prefix" --no-audit --no-fund --no-save "code-server@$code_server_version" </dev/null
  code_server_installed || { log "code-server did not install correctly"; exit 1; }
  flock -u 9
}

install_apt_packages
install_npm_packages
install_code_server
