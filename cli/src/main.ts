// veltrix-lint entry point (bundled to dist/cli.js).
//   veltrix-lint check <files|dirs...> [--format text|json|sarif|codequality] [--max-warnings N] [--no-model] [--quiet] [--base-dir <dir>] [--jobs N]
//   veltrix-lint graph <file> [--format dot|mermaid|json|svg]
//   veltrix-lint model <file> [--load 1.3] [--format text|json]
import { workerData } from 'node:worker_threads';
import { main } from './cli';
import { isWorkerData } from './check-worker';

// Started again as a `check` worker thread (check-pool.ts), this bundle only serves the worker (check-worker.ts).
if (!isWorkerData(workerData)) {
  // A closed pipe (`veltrix-lint check . | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });

  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`veltrix-lint: internal error: ${(e as Error)?.message ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
