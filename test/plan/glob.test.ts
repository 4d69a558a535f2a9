import { describe, expect, it } from 'vitest';
import { matchesGlob } from '../../src/plan/index.js';

describe('matchesGlob', () => {
  it('matches * as any run of characters, including none', () => {
    expect(matchesGlob('break-glass-1', ['break-glass-*'])).toBe(true);
    expect(matchesGlob('break-glass-', ['break-glass-*'])).toBe(true);
    expect(matchesGlob('xbreak-glass-1', ['break-glass-*'])).toBe(false);
  });

  it('matches ? as exactly one character', () => {
    expect(matchesGlob('svc1', ['svc?'])).toBe(true);
    expect(matchesGlob('svc12', ['svc?'])).toBe(false);
    expect(matchesGlob('svcé', ['svc?'])).toBe(true);
  });

  it('ignores case, as Portainer does for usernames', () => {
    expect(matchesGlob('Break-Glass-1', ['BREAK-glass-*'])).toBe(true);
  });

  it('treats every other character literally', () => {
    expect(matchesGlob('a.b', ['a.b'])).toBe(true);
    expect(matchesGlob('axb', ['a.b'])).toBe(false);
    expect(matchesGlob('a+b(c)[d]{e}|f^$\\', ['a+b(c)[d]{e}|f^$\\'])).toBe(true);
  });

  it('matches when any pattern matches, and never with no patterns', () => {
    expect(matchesGlob('ops', ['dev*', 'ops'])).toBe(true);
    expect(matchesGlob('ops', [])).toBe(false);
  });
});
