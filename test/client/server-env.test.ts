// The server's environment (client/src/server-env.ts): merged over the
// extension host's as the language client does, it leaves NODE_EXTRA_CA_CERTS
// out of the server process (Node parses that bundle at every start) and
// keeps everything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { serverEnv } from '../../client/src/server-env';

test('a server started with it has no NODE_EXTRA_CA_CERTS and the rest of the environment', () => {
  const host = { ...process.env, NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', VELTRIX_KEEP: 'kept' };
  const out = spawnSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify([process.env.NODE_EXTRA_CA_CERTS ?? null, process.env.VELTRIX_KEEP]))'], {
    env: { ...host, ...serverEnv() },
    encoding: 'utf8',
  });
  assert.deepEqual(JSON.parse(out.stdout), [null, 'kept']);
});
