import { blockUnits, type Unit } from './block-units.js';
import { detectLanguage } from '../../src/domain/language.js';
import { parseMarkdown } from './markdown-blocks.js';
import { SectionPacker } from './section-packer.js';

export { detectLanguage } from '../../src/domain/language.js';

/** Sizes in characters as JavaScript counts them (`string.length`): a CJK character is 1. */
export interface ChunkOptions {
  size: number;
  overlap: number;
}

export interface DraftChunk {
  /** 0..n-1 in document order. */
  position: number;
  /** Texts of the headings above the chunk, outermost first, exactly as written after the `#`s. */
  headingPath: string[];
  /** Body text only: the headings are in `headingPath`, so indexers decide how to combine them. */
  content: string;
  language: 'zh' | 'en';
}

/**
 * Heading-aware chunking of normalised Markdown. Chunks never cross a heading; inside a section
 * blocks are packed up to `size`, long paragraphs are cut at sentence ends, tables and fenced code
 * stay whole up to 2× `size` (then are cut between rows/lines, the table header repeated), and
 * consecutive chunks of a section share up to `overlap` characters of whole sentences.
 */
export function chunkMarkdown(markdown: string, opts: ChunkOptions): DraftChunk[] {
  validate(opts);
  const chunks: DraftChunk[] = [];
  const trail: { level: number; text: string }[] = [];
  let headingPath: string[] = [];
  const emit = (units: Unit[]) => {
    const content = joinUnits(units).trim();
    // A chunk that is only code or a table says little about the page's language (commands
    // look English on a Chinese page), so its heading trail takes part in the guess.
    const prose = units.some((u) => u.kind === 'text');
    const language = detectLanguage(prose ? content : `${headingPath.join('\n')}\n${content}`);
    chunks.push({ position: chunks.length, headingPath: [...headingPath], content, language });
  };

  let packer = new SectionPacker(opts.size, opts.overlap, emit);
  for (const node of parseMarkdown(markdown)) {
    if (node.type !== 'heading') {
      packer.add(blockUnits(node, opts.size));
      continue;
    }
    packer.flush();
    while (trail.length > 0 && trail[trail.length - 1].level >= node.level) trail.pop();
    trail.push({ level: node.level, text: node.text });
    // An empty heading (`##` alone) still ends the section above it but names nothing.
    headingPath = trail.filter((h) => h.text !== '').map((h) => h.text);
    packer = new SectionPacker(opts.size, opts.overlap, emit);
  }
  packer.flush();
  return chunks;
}

function joinUnits(units: Unit[]): string {
  const parts: string[] = [units[0].text];
  for (let i = 1; i < units.length; i++) parts.push(units[i].sep, units[i].text);
  return parts.join('');
}

function validate(opts: ChunkOptions): void {
  const { size, overlap } = opts;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  if (!Number.isInteger(overlap) || overlap < 0 || overlap >= size) {
    throw new RangeError(`chunk overlap must be an integer in [0, size), got ${overlap} for size ${size}`);
  }
}
