import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_NODE_VERSION, nodeVersionProblem } from '../core/cli/node-version';

describe('the command line refuses a Node older than it runs on', () => {
  it('names the same minimum as package.json engines', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    const engines = String(pkg.engines.node).replace(/^>=\s*/, '');
    const full = [...engines.split('.'), '0', '0'].slice(0, 3).join('.');
    expect(full).toBe(MIN_NODE_VERSION);
  });

  it('says which Node it needs and which it found, in Chinese', () => {
    const msg = nodeVersionProblem('20.20.2');
    expect(msg).toContain('22.12.0');
    expect(msg).toContain('20.20.2');
    expect(msg).toMatch(/请安装 Node\.js/);
    expect(nodeVersionProblem('22.11.9')).toBeDefined();
    expect(nodeVersionProblem('21.99.0')).toBeDefined();
  });

  it('lets the minimum and anything newer through', () => {
    expect(nodeVersionProblem('22.12.0')).toBeUndefined();
    expect(nodeVersionProblem('22.23.5')).toBeUndefined();
    expect(nodeVersionProblem('24.1.0')).toBeUndefined();
    expect(nodeVersionProblem(process.versions.node)).toBeUndefined();
  });
});
