// Keyboard shortcuts of lists (alerts now, ticket queues later): j/k move
// the selection, Enter opens, a acknowledges. Ignored while typing.
import { useEffect } from 'react';

export function isTyping(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null;
  return !!t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
}

export type ListAction = 'next' | 'previous' | 'open' | 'acknowledge';

export function listAction(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): ListAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return null;
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'ArrowUp':
      return 'previous';
    case 'Enter':
    case 'o':
      return 'open';
    case 'a':
      return 'acknowledge';
    default:
      return null;
  }
}

// Moves an index within [0, count), starting from "nothing selected" (-1).
export function moveSelection(index: number, action: 'next' | 'previous', count: number): number {
  if (count === 0) return -1;
  if (action === 'next') return Math.min(index + 1, count - 1);
  return index <= 0 ? 0 : index - 1;
}

export function useListShortcuts(handler: (a: ListAction, e: KeyboardEvent) => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = listAction(e);
      if (!a) return;
      // Enter on a focused link or button keeps its own meaning.
      if (a === 'open' && e.key === 'Enter' && (e.target as HTMLElement)?.closest?.('a,button')) return;
      handler(a, e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [handler]);
}
