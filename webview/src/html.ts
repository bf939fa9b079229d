// The webview's HTML shell: a strict content security policy, one nonce'd
// script and the codicon stylesheet (with its font) from dist/, nothing else.
// Used by the panel and by the browser test, so the test exercises the policy
// the extension ships.
export interface WebviewHtmlOptions {
  /** `webview.cspSource` (the origin local resources are served from). */
  cspSource: string;
  /** A fresh random nonce per page. */
  nonce: string;
  /** URL of dist/webview.js as the webview sees it. */
  scriptUri: string;
  /**
   * URL of dist/codicons/codicon.css (copied from @vscode/codicons by
   * scripts/bundle.mjs) as the webview sees it. Its font, codicon.ttf, is
   * loaded relative to it, from the same origin (`font-src`).
   */
  codiconsUri: string;
  title?: string;
}

function attr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function webviewHtml(o: WebviewHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce)) throw new Error('webviewHtml: the nonce must be at least 16 base64 characters');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${attr(o.title ?? 'Veltrix graph')}</title>
<link rel="stylesheet" nonce="${attr(o.nonce)}" href="${attr(o.codiconsUri)}">
</head>
<body>
<div id="app" aria-busy="true"></div>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}
