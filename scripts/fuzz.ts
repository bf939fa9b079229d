// Long-running fuzzing: the properties of test/robustness/fuzz.test.ts with a
// random seed, until the time is up. Prints how many cases ran and, for a
// failure, the seed, the shrunk counterexample and the error.
//   npm run fuzz                       # 5 minutes
//   npm run fuzz -- --minutes 60       # longer
//   npm run fuzz -- --seed 123 --runs 500 --only mutated
import fc from 'fast-check';
import { counters, generatedProperty, loadExamples, mutatedImportProperty, mutatedProperty } from '../test/robustness/properties';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const minutes = Number(option('minutes') ?? 5);
const runsPerRound = Number(option('runs') ?? 200);
const only = option('only');
let seed = option('seed') !== undefined ? Number(option('seed')) : Date.now() % 2 ** 31;
const examples = loadExamples();
const properties: Array<[string, () => fc.IPropertyWithHooks<never>]> = (
  [
    ['generated', () => generatedProperty()],
    ['mutated', () => mutatedProperty(examples)],
    ['imported', () => mutatedImportProperty(examples)],
  ] as Array<[string, () => fc.IPropertyWithHooks<never> | undefined]>
).filter(([name, make]) => (!only || only === name) && make() !== undefined) as Array<[string, () => fc.IPropertyWithHooks<never>]>;

const deadline = Date.now() + minutes * 60_000;
let cases = 0;
let rounds = 0;
let failed = false;
console.log(`fuzzing ${properties.map(([n]) => n).join(', ')} for ${minutes} min, ${runsPerRound} runs per round, first seed ${seed}`);
while (Date.now() < deadline && !failed) {
  for (const [name, make] of properties) {
    const details = fc.check(make(), { seed, numRuns: runsPerRound, includeErrorInReport: true });
    cases += details.numRuns;
    if (details.failed) {
      failed = true;
      console.log(`\nFAILED: property '${name}', seed ${seed}, path ${details.counterexamplePath}`);
      console.log(`counterexample: ${fc.stringify(details.counterexample)}`);
      console.log(`error: ${details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance)}`);
      console.log(`replay: npm run fuzz -- --seed ${seed} --runs ${runsPerRound} --only ${name}`);
      break;
    }
    seed = (seed + 1) % 2 ** 31;
  }
  rounds++;
  process.stdout.write(`\rround ${rounds}: ${cases} cases, ${counters.mutations} mutations, ${counters.featureCalls} feature calls, ${counters.chunkedChecks} chunked checks`);
}
console.log(`\n${failed ? 'failed' : 'passed'}: ${cases} cases (${counters.texts} texts analysed twice, ${counters.mutations} mutations, ${counters.featureCalls} feature calls, ${counters.chunkedChecks} chunked-vs-whole checks)`);
process.exitCode = failed ? 1 : 0;
