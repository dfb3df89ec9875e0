// Rule severities as settings spell them (a tiny module: config.ts reads it at activation).
import type { SeveritySetting } from './types';

export function isSeverity(value: unknown): value is SeveritySetting {
  return value === 'error' || value === 'warning' || value === 'information' || value === 'hint' || value === 'off';
}
