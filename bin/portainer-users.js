#!/usr/bin/env node
// CommonJS (bin/package.json says so): the entry runs before Node's ES module loader starts.
require('../dist/bundle/start.cjs');
