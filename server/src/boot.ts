// Starts the language server (dist/server-main.js) with V8's code cache: the
// first start compiles the bundle and, once the server has run for a while
// (or when it exits, if sooner), saves the compiled code (the functions the
// first analyses ran included);
// later starts load it instead of compiling (about 35 ms less for the
// bundle's top level, more for the functions). The cache lives in the user's
// own cache folder (never a shared temporary one: cached code is run), is
// keyed by the Node version and the bundle's size and time, and is simply
// skipped when anything about it fails. VELTRIX_CODE_CACHE=0 turns it off.
// It also starts the server in its start-up tier, V8's optimising compiler
// off until the first diagnostics are out (tier-up.ts says why and when it
// is turned on). VELTRIX_START_TIER=0 turns that off.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import Module from 'node:module';

/** How long the server runs before its compiled code is saved: start-up and the first analyses. */
const SAVE_AFTER_MS = 8000;

const bundle = path.join(__dirname, 'server-main.js');

const startTier = process.env.VELTRIX_START_TIER !== '0';

function cacheFile(): string | undefined {
  if (process.env.VELTRIX_CODE_CACHE === '0') return undefined;
  try {
    const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    const stat = fs.statSync(bundle);
    // The flags differ with and without the start-up tier: each has its cache.
    return path.join(base, 'veltrix', `server-${process.version}-${process.arch}-${stat.size}-${Math.round(stat.mtimeMs)}${startTier ? '' : '-opt'}.code-cache`);
  } catch {
    return undefined;
  }
}

function read(file: string | undefined): Buffer | undefined {
  try {
    return file ? fs.readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

function save(file: string, script: vm.Script): void {
  try {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // The caches of earlier bundles are of no use any more.
    for (const old of fs.readdirSync(dir)) if (old.startsWith('server-') && path.join(dir, old) !== file) fs.rmSync(path.join(dir, old), { force: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, withStartFlags(() => script.createCachedData()), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    /* no cache: the next start compiles again */
  }
}

// The server sets this V8 flag when it starts (server/src/analyzer.ts); cached code is only accepted under the
// flags it was made with, so they are set before the bundle is compiled, and so before the cache is made.
v8.setFlagsFromString('--expose-gc');
let optimising = !startTier;
if (startTier) {
  v8.setFlagsFromString('--no-turbofan');
  (globalThis as Record<symbol, unknown>)[Symbol.for('veltrix.tierUp')] = () => {
    optimising = true;
    v8.setFlagsFromString('--turbofan');
  };
}

/** Runs `make` under the flags the bundle was compiled with (a code cache made under others would be rejected). */
function withStartFlags<T>(make: () => T): T {
  if (!startTier || !optimising) return make();
  v8.setFlagsFromString('--no-turbofan');
  try {
    return make();
  } finally {
    v8.setFlagsFromString('--turbofan');
  }
}
const file = cacheFile();
const cachedData = read(file);
const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, require, module, bundle, __dirname);
if (file && (!cachedData || script.cachedDataRejected)) {
  let saved = false;
  const once = () => {
    if (!saved) save(file, script);
    saved = true;
  };
  setTimeout(once, SAVE_AFTER_MS).unref();
  process.once('exit', once);
}
