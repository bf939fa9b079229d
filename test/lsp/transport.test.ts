// The server's writer splices answers that are JSON text already (RawJson)
// into the message; everything else is encoded as the library encodes it.
// Other transports encode RawJson through its toJSON: the same value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from 'vscode-jsonrpc';
import { encodeBytes, encodeMessage, RawJson, RawJsonBytes } from '../../server/src/transport';

const value = [{ name: 'a "quoted" \u00e9 name', range: { start: { line: 1, character: 2 }, end: { line: 3, character: 4 } }, children: [] }, { n: null }];

test('a response with a RawJson result is the message with the value in it', () => {
  const msg = { jsonrpc: '2.0', id: 7, result: new RawJson(JSON.stringify(value)) } as Message;
  const text = encodeMessage(msg);
  assert.deepEqual(JSON.parse(text), { jsonrpc: '2.0', id: 7, result: value });
  // Through the encoder of any other transport (JSON.stringify and its toJSON): the same message.
  assert.deepEqual(JSON.parse(JSON.stringify(msg)), JSON.parse(text));
});

test('string ids and empty lists are spliced as they are; other messages are encoded as usual', () => {
  assert.deepEqual(JSON.parse(encodeMessage({ jsonrpc: '2.0', id: 'x"1', result: new RawJson('[]') } as Message)), { jsonrpc: '2.0', id: 'x"1', result: [] });
  const plain = { jsonrpc: '2.0', id: 1, result: { a: [1, 2] } } as Message;
  assert.equal(encodeMessage(plain), JSON.stringify(plain));
  const notification = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///x', diagnostics: [] } } as Message;
  assert.equal(encodeMessage(notification), JSON.stringify(notification));
  const error = { jsonrpc: '2.0', id: 2, error: { code: -32800, message: 'cancelled' } } as Message;
  assert.equal(encodeMessage(error), JSON.stringify(error));
});

test('the bytes written are the UTF-8 of the message, for a big RawJson answer asked again too (its bytes kept)', () => {
  const big = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ name: `cé${i}`, line: i })));
  for (const id of [1, 2]) {
    const msg = { jsonrpc: '2.0', id, result: new RawJson(big) } as Message;
    assert.deepEqual(encodeBytes(msg), Buffer.from(encodeMessage(msg), 'utf-8'));
  }
  const small = { jsonrpc: '2.0', id: 3, result: new RawJson('[1]') } as Message;
  assert.deepEqual(encodeBytes(small), Buffer.from(encodeMessage(small), 'utf-8'));
});

test('publishDiagnostics params whose diagnostics are RawJsonBytes are the message with the list in it, on every transport', () => {
  const list = [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, message: 'a "q" \u00e9 µs →', code: 'VX100' }];
  const params = { uri: 'file:///x"y', version: 3, diagnostics: new RawJsonBytes(Buffer.from(JSON.stringify(list), 'utf-8')) };
  const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params } as Message;
  const plain = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///x"y', version: 3, diagnostics: list } };
  assert.deepEqual(JSON.parse(encodeBytes(msg).toString('utf-8')), plain);
  assert.deepEqual(JSON.parse(JSON.stringify(msg)), plain);
});
