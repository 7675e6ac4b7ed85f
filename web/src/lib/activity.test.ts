import { describe, expect, it } from 'vitest';
import { IDLE_AFTER_MS, isIdle, noteActivity, whileActive } from './activity';

describe('activity', () => {
  it('keeps refreshing while the user is around and stops once idle', () => {
    const t0 = Date.now();
    noteActivity(t0);
    expect(isIdle(t0 + IDLE_AFTER_MS)).toBe(false);
    expect(isIdle(t0 + IDLE_AFTER_MS + 1)).toBe(true);
    noteActivity();
    expect(whileActive(30_000)()).toBe(30_000);
    noteActivity(Date.now() - IDLE_AFTER_MS - 1000);
    expect(whileActive(30_000)()).toBe(false);
  });
});
