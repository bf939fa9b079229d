// The SARIF rules table (`tool.driver.rules`): every code of the catalog with
// what GitHub code scanning shows on an alert: a full description (the first
// paragraph of "What it does" on the rule's page), the page itself as help
// (markdown, and a plain-text rendering), the page's URL, and the tags and
// precision it filters and sorts by. The pages are bundled at build time
// (scripts/gen-rule-docs.mjs), so nothing is read at run time.
import { docsUrl, type RuleInfo, type Severity } from '../../core/src/index';
import pages from './rule-docs.generated.json';

export const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

type Precision = 'very-high' | 'high' | 'medium' | 'low';

/**
 * Tags and precision by rule family. Syntax, schema and topology findings are
 * facts of the file; delivery rules read settings whose risk depends on the
 * deployment; the capacity model's are estimates from declared figures.
 */
export function ruleFamily(code: string): { tags: string[]; precision: Precision } {
  const n = Number(code.slice(2));
  if (code === 'VX016' || code === 'VX113') return { tags: ['correctness', 'schema-flow'], precision: 'high' };
  if (n < 100) return { tags: ['correctness', 'syntax'], precision: 'very-high' };
  if (n < 200) return { tags: ['correctness', 'topology'], precision: 'very-high' };
  if (n < 300) return { tags: ['reliability', 'delivery'], precision: 'high' };
  if (code === 'VX306' || code === 'VX307') return { tags: ['reliability', 'monitoring'], precision: 'high' };
  if (n < 400) return { tags: ['performance', 'capacity-model'], precision: 'medium' };
  return { tags: ['correctness', 'pipeline-tests'], precision: 'very-high' };
}

/** The page without its `# VXnnn name` title, relative links made absolute (GitHub shows the help away from the repository). */
export function helpMarkdown(code: string): string | undefined {
  const page = (pages as Record<string, string>)[code];
  if (page === undefined) return undefined;
  const body = page.replace(/^# .*\n+/, '');
  return body.replace(/\]\(([^)\s]+)\)/g, (whole, href: string) => (/^([a-z]+:|#)/i.test(href) ? whole : `](${new URL(href, docsUrl(code)).href})`));
}

/** A plain-text rendering of rule-page markdown: no fences, emphasis, code ticks or heading marks; links as `text (url)`. */
export function markdownToText(markdown: string): string {
  // Inline marks may span lines (a code span wrapped in the page), so they go after the line-wise ones.
  return markdown
    .split('\n')
    .filter((line) => !/^\s*```/.test(line))
    .map((line) => line.replace(/^#+\s*/, ''))
    .join('\n')
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The first paragraph under "## What it does", as plain text. */
function whatItDoes(markdown: string): string | undefined {
  const m = /^## What it does[ \t]*\n+([\s\S]*?)(?:\n[ \t]*\n|(?![\s\S]))/m.exec(markdown);
  return m ? markdownToText(m[1]).replace(/\s*\n\s*/g, ' ') : undefined;
}

export function sarifRule(r: RuleInfo) {
  const short = r.summary.replace(/`/g, '') || r.name;
  const markdown = helpMarkdown(r.code);
  const { tags, precision } = ruleFamily(r.code);
  return {
    id: r.code,
    name: r.name,
    shortDescription: { text: short },
    fullDescription: { text: (markdown && whatItDoes(markdown)) || short },
    help: markdown ? { text: markdownToText(markdown), markdown } : { text: `${short} ${docsUrl(r.code)}`, markdown: `${r.summary} [Rule page](${docsUrl(r.code)})` },
    helpUri: docsUrl(r.code),
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { tags, precision },
  };
}
