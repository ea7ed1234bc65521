#!/usr/bin/env node
// Writes schema/trust.config.schema.json from the option table (run `npm run build` first).
import { writeFileSync } from 'node:fs';
import { buildConfigSchema } from '../dist/src/core/config-schema.js';

writeFileSync(new URL('../schema/trust.config.schema.json', import.meta.url), `${JSON.stringify(buildConfigSchema(), null, 2)}\n`);
console.log('wrote schema/trust.config.schema.json');
