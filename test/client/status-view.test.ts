// The status item's texts: each server state, and the error state offering the restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crashedReason, startFailedReason, statusView } from '../../client/src/status-view';

test('the running states show the state, not problem counts', () => {
  assert.equal(statusView({ kind: 'starting' }).text, '$(sync~spin) Veltrix starting');
  assert.equal(statusView({ kind: 'analysing' }).text, '$(sync~spin) Veltrix analysing');
  const ready = statusView({ kind: 'ready' });
  assert.equal(ready.text, '$(check) Veltrix ready');
  assert.equal(ready.command, 'veltrix.openGraph');
  for (const kind of ['starting', 'analysing', 'ready'] as const) assert.equal(statusView({ kind }).error, undefined, kind);
});

test('a stopped server offers the restart without claiming an error', () => {
  const v = statusView({ kind: 'stopped' });
  assert.equal(v.text, '$(circle-slash) Veltrix stopped');
  assert.equal(v.command, 'veltrix.restartServer');
  assert.equal(v.error, undefined);
});

test('a server that failed to start shows the error, why, and how to restart it', () => {
  const v = statusView({ kind: 'error', reason: startFailedReason(new Error('Pending response rejected since connection got disposed')) });
  assert.equal(v.text, '$(error) Veltrix server error');
  assert.equal(v.command, 'veltrix.restartServer');
  assert.equal(v.error, true);
  assert.equal(
    v.tooltip,
    'The Veltrix language server failed to start: Pending response rejected since connection got disposed. See the "Veltrix" output for details. Click, or run "Veltrix: Restart Language Server", to restart it.',
  );
});

test('a server that crashed too often says so', () => {
  const v = statusView({ kind: 'error', reason: crashedReason(5, 3) });
  assert.match(v.tooltip, /^The Veltrix language server crashed 5 times in 3 minutes and was not restarted\. /);
  assert.match(v.tooltip, /"Veltrix: Restart Language Server"/);
});

test('start failure reasons read as one sentence whatever was thrown', () => {
  assert.equal(startFailedReason(new Error('spawn ENOENT.\n  at x')), 'The Veltrix language server failed to start: spawn ENOENT. at x.');
  assert.equal(startFailedReason('boom'), 'The Veltrix language server failed to start: boom.');
  assert.equal(startFailedReason(undefined), 'The Veltrix language server failed to start.');
  assert.equal(startFailedReason(new Error('')), 'The Veltrix language server failed to start.');
});
