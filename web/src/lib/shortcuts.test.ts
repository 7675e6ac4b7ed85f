import { describe, expect, it } from 'vitest';
import { listAction, moveSelection } from './shortcuts';

const key = (k: string, over: Record<string, unknown> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, altKey: false, target: document.body, ...over }) as never;

describe('list shortcuts', () => {
  it('maps j/k, arrows, Enter and a', () => {
    expect(listAction(key('j'))).toBe('next');
    expect(listAction(key('ArrowUp'))).toBe('previous');
    expect(listAction(key('Enter'))).toBe('open');
    expect(listAction(key('a'))).toBe('acknowledge');
    expect(listAction(key('x'))).toBeNull();
  });
  it('does nothing while typing or with modifier keys', () => {
    const input = document.createElement('input');
    expect(listAction(key('j', { target: input }))).toBeNull();
    expect(listAction(key('a', { ctrlKey: true }))).toBeNull();
  });
  it('moves the selection within the list', () => {
    expect(moveSelection(-1, 'next', 3)).toBe(0);
    expect(moveSelection(2, 'next', 3)).toBe(2);
    expect(moveSelection(0, 'previous', 3)).toBe(0);
    expect(moveSelection(-1, 'previous', 3)).toBe(0);
    expect(moveSelection(1, 'next', 0)).toBe(-1);
  });
});
