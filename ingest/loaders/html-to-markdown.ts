import TurndownService from 'turndown';
import { escapeBlockMarkers } from './markdown-escape.js';

/** The few DOM members we touch; the project does not load the DOM type library. */
interface DomNode {
  nodeName: string;
  textContent: string | null;
  parentNode: DomNode | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

export interface HtmlConversion {
  markdown: string;
  /** `<title>` text, else the first `#` heading. */
  title?: string;
}

const DROPPED = ['script', 'style', 'nav', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'object', 'embed'] as const;

function cellText(content: string): string {
  return content.replace(/\n+/g, ' ').replace(/\|/g, '\\|').trim();
}

function isHeaderRow(row: DomNode): boolean {
  let table: DomNode | null = row.parentNode;
  while (table && table.nodeName !== 'TABLE') table = table.parentNode;
  if (!table) return false;
  const first = findFirstRow(table);
  return first === row;
}

function findFirstRow(node: DomNode): DomNode | undefined {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeName === 'TR') return child;
    if (child.nodeName === 'THEAD' || child.nodeName === 'TBODY' || child.nodeName === 'TFOOT') {
      const found = findFirstRow(child);
      if (found) return found;
    }
  }
  return undefined;
}

function countCells(row: DomNode): number {
  return Array.from(row.childNodes).filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH').length;
}

/** GFM pipe tables: turndown's core flattens tables into run-on text, losing row structure. */
function addTableRules(service: TurndownService): void {
  service.addRule('tableCell', {
    filter: ['th', 'td'],
    replacement: (content) => `| ${cellText(content)} `,
  });
  service.addRule('tableRow', {
    filter: 'tr',
    replacement: (content, node) => {
      const row = node as unknown as DomNode;
      const line = `\n${content}|`;
      if (!isHeaderRow(row)) return line;
      return `${line}\n${'| --- '.repeat(Math.max(1, countCells(row)))}|`;
    },
  });
  service.addRule('tableSection', {
    filter: ['thead', 'tbody', 'tfoot'],
    replacement: (content) => content,
  });
  service.addRule('table', {
    filter: 'table',
    replacement: (content) => `\n\n${content.replace(/^\n+|\n+$/g, '')}\n\n`,
  });
}

export function htmlToMarkdown(html: string): HtmlConversion {
  let title: string | undefined;
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
    strongDelimiter: '**',
  });
  service.escape = escapeBlockMarkers;
  service.remove([...DROPPED, 'head'] as unknown as TurndownService.Filter);
  service.addRule('title', {
    filter: 'title' as TurndownService.Filter,
    replacement: (_content, node) => {
      title ??= (node as unknown as DomNode).textContent?.replace(/\s+/g, ' ').trim() || undefined;
      return '';
    },
  });
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const el = node as unknown as DomNode;
      const alt = (el.getAttribute?.('alt') ?? '').replace(/\s+/g, ' ').trim();
      const src = el.getAttribute?.('src') ?? '';
      // Inline data URIs (mammoth, pasted screenshots) are megabytes of base64 and no text.
      if (!src || src.startsWith('data:')) return alt;
      return `![${alt}](${src})`;
    },
  });
  addTableRules(service);

  const markdown = service
    .turndown(html)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  title ??= markdown.match(/^# +(.+?)\s*#*$/m)?.[1];
  return { markdown, title };
}
