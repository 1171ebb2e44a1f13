#!/usr/bin/env node
// Starts/stops the real services tests need, without Docker:
//   node infra/bin/services.mjs up|down [postgres] [kafka]      (default: both)
// `up` writes infra/.run/env (KEY=VALUE lines) that @booktalk/infra/testing reads, and prints
// it. Idempotent: `up` on running services only re-checks and reprints. Servers are detached,
// so they outlive this process; `down` stops them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pg from '../postgres/pg.mjs';

const infra = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const envFile = path.join(infra, '.run', 'env');
const [cmd, ...which] = process.argv.slice(2);
const wanted = which.length ? which : ['postgres', 'kafka'];
const bad = wanted.filter((w) => w !== 'postgres' && w !== 'kafka');
if ((cmd !== 'up' && cmd !== 'down') || bad.length) {
  console.error('usage: services.mjs up|down [postgres] [kafka]');
  process.exit(2);
}

// Keep lines for services we are not touching (e.g. `up kafka` keeps TEST_DATABASE_URL).
const env = new Map(
  existsSync(envFile)
    ? readFileSync(envFile, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])
    : [],
);
// fetch/start chatter goes to stderr: stdout carries only the env lines.
const kafkaScript = (name) => execFileSync(path.join(infra, 'kafka', name), { stdio: ['ignore', 2, 2] });

try {
  for (const svc of wanted) {
    const t0 = Date.now();
    if (svc === 'postgres') {
      if (cmd === 'up') env.set('TEST_DATABASE_URL', await pg.up());
      else { console.error(`postgres: ${await pg.down()}`); env.delete('TEST_DATABASE_URL'); }
    } else {
      if (cmd === 'up') { kafkaScript('fetch.sh'); kafkaScript('start.sh'); env.set('KAFKA_BROKERS', '127.0.0.1:9092'); }
      else { kafkaScript('stop.sh'); env.delete('KAFKA_BROKERS'); }
    }
    console.error(`${svc}: ${cmd} took ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

const text = [...env].map(([k, v]) => `${k}=${v}`).join('\n');
mkdirSync(path.dirname(envFile), { recursive: true });
writeFileSync(envFile, text ? text + '\n' : '');
if (cmd === 'up') console.log(text); // stdout = only the env lines, so `eval`/`>> $GITHUB_ENV` work
