#!/usr/bin/env bash
# The README's test command (also `npm test`, and what .ci/run calls): installs what is
# missing, builds, type-checks, lints the core, then runs the unit, integration (real
# MariaDB + real Laravel) and editor (real VS Code) tests. Every step runs even after a
# failure, so one run reports everything; the exit code is non-zero if anything failed.
# The last line is the sum of the mocha runs (the editor suites run three times: one folder, two folders, in French): `N passed, N failed`.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"

results_dir="$(mktemp -d)"
trap 'rm -rf "$results_dir"' EXIT
failed_steps=()
step() { printf '\n=== %s ===\n' "$1"; }
run_step() {
  local name="$1"
  shift
  step "$name"
  local started=$SECONDS
  if "$@"; then echo "--- $name: ok ($((SECONDS - started)) s)"; else
    echo "--- $name: FAILED ($((SECONDS - started)) s)"
    failed_steps+=("$name")
  fi
}

step "install missing dependencies"
bash scripts/install-test-deps.sh || { echo "Installing the test dependencies failed; see above."; echo "0 passed, 1 failed"; exit 1; }

# Integration tests need the server; start it as .ci/run does when it is installed here.
ensure_mariadb() {
  mysqladmin --host=127.0.0.1 --user=root ping >/dev/null 2>&1 && return 0
  if [ -x /usr/sbin/mariadbd ] && [ "$(id -u)" -eq 0 ]; then
    echo "MariaDB is down: starting it"
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    for _ in $(seq 1 60); do
      mysqladmin --host=127.0.0.1 --user=root ping >/dev/null 2>&1 && return 0
      sleep 0.5
    done
  fi
  echo "MariaDB does not answer on 127.0.0.1:3306; the integration tests will fail."
  return 1
}

mocha_run() {
  local name="$1" config="$2"
  MD_TEST_RESULTS="$results_dir/$name.json" mocha --config "$config" --reporter "$root/scripts/mocha-results-reporter.cjs"
}

run_step "build (esbuild)" node scripts/build.mjs
run_step "type-check (tsc --noEmit)" tsc --noEmit -p .
run_step "core lint (no vscode import in the core)" node scripts/lint-core.mjs
# Emits even with type errors (reported above), so the other tests still run. A test
# whose source was deleted must not keep running from its stale compiled copy.
compile_tests() {
  tsc -p tsconfig.test.json >/dev/null
  node -e '
    const { readdirSync, existsSync, rmSync } = require("node:fs");
    for (const dir of ["test", "bench"]) {
      if (!existsSync(`out/${dir}`)) continue;
      for (const file of readdirSync(`out/${dir}`, { recursive: true, encoding: "utf8" })) {
        if (file.endsWith(".js") && !existsSync(`${dir}/${file.replace(/\.js$/, ".ts")}`)) rmSync(`out/${dir}/${file}`);
      }
    }'
  test -f out/test/vscode/index.js
}
run_step "compile tests" compile_tests
run_step "unit tests" mocha_run unit .mocharc.unit.json
step "MariaDB"
ensure_mariadb || failed_steps+=("MariaDB")
run_step "integration tests (MariaDB, Laravel)" mocha_run integration .mocharc.integration.json
run_step "editor tests (real VS Code in code-server)" env MD_TEST_RESULTS="$results_dir/vscode.json" node scripts/test-vscode.mjs
run_step "editor tests, two-folder workspace (real VS Code in code-server)" env MD_TEST_RESULTS="$results_dir/vscode-multi-root.json" node scripts/test-vscode.mjs --multi-root
run_step "editor tests in French (real VS Code in code-server, --locale fr)" env MD_TEST_RESULTS="$results_dir/vscode-french.json" node scripts/test-vscode.mjs --french

# A run that crashed before writing its counts is one failure, never a silent zero.
summary="$(node - "$results_dir" <<'EOF'
const { existsSync, readFileSync } = require('node:fs');
const dir = process.argv[2];
let passed = 0, failed = 0, pending = 0;
for (const run of ['unit', 'integration', 'vscode', 'vscode-multi-root', 'vscode-french']) {
  const file = `${dir}/${run}.json`;
  if (!existsSync(file)) { failed += 1; console.log(`${run}: no results (the run crashed)`); continue; }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.passed; failed += r.failed; pending += r.pending;
  console.log(`${run}: ${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} pending` : ''}`);
}
console.log(`TOTAL ${passed} ${failed} ${pending}`);
EOF
)"
step "summary"
echo "$summary" | grep -v '^TOTAL'
read -r _ passed failed pending <<<"$(echo "$summary" | grep '^TOTAL')"
if [ "${#failed_steps[@]}" -gt 0 ]; then printf 'failed steps: %s\n' "$(IFS=';'; echo "${failed_steps[*]}")"; fi
[ "$pending" -gt 0 ] && echo "$pending pending"
echo "$passed passed, $failed failed"
[ "${#failed_steps[@]}" -eq 0 ] && [ "$failed" -eq 0 ]
