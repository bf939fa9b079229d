// The edited span of two texts (editRegion: blocks compared natively, then
// characters) and the line index made from the previous one by an edit
// (LineIndex.edited), against plain reference computations on random edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editRegion, LineIndex } from '../../core/src/text';

let seed = 3;
// The high bits (an LCG's low bits repeat with a short period).
const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), Math.floor(seed / 65536) % k);
const ALPHABET = 'ab \n:-x#';
const randomText = (n: number, alphabet = ALPHABET) => Array.from({ length: n }, () => alphabet[rand(alphabet.length)]).join('');

/** One random edit of `text`: a replacement of a random span by random text. */
function edited(text: string, alphabet = ALPHABET): string {
  const at = rand(text.length + 1);
  const removed = rand(Math.min(20, text.length - at) + 1);
  return text.slice(0, at) + randomText(rand(8), alphabet) + text.slice(at + removed);
}

function reference(a: string, b: string) {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let ea = a.length;
  let eb = b.length;
  while (ea > start && eb > start && a[ea - 1] === b[eb - 1]) {
    ea--;
    eb--;
  }
  return { start, oldEnd: ea, newEnd: eb };
}

test('the edited span is the common prefix and suffix, for texts of many block sizes', () => {
  for (const size of [0, 10, 300, 5000, 70_000, 200_000]) {
    let text = randomText(size);
    for (let i = 0; i < 20; i++) {
      const next = edited(text);
      assert.deepEqual(editRegion(text, next), reference(text, next), `size ${size}, edit ${i}`);
      text = next;
    }
  }
});

test('a line index edited through a sequence of edits equals one made from the text', () => {
  for (const alphabet of [ALPHABET, 'ab\r\n\n']) {
    let text = randomText(3000, alphabet);
    let lines = new LineIndex(text);
    for (let i = 0; i < 300; i++) {
      const next = edited(text, alphabet);
      lines = LineIndex.edited(lines, next, editRegion(text, next));
      const fresh = new LineIndex(next);
      assert.equal(lines.lineCount, fresh.lineCount, `edit ${i}`);
      for (let line = 0; line < fresh.lineCount; line++) assert.equal(lines.lineStart(line), fresh.lineStart(line), `edit ${i}, line ${line}`);
      text = next;
    }
  }
});
