// `npm run prepare` (npm runs it on `npm ci`, `npm pack` and installs from
// git): builds dist/ with scripts/bundle.mjs. When npm prepares this package
// as a git dependency of a global install (`npm install -g git+...`, which is
// how pre-commit installs node hooks), it inherits the global flag and leaves
// the dev dependencies out, so the build cannot find esbuild; install them
// here, locally, first.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  require.resolve('esbuild');
} catch {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--global=false', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund'], { stdio: 'inherit', env: { ...process.env, npm_config_global: 'false' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import('./bundle.mjs');
