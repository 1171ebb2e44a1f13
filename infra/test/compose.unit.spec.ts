// The Docker files of the scaled setup (infra/compose/), checked without a Docker engine: the
// compose file parses, names the services the README describes, gives each process an
// environment its own config schema accepts, and nginx upgrades /socket.io to WebSocket behind
// TLS. Nothing here runs a container: infra/compose/README.md says what stays untested.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigSchema, loadConfig } from '../../services/app/src/config.ts';
import { loadConfig as loadProjectorConfig } from '../../services/projector/src/config.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const composeDir = path.join(root, 'infra/compose');
const read = (file: string) => readFileSync(path.join(composeDir, file), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string | number>;
  env_file?: { path: string; required: boolean }[];
  profiles?: string[];
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}
// Merge keys (<<) as docker compose resolves them.
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const service = (name: string): Service => {
  const s = services[name];
  if (!s) throw new Error(`no service ${name} in docker-compose.yml`);
  return s;
};

// What `docker compose` substitutes: ${NAME:?message} needs a value, ${NAME:-default} has one.
const given: Record<string, string> = { BOOKTALK_JWT_SECRET: 'a'.repeat(64), BOOKTALK_STAGE_ROOM_SECRET: 'r'.repeat(32), JANUS_API_SECRET: 'api-secret', JANUS_ADMIN_KEY: 'admin-key' };
const interpolate = (value: string | number): string =>
  String(value).replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    if (given[name] !== undefined) return given[name];
    if (kind === '?') throw new Error(`compose needs ${name}: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });
const envOf = (name: string): Record<string, string> =>
  Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([k, v]) => [k, interpolate(v)]));
const envFile = (file: string): Record<string, string> =>
  Object.fromEntries(
    read(file)
      .split('\n')
      .filter((line) => /^\w+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

const appNodes = ['app-1', 'app-2'];
// The app reads its settings from two schemas: services/app/src/config.ts and the accounts
// settings (services/accounts/src/config.ts, whose schema is not exported: its keys are read
// from the source).
const accountsNames = [...readFileSync(path.join(root, 'services/accounts/src/config.ts'), 'utf8').matchAll(/^ {2}(BOOKTALK_\w+):/gm)].map((m) => m[1]!);
const appNames = new Set([...Object.keys(ConfigSchema.shape), ...accountsNames]);

describe('docker-compose.yml', () => {
  it('defines PostgreSQL, Kafka, KurrentDB, the projector, two app nodes, Janus and nginx', () => {
    expect(Object.keys(services).sort()).toEqual(['app-1', 'app-2', 'janus', 'kafka', 'kurrentdb', 'nginx', 'postgres', 'projector']);
    expect(service('postgres').image).toMatch(/^postgres:\d+/);
    expect(service('kafka').image).toMatch(/^apache\/kafka:4\./);
    expect(service('nginx').image).toMatch(/^nginx:/);
  });

  it('starts KurrentDB only with the eventstore profile', () => {
    expect(service('kurrentdb').profiles).toEqual(['eventstore']);
    for (const [name, s] of Object.entries(services)) if (name !== 'kurrentdb') expect(s.profiles, name).toBeUndefined();
  });

  it('runs Kafka as a single KRaft node that advertises the address the app nodes use', () => {
    const env = envOf('kafka');
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${env.KAFKA_NODE_ID}@kafka:9093`);
    expect(env.KAFKA_LISTENERS).toContain('CONTROLLER://:9093');
    expect(env.KAFKA_CONTROLLER_LISTENER_NAMES).toBe('CONTROLLER');
    expect(env.KAFKA_ZOOKEEPER_CONNECT).toBeUndefined();
    for (const name of [...appNodes, 'projector']) expect(env.KAFKA_ADVERTISED_LISTENERS).toBe(`PLAINTEXT://${envOf(name).KAFKA_BROKERS}`);
  });

  it('builds every app process from the repository with infra/compose/Dockerfile', () => {
    for (const name of [...appNodes, 'projector']) {
      const build = service(name).build!;
      expect(path.resolve(composeDir, build.context), name).toBe(path.resolve(root));
      expect(existsSync(path.join(root, build.dockerfile)), name).toBe(true);
    }
  });

  it('runs the projector with `npm run projector -w @booktalk/app`, a script the app package has', () => {
    expect(service('projector').command).toEqual(['npm', 'run', 'projector', '-w', '@booktalk/app']);
    const scripts = (JSON.parse(readFileSync(path.join(root, 'services/app/package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.projector).toBeDefined();
  });

  it('gives the projector an environment its config accepts, every setting read', () => {
    const env = envOf('projector');
    const config = loadProjectorConfig(env);
    for (const name of Object.keys(env)) if (name !== 'LOG_LEVEL') expect(config, name).toHaveProperty(name);
    expect(config.KAFKA_BROKERS).toEqual(['kafka:9092']);
  });

  it('runs two app nodes with `npm start`, projectors off, each with its own node id', () => {
    const rootScripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(rootScripts.start).toBeDefined();
    const ids = appNodes.map((name) => {
      expect(service(name).command, name).toEqual(['npm', 'start']);
      const config = loadConfig(envOf(name));
      expect(config.BOOKTALK_PROJECTORS, name).toBe('off');
      return config.BOOKTALK_NODE_ID;
    });
    expect(new Set(ids).size).toBe(appNodes.length);
  });

  it('gives the app nodes the settings the scaled setup needs, all valid and the same where they must be', () => {
    const configs = appNodes.map((name) => loadConfig(envOf(name)));
    for (const config of configs) {
      expect(config.HOST).toBe('0.0.0.0'); // reachable from nginx, not only inside its container
      expect(config.KAFKA_BROKERS).toEqual(['kafka:9092']);
      expect(config.BOOKTALK_JWT_SECRET).toBe(given.BOOKTALK_JWT_SECRET);
      expect(new URL(config.DATABASE_URL!).host).toBe('postgres:5432');
    }
    expect(configs[1]!.DATABASE_URL).toBe(configs[0]!.DATABASE_URL);
    expect(envOf('projector').DATABASE_URL).toBe(configs[0]!.DATABASE_URL);
  });

  it('points both app nodes at the Janus service, with the secrets Janus gets and one room secret', () => {
    const janus = envOf('janus');
    const configs = appNodes.map((name) => loadConfig(envOf(name)));
    for (const config of configs) {
      expect(config.JANUS_URL).toEqual([`ws://janus:${service('janus').expose![0]}`]);
      expect(config.JANUS_API_SECRET).toBe(janus.JANUS_API_SECRET);
      expect(config.JANUS_ADMIN_KEY).toBe(janus.JANUS_ADMIN_KEY);
    }
    expect(configs[1]!.BOOKTALK_STAGE_ROOM_SECRET).toBe(configs[0]!.BOOKTALK_STAGE_ROOM_SECRET);
    expect(existsSync(path.join(root, service('janus').build!.dockerfile))).toBe(true);
    // The entrypoint renders the very templates infra/janus/start.sh uses.
    expect(readFileSync(path.join(root, service('janus').build!.dockerfile), 'utf8')).toContain('COPY infra/janus/config/');
  });

  it('sets only environment names the app reads', () => {
    for (const name of appNodes) for (const key of Object.keys(envOf(name))) expect(appNames, `${name}: ${key}`).toContain(key);
  });

  it('refuses to start the app nodes without BOOKTALK_JWT_SECRET', () => {
    const secret = service('app-1').environment!.BOOKTALK_JWT_SECRET;
    expect(String(secret)).toMatch(/^\$\{BOOKTALK_JWT_SECRET:\?/);
  });

  it('connects the app to the database the postgres service creates', () => {
    const pg = envOf('postgres');
    const url = new URL(loadConfig(envOf('app-1')).DATABASE_URL!);
    expect([url.username, url.password, url.pathname.slice(1)]).toEqual([pg.POSTGRES_USER, pg.POSTGRES_PASSWORD, pg.POSTGRES_DB]);
  });

  it('points the optional eventstore.env at the kurrentdb service, in a form both configs accept', () => {
    const { EVENTSTORE_URL } = envFile('eventstore.env.example');
    expect(new URL(EVENTSTORE_URL!).host).toBe(`kurrentdb:${envOf('kurrentdb').KURRENTDB_NODE_PORT}`);
    expect(loadConfig({ ...envOf('app-1'), EVENTSTORE_URL }).EVENTSTORE_URL).toBe(EVENTSTORE_URL);
    expect(loadProjectorConfig({ ...envOf('projector'), EVENTSTORE_URL }).EVENTSTORE_URL).toBe(EVENTSTORE_URL);
    for (const name of [...appNodes, 'projector']) expect(service(name).env_file, name).toEqual([{ path: './eventstore.env', required: false }]);
  });

  it('publishes only nginx (HTTPS) and Janus media (its UDP range, not its API) on the host', () => {
    for (const [name, s] of Object.entries(services)) if (name !== 'nginx' && name !== 'janus') expect(s.ports, name).toBeUndefined();
    expect(service('nginx').ports).toContain('8443:443');
    const range = envOf('janus').JANUS_RTP_PORTS!;
    expect(service('janus').ports).toEqual([`${range}:${range}/udp`]);
  });
});

describe('nginx/booktalk.conf', () => {
  const conf = read('nginx/booktalk.conf');
  const block = (start: RegExp): string => {
    const at = conf.search(start);
    if (at < 0) throw new Error(`no ${start} in booktalk.conf`);
    let depth = 0;
    for (let i = conf.indexOf('{', at); i < conf.length; i++) {
      if (conf[i] === '{') depth++;
      if (conf[i] === '}' && --depth === 0) return conf.slice(at, i + 1);
    }
    throw new Error(`unbalanced braces after ${start}`);
  };

  it('is the config the nginx service mounts', () => {
    expect(service('nginx').volumes).toContain('./nginx/booktalk.conf:/etc/nginx/conf.d/default.conf:ro');
  });

  it('upgrades /socket.io to WebSocket: HTTP/1.1 with the Upgrade and Connection headers', () => {
    const location = block(/location \/socket\.io\/ /);
    expect(location).toMatch(/proxy_http_version 1\.1;/);
    expect(location).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(location).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(block(/map \$http_upgrade \$connection_upgrade /)).toMatch(/default upgrade;/);
  });

  it('keeps a socket.io session on one node (long-polling fallback) and idle WebSockets past the ping interval', () => {
    const location = block(/location \/socket\.io\/ /);
    const upstream = /proxy_pass http:\/\/(\w+);/.exec(location)![1]!;
    expect(block(new RegExp(`upstream ${upstream} `))).toMatch(/ip_hash;/);
    const readTimeout = Number(/proxy_read_timeout (\d+)s;/.exec(location)![1]) * 1000;
    expect(readTimeout).toBeGreaterThan(ConfigSchema.shape.BOOKTALK_SOCKET_PING_INTERVAL_MS.parse(undefined));
  });

  it('sends the API and socket.io to both app nodes on the port they listen on', () => {
    const port = loadConfig(envOf('app-1')).PORT;
    for (const upstream of ['booktalk_api', 'booktalk_socketio']) {
      const servers = [...block(new RegExp(`upstream ${upstream} `)).matchAll(/server ([\w-]+):(\d+);/g)].map((m) => `${m[1]}:${m[2]}`);
      expect(servers.sort(), upstream).toEqual(appNodes.map((n) => `${n}:${port}`));
    }
  });

  it('terminates TLS with the certificate gen-cert.sh writes into the mounted certs folder', () => {
    const tls = block(/server \{\s+listen 443 ssl;/);
    expect(service('nginx').volumes).toContain('./certs:/etc/nginx/certs:ro');
    const script = read('gen-cert.sh');
    for (const file of ['tls.crt', 'tls.key']) {
      expect(tls).toContain(`/etc/nginx/certs/${file};`);
      expect(script).toContain(`certs/${file}`);
    }
    expect(read('.gitignore').split('\n')).toContain('certs/');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds in stages and runs the last one as an unprivileged user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const users = [...stages.at(-1)!.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)$/);
    expect(stages.at(-1)).toMatch(/^CMD \["npm", "start"\]/m);
  });

  it('installs exactly the lockfile with npm ci', () => {
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).not.toMatch(/^RUN npm (install|i)\b(?! -g npm@)/m);
    expect(dockerfile).toMatch(/^COPY package\.json package-lock\.json .npmrc \.\/$/m);
  });

  it('copies the manifest of every workspace before npm ci', () => {
    const workspaces = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    const dirs = workspaces.flatMap((w) =>
      w.endsWith('/*') ? readdirSync(path.join(root, w.slice(0, -2))).map((d) => `${w.slice(0, -2)}/${d}`) : [w],
    ).filter((d) => existsSync(path.join(root, d, 'package.json')));
    const beforeCi = dockerfile.slice(0, dockerfile.search(/^RUN npm ci/m));
    for (const dir of dirs) expect(beforeCi, dir).toContain(`COPY ${dir}/package.json ${dir}/`);
  });

  it('keeps installed, generated and secret files out of the build context', () => {
    const ignored = read('Dockerfile.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '.git', '.data', 'infra/compose/certs', 'infra/compose/eventstore.env', 'infra/kafka/libs']) {
      expect(ignored, entry).toContain(entry);
    }
  });
});
