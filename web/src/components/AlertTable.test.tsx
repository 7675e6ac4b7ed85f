import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { Alert } from '../api/types';
import { filterAlerts } from '../lib/alertFilter';
import { AlertTable } from './AlertTable';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const base = {
  customer_id: 1,
  device_id: 10,
  message: '',
  opened_at: '2026-11-23T08:00:00Z',
  last_event_at: '2026-11-23T08:00:00Z',
  repeat_count: 0,
  acknowledged_by: null,
  resolved_at: null,
  ticket_id: null,
};
const alerts: Alert[] = [
  { ...base, id: 1, device_name: 'HVL-SRV01', condition: 'cpu_high', severity: 'warning', status: 'open', acknowledged_at: null, message: 'CPU 97% for 10 min' },
  { ...base, id: 2, device_name: 'HVL-WS02', condition: 'offline', severity: 'critical', status: 'open', acknowledged_at: '2026-11-23T08:10:00Z' },
  { ...base, id: 3, device_name: 'BSD-SRV01', condition: 'backup_failed', severity: 'critical', status: 'resolved', acknowledged_at: null, resolved_at: '2026-11-23T08:30:00Z' },
];

describe('filterAlerts', () => {
  it('filters by severity', () => {
    expect(filterAlerts(alerts, { severity: 'critical' }).map((a) => a.id)).toEqual([2, 3]);
  });
  it('"not acknowledged" means open and not yet acknowledged', () => {
    expect(filterAlerts(alerts, { ack: 'no' }).map((a) => a.id)).toEqual([1]);
    expect(filterAlerts(alerts, { ack: 'yes' }).map((a) => a.id)).toEqual([2]);
  });
  it('matches text in device name, condition and message, ignoring case', () => {
    expect(filterAlerts(alerts, { text: 'hvl' }).map((a) => a.id)).toEqual([1, 2]);
    expect(filterAlerts(alerts, { text: '97%' }).map((a) => a.id)).toEqual([1]);
    expect(filterAlerts(alerts, { text: 'backup' }).map((a) => a.id)).toEqual([3]);
    expect(filterAlerts(alerts, { text: 'nothing' })).toEqual([]);
  });
});

describe('AlertTable', () => {
  it('offers Acknowledge only on open, unacknowledged alerts and reports the click', () => {
    const onAck = vi.fn();
    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <AlertTable alerts={alerts} now={NOW} onAcknowledge={onAck} />
      </MemoryRouter>,
    );
    const buttons = screen.getAllByRole('button', { name: /^Acknowledge/ });
    expect(buttons).toHaveLength(1);
    expect(buttons[0].getAttribute('aria-label')).toBe('Acknowledge CPU high on HVL-SRV01');
    fireEvent.click(buttons[0]);
    expect(onAck).toHaveBeenCalledWith(alerts[0]);
  });

  it('shows state, relative time and links to the device', () => {
    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <AlertTable alerts={alerts} now={NOW} />
      </MemoryRouter>,
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[0]).getByText('1 h ago')).toBeTruthy();
    expect(within(rows[1]).getByText('Acknowledged')).toBeTruthy();
    expect(within(rows[2]).getByText('Resolved')).toBeTruthy();
    expect(within(rows[0]).getByRole('link', { name: 'HVL-SRV01' }).getAttribute('href')).toBe('/devices/10');
    expect(screen.queryByRole('button')).toBeNull();
  });
});
