// The veltrix/graph responder: fresh views, and the last good view while the file does not parse.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { createGraphResponder } from '../../server/src/graph-handler';
import * as S from './samples';

test('graph responder: view, then stale last good view on a syntax error, then fresh again', async () => {
  let text = S.DANGLING;
  const r = createGraphResponder((_uri, load) => S.analyzeText(text, load));
  const first = await r.respond({ uri: S.MAIN_URI, load: 2 });
  assert.equal(first?.view?.load, 2);
  assert.equal(first?.parseError, undefined);
  assert.equal(first?.view?.nodes.length, 6);
  text = S.SYNTAX_ERROR;
  const broken = await r.respond({ uri: S.MAIN_URI });
  assert.equal(broken?.parseError, true);
  assert.equal(broken?.stale, true);
  assert.deepEqual(broken?.view, first?.view);
  text = S.CYCLE;
  const fresh = await r.respond({ uri: S.MAIN_URI });
  assert.equal(fresh?.stale, undefined);
  assert.equal(fresh?.view?.name, 'loop');
  r.forget(S.MAIN_URI);
  text = S.SYNTAX_ERROR;
  assert.deepEqual(await r.respond({ uri: S.MAIN_URI }), { view: null, parseError: true, stale: false });
  const none = createGraphResponder(() => undefined);
  assert.equal(await none.respond({ uri: 'file:///x' }), null);
});
