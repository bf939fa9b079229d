// A component hover leads with what matters: what it is and its model
// figures, then where it sits (inputs, consumers, a capped field list), and
// the diagnostics on it last.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../core/src/index';
import * as lang from '../../core/src/language/index';
import { memoryHost } from '../helpers/host';

const URI = 'file:///w/mistakes.veltrix.yaml';
const text = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'mistakes.veltrix.yaml'), 'utf8');

test('component hover: header, figures, then inputs, events (capped), diagnostics last', () => {
  const { analyses } = analyzeDocument(URI, text, { host: memoryHost({ [URI]: text }) });
  const line = text.split('\n').findIndex((l) => l.startsWith('  payments_archive:'));
  const md = lang.hover({ uri: URI, analyses }, { line, character: 4 }, analyses[0].findings)!.markdown;
  const at = (s: string) => {
    const i = md.indexOf(s);
    assert.ok(i >= 0, `${s} in\n${md}`);
    return i;
  };
  assert.ok(md.startsWith('**payments_archive** — postgres sink'));
  assert.ok(at('Capacity model') < at('Inputs:'), 'figures before the neighbours');
  assert.ok(at('Inputs:') < at('Events:'));
  assert.ok(at('Events:') < at('**VX300**'), 'diagnostics after');
  assert.match(md, /… 4 more \}/, 'a long field list is cut');
});
