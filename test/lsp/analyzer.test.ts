// The server's analyzer in process, with stand-ins for the document store
// and settings: an analysis runs in steps, so a newer version arriving
// mid-analysis stops the stale one (nothing is published for it) and queued
// work runs in between.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { standInAnalyzer } from '../helpers/analyzer';
import { generatePipeline } from '../../bench/generate';
import { collectNow } from '../../server/src/analyzer';

const URI = 'file:///big.veltrix.yaml';

function setup() {
  return standInAnalyzer(URI, generatePipeline(10000).text);
}

test('a newer version arriving mid-analysis stops the stale analysis', async () => {
  const { analyzer, doc, published } = setup();
  const ticks: number[] = [];
  // A change lands while version 1 (10,000 components, hundreds of milliseconds) is being analysed.
  const timer = setInterval(() => ticks.push(Date.now()), 5);
  setTimeout(() => (doc.version = 2), 20);
  const result = await analyzer.current(URI);
  clearInterval(timer);
  assert.equal(result, undefined, 'no result for the stale version');
  assert.deepEqual(published, [], 'nothing published for version 1');
  assert.ok(ticks.length >= 1, 'timers ran during the analysis');
  // The current version is analysed and published.
  const current = await analyzer.current(URI);
  assert.equal(current?.version, 2);
  assert.deepEqual(published, [2]);
});

test('the first analysis of a big document is published before its garbage is collected', async () => {
  const events: string[] = [];
  const { analyzer } = standInAnalyzer(URI, generatePipeline(10000).text, {
    publish: () => events.push('publish'),
    collectGarbage: () => events.push('collect'),
  });
  await analyzer.current(URI);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(events, ['publish', 'collect'], 'one full collection, after the diagnostics');
});

test("a big document's garbage is collected after a large growth, and sooner near the memory budget, never per small edit", () => {
  const MB = 1024 * 1024;
  // Far below the budget: only a large growth (several edits' worth) is collected.
  assert.equal(collectNow(60 * MB, 180 * MB), false);
  assert.equal(collectNow(100 * MB, 180 * MB), true);
  // Near the budget (an edit that changes the graph of 10,000 components leaves 15-25 MB): sooner.
  assert.equal(collectNow(60 * MB, 260 * MB), true);
  // But not after every edit of a process whose live data alone is that large.
  assert.equal(collectNow(10 * MB, 260 * MB), false);
});

test('a debounced analysis waits while a message is half read, then runs once it is in (or after a bounded wait)', async () => {
  const small = generatePipeline(20).text;
  let arriving = 3;
  const { analyzer, doc, published } = standInAnalyzer(URI, small, { messageArriving: () => arriving-- > 0 });
  await analyzer.current(URI);
  doc.text = small.replace('description:', 'description: typed');
  doc.version = 2;
  analyzer.schedule(URI, false, 0);
  await new Promise((resolve) => setTimeout(resolve, 1));
  // The debounce ended while a message was arriving: no analysis yet.
  assert.equal(analyzer.stats.analysesStarted, 1);
  while (published.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(arriving, -1, 'looked again until the message was in');
  assert.deepEqual(published, [1, 2]);
  // A reader that never finishes its message does not hold the analysis back for ever.
  arriving = Infinity;
  doc.version = 3;
  analyzer.schedule(URI, false, 0);
  while (published.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(published, [1, 2, 3]);
});

test("a document's first analysis is not held back by a message arriving: nothing is shown yet", async () => {
  const small = generatePipeline(20).text;
  let asked = 0;
  const { analyzer, published } = standInAnalyzer(URI, small, { messageArriving: () => (asked++, true) });
  analyzer.schedule(URI, false, 0);
  await new Promise((resolve) => setTimeout(resolve, 1));
  assert.equal(analyzer.stats.analysesStarted, 1, 'started on the next turn, not DEFERRAL_MS later');
  while (published.length < 1) await new Promise((resolve) => setTimeout(resolve, 1));
  assert.equal(asked, 0, 'the reader was not consulted');
  assert.deepEqual(published, [1]);
});

test('background work that waits for quiet does not run while the user types, and runs once the typing pauses', async () => {
  const small = generatePipeline(20).text;
  const { analyzer, doc } = standInAnalyzer(URI, small);
  await analyzer.current(URI);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let ran = false;
  const quiet = analyzer.whenQuiet(60, 10_000).then(() => (ran = true));
  // Keystrokes every 20 ms for a while: never a 60 ms pause.
  for (let k = 0; k < 8; k++) {
    doc.text = `${small}# ${k}\n`;
    doc.version++;
    analyzer.edited(URI);
    await sleep(20);
    assert.equal(ran, false, `not during the typing (keystroke ${k})`);
  }
  await quiet;
  assert.equal(ran, true);
  // A user who never pauses still gets it done, after the longest wait.
  let forced = false;
  const bounded = analyzer.whenQuiet(10_000, 50).then(() => (forced = true));
  analyzer.edited(URI);
  await bounded;
  assert.equal(forced, true);
});
