// The editor-independent core must never import 'vscode' (house style: the core is
// unit-tested in plain Node and shared with the CLI). Fails with the offending lines.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const coreRoots = ['src/core', 'src/cli', 'src/schema'];
const importsVscode = /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/;

function* files(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const offenders = [];
for (const root of coreRoots) {
  for (const file of files(root)) {
    readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
      if (importsVscode.test(line)) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
    });
  }
}
if (offenders.length > 0) {
  console.error(`The core must not import 'vscode':\n${offenders.join('\n')}`);
  process.exit(1);
}
console.log(`lint: no 'vscode' import in ${coreRoots.join(', ')}`);
