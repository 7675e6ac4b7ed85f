import { describe, expect, it } from 'vitest';
import { toLocalInput, windowState } from './MaintenanceCard';
import type { MaintenanceWindow } from './MaintenanceCard';

const w: MaintenanceWindow = {
  id: 1,
  customer_id: 1,
  device_id: null,
  starts_at: '2026-11-23T10:00:00Z',
  ends_at: '2026-11-23T12:00:00Z',
  reason: 'patching',
};

describe('maintenance windows', () => {
  it('are scheduled before, active during and ended at their end', () => {
    expect(windowState(w, Date.parse('2026-11-23T09:59:59Z'))).toBe('scheduled');
    expect(windowState(w, Date.parse('2026-11-23T10:00:00Z'))).toBe('active');
    expect(windowState(w, Date.parse('2026-11-23T11:59:59Z'))).toBe('active');
    expect(windowState(w, Date.parse('2026-11-23T12:00:00Z'))).toBe('ended');
  });
  it('formats a local datetime-local value that parses back to the same minute', () => {
    const ms = Date.parse('2026-11-23T09:05:00Z');
    const text = toLocalInput(ms);
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(new Date(text).getTime()).toBe(ms);
  });
});
