// mocha's spec reporter, plus the run's counts written as JSON to $MD_TEST_RESULTS
// (or --reporter-option results=PATH) so that scripts/test-all.sh can sum every run.
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

class ResultsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const file = options?.reporterOption?.results ?? process.env.MD_TEST_RESULTS;
    const failures = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test) => failures.push({ title: test.fullTitle() }));
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      if (!file) return;
      const { passes, failures: failed, pending } = this.stats;
      writeFileSync(file, JSON.stringify({ passed: passes, failed, pending, failures }));
    });
  }
}

module.exports = ResultsReporter;
