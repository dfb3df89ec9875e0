// class-name-mismatch and duplicate-class-name: named-class migrations are resolved by
// Laravel from the file name (case-insensitively, as PHP does) and must be unique.
import { studly } from '../naming';
import type { MigrationFile } from '../types';
import { perFileValues } from './perFile';
import type { Rule, RuleFinding } from './rule';

export const classNameMismatch: Rule = {
  id: 'class-name-mismatch',
  defaultSeverity: 'warning',
  description: 'A named migration class that is not the StudlyCase of its file name.',
  checkFile(file) {
    if (file.class.kind !== 'named' || !file.timestamp || !file.slug) return [];
    const expected = studly(file.slug);
    if (file.class.name.toLowerCase() === expected.toLowerCase()) return [];
    return [{
      file: file.path, template: "The class '{0}' should be named '{1}' after its file name, or Laravel cannot find it.",
      args: [file.class.name, expected], range: file.class.range,
      fixes: [{ kind: 'renameClass', title: "Rename the class to '{0}'", args: [expected], isPreferred: true,
        edits: [{ file: file.path, range: file.class.range, newText: expected }] }],
    }];
  },
};

// PHP resolves class names case-insensitively; the keys are kept between analyses (a save computes one).
const classKeys = perFileValues((m: MigrationFile) => m.class.kind === 'named' ? `${m.class.namespace ?? ''}\\${m.class.name}`.toLowerCase() : undefined);

export const duplicateClassName: Rule = {
  id: 'duplicate-class-name',
  defaultSeverity: 'error',
  description: 'Two migrations declare the same class: PHP stops when the second one loads.',
  checkProject({ migrations }) {
    const byName = new Map<string, typeof migrations[number][]>();
    const keys = classKeys(migrations);
    for (let i = 0; i < migrations.length; i++) {
      const key = keys[i];
      if (key === undefined) continue;
      const m = migrations[i];
      const group = byName.get(key);
      if (group) group.push(m); else byName.set(key, [m]);
    }
    const findings: RuleFinding[] = [];
    for (const group of byName.values()) {
      if (group.length < 2) continue;
      for (const m of group) {
        if (m.class.kind !== 'named') continue;
        const others = group.filter((o) => o !== m);
        findings.push({
          file: m.path, template: "The class '{0}' is also declared by {1}.", args: [m.class.name, others.map((o) => o.name).join(', ')],
          range: m.class.range,
          related: others.map((o) => ({ file: o.path, range: o.class.kind === 'named' ? o.class.range : o.up.range!, message: 'also declared here' })),
        });
      }
    }
    return findings;
  },
};
