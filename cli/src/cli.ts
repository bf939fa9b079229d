// The veltrix-lint program: commands, options and exit codes. `main.ts` runs
// it; tests may call `main()` in-process.
//   veltrix-lint check <files|dirs...> [--format text|json|sarif|codequality] [--max-warnings N] [--no-model] [--quiet] [--base-dir <dir>] [--jobs N]
//   veltrix-lint graph <file> [--format dot|mermaid|json|svg]
//   veltrix-lint monitor <file> [--out <dir>]   (exit 1: the pipeline has errors, nothing written)
//   veltrix-lint test [files|dirs...] [--format text|json|junit] [--filter <text>] [--trace] [--pass-with-no-tests]
//   veltrix-lint model <file> [--load 1.3] [--format text|json] [--baseline <file|git:ref>] (markdown with --baseline)
// Exit codes: 0 clean, 1 findings over the threshold, 2 bad usage or
// unreadable input (one line on stderr, never a stack trace).
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { version } from '../../package.json';
import { defaultJobs, PARALLEL_MIN_FILES, runCheck, summarize } from './check';
import { UsageError } from './files';
import { formatText, useColor } from './format-text';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatCodeQuality } from './format-codequality';
import { runGraph } from './graph-command';
import { runModel } from './model-command';
import { runMonitor } from './monitor-command';
import { runModelBaseline } from './model-baseline';
import { exitCode, runTests } from './test-command';
import { formatJunit, formatTestJson, formatTestText, githubAnnotations } from './test-format';

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const PREFIX = 'veltrix-lint: ';

function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number >= 0.');
  return Number(value);
}

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number >= 1.');
  return Number(value);
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0, such as 1.3.');
  return n;
}

