import { describe, expect, it } from 'vitest';
import { commandPollInterval, commandStatusLabel, commandTitle, commandTone, isFinalStatus, refusalText } from './commands';

describe('remote command runs', () => {
  it('poll every second while queued, sent or running', () => {
    expect(commandPollInterval(undefined, null)).toBe(1000);
    for (const status of ['pending', 'delivered', 'running']) {
      expect(commandPollInterval({ status }, null)).toBe(1000);
      expect(isFinalStatus(status)).toBe(false);
    }
  });
  it('stop polling at every final status and after a failed read', () => {
    for (const status of ['completed', 'timed_out', 'failed', 'refused', 'expired', 'cancelled']) {
      expect(commandPollInterval({ status }, null)).toBe(false);
      expect(isFinalStatus(status)).toBe(true);
    }
    expect(commandPollInterval({ status: 'running' }, new Error('404'))).toBe(false);
  });
  it('read as queued/sent and colour a failing exit code as bad', () => {
    expect(commandStatusLabel('pending')).toBe('Queued');
    expect(commandStatusLabel('delivered')).toBe('Sent');
    expect(commandStatusLabel('timed_out')).toBe('Timed out');
    expect(commandTone('completed', 0)).toBe('good');
    expect(commandTone('completed', 2)).toBe('bad');
    expect(commandTone('running', null)).toBe('warn');
    expect(commandTone('refused', null)).toBe('bad');
  });
  it('say why the agent refused, with the code', () => {
    expect(refusalText('expired')).toBe('refused: expired — it arrived after its expiry');
    expect(refusalText('bad_signature')).toContain('refused: bad_signature');
    expect(refusalText('something_new')).toBe('refused: something_new');
    expect(refusalText(null)).toBe('refused');
  });
  it('are named after their library script, else the first line of the command', () => {
    const scripts = [{ id: 4, name: 'Disk usage' }];
    expect(commandTitle({ script_id: 4, script: 'df -h' }, scripts)).toBe('Disk usage');
    expect(commandTitle({ script_id: null, script: 'uptime\nwho' }, scripts)).toBe('uptime');
    expect(commandTitle({ script_id: null, script: 'x'.repeat(80) }, scripts)).toHaveLength(60);
  });
});
