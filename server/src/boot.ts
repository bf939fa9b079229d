// Starts the language server (dist/server-main.js) with V8's code cache: the
// first start compiles the bundle and, once the server has run for a while
// (or when it exits, if sooner), saves the compiled code (the functions the
// first analyses ran included);
// later starts load it instead of compiling (about 35 ms less for the
// bundle's top level, more for the functions). The cache lives in the user's
// own cache folder (never a shared temporary one: cached code is run), is
// keyed by the Node version and the bundle's size and time, and is simply
// skipped when anything about it fails. VELTRIX_CODE_CACHE=0 turns it off.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import Module from 'node:module';

/** How long the server runs before its compiled code is saved: start-up and the first analyses. */
const SAVE_AFTER_MS = 8000;

const bundle = path.join(__dirname, 'server-main.js');

function cacheFile(): string | undefined {
  if (process.env.VELTRIX_CODE_CACHE === '0') return undefined;
  try {
    const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    const stat = fs.statSync(bundle);
    return path.join(base, 'veltrix', `server-${process.version}-${process.arch}-${stat.size}-${Math.round(stat.mtimeMs)}.code-cache`);
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
    fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    /* no cache: the next start compiles again */
  }
}

// The server sets this V8 flag when it starts (server/src/analyzer.ts); cached code is only accepted under the
// flags it was made with, so they are set before the bundle is compiled, and so before the cache is made.
v8.setFlagsFromString('--expose-gc');
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
