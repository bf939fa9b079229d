// The adaptive typing debounce (server/src/debounce.ts): its rule, and the
// analyzer following it. Behaviour, not times: which delay the rule picks
// for given costs and rhythms, and how many analyses a burst runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DELAY_MS, MIN_DELAY_MS, TypingPace, TYPING_GAP_MS } from '../../server/src/debounce';
import { standInAnalyzer } from '../helpers/analyzer';
import { generatePipeline } from '../../bench/generate';

test('a document that re-analyses in a few milliseconds is analysed soon after one keystroke', () => {
  const p = new TypingPace();
  p.analysed(40, true); // the open: from scratch
  p.analysed(3, false);
  p.changed(0);
  assert.ok(p.delay() <= 50, `${p.delay()}`);
  assert.equal(p.delay(), MIN_DELAY_MS);
});

test('expensive analyses wait longer, up to the cap', () => {
  const cheap = new TypingPace();
  cheap.analysed(4, false);
  const dear = new TypingPace();
  dear.analysed(80, false);
  assert.ok(dear.delay() > cheap.delay());
  const huge = new TypingPace();
  huge.analysed(5000, false);
  assert.equal(huge.delay(), MAX_DELAY_MS);
});

test('after a single keystroke the debounce waits no longer than one analysis takes', () => {
  const p = new TypingPace();
  p.analysed(80, false);
  p.changed(0);
  assert.ok(p.delay() <= 80 && p.delay() > MIN_DELAY_MS, `${p.delay()}`);
});

test('one slow analysis among fast ones (the first edit of a fresh server) does not lengthen the waits after it', () => {
  const p = new TypingPace();
  p.analysed(500, true); // the open
  p.analysed(490, false); // the first edit: code not compiled yet
  p.analysed(80, false);
  p.changed(0);
  assert.ok(p.delay() <= 80, `${p.delay()}`);
  p.analysed(600, false);
  p.analysed(600, false);
  p.analysed(600, false);
  assert.equal(p.delay(), MAX_DELAY_MS, 'analyses that stay slow do lengthen it');
});

test('an analysis from scratch weighs less than an incremental one of the same time', () => {
  const cold = new TypingPace();
  cold.analysed(200, true);
  const warm = new TypingPace();
  warm.analysed(200, false);
  assert.ok(cold.delay() < warm.delay());
});

test('during fast typing the delay outlasts the pause between keystrokes; a long pause ends the burst', () => {
  const p = new TypingPace();
  p.analysed(2, false);
  for (let t = 0; t <= 330; t += 33) p.changed(t);
  assert.ok(p.delay() > 33, `${p.delay()}`);
  // Irregular typing: the delay follows the smoothed rhythm, still above every recent pause.
  const q = new TypingPace();
  let t = 0;
  for (const gap of [40, 25, 60, 30, 45]) q.changed((t += gap));
  assert.ok(q.delay() > 45, `${q.delay()}`);
  p.changed(330 + TYPING_GAP_MS + 1);
  assert.equal(p.delay(), MIN_DELAY_MS, 'a pause longer than typing: back to the cost alone');
});

/** The analyzer over a stand-in document store; `edit` changes the text as a keystroke would. */
function setup(components: number) {
  const uri = 'file:///pace.veltrix.yaml';
  const lines = generatePipeline(components).text.split('\n');
  const { analyzer, doc, published } = standInAnalyzer(uri, lines.join('\n'));
  const line = lines.findIndex((l) => l.includes('description: drop empty events'));
  const edit = () => {
    lines[line] += 'x';
    doc.text = lines.join('\n');
    doc.version++;
    analyzer.edited(uri);
  };
  return { analyzer, uri, doc, edit, published };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the analyzer: a burst of fast keystrokes is analysed after it, for its last version', async () => {
  const { analyzer, uri, doc, edit, published } = setup(100);
  await analyzer.current(uri);
  const opened = analyzer.stats.analysesStarted;
  // Keystrokes 30 ms apart: longer than the delay the (tiny) cost alone would set, so only the rhythm keeps
  // the analyses from running after each (a pause of the machine may still let one or two through).
  for (let k = 0; k < 20; k++) {
    edit();
    await sleep(30);
  }
  await analyzer.whenIdle();
  assert.ok(analyzer.stats.analysesStarted - opened <= 5, `${analyzer.stats.analysesStarted - opened} analyses for 20 keystrokes`);
  assert.equal(published[published.length - 1], doc.version, 'the last publish is of the last version');
  assert.ok(published.every((v, i) => i === 0 || v > published[i - 1]), 'versions only go up');
});

test('the analyzer: a fixed debounce (initializationOptions.debounceMs) replaces the adaptive one', () => {
  const { analyzer, uri } = setup(10);
  analyzer.delay = 777;
  assert.equal(analyzer.typingDelay(uri), 777);
  analyzer.delay = undefined;
  assert.ok(analyzer.typingDelay(uri) < 777);
});
