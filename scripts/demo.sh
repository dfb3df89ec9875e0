#!/usr/bin/env bash
# The README's first command (also `npm run demo`): builds and packages the extension,
# puts the demo database in the incident state when MariaDB is reachable, installs the
# VSIX into a real VS Code (code-server) and opens the fixture Laravel app in it.
# Stays in the foreground; Ctrl+C stops it. PORT (default 8080) picks the port.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
port="${PORT:-8080}"
workspace="$root/test/fixtures/laravel-app"
demo_dir="$root/.vscode-test/demo"
code_server="$root/.vscode-test/code-server/node_modules/.bin/code-server"
say() { printf '\n[demo] %s\n' "$*"; }

say "Installing what is missing (Debian packages, npm packages, code-server)"
bash scripts/install-test-deps.sh

say "Building and packaging the extension"
npm run --silent package
vsix="$root/dist/migration-doctor.vsix"
echo "$vsix ($(du -h "$vsix" | cut -f1))"

mariadb_up() { mysqladmin --host=127.0.0.1 --user=root --connect-timeout=2 ping >/dev/null 2>&1; }
if ! mariadb_up && [ -x /usr/sbin/mariadbd ] && [ "$(id -u)" -eq 0 ]; then
  say "Starting MariaDB"
  mkdir -p /run/mysqld && { chown mysql:mysql /run/mysqld 2>/dev/null || true; }
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 1 60); do mariadb_up && break; sleep 0.5; done
fi
if mariadb_up; then
  say "Preparing the demo database in the incident state (real php artisan migrate)"
  tsc -p tsconfig.test.json >/dev/null || true # emits even when someone's file has a type error
  node out/test/support/prepare-demo.js || say "The demo database could not be prepared (see above); the editor still opens."
else
  say "MariaDB is not reachable on 127.0.0.1:3306: skipping the demo database (the editor still opens)."
fi

say "Installing the VSIX into code-server"
mkdir -p "$demo_dir/user/User"
# A calm first screen: no welcome page, no question about the repository around the fixture.
[ -f "$demo_dir/user/User/settings.json" ] || cat >"$demo_dir/user/User/settings.json" <<'EOF'
{
  "workbench.startupEditor": "none",
  "git.openRepositoryInParentFolders": "never",
  "telemetry.telemetryLevel": "off"
}
EOF
# --config keeps code-server from writing its config (with a password) into ~/.config.
common=(--config "$demo_dir/config.yaml" --user-data-dir "$demo_dir/user" --extensions-dir "$demo_dir/extensions")
"$code_server" "${common[@]}" --install-extension "$vsix" --force

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "Port $port is already in use: run again with PORT=<another port>." >&2
  exit 1
fi

url="http://127.0.0.1:$port/?folder=$workspace"
say "Laravel Migration Doctor is running in VS Code: open $url"
echo "(the Migration Doctor icon is in the activity bar; Ctrl+C stops the server)"
exec "$code_server" --auth none --bind-addr "127.0.0.1:$port" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "${common[@]}" "$workspace"
