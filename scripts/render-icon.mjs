// Renders the extension icon (images/icon.svg) to images/icon.png, 128 x 128
// with a transparent background, as the Marketplace wants a PNG. The PNG is
// committed; run this after changing the SVG:
//   node scripts/render-icon.mjs [/path/to/chromium]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = fs.readFileSync(path.join(root, 'images', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.argv[2] ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent"><img width="128" height="128" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></body></html>`);
  await page.screenshot({ path: path.join(root, 'images', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log('wrote images/icon.png');
