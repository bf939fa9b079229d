#!/usr/bin/env node
'use strict';
// Runs the bundled CLI; builds it first when the bundle is missing (a fresh clone before `npm run build`).
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  require('node:child_process').execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'bundle.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
}
require(bundle);
