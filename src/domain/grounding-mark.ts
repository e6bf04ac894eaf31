/**
 * The LLM is asked to end its answer with `<<grounded:X>>`. This filter lets streamed text
 * through as it comes, holding back only what might be the start of that mark, and reads X.
 */
const MARK = /<<\s*grounded\s*:\s*([0-9]*\.?[0-9]+)\s*>>/i;

export class GroundingMarkFilter {
  private held = '';
  grounding: number | undefined;

  /** Returns the text that is safe to show now. */
  push(text: string): string {
    this.held += text;
    const m = this.held.match(MARK);
    if (m) {
      this.grounding = Number(m[1]);
      // The mark closes the answer: the line break before it is not part of the answer.
      const out = this.held.slice(0, m.index).trimEnd();
      this.held = this.held.slice(m.index! + m[0].length);
      return out;
    }
    // Hold back a possible mark start ("<", "<<gro…") and the whitespace before it.
    const double = this.held.lastIndexOf('<<');
    const start = double >= 0 ? double : this.held.endsWith('<') ? this.held.length - 1 : -1;
    let cut = this.held.length;
    if (start >= 0 && this.held.length - start < 24 && /^<<?\s*g?r?o?u?n?d?e?d?\s*:?\s*[0-9.]*\s*>?$/i.test(this.held.slice(start))) cut = start;
    while (cut > 0 && /\s/.test(this.held[cut - 1]!)) cut--;
    const out = this.held.slice(0, cut);
    this.held = this.held.slice(cut);
    return out;
  }

  /** What is left at the end of the stream (never the mark itself). */
  flush(): string {
    const out = this.held.replace(MARK, '');
    this.held = '';
    return out.trimEnd();
  }
}
