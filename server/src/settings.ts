// Settings pulled per resource with `workspace/configuration`, cached per URI
// until the client says the configuration changed. Never module globals.
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, type VeltrixSettings } from '../../protocol/src/index';

export class SettingsCache {
  private readonly cache = new Map<string, Promise<VeltrixSettings>>();
  supported = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<VeltrixSettings> {
    if (!this.supported) return Promise.resolve(DEFAULT_SETTINGS);
    let p = this.cache.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then((raw) => normalise(raw), () => DEFAULT_SETTINGS);
      this.cache.set(uri, p);
    }
    return p;
  }

  clear(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }
}

export function normalise(raw: unknown): VeltrixSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<VeltrixSettings> & Record<string, unknown>;
  const rules: VeltrixSettings['rules'] = {};
  if (r.rules && typeof r.rules === 'object')
    for (const [code, level] of Object.entries(r.rules)) if (['off', 'hint', 'info', 'warning', 'error'].includes(String(level))) rules[code] = level as VeltrixSettings['rules'][string];
  return {
    enable: r.enable !== false,
    rules,
    model: { enabled: (r.model as { enabled?: unknown } | undefined)?.enabled !== false },
    trace: { server: (r.trace as VeltrixSettings['trace'] | undefined)?.server ?? 'off' },
    index: { maxFiles: maxFiles((r.index as { maxFiles?: unknown } | undefined)?.maxFiles) },
  };
}

/** `veltrix.index.maxFiles`: a non-negative integer, else the default. */
function maxFiles(raw: unknown): number {
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : DEFAULT_SETTINGS.index.maxFiles;
}
