import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/manifest/index.js';

describe('parseDuration', () => {
  it('reads one number and one unit', () => {
    expect(parseDuration('45s')).toBe(45);
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('12h')).toBe(43_200);
    expect(parseDuration('90d')).toBe(7_776_000);
    expect(parseDuration('2w')).toBe(1_209_600);
  });

  it('refuses anything else', () => {
    for (const text of ['', '90', 'd', '1d12h', '90D', ' 90d', '1.5d', '-1d', '90 d']) expect(parseDuration(text), text).toBeUndefined();
  });
});
