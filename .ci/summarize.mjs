// Sums the vitest JSON reports of every workspace into the one line CI reads:
// "N passed, N failed" (", N skipped" when some were skipped). Exit 1 when anything failed
// or when no report exists (a run that executed no test is not a pass).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const reports = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '.git') continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/^\.vitest-results(-[a-z]+)?\.json$/.test(name)) reports.push(p);
  }
};
walk(process.cwd());

let passed = 0, failed = 0, skipped = 0;
for (const file of reports) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  // A suite that failed to load has no failed tests but did fail.
  // A suite that failed to load, or a run with unhandled errors (vitest marks it unsuccessful
  // even when every test passed), counts as one failure so it can never read as green.
  const extra = r.numFailedTests === 0 && (r.numFailedTestSuites > 0 || r.success === false) ? Math.max(1, r.numFailedTestSuites) : 0;
  failed += r.numFailedTests + extra;
  skipped += r.numPendingTests + r.numTodoTests;
  console.log(`  ${path.relative(process.cwd(), path.dirname(file)).padEnd(22)} ok ${r.numPassedTests} · failed ${r.numFailedTests} · skipped ${r.numPendingTests}`);
}
if (reports.length === 0) failed += 1;
// `npm test` also fails on lint, typecheck and unhandled errors, none of which a report counts.
const npmTestStatus = Number(process.argv[2] ?? 0);
if (npmTestStatus !== 0 && failed === 0) {
  console.log(`  npm test exited ${npmTestStatus} with every test passing: lint, typecheck or an unhandled error failed (see above)`);
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
