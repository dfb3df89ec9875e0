#!/usr/bin/env bash
# The README's first command (also `npm run demo`): builds and packages the extension,
# puts the demo database in the incident state when MariaDB is reachable, installs the
# VSIX into a real VS Code (code-server) and opens the fixture Laravel app in it.
# Prints its steps with their timings, and the URL once the server answers; everything
# else goes to .vscode-test/demo/demo.log (shown when a step fails).
# Stays in the foreground; Ctrl+C stops it. PORT (default 8080) picks the port.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
port="${PORT:-8080}"
workspace="$root/test/fixtures/laravel-app"
demo_dir="$root/.vscode-test/demo"
code_server="$root/.vscode-test/code-server/node_modules/.bin/code-server"
log="$demo_dir/demo.log"
mkdir -p "$demo_dir"
: >"$log"

# step "what" command...: one line with its duration; the command's output only in the log,
# and its tail on the screen when it fails.
step() {
  local title="$1"; shift
  local start=$SECONDS
  printf '[demo] %s… ' "$title"
  if "$@" >>"$log" 2>&1; then
    printf 'done (%ss)\n' "$((SECONDS - start))"
  else
    local code=$?
    printf 'failed (%ss)\n' "$((SECONDS - start))"
    tail -n 30 "$log" >&2
    echo "[demo] The whole output is in $log." >&2
    return "$code"
  fi
}

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "[demo] Port $port is already in use: run again with PORT=<another port>." >&2
  exit 1
fi

step "Installing what is missing (Debian packages, npm packages, code-server)" bash scripts/install-test-deps.sh
step "Building and packaging the extension" npm run --silent package
vsix="$root/dist/migration-doctor.vsix"

mariadb_up() { mysqladmin --host=127.0.0.1 --user=root --connect-timeout=2 ping >/dev/null 2>&1; }
start_mariadb() {
  mkdir -p /run/mysqld && { chown mysql:mysql /run/mysqld 2>/dev/null || true; }
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 1 60); do mariadb_up && return 0; sleep 0.5; done
  return 1
}
if ! mariadb_up && [ -x /usr/sbin/mariadbd ] && [ "$(id -u)" -eq 0 ]; then
  step "Starting MariaDB" start_mariadb || true
fi
prepare_database() {
  tsc -p tsconfig.test.json || true # emits even when someone's file has a type error
  node out/test/support/prepare-demo.js
}
if mariadb_up; then
  step "Preparing the demo database in the incident state (real php artisan migrate)" prepare_database \
    || echo "[demo] The demo database could not be prepared; the editor still opens."
else
  echo "[demo] MariaDB is not reachable on 127.0.0.1:3306: no demo database (the editor still opens)."
fi

# The demo opens the app as it was when the bug shipped: 011532 as written (its up() creates the
# wrong table) beside the new 120134 whose deploy failed with 1050. The fixture itself is left as it is.
app="$demo_dir/app"
buggy=2025_09_23_011532_create_eklektik_notifications_tracking_table.php
prepare_app() {
  rm -rf "$app" && mkdir -p "$app"
  cp -r "$workspace/." "$app/"
  rm -rf "$app/.migration-doctor" "$app/.vscode" "$app/incident"
  cp "$workspace/incident/$buggy" "$app/database/migrations/$buggy"
  # The Problems panel open from the first screen: a task run when the folder opens reveals it
  # (its only job; VS Code has no setting that opens a panel at start-up).
  mkdir -p "$app/.vscode"
  cat >"$app/.vscode/tasks.json" <<'TASKS'
{
  "version": "2.0.0",
  "tasks": [
    {
      "label": "Show the Problems panel",
      "type": "shell",
      "command": "true",
      "problemMatcher": [],
      "presentation": { "reveal": "never", "revealProblems": "always", "focus": false, "close": true },
      "runOptions": { "runOn": "folderOpen" }
    }
  ]
}
TASKS
}
step "Copying the app as the bug shipped to $app" prepare_app

mkdir -p "$demo_dir/user/User"
# A calm first screen: no welcome page, no question about the repository around the fixture,
# and no sticky header hiding the line the demo opens on. Saving as desktop VS Code does (VS Code
# in a browser saves a second after each keystroke): the status follows what is saved, the
# diagnostics what is typed, and the demo would otherwise blur the two.
cat >"$demo_dir/user/User/settings.json" <<'EOF'
{
  "workbench.startupEditor": "none",
  "git.openRepositoryInParentFolders": "never",
  "telemetry.telemetryLevel": "off",
  "editor.stickyScroll.enabled": false,
  "files.autoSave": "off",
  "task.allowAutomaticTasks": "on"
}
EOF
# --config keeps code-server from writing its config (with a password) into ~/.config.
common=(--config "$demo_dir/config.yaml" --user-data-dir "$demo_dir/user" --extensions-dir "$demo_dir/extensions")
step "Installing $(basename "$vsix") ($(du -h "$vsix" | cut -f1)) into code-server" "$code_server" "${common[@]}" --install-extension "$vsix" --force

start=$SECONDS
printf '[demo] Starting VS Code (code-server)… '
"$code_server" --auth none --bind-addr "127.0.0.1:$port" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "${common[@]}" "$app" >>"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; exit 130' INT TERM
answers() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$port/healthz"; }
until answers; do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "failed"; tail -n 30 "$log" >&2; exit 1
  fi
  sleep 0.3
done
printf 'ready (%ss)\n\n' "$((SECONDS - start))"
# Opens on the wrong table literal: code-server's payload names the file, its line and column.
url="$(node -e '
  const [origin, folder, file] = process.argv.slice(1);
  const lines = require("node:fs").readFileSync(file, "utf8").split("\n");
  const line = lines.findIndex((l) => l.includes("Schema::create(\x27eklektik_transactions_tracking\x27"));
  const at = line < 0 ? "1:1" : `${line + 1}:${lines[line].indexOf("\x27") + 2}`;
  const payload = [["openFile", `vscode-remote://${origin}${file}:${at}`], ["gotoLineMode", "true"]];
  console.log(`http://${origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
' "127.0.0.1:$port" "$app" "$app/database/migrations/$buggy")"
echo "Laravel Migration Doctor is running in VS Code: open"
echo "  $url"
echo "(it opens on 011532's wrong table literal; the Migration Doctor icon is in the activity bar; Ctrl+C stops the server)"
wait "$server"