function build(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('veltrix-lint');
  program
    .description('Check Veltrix pipeline configuration files, draw their topology and report the capacity model.')
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(PREFIX + s.replace(/^error: /, '').trim().split('\n').join(' ') + '\n'),
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 clean, 1 errors (or more warnings than --max-warnings), 2 bad usage or unreadable input.
Examples:
  veltrix-lint check examples
  veltrix-lint check . --format sarif > veltrix.sarif
  veltrix-lint graph examples/orders.veltrix.yaml --format mermaid
  veltrix-lint model examples/orders.veltrix.yaml --load 1.3
  veltrix-lint model pipeline.veltrix.yaml --baseline git:main --format markdown`,
    );

  program
    .command('check')
    .description('check pipeline files; directories are searched recursively for *.veltrix.yaml / *.veltrix.yml')
    .argument('<paths...>', 'files or directories')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif', 'codequality']).default('text'))
    .addOption(new Option('--max-warnings <n>', 'exit 1 when there are more than n warnings').argParser(nonNegativeInt))
    .option('--no-model', 'skip the capacity model rules (VX300-VX305, VX308)')
    .option('-q, --quiet', 'print only errors (warnings still count for --max-warnings)')
    .option('--base-dir <dir>', 'SARIF and code quality paths are relative to this folder (default: the git repository root, else the current folder)')
    .addOption(new Option('-j, --jobs <n>', `worker threads for ${PARALLEL_MIN_FILES} files or more (1: this thread only)`).argParser(positiveInt).default(defaultJobs(), 'every core; 1 on two cores or fewer'))
    .action(async (paths: string[], opts: { format: 'text' | 'json' | 'sarif' | 'codequality'; maxWarnings?: number; model: boolean; quiet?: boolean; baseDir?: string; jobs: number }) => {
      const result = await runCheck(paths, { model: opts.model, cwd: io.cwd, jobs: opts.jobs });
      for (const note of result.notes) io.stderr.write(`${PREFIX}${note}\n`);
      if (result.files.length === 0) throw new UsageError(`no pipeline files (*.veltrix.yaml, *.veltrix.yml) found in ${paths.map((p) => `'${p}'`).join(', ')}`);
      if (opts.format === 'json') io.stdout.write(formatJson(result, version, io.cwd));
      else if (opts.format === 'sarif') io.stdout.write(formatSarif(result, version, { cwd: io.cwd, baseDir: opts.baseDir }));
      else if (opts.format === 'codequality') io.stdout.write(formatCodeQuality(result, { cwd: io.cwd, baseDir: opts.baseDir }));
      else io.stdout.write(formatText(result, { color: useColor(io.stdout, io.env), quiet: !!opts.quiet, cwd: io.cwd }));
      const s = summarize(result);
      const tooManyWarnings = opts.maxWarnings !== undefined && s.warnings > opts.maxWarnings;
      if (tooManyWarnings && opts.format === 'text') io.stderr.write(`${PREFIX}${s.warnings} warnings exceed --max-warnings ${opts.maxWarnings}\n`);
      setCode(s.errors > 0 || tooManyWarnings ? 1 : 0);
    });

  program
    .command('graph')
    .description('print the pipeline topology')
    .argument('<file>', 'a pipeline file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['dot', 'mermaid', 'json', 'svg']).default('dot'))
    .addOption(new Option('--theme <theme>', 'colours of the svg').choices(['light', 'dark', 'high-contrast']).default('light'))
    .action((file: string, opts: { format: 'dot' | 'mermaid' | 'json' | 'svg'; theme: 'light' | 'dark' | 'high-contrast' }) => {
      io.stdout.write(runGraph(file, opts.format, io.cwd, opts.theme));
      setCode(0);
    });

  program
    .command('monitor')
    .description('generate the Prometheus rules, their promtool tests and the Grafana dashboard from the pipeline')
    .argument('<file>', 'a pipeline file')
    .option('-o, --out <dir>', 'directory to write the three files to (default: monitoring/ beside the file)')
    .action((file: string, opts: { out?: string }) => {
      const r = runMonitor(file, { out: opts.out, cwd: io.cwd });
      io.stdout.write(r.stdout);
      io.stderr.write(r.stderr);
      setCode(r.code);
    });

  program
    .command('model')
    .description('report the capacity model (estimates): rates, utilisation, p99 latency, memory')
    .argument('<file>', 'a pipeline file')
    .addOption(new Option('--load <factor>', 'what-if load factor applied to every source rate').argParser(positiveNumber).default(1, '1.0'))
    .addOption(new Option('-f, --format <format>', 'output format (markdown needs --baseline)').choices(['text', 'json', 'markdown']).default('text'))
    .option('--baseline <file|git:ref>', 'compare with another version: a file, or git:<ref> for this file at a git revision')
    .action((file: string, opts: { load: number; format: 'text' | 'json' | 'markdown'; baseline?: string }) => {
      if (opts.baseline !== undefined) io.stdout.write(runModelBaseline(file, opts.baseline, { load: opts.load, format: opts.format, cwd: io.cwd }));
      else if (opts.format === 'markdown') throw new UsageError('--format markdown needs --baseline (the before/after table)');
      else io.stdout.write(runModel(file, { load: opts.load, format: opts.format, cwd: io.cwd }));
      setCode(0);
    });

  program
    .command('test')
    .description('run pipeline tests; directories (default: the current one) are searched for *.veltrix-test.yaml / *.veltrix-test.yml')
    .argument('[paths...]', 'test files or directories')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'junit']).default('text'))
    .option('--filter <text>', 'run only the tests whose name contains this text')
    .option('--trace', "print every event's trace")
    .option('--pass-with-no-tests', 'exit 0 when no test is found')
    .action((paths: string[], opts: { format: 'text' | 'json' | 'junit'; filter?: string; trace?: boolean; passWithNoTests?: boolean }) => {
      const run = runTests(paths, { cwd: io.cwd, filter: opts.filter });
      const code = exitCode(run, !!opts.passWithNoTests);
      if (opts.format === 'json') io.stdout.write(formatTestJson(run, version, { trace: !!opts.trace }));
      else if (opts.format === 'junit') io.stdout.write(formatJunit(run));
      else io.stdout.write(formatTestText(run, { trace: !!opts.trace }));
      // Workflow commands: on stdout beside text, on stderr beside JSON or XML (GitHub reads both streams).
      if (io.env.GITHUB_ACTIONS === 'true') (opts.format === 'text' ? io.stdout : io.stderr).write(githubAnnotations(run));
      if (code === 2) io.stderr.write(`${PREFIX}no tests found in ${(paths.length ? paths : ['.']).map((p) => `'${p}'`).join(', ')}${opts.filter !== undefined ? ` matching --filter '${opts.filter}'` : ''} (use --pass-with-no-tests to allow that)\n`);
      setCode(code);
    });

  return program;
}

/** Runs the CLI and returns the exit code; all output goes through `io`. */
export async function main(argv: string[], io: Io): Promise<number> {
  let code = 0;
  const program = build(io, (c) => (code = c));
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      // `help [command]` exits 0; help shown because something was missing exits 2.
      if (e.code === 'commander.help') return e.exitCode === 0 ? 0 : 2;
      return 2; // the message has been written by outputError
    }
    if (e instanceof UsageError) {
      io.stderr.write(PREFIX + e.message + '\n');
      return 2;
    }
    io.stderr.write(`${PREFIX}internal error: ${(e as Error)?.message?.split('\n')[0] ?? String(e)}\n`);
    return 2;
  }
}
