// A deliberately small Markdown renderer for knowledge articles: headings,
// paragraphs, lists, fenced and inline code, bold, italic and links. It
// builds React elements only — never an HTML string — so anything that looks
// like HTML in an article (<script>, <img onerror>) stays visible text, and a
// link becomes an <a> only when its target is http(s); any other scheme
// (javascript:, data:, vbscript:) is shown as plain text.
import type { ReactNode } from 'react';

export function safeHref(url: string): string | null {
  const u = url.trim();
  // Control characters and whitespace inside a URL are how schemes get
  // smuggled past a prefix check ("java\tscript:"); refuse them outright.
  // eslint-disable-next-line no-control-regex
  if (!u || /[\u0000-\u0020\u007f]/.test(u)) return null;
  if (!/^https?:\/\//i.test(u)) return null;
  try {
    const parsed = new URL(u);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

// The closing marker of an emphasis: not after a space, and for "_" not
// inside a word ("a.__b = 1" is no bold), as CommonMark's flanking rules.
function findClose(text: string, marker: string, from: number): number {
  for (let end = text.indexOf(marker, from); end !== -1; end = text.indexOf(marker, end + 1)) {
    const before = text[end - 1];
    const after = text[end + marker.length];
    if (end === from || before === ' ') continue;
    if (marker[0] === '_' && after !== undefined && /[A-Za-z0-9]/.test(after)) continue;
    return end;
  }
  return -1;
}

function underscoreOpens(text: string, i: number): boolean {
  return i === 0 || /[\s(["']/.test(text[i - 1]);
}

// Inline markup, earliest token first; unmatched markers stay literal.
export function renderInline(text: string, key = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let plain = '';
  let n = 0;
  const flush = () => {
    if (plain) out.push(plain);
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const rest = text.slice(i);
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push(<code key={`${key}-${n++}`}>{text.slice(i + 1, end)}</code>);
        i = end + 1;
        continue;
      }
    } else if (rest.startsWith('**') || rest.startsWith('__')) {
      const marker = rest.slice(0, 2);
      const end = marker === '__' && !underscoreOpens(text, i) ? -1 : findClose(text, marker, i + 2);
      if (end > i + 2 && text[i + 2] !== ' ') {
        flush();
        out.push(<strong key={`${key}-${n++}`}>{renderInline(text.slice(i + 2, end), `${key}-${n}`)}</strong>);
        i = end + 2;
        continue;
      }
    } else if ((c === '*' || c === '_') && text[i + 1] !== ' ' && text[i + 1] !== undefined) {
      // _ only after a space or an opening bracket, so snake_case_names and
      // window.__proto__ stay as they are.
      const wordStart = underscoreOpens(text, i);
      const end = findClose(text, c, i + 1);
      if (end > i + 1 && (c === '*' || wordStart)) {
        flush();
        out.push(<em key={`${key}-${n++}`}>{renderInline(text.slice(i + 1, end), `${key}-${n}`)}</em>);
        i = end + 1;
        continue;
      }
    } else if (c === '[') {
      const m = /^\[([^\]]+)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)/.exec(rest);
      if (m) {
        flush();
        const href = safeHref(m[2]);
        const label = renderInline(m[1], `${key}-${n}`);
        out.push(
          href ? (
            <a key={`${key}-${n++}`} href={href} target="_blank" rel="noopener noreferrer nofollow">
              {label}
            </a>
          ) : (
            // Not a web link: the reader sees the text and the target, inert.
            <span key={`${key}-${n++}`} className="md-unsafe-link">
              {label} ({m[2]})
            </span>
          ),
        );
        i += m[0].length;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'quote'; text: string };

const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+(.*)$/;

export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const endPara = () => {
    if (para.length) blocks.push({ kind: 'paragraph', text: para.join(' ') });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*```/.test(line)) {
      endPara();
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```/.test(lines[i])) code.push(lines[i++]);
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    if (!line.trim()) {
      endPara();
      continue;
    }
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      endPara();
      blocks.push({ kind: 'heading', level: h[1].length, text: h[2] });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      endPara();
      const ordered = /\d/.test(item[1]);
      const last = blocks[blocks.length - 1];
      if (last && last.kind === 'list' && last.ordered === ordered && i > 0 && lines[i - 1].trim()) {
        last.items.push(item[2]);
      } else {
        blocks.push({ kind: 'list', ordered, items: [item[2]] });
      }
      continue;
    }
    const q = /^\s*>\s?(.*)$/.exec(line);
    if (q) {
      endPara();
      const last = blocks[blocks.length - 1];
      if (last && last.kind === 'quote' && lines[i - 1].trim()) last.text += ' ' + q[1];
      else blocks.push({ kind: 'quote', text: q[1] });
      continue;
    }
    // A continuation line of the previous list item.
    const last = blocks[blocks.length - 1];
    if (!para.length && last && last.kind === 'list' && /^\s+/.test(line) && lines[i - 1].trim()) {
      last.items[last.items.length - 1] += ' ' + line.trim();
      continue;
    }
    para.push(line.trim());
  }
  endPara();
  return blocks;
}

// Article headings sit below the page's h1: "#" becomes h2, and so on.
export function Markdown({ source, className }: { source: string; className?: string }) {
  const blocks = parseBlocks(source);
  return (
    <div className={`markdown ${className ?? ''}`}>
      {blocks.map((b, i) => {
        const k = `b${i}`;
        switch (b.kind) {
          case 'heading': {
            const level = Math.min(6, b.level + 1);
            const Tag = `h${level}` as 'h2';
            return <Tag key={k}>{renderInline(b.text, k)}</Tag>;
          }
          case 'code':
            return (
              <pre key={k}>
                <code>{b.text}</code>
              </pre>
            );
          case 'list': {
            const items = b.items.map((t, j) => <li key={j}>{renderInline(t, `${k}-${j}`)}</li>);
            return b.ordered ? <ol key={k}>{items}</ol> : <ul key={k}>{items}</ul>;
          }
          case 'quote':
            return <blockquote key={k}>{renderInline(b.text, k)}</blockquote>;
          default:
            return <p key={k}>{renderInline(b.text, k)}</p>;
        }
      })}
    </div>
  );
}
