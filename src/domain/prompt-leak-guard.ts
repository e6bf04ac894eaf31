/**
 * Stops a model's answer that recites its own system prompt (an injection that worked: "repeat
 * your instructions"). The answer streams through piece by piece; a run of the prompt's words
 * shows its first `SHOWN` words at once and the rest is held back until the run breaks (a short
 * echo such as "connect you with a human agent" is released) or grows long enough to be a leak
 * (then it is dropped and the answer ends).
 *
 * Words are Han characters or Latin words/numbers, so the same guard works in zh and en.
 */
const WINDOW = 6;
/** Matching windows in a row that make a leak: ~17 words of the prompt verbatim. */
const LEAK_RUN = 12;
/**
 * Words of a run that go out before it is known to be a leak. Holding every word that might
 * start a run held most Chinese answers' first characters (common characters are in the prompt
 * too), a model's token interval each; a handful of the prompt's words give nothing away, and
 * echoes three times as long are released anyway.
 */
const SHOWN = WINDOW;

const TOKEN = /\p{Script=Han}|[\p{L}\p{N}]+/gu;
const HAN = /^\p{Script=Han}$/u;

interface Token {
  word: string;
  start: number;
  /** Where it ends in the text (lower-casing may change a word's length). */
  end: number;
}

function tokens(text: string, offset = 0): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ word: m[0].toLowerCase(), start: offset + m.index!, end: offset + m.index! + m[0].length }));
}

const words = (ts: Token[], from: number, n: number) => ts.slice(from, from + n).map((t) => t.word).join(' ');
const key = (ts: Token[], end: number) => words(ts, end - WINDOW + 1, WINDOW);

interface SecretIndex {
  windows: Set<string>;
}

/**
 * The same system prompt guards every answer; indexing it took more CPU than the answer's
 * checks, so indexes are kept per text (a handful: one per prompt language and version).
 */
const indexes = new Map<string, SecretIndex>();
const MAX_INDEXES = 32;

function indexOf(secret: string): SecretIndex {
  let ix = indexes.get(secret);
  if (ix) return ix;
  ix = { windows: new Set() };
  const ts = tokens(secret);
  for (let i = WINDOW - 1; i < ts.length; i++) ix.windows.add(key(ts, i));
  if (indexes.size >= MAX_INDEXES) indexes.delete(indexes.keys().next().value!);
  indexes.set(secret, ix);
  return ix;
}

const anyHas = (sets: Set<string>[], k: string) => sets.some((s) => s.has(k));

export class PromptLeakGuard {
  private readonly windows: Set<string>[];
  private text = '';
  /** The words of `text`; the last one may still grow with the next piece. */
  private ts: Token[] = [];
  private emitted = 0;
  leaked = false;

  constructor(secretTexts: string[]) {
    const ix = secretTexts.map(indexOf);
    this.windows = ix.map((i) => i.windows);
  }

  /** The part of the answer so far that is safe to show; '' once a leak is found. */
  push(piece: string): string {
    if (this.leaked) return '';
    const ts = this.appendTokens(piece);
    // A Latin word touching the end may go on in the next piece ("Us" + "e only"): judge only
    // the words that are complete.
    const last = ts[ts.length - 1];
    const growing = !!last && last.end === this.text.length && !HAN.test(last.word);
    const n = growing ? ts.length - 1 : ts.length;
    // The run of matching windows that ends at the last complete word.
    let run = 0;
    for (let i = n - 1; i >= WINDOW - 1 && anyHas(this.windows, key(ts, i)); i--) run++;
    if (run >= LEAK_RUN) {
      this.leaked = true;
      return '';
    }
    // Within a run, hold back what comes after its first SHOWN words (the growing word too: it
    // may carry the run on).
    let holdFrom = this.text.length;
    if (run > 0) {
      const hold = n - run - WINDOW + 1 + SHOWN;
      if (hold < ts.length) holdFrom = ts[hold]!.start;
    }
    return this.release(Math.max(this.emitted, holdFrom));
  }

  /**
   * Tokenizes only what the piece can change: a word that reached the end of the text may run
   * on into the piece (Latin letters), every earlier word is final. Re-tokenizing the whole
   * answer on every piece made a streamed answer quadratic in its length.
   */
  private appendTokens(piece: string): Token[] {
    const end = this.text.length;
    this.text += piece;
    const last = this.ts[this.ts.length - 1];
    let from = end;
    if (last && last.end === end) {
      this.ts.pop();
      from = last.start;
    }
    for (const t of tokens(this.text.slice(from), from)) this.ts.push(t);
    return this.ts;
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
