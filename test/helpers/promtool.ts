/**
 * Finding the real promtool for the tests: $PROMTOOL, then the copy that
 * scripts/install-promtool.sh unpacks into .tools/prometheus, then PATH.
 * Without one the suites skip loudly; VELTRIX_REQUIRE_E2E=1 (set by .ci/run)
 * makes that a failure, like the browser suites.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './host';

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, name);
    if (dir && fs.existsSync(p)) return p;
  }
  return undefined;
}

export function findPromtool(): string | undefined {
  const candidates = [process.env.PROMTOOL, path.join(repoRoot, '.tools/prometheus/usr/bin/promtool'), onPath('promtool')];
  return candidates.find((p): p is string => !!p && fs.existsSync(p));
}

export const PROMTOOL = findPromtool();
export const PROMTOOL_MISSING =
  'promtool not found ($PROMTOOL, .tools/prometheus or PATH): run scripts/install-promtool.sh (VELTRIX_REQUIRE_E2E=1 makes this a failure)';

if (!PROMTOOL && process.env.VELTRIX_REQUIRE_E2E === '1') throw new Error(PROMTOOL_MISSING);

export interface PromtoolRun { status: number; stdout: string; stderr: string }

/** Runs promtool with `args` in `cwd` (rule tests name their rule files relative to it). */
export function promtool(args: string[], cwd: string): PromtoolRun {
  const r = spawnSync(PROMTOOL!, args, { cwd, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
