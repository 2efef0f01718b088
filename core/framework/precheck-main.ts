/**
 * `node out/cli/framework-precheck.mjs`: run by scripts/cli-bundle.mjs on each new build, from the new bundle's
 * folder, so that the frameworks it checks are the ones copied beside that bundle (templates/frameworks) and the
 * checks are that bundle's own. Writes templates/checked (./prechecked.ts) and prints the ids written as JSON.
 */
import { writeCheckedBuiltins } from './registry';

process.stdout.write(`${JSON.stringify(writeCheckedBuiltins())}\n`);
