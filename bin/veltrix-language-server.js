#!/usr/bin/env node
'use strict';
// Runs the bundled language server (stdio). The package ships dist/; in a checkout, `npm ci`
// (or `npm run build`) writes it. Nothing is built at run time.
const path = require('node:path');
const bundle = path.join(__dirname, '..', 'dist', 'server.js');
try {
  require.resolve(bundle);
} catch {
  process.stderr.write(`veltrix-language-server: ${bundle} is missing: run npm run build in the checkout\n`);
  process.exit(2);
}
require(bundle);
