import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown, parseBlocks, safeHref } from './markdown';

function html(source: string) {
  const { container } = render(<Markdown source={source} />);
  return container;
}

describe('Markdown', () => {
  it('renders headings one level below the page, paragraphs, lists and code', () => {
    const c = html('## Fix\nFirst line\nsame paragraph.\n\n1. `net stop spooler`\n2. Delete **all** files\n\n- a\n- *b*\n\n```\n<b>raw</b>\n```');
    expect(c.querySelector('h3')?.textContent).toBe('Fix');
    expect(c.querySelector('p')?.textContent).toBe('First line same paragraph.');
    expect(c.querySelectorAll('ol li')).toHaveLength(2);
    expect(c.querySelector('ol li code')?.textContent).toBe('net stop spooler');
    expect(c.querySelector('ol li strong')?.textContent).toBe('all');
    expect(c.querySelector('ul li em')?.textContent).toBe('b');
    expect(c.querySelector('pre code')?.textContent).toBe('<b>raw</b>');
    expect(c.querySelector('pre b')).toBeNull();
  });

  it('keeps HTML as visible text: no script, img or event handler reaches the DOM', () => {
    const c = html('Hello <script>window.pwned=1</script> and <img src=x onerror="alert(1)">\n\n# <iframe src="//evil">');
    expect(c.querySelector('script')).toBeNull();
    expect(c.querySelector('img')).toBeNull();
    expect(c.querySelector('iframe')).toBeNull();
    expect(c.textContent).toContain('<script>window.pwned=1</script>');
    expect(c.querySelector('[onerror]')).toBeNull();
    expect(c.innerHTML).toContain('&lt;script&gt;');
  });

  it('links only http(s) targets; javascript:, data: and disguised schemes stay inert text', () => {
    const c = html(
      '[docs](https://example.com/a_(b)) [x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html,hi) [w](java%0ascript:alert) [rel](/kb/1)',
    );
    const links = [...c.querySelectorAll('a')];
    expect(links).toHaveLength(1);
    expect(links[0].getAttribute('href')).toBe('https://example.com/a_(b)');
    expect(links[0].getAttribute('rel')).toContain('noopener');
    expect(c.textContent).toContain('x (javascript:alert(1))');
    for (const a of c.querySelectorAll('[href]')) expect(a.getAttribute('href')).toMatch(/^https?:/);
  });

  it('safeHref refuses control characters and non-web schemes', () => {
    expect(safeHref('http://a.example/x')).toBe('http://a.example/x');
    expect(safeHref('java\tscript:alert(1)')).toBeNull();
    expect(safeHref(' javascript:alert(1)')).toBeNull();
    expect(safeHref('mailto:a@b.c')).toBeNull();
    expect(safeHref('//evil.example')).toBeNull();
  });

  it('keeps snake_case words and lone markers literal', () => {
    const c = html('run cleanmgr_sageset with 2 * 3 and C:\\Windows\\*');
    expect(c.querySelector('em')).toBeNull();
    expect(c.textContent).toBe('run cleanmgr_sageset with 2 * 3 and C:\\Windows\\*');
  });

  it('does not pair underscores inside code-like words across a line', () => {
    const c = html('<script>window.__pwned = 1</script>\n<img onerror="window.__pwned = 2"> and __bold__ and *it*');
    expect(c.textContent).toContain('<script>window.__pwned = 1</script>');
    expect([...c.querySelectorAll('strong')].map((e) => e.textContent)).toEqual(['bold']);
    expect(c.querySelector('em')?.textContent).toBe('it');
  });

  it('parses a list item continued on the next indented line', () => {
    expect(parseBlocks('- one\n  more\n- two')).toEqual([{ kind: 'list', ordered: false, items: ['one more', 'two'] }]);
  });
});
