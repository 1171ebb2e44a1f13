// An entry point bundled once with esbuild, for tests that start it many times. Started through
// tsx, the projector process took ~2.1 s to say "projector started" on the 2-core build machine,
// bundled ~0.8 s, so 100 SIGKILLs fit in CI. Same sources, same process: only the on-the-fly
// TypeScript compile is done ahead. Native addons stay outside and load from node_modules, hence
// the folder inside the repo.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../../support/processes.ts';

const outDir = path.join(repoRoot, 'services/app/.bundle');

/** Bundles `entry` (repo-relative) and returns the path of the .mjs to run with plain node. */
export async function bundleEntry(entry: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [path.join(repoRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Native addons (argon2; pg's optional native half) cannot be bundled: they load from
    // node_modules, through a require() made for the ESM bundle.
    external: ['pg-native', '@node-rs/*'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}
