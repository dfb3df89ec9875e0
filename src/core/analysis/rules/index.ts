// The rule list. Adding a rule is one line here (e.g. schema-mismatch from issues 4/7).
import { classNameMismatch, duplicateClassName } from './classNames';
import { downNotInverse } from './downNotInverse';
import { nameTableMismatch } from './nameTableMismatch';
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
];

export type { Rule, RuleContext, RuleFinding } from './rule';
