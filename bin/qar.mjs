#!/usr/bin/env node
/**
 * `qar`: the package's bin and what `npm run qar` runs. Starts the prebuilt bundle (out/cli/cli.mjs), building it
 * first when it is missing or older than its sources (said on stderr; a stale bundle never runs silently).
 */
import { ensureCliBundle } from '../scripts/cli-bundle.mjs';

const { main } = await import(await ensureCliBundle());
process.exitCode = await main(process.argv.slice(2));
