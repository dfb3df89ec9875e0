// The rule list. Adding a rule is one line here.
import { classNameMismatch, duplicateClassName } from './classNames';
import { downNotInverse } from './downNotInverse';
import { nameTableMismatch } from './nameTableMismatch';
import { removeColumnDropsNothing } from './removeColumn';
import { exceedsServerLimit } from './serverLimits';
import type { Rule } from './rule';
import { tableAlreadyExists, tableDoesNotExist } from './timelineRules';
import { gatedSchemaMismatch } from './schemaMismatchGate';

export const rules: Rule[] = [
  nameTableMismatch,
  downNotInverse,
  classNameMismatch,
  duplicateClassName,
  tableAlreadyExists,
  tableDoesNotExist,
  gatedSchemaMismatch,
  removeColumnDropsNothing,
  exceedsServerLimit,
];

export type { Rule, RuleContext, RuleFinding } from './rule';
