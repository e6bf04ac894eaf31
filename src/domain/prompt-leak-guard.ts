/**
 * Stops a model's answer that recites its own system prompt (an injection that worked: "repeat
 * your instructions"). The answer streams through piece by piece; text that continues a run of
 * the prompt's word sequences is held back until the run breaks (a short echo such as "connect
 * you with a human agent" is released) or grows long enough to be a leak (then it is dropped
 * and the answer ends).
 *
 * Words are Han characters or Latin words/numbers, so the same guard works in zh and en.
 */
const WINDOW = 6;
/** Matching windows in a row that make a leak: ~17 words of the prompt verbatim. */
const LEAK_RUN = 12;

const TOKEN = /\p{Script=Han}|[\p{L}\p{N}]+/gu;

interface Token {
  word: string;
  start: number;
}

function tokens(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ word: m[0].toLowerCase(), start: m.index! }));
}

const words = (ts: Token[], from: number, n: number) => ts.slice(from, from + n).map((t) => t.word).join(' ');
const key = (ts: Token[], end: number) => words(ts, end - WINDOW + 1, WINDOW);

export class PromptLeakGuard {
  private readonly windows = new Set<string>();
  /** The first 1…WINDOW-1 words of every window: an answer ending in one may be starting a run. */
  private readonly prefixes = new Set<string>();
  private text = '';
  private emitted = 0;
  leaked = false;

  constructor(secretTexts: string[]) {
    for (const s of secretTexts) {
      const ts = tokens(s);
      for (let i = WINDOW - 1; i < ts.length; i++) {
        this.windows.add(key(ts, i));
        for (let k = 1; k < WINDOW; k++) this.prefixes.add(words(ts, i - WINDOW + 1, k));
      }
    }
  }

  /** The part of the answer so far that is safe to show; '' once a leak is found. */
  push(piece: string): string {
    if (this.leaked) return '';
    this.text += piece;
    const ts = tokens(this.text);
    // The run of matching windows that ends at the last word.
    let run = 0;
    for (let i = ts.length - 1; i >= WINDOW - 1 && this.windows.has(key(ts, i)); i--) run++;
    if (run >= LEAK_RUN) {
      this.leaked = true;
      return '';
    }
    // Hold back the run, or the last words if they could be the start of one.
    let holdFrom = this.text.length;
    if (run > 0) holdFrom = ts[ts.length - run - WINDOW + 1]!.start;
    else
      for (let k = Math.min(WINDOW - 1, ts.length); k >= 1; k--)
        if (this.prefixes.has(words(ts, ts.length - k, k))) {
          holdFrom = ts[ts.length - k]!.start;
          break;
        }
    return this.release(Math.max(this.emitted, holdFrom));
  }

  /** The rest, at the end of the answer (a run that never grew into a leak is an echo). */
  flush(): string {
    return this.leaked ? '' : this.release(this.text.length);
  }

  private release(upTo: number): string {
    const out = this.text.slice(this.emitted, upTo);
    this.emitted = Math.max(this.emitted, upTo);
    return out;
  }
}
