// Adds up what scripts/test-all.sh ran. Input: its suites file, one tab-separated line per suite:
//   name  kind (check|vitest|playwright)  minimum passed  exit code (or "not-run")  JSON report  seconds  why not run
// A check (typecheck, lint, build, Wine runtime) counts as one test. A test suite counts from its JSON
// report, plus one failure for each of: no report (it did not start or crashed), a non-zero exit with
// no failed test (an error outside the tests), fewer passed tests than its minimum (checked when it
// reported). A suite that did not
// run counts as one failure. Prints the 10 slowest unit + component tests, one line per suite, and last
// the line "N passed, N failed, N skipped"; exits 1 when anything failed or nothing passed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const statusFile = process.argv[2];
if (!statusFile || !existsSync(statusFile)) {
  console.log(`test-summary: ${statusFile ?? '(no suites file given)'} is missing, so no suite reported`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
const rows = readFileSync(statusFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [name, kind, min, code, report, seconds, why] = line.split('\t');
    return { name, kind, min: Number(min) || 0, code, report, seconds: Number(seconds) || 0, why };
  });

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Counts of a vitest JSON report (Jest-compatible); the unit/component split and each test's duration. */
function vitestCounts(report) {
  const tests = [];
  let component = 0;
  let unit = 0;
  for (const file of report.testResults ?? []) {
    const rel = path.relative(process.cwd(), file.name ?? '').replaceAll('\\', '/');
    for (const t of file.assertionResults ?? []) {
      tests.push({ name: `${rel} > ${t.fullName ?? t.title}`, ms: t.duration ?? 0 });
      if (t.status !== 'passed') continue;
      if (rel.startsWith('tests/renderer/')) component++;
      else unit++;
    }
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    tests,
    split: component > 0 ? `unit ${unit} + component ${component}` : null,
  };
}

/** Counts of a Playwright JSON report. */
function playwrightCounts(report) {
  const s = report.stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0, tests: [], split: null };
}

const total = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
let slowest = [];
for (const row of rows) {
  const notes = [];
  const problems = [];
  let counts = { passed: 0, failed: 0, skipped: 0 };
  let report = null;
  if (row.code === 'not-run') {
    counts.failed = 1;
    problems.push(`not run: ${row.why || 'no reason recorded'}`);
  } else if (row.kind === 'check') {
    counts = row.code === '0' ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
    if (row.code !== '0') problems.push(`exit ${row.code}`);
  } else {
    report = row.report && existsSync(row.report) ? readJson(row.report) : null;
    if (!report) {
      counts.failed = 1;
      problems.push(`wrote no readable report (${row.report || 'none named'}): it did not start or crashed, exit ${row.code}`);
    } else {
      const c = row.kind === 'vitest' ? vitestCounts(report) : playwrightCounts(report);
      counts = { passed: c.passed, failed: c.failed, skipped: c.skipped };
      if (c.split) notes.push(c.split);
      if (c.failed > 0) problems.push(`${c.failed} test(s) failed`);
      if (row.kind === 'vitest' && row.name.startsWith('unit')) slowest = c.tests;
      if (row.code !== '0' && c.failed === 0) {
        counts.failed += 1;
        problems.push(`exit ${row.code} with no failed test: an error outside the tests (see its output above)`);
      }
    }
    if (report && counts.passed < row.min) {
      counts.failed += 1;
      problems.push(`only ${counts.passed} passed, at least ${row.min} expected`);
    }
    notes.push(`at least ${row.min}`);
  }
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  if (row.code !== 'not-run') notes.push(`${row.seconds} s`);
  const verdict = problems.length > 0 ? `FAILED: ${problems.join('; ')}` : counts.failed > 0 ? 'FAILED' : 'ok';
  const detail = notes.length > 0 ? `  (${notes.join(', ')})` : '';
  lines.push(`${row.name.padEnd(34)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${detail}  ${verdict}`);
}

if (slowest.length > 0) {
  console.log('slowest unit + component tests:');
  for (const t of [...slowest].sort((a, b) => b.ms - a.ms).slice(0, 10)) console.log(`${String(Math.round(t.ms)).padStart(7)} ms  ${t.name}`);
  console.log('');
}
for (const line of lines) console.log(line);
if (total.passed === 0 && total.failed === 0) total.failed = 1; // nothing ran at all
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
