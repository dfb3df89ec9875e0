// Calls that change the caller's variables rather than the schema, run by the real Laravel: a
// parameter taken by reference (an own method's, a closure's `use (&$x)`) or extract() changes
// the caller's variable, and a Blueprint parameter reassigned inside a method is still the
// Blueprint for the calls before it. The analysis may read them or leave the tables unknown,
// but never expect what Laravel did not build.
import * as assert from 'assert';
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { buildWithLaravel, type LaravelRunner, laravelRunner, migrationSource, statusProblems, translationDifferences } from './laravelRun';


function aliasing(runner: LaravelRunner): void {
  /**
   * Laravel runs the history; every expected table was built and equals it (a table built but
   * not expected is one the analysis could not name, as status treats it), and status calls
   * every migration `ran`.
   */
  async function neverWrong(history: Record<string, string>): Promise<void> {
    const built = await buildWithLaravel(runner, history);
    try {
      const wrong = (await translationDifferences(built)).filter((p) => {
        if (/ unknown \(/.test(p)) return false;
        const sets = /^tables: expected (.*); Laravel built (.*)$/.exec(p);
        if (!sets) return true;
        const [expected, live] = [sets[1]!, sets[2]!].map((list) => list.split(', ').filter((t) => t !== ''));
        return expected!.some((t) => !live!.includes(t));
      });
      assert.deepStrictEqual(wrong, [], 'nothing expected that Laravel did not build');
      assert.deepStrictEqual(await statusProblems(built), [], 'status calls every migration ran');
    } finally {
      await built.db.drop();
    }
  }

  it('a method taking the table name by reference and changing it', () => neverWrong({
    '2020_01_01_000001_by_reference': migrationSource(`
        $name = 'first_name';
        $this->choose($name);
        Schema::create($name, function (Blueprint $t) { $t->increments('id'); });`, `
    private function choose(&$name): void
    {
        $name = 'chosen_name';
    }`),
  }));

  it('a method given the Blueprint that reassigns its parameter after using it', () => neverWrong({
    '2020_01_01_000001_reassigned_blueprint': migrationSource(`
        Schema::create('notes', function (Blueprint $table) {
            $this->columns($table);
        });`, `
    private function columns(Blueprint $t): void
    {
        $t->increments('id');
        $t->string('body', 80);
        $t = $t;
    }`),
  }));

  it('a closure taking the table name by reference (use (&$name)) and called', () => neverWrong({
    '2020_01_01_000001_closure_by_reference': migrationSource(`
        $name = 'first_name';
        $choose = function () use (&$name) { $name = 'chosen_name'; };
        $choose();
        Schema::create($name, function (Blueprint $t) { $t->increments('id'); });`, ''),
  }));

  it('extract() overwriting the variable that names the table', () => neverWrong({
    '2020_01_01_000001_extracted': migrationSource(`
        $name = 'first_name';
        extract(['name' => 'chosen_name']);
        Schema::create($name, function (Blueprint $t) { $t->increments('id'); });`, ''),
  }));
}

for (const version of laravelVersions) {
  describe(`translate: calls changing the caller's variables, against the real Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });
    aliasing(laravelRunner(version));
  });
}
