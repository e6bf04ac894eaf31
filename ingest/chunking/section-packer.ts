import type { BlockUnits, Unit } from './block-units.js';

/**
 * Packs the blocks of one section (the text under one heading) into chunks of at most `size`
 * characters. A block that fits in a fresh chunk is never split across two; an oversized block
 * is laid out unit by unit (sentences, table/code parts). Each new chunk after the first starts
 * with up to `overlap` characters of whole trailing sentences of the previous one, so a sentence
 * that answers a question is never seen only in half.
 */
export class SectionPacker {
  private current: Unit[] = [];
  private length = 0;
  /** How many units at the start of `current` repeat the previous chunk. */
  private overlapCount = 0;
  private previous: Unit[] = [];

  constructor(
    private readonly size: number,
    private readonly overlap: number,
    private readonly emit: (units: Unit[]) => void,
  ) {}

  add(block: BlockUnits): void {
    if (block.oversized) {
      // A table or code block between size and 2× size: alone in its chunk, no overlap around it.
      this.flush();
      this.current = [block.units[0]];
      this.length = block.length;
      this.flush();
      return;
    }
    const [first] = block.units;
    if (this.fits(first.sep.length, block.length)) {
      for (const unit of block.units) this.append(unit);
      return;
    }
    if (block.length <= this.size) {
      this.startChunk(first.sep.length + block.length);
      for (const unit of block.units) this.append(unit);
      return;
    }
    for (const unit of block.units) {
      if (!this.fits(unit.sep.length, unit.text.length)) this.startChunk(unit.sep.length + unit.text.length);
      this.append(unit);
    }
  }

  /** Emits the chunk in progress, if it holds anything beyond the repeated overlap. */
  flush(): void {
    if (this.current.length > this.overlapCount) {
      this.emit(this.current);
      this.previous = this.current;
    }
    this.current = [];
    this.length = 0;
    this.overlapCount = 0;
  }

  private fits(sepLength: number, textLength: number): boolean {
    return this.current.length === 0 ? textLength <= this.size : this.length + sepLength + textLength <= this.size;
  }

  private append(unit: Unit): void {
    this.length += this.current.length === 0 ? unit.text.length : unit.sep.length + unit.text.length;
    this.current.push(unit);
  }

  /** Closes the current chunk and opens one that begins with as much overlap as leaves room. */
  private startChunk(nextLength: number): void {
    this.flush();
    const carried = this.trailingSentences(this.previous);
    let total = joinedLength(carried);
    while (carried.length > 0 && total + nextLength > this.size) {
      carried.shift();
      total = joinedLength(carried);
    }
    for (const unit of carried) this.append(unit);
    this.overlapCount = carried.length;
  }

  /**
   * Whole sentences from the end of the previous chunk, at most `overlap` characters, never the
   * whole chunk and never a table, code part or cut sentence.
   */
  private trailingSentences(previous: Unit[]): Unit[] {
    if (this.overlap === 0) return [];
    const picked: Unit[] = [];
    let total = 0;
    for (let i = previous.length - 1; i > 0; i--) {
      const unit = previous[i];
      if (unit.kind !== 'text' || !unit.whole) break;
      const added = unit.text.length + (picked.length > 0 ? picked[0].sep.length : 0);
      if (total + added > this.overlap) break;
      total += added;
      picked.unshift(unit);
    }
    return picked;
  }
}

function joinedLength(units: Unit[]): number {
  let n = 0;
  units.forEach((u, i) => (n += i === 0 ? u.text.length : u.sep.length + u.text.length));
  return n;
}
