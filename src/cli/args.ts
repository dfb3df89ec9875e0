// One argument parser for every command: node:util parseArgs (`--x value`, `--x=value`, `--`,
// repeatable options), with its errors turned into one-sentence usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

const helpOption = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Parses `args` for `command` against `options` (plus --help / -h). An unknown option, a missing
 * or empty value, a value given to a switch, or a positional where none is taken is a UsageError.
 */
export function parseCommandArgs<const O extends OptionSpecs>(command: string, args: readonly string[], options: O, takesPositionals = false) {
  refusePassword(args);
  const config = { args: [...args], options: { ...helpOption, ...options }, allowPositionals: takesPositionals, strict: true } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    throw new UsageError(usageSentence(command, error));
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.includes('')) throw new UsageError(`--${name} needs a value.`);
  }
  return parsed;
}

/** A password on the command line shows in the process list and the shell history. */
function refusePassword(args: readonly string[]): void {
  const end = args.indexOf('--');
  for (const arg of end < 0 ? args : args.slice(0, end)) {
    if (arg === '--password' || arg.startsWith('--password=')) {
      throw new UsageError('--password is not accepted (it would show in the process list and shell history): set DB_PASSWORD or use --password-stdin.');
    }
  }
}

function usageSentence(command: string, error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = e.message ?? String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  const help = `Run 'migration-doctor ${command} --help'.`;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${option}'. ${help}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${/'([^']*)'/.exec(message)?.[1] ?? ''}': ${command} takes no positional arguments. ${help}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return `${option} takes no value.`;
      // "argument missing", or the next word starts with '-' ("ambiguous").
      return `${option} needs a value (one starting with '-' is written ${option}=VALUE).`;
    default:
      throw error;
  }
}

/** A whole number in [1, max], or a UsageError naming the option. */
export function positiveInteger(option: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new UsageError(`${option} must be a whole number between 1 and ${max}, not '${value}'.`);
  }
  return n;
}
