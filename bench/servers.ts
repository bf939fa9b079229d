// The two language servers the benches compare: ours (dist/server.js, built
// when missing) and yaml-language-server given our JSON schema.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { ServerSpec } from './lsp-client';

const root = path.resolve(__dirname, '..');
const schemaUri = pathToFileURL(path.join(root, 'schemas', 'veltrix-v1.schema.json')).toString();

/** Our server; `debounceMs` null keeps its own (adaptive) typing debounce. */
export function ours(debounceMs: number | null = 0): ServerSpec {
  const bundle = path.join(root, 'dist', 'server.js');
  if (!fs.existsSync(bundle)) execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
  return {
    name: 'veltrix',
    command: process.execPath,
    args: [bundle, '--stdio'],
    // The edit rows measure analysis, not our typing debounce; the typing replay keeps it.
    initializationOptions: debounceMs === null ? {} : { debounceMs },
    configuration: (section) => (section === 'veltrix' ? { enable: true, rules: {}, model: { enabled: true } } : { veltrix: { enable: true } }),
  };
}

export function yamlLs(): ServerSpec {
  const yaml = { schemas: { [schemaUri]: '*.veltrix.yaml' }, validate: true, completion: true, hover: true, format: { enable: false }, schemaStore: { enable: false } };
  return {
    name: 'yaml-language-server',
    command: process.execPath,
    args: [path.join(root, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
    configuration: (section) => (section === 'yaml' ? yaml : section ? {} : { yaml }),
  };
}
