// Prints the plain closing line CI reads ("N passed, N failed, N skipped") after jest's own
// summary. A suite that fails to run at all (an import error, a failing beforeAll) has no
// failed tests of its own, so it counts as one failure. Plain JS: jest loads it untransformed.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `\n${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`,
    );
  }
}

module.exports = SummaryReporter;
