import * as assert from 'node:assert/strict';
import { parseMigration } from '../../../src/core/analysis/parse';
import { phpNumber } from '../../../src/core/analysis/phpNumber';

// Expected values are PHP 8.2's own (`php -r 'var_dump(017, 0o17, …);'`).
describe('analysis/phpNumber: number literals as PHP reads them', () => {
  it('reads octal, hexadecimal, binary, separated and float literals', () => {
    const cases: [string, number][] = [
      ['017', 15], ['0o17', 15], ['0O17', 15], ['0_17', 15], ['00', 0], ['0', 0], ['0x1F', 31], ['0X1f', 31], ['0b101', 5],
      ['0B1_01', 5], ['1_000', 1000], ['1_000.5', 1000.5], ['1.5', 1.5], ['.5', 0.5], ['1.', 1], ['1e3', 1000], ['1_0E-1', 1],
      ['089.5', 89.5], ['9007199254740991', 9007199254740991], ['9223372036854775808', 9223372036854775808],
    ];
    for (const [literal, value] of cases) assert.equal(phpNumber(literal), value, literal);
  });

  it('says nothing of what PHP rejects or a JavaScript number cannot hold', () => {
    // 089: a parse error in PHP 7+; 2^53 + 1 and 0x7FFF…: exact PHP integers no double holds; 1e999: INF.
    for (const literal of ['089', '08', '0o8', '0b2', '0x', '0xG', '1__0', '1_', '_1', '0x_1F', '9007199254740993', '0x7FFFFFFFFFFFFFFF', '0x8000000000000000', '1e999', '1e', 'abc']) {
      assert.equal(phpNumber(literal), undefined, literal);
    }
  });

  it("gives a Blueprint call PHP's values, and unknown for what it cannot read", () => {
    const source = `<?php\nreturn new class extends Migration {\n  public function up(): void {\n    Schema::create('t', function ($table) {\n      $table->decimal('a', 017, -0x1F)->default(0b101 + 1_000);\n      $table->integer('b')->default(089);\n    });\n  }\n};\n`;
    const [first, second] = parseMigration('/m/2024_01_01_000000_create_t_table.php', source).up.operations[0].blueprint!;
    assert.deepEqual(first.chain, [{ method: 'decimal', args: ['a', 15, -31] }, { method: 'default', args: [1005] }]);
    assert.ok(typeof second.chain[1].args[0] === 'object' && second.chain[1].args[0] !== null && 'unknown' in second.chain[1].args[0]);
  });
});
