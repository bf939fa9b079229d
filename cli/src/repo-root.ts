// Where SARIF paths are relative to: the repository root, so that code
// scanning places alerts on the right files even when the CLI runs in a
// subfolder. Found by walking up to the nearest `.git` (a folder, or a file in
// worktrees and submodules), as git itself does.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function repositoryRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
