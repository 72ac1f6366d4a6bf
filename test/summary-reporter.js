// Mocha's spec output, closed by the plain "N passed, N failed" line CI reads, labelled by the
// reporter option `label` (`unit` unless a .mocharc says otherwise, e.g. `browser`).
'use strict';
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const label = (options && options.reporterOptions && options.reporterOptions.label) || 'unit';
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats;
      console.log(`${label}: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`);
    });
  }
}
module.exports = SummaryReporter;
