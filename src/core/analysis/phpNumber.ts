// PHP's numeric literals, read as PHP reads them (JavaScript's Number() reads `017` as 17).

const digits = (set: string) => `[${set}]+(?:_[${set}]+)*`;
const decimal = digits('0-9');
const integerForms: readonly [RegExp, number][] = [
  [new RegExp(`^0[xX](${digits('0-9a-fA-F')})$`), 16],
  [new RegExp(`^0[bB](${digits('01')})$`), 2],
  [new RegExp(`^0[oO](${digits('0-7')})$`), 8],
  // A leading 0 makes an octal number; `089` is a parse error in PHP.
  [new RegExp(`^0_?(${digits('0-7')})$`), 8],
  [new RegExp(`^((?:0|[1-9](?:_?${decimal})?))$`), 10],
];
const floatForm = new RegExp(`^(?:(?:${decimal})?\\.${decimal}|${decimal}\\.(?:${decimal})?|${decimal})(?:[eE][+-]?${decimal})?$`);
const phpIntMax = 2n ** 63n - 1n;

/**
 * The value of a PHP number literal (`1_000`, `017`, `0o17`, `0x1F`, `0b101`, `1.5e3`), or
 * undefined when PHP rejects it or a JavaScript number cannot hold what PHP makes of it:
 * an integer past 2^53, a hexadecimal, octal or binary one past PHP_INT_MAX (PHP sums
 * those in a float its own way), a float that overflows (JSON, and so the cache, loses Infinity).
 */
export function phpNumber(literal: string): number | undefined {
  for (const [form, base] of integerForms) {
    const m = form.exec(literal);
    if (!m) continue;
    const body = m[1]!.replace(/_/g, '');
    const value = base === 10 ? BigInt(body) : BigInt(`0${base === 16 ? 'x' : base === 2 ? 'b' : 'o'}${body}`);
    if (value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
    // Past PHP_INT_MAX a decimal literal is a float, rounded as JavaScript rounds it.
    return base === 10 && value > phpIntMax ? Number(body) : undefined;
  }
  if (!/[.eE]/.test(literal) || !floatForm.test(literal)) return undefined;
  const value = Number(literal.replace(/_/g, ''));
  return Number.isFinite(value) ? value : undefined;
}
