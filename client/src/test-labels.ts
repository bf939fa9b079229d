// Texts the Test Explorer shows for pipeline tests (no `vscode` import: unit-tested in node).

/** A test name as plain text: `$(icon)` is the only markup a test label renders; line breaks would break the row. */
export function inertLabel(name: string): string {
  return name.replace(/\$\(/g, '$\u200b(').replace(/[\r\n]+/g, ' ');
}

/** A VX405 branch key as a coverage label: `filter:valid:pass` -> `valid passes`, `route:r:eu` -> `r.eu`, `dead-letter:s` -> `s fails to its dead_letter`. */
export function branchLabel(key: string): string {
  const [kind, id, what] = key.split(':');
  if (kind === 'filter') return `${id} ${what === 'pass' ? 'passes' : 'drops'}`;
  if (kind === 'route') return `${id}.${what}`;
  if (kind === 'dead-letter') return `${id} fails to its dead_letter`;
  return key;
}
