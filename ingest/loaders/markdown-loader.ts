import matter from 'gray-matter';
import YAML from 'yaml';
import type { LoadedDocument } from '../loaded-document.js';
import { EmptyDocument } from '../../src/domain/errors.js';
import { decodeText } from './decode-text.js';
import type { LoaderContext } from './loader-context.js';
import { cleanMdx } from './mdx-cleaner.js';

interface FrontMatter {
  data: Record<string, unknown>;
  content: string;
  error?: string;
}

const refuseEngine = () => {
  throw new Error('only YAML front matter is supported');
};

/**
 * gray-matter's default engines include `---js`, which `eval`s the block: uploaded files must not
 * run code, so only YAML (parsed by `yaml`, which keeps dates as plain strings) is allowed.
 * Passing options also keeps gray-matter from caching every file's content forever.
 */
function splitFrontMatter(text: string): FrontMatter {
  // A leading `---` with no closing line is a thematic break, not front matter; gray-matter
  // would otherwise treat the whole page as front matter and return no content.
  if (!/^---[ \t]*\n[\s\S]*?\n---[ \t]*(?:\n|$)/.test(text)) return { data: {}, content: text };
  try {
    const parsed = matter(text, {
      engines: {
        yaml: (s: string) => (YAML.parse(s, { uniqueKeys: false }) ?? {}) as object,
        javascript: refuseEngine,
        js: refuseEngine,
        coffee: refuseEngine,
      },
    });
    const data = parsed.data && typeof parsed.data === 'object' && !Array.isArray(parsed.data) ? (parsed.data as Record<string, unknown>) : {};
    return { data, content: parsed.content };
  } catch (err) {
    // Broken front matter should not make the page unsearchable: drop the block, keep the body.
    const content = text.replace(/^---[ \t]*\n[\s\S]*?\n---[ \t]*(?:\n|$)/, '');
    return { data: {}, content, error: (err as Error).message };
  }
}

function firstH1(markdown: string): string | undefined {
  return markdown.match(/^# +(.+?)[ \t]*$/m)?.[1];
}

export function loadMarkdown(ctx: LoaderContext): LoadedDocument {
  const { text, encoding } = decodeText(ctx.bytes);
  const fm = splitFrontMatter(text);
  const markdown = cleanMdx(fm.content).trim();
  if (markdown === '') throw new EmptyDocument(`${ctx.sourcePath} has no content besides front matter and markup`, { details: { file: ctx.sourcePath } });

  const fmTitle = typeof fm.data.title === 'string' && fm.data.title.trim() ? fm.data.title.trim() : undefined;
  const metadata: Record<string, unknown> = { encoding };
  if (Object.keys(fm.data).length > 0) metadata.frontMatter = fm.data;
  if (fm.error) metadata.frontMatterError = fm.error;
  return { kind: 'doc', mimeType: 'text/markdown', title: fmTitle ?? firstH1(markdown), markdown, metadata };
}
