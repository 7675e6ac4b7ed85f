import { describe, expect, it } from 'vitest';
import { canEditPolicy, changedSettings } from './ThresholdsCard';

describe('changedSettings', () => {
  const current = { cpu_percent: 90, cpu_minutes: 5, system_volume_min_gb: 2 };
  it('sends only the values that differ from the policy in force', () => {
    expect(changedSettings(current, { cpu_percent: '90', cpu_minutes: '15', system_volume_min_gb: '2' })).toEqual({
      cpu_minutes: 15,
    });
  });
  it('keeps decimals where the API takes them and rounds whole-number settings', () => {
    expect(changedSettings(current, { system_volume_min_gb: '2.5', cpu_minutes: '7.6' })).toEqual({
      system_volume_min_gb: 2.5,
      cpu_minutes: 8,
    });
  });
  it('ignores empty and non-numeric fields', () => {
    expect(changedSettings(current, { cpu_percent: '', cpu_minutes: 'abc' })).toEqual({});
  });
});

describe('canEditPolicy', () => {
  it('is for owners and service managers only (the API route roles)', () => {
    expect(canEditPolicy('owner')).toBe(true);
    expect(canEditPolicy('service_manager')).toBe(true);
    expect(canEditPolicy('technician')).toBe(false);
    expect(canEditPolicy('portal')).toBe(false);
  });
});
