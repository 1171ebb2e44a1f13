#!/usr/bin/env node
// Starts/stops the real services tests need, without Docker:
//   node infra/bin/services.mjs up|down [postgres] [kafka] [chromium] [janus]
//   (default: all four)
// chromium (the web end-to-end tests' browser) is installed from apt when missing
// (infra/chromium/install.sh); `up` writes CHROMIUM_PATH, `down` only forgets it.
// janus (stage mode's SFU): installed from apt when missing, run in a private network
// namespace (infra/janus/README.md); it adds JANUS_URL, JANUS_NETNS_PID and its secrets.
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
const wanted = which.length ? which : ['postgres', 'kafka', 'chromium', 'janus'];
const bad = wanted.filter((w) => w !== 'postgres' && w !== 'kafka' && w !== 'chromium' && w !== 'janus');
if ((cmd !== 'up' && cmd !== 'down') || bad.length) {
  console.error('usage: services.mjs up|down [postgres] [kafka] [chromium] [janus]');
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
const JANUS_KEYS = ['JANUS_URL', 'JANUS_NETNS_PID', 'JANUS_API_SECRET', 'JANUS_ADMIN_KEY'];
const janusScript = (name) => execFileSync(path.join(infra, 'janus', name), { stdio: ['ignore', 'pipe', 2], encoding: 'utf8' });

try {
  for (const svc of wanted) {
    const t0 = Date.now();
    if (svc === 'postgres') {
      if (cmd === 'up') env.set('TEST_DATABASE_URL', await pg.up());
      else { console.error(`postgres: ${await pg.down()}`); env.delete('TEST_DATABASE_URL'); }
    } else if (svc === 'chromium') {
      // Nothing runs: the tests launch it. stdout's last line is the browser's path.
      if (cmd === 'up') {
        const out = execFileSync(path.join(infra, 'chromium', 'install.sh'), { stdio: ['ignore', 'pipe', 2], encoding: 'utf8' });
        env.set('CHROMIUM_PATH', out.trim().split('\n').pop());
      } else env.delete('CHROMIUM_PATH');
    } else if (svc === 'janus') {
      if (cmd === 'up') {
        execFileSync(path.join(infra, 'janus', 'install.sh'), { stdio: ['ignore', 2, 2] });
        for (const line of janusScript('start.sh').split('\n')) {
          const i = line.indexOf('=');
          if (i > 0 && JANUS_KEYS.includes(line.slice(0, i))) env.set(line.slice(0, i), line.slice(i + 1));
        }
      } else { console.error(janusScript('stop.sh').trim()); for (const k of JANUS_KEYS) env.delete(k); }
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
