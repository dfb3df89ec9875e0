// Laravel 11+ change() and renameColumn(): native MODIFY and RENAME COLUMN, compiled from the
// Blueprint alone. A change states the whole column again (nothing of the old one is kept);
// a rename changes the name and nothing else. Never imports 'vscode'.
import type { ColumnState } from './tableState';

export function changedNatively(current: ColumnState, next: ColumnState): ColumnState {
  return { ...next, declaredAt: next.declaredAt ?? current.declaredAt };
}

export function renamedNatively(column: ColumnState, to: string): ColumnState {
  return { ...column, name: to };
}
