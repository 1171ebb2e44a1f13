#!/usr/bin/env node
// `npm run test:fuzz`: Schemathesis (a schema-driven API fuzzer, from PyPI, in a venv of its own)
// against the app as `npm start` runs it (embedded PostgreSQL on a fresh data dir), driven by the
// app's own /api/openapi.json with a fixed seed and a bounded budget. Verdict: 0 server errors,
// 0 responses that break the document, and no projection lag (nor parked debate) left once the
// run is over. Writes a vitest-shaped `.vitest-results.json` here so CI's summary counts it.
//
//   FUZZ_MAX_EXAMPLES (default 60)  examples per operation and phase
//   FUZZ_SEED         (default 20261201)
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const venv = path.join(here, '.venv');
const st = path.join(venv, 'bin', 'st');
const SCHEMATHESIS = 'schemathesis==4.32.5';
const maxExamples = process.env.FUZZ_MAX_EXAMPLES ?? '60';
const seed = process.env.FUZZ_SEED ?? '20261201';
const results = { passed: [], failed: [] };
const log = (m) => process.stderr.write(`fuzz: ${m}\n`);

function ensureSchemathesis() {
  if (existsSync(st)) return;
  log(`installing ${SCHEMATHESIS} into ${path.relative(repoRoot, venv)}`);
  const steps = [
    ['python3', ['-m', 'venv', venv]],
    [path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', SCHEMATHESIS]],
  ];
  for (const [cmd, args] of steps) {
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
  }
}

async function startApp() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'booktalk-fuzz-'));
  chmodSync(dataDir, 0o755); // the embedded postgres user must be able to walk into it
  const pgPort = 21_000 + Math.floor(Math.random() * 9_000);
  // As a newcomer runs it: no DATABASE_URL, no Kafka. The rate limit is lifted: the fuzzer is one
  // client sending thousands of requests a minute on purpose.
  const { DATABASE_URL: _d, KAFKA_BROKERS: _k, ...env } = process.env;
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    env: { ...env, PORT: '0', BOOKTALK_DATA_DIR: dataDir, BOOKTALK_EMBEDDED_PG_PORT: String(pgPort), BOOKTALK_RATE_LIMIT: '0', BOOKTALK_WEB: 'off', LOG_LEVEL: 'info', BOOKTALK_ADMINS: 'fuzzadmin' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start within 120 s:\n${output}`)), 120_000);
    const look = () => {
      const m = /BookTalk is running at (http:\/\/\S+?) /.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  const stop = async () => {
    if (child.exitCode === null) {
      process.kill(-child.pid, 'SIGINT');
      await new Promise((r) => {
        const t = setTimeout(() => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
          r();
        }, 20_000);
        child.once('exit', () => (clearTimeout(t), r()));
      });
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, stop, output: () => output };
}

async function json(url, init) {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** A real account (hosting and voting need one) and a debate, so the fuzzer reaches past 401/404. */
async function seedData(url) {
  const signup = await json(`${url}/api/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'fuzzadmin', displayName: 'Fuzz Admin', password: `fuzz-${randomUUID()}` }),
  });
  if (signup.status !== 201) throw new Error(`sign-up failed: ${signup.status} ${JSON.stringify(signup.body)}`);
  const token = signup.body.token;
  const created = await json(`${url}/api/debates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ commandId: randomUUID(), title: 'Fuzzed debate', book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'Fuzzers find bugs', format: 'oxford' }),
  });
  if (created.status !== 201) throw new Error(`creating a debate failed: ${created.status} ${JSON.stringify(created.body)}`);
  return { token, debateId: created.body.debateId };
}

async function settled(url) {
  // The read side must have caught up with everything the fuzzer wrote, with nothing parked.
  const deadline = Date.now() + 30_000;
  let last;
  while (Date.now() < deadline) {
    // A kept-alive connection the server has since closed fails once: ask again on a new one.
    last = await json(`${url}/health/ready`).catch((error) => ({ status: 0, body: { error: `${error.message}: ${error.cause?.message ?? ''}` } }));
    const projections = last.body?.checks?.projections ?? [];
    if (last.status === 200 && projections.every((p) => p.lag === '0' && p.parked === 0)) return { ok: true, detail: last.body };
    await new Promise((r) => setTimeout(r, 500));
  }
  return { ok: false, detail: last?.body };
}

function writeReport() {
  const report = {
    numPassedTests: results.passed.length,
    numFailedTests: results.failed.length,
    numPendingTests: 0,
    numTodoTests: 0,
    numFailedTestSuites: results.failed.length > 0 ? 1 : 0,
    success: results.failed.length === 0,
    testResults: [
      {
        name: 'infra/fuzz (schemathesis)',
        assertionResults: [
          ...results.passed.map((title) => ({ title, status: 'passed' })),
          ...results.failed.map((title) => ({ title, status: 'failed' })),
        ],
      },
    ],
  };
  writeFileSync(path.join(here, '.vitest-results.json'), JSON.stringify(report, null, 2));
}

let app;
try {
  ensureSchemathesis();
  app = await startApp();
  log(`app at ${app.url}`);
  const { token, debateId } = await seedData(app.url);
  const junit = path.join(here, '.run', 'junit.xml');
  const t0 = Date.now();
  const run = spawnSync(
    st,
    [
      '--config-file', path.join(here, 'schemathesis.toml'),
      'run',
      `${app.url}/api/openapi.json`,
      '--header', `Authorization: Bearer ${token}`,
      '--max-examples', maxExamples,
      '--seed', seed,
      '--phases', 'examples,coverage,fuzzing',
      '--workers', '1',
      '--report', 'junit',
      '--report-junit-path', junit,
    ],
    { stdio: 'inherit', env: { ...process.env, BOOKTALK_FUZZ_DEBATE_ID: debateId, NO_COLOR: '1' }, cwd: here },
  );
  log(`schemathesis exited ${run.status} after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  // One test per operation, from the JUnit report: passed unless Schemathesis found a failure in it.
  if (existsSync(junit)) {
    const xml = readFileSync(junit, 'utf8');
    for (const m of xml.matchAll(/<testcase\b[^>]*\bname="([^"]+)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const name = m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      const body = m[3] ?? '';
      if (/<(failure|error)\b/.test(body)) results.failed.push(`fuzz ${name}`);
      else if (/<skipped\b/.test(body)) continue;
      else results.passed.push(`fuzz ${name}`);
    }
  }
  if (run.status !== 0 && results.failed.length === 0) results.failed.push(`schemathesis exited ${run.status} (see its output above)`);
  const after = await settled(app.url).catch((error) => ({ ok: false, detail: `the app stopped answering (${error.message}: ${error.cause?.message ?? error.cause ?? ''}); its last output:\n${app.output().split('\n').slice(-30).join('\n')}` }));
  (after.ok ? results.passed : results.failed).push('no projection lag or parked debate left after the fuzz run');
  if (!after.ok) log(`read side not settled: ${JSON.stringify(after.detail)}`);
  const errorLines = app.output().split('\n').filter((l) => l.includes('"level":50'));
  log(`error log lines from the app during the run: ${errorLines.length}`);
  for (const line of errorLines.slice(0, 10)) log(`  ${line.slice(0, 2_000)}`);
} catch (error) {
  results.failed.push(`fuzz harness: ${error instanceof Error ? error.message : String(error)}`);
  log(error instanceof Error ? error.stack : String(error));
} finally {
  await app?.stop();
  writeReport();
  log(`${results.passed.length} passed, ${results.failed.length} failed`);
  process.exitCode = results.failed.length > 0 ? 1 : 0;
}
