#!/usr/bin/env node
'use strict';
// Runs the bundled CLI. The package ships dist/; in a checkout, `npm ci`
// (or `npm run build`) writes it. Nothing is built at run time.
const path = require('node:path');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
try {
  require.resolve(bundle);
} catch {
  process.stderr.write(`veltrix-lint: ${bundle} is missing: run npm run build in the checkout\n`);
  process.exit(2);
}
require(bundle);
