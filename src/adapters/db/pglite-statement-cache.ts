/**
 * Plans kept across statements on the embedded database. `pg` sends every query as an unnamed
 * statement (Parse, Bind, Describe, Execute, Sync), so PGlite plans it again each time; for the
 * service's larger statements planning costs several times their execution (beginning a turn:
 * ~0.2–1.5 ms planning against 0.25 ms execution). Prepared statements cannot be named by the
 * `pg` clients themselves: they all share PGlite's one session, and each client tracks names of
 * its own. So the worker, which sees every client's bytes, names them: the second time a
 * statement's text arrives its Parse is given a name, and from then on that Parse is dropped,
 * the Bind points at the name, and the ParseComplete the client expects is added to the reply.
 * Prepared statements outlive transactions and are re-planned by PostgreSQL itself when the
 * schema or search_path changes.
 *
 * Only the exact shape `pg` sends is touched: a batch opening with one unnamed Parse followed
 * by a Bind of the unnamed statement; anything else goes through unchanged.
 */
const PARSE = 0x50; // 'P'
const BIND = 0x42; // 'B'
const PARSE_COMPLETE = Buffer.from([0x31, 0, 0, 0, 4]); // '1'
const ERROR = 0x45; // 'E'

interface Message {
  type: number;
  start: number;
  end: number;
}

function messages(bytes: Buffer): Message[] | undefined {
  const out: Message[] = [];
  for (let at = 0; at < bytes.length; ) {
    if (at + 5 > bytes.length) return undefined;
    const end = at + 1 + bytes.readUInt32BE(at + 1);
    if (end > bytes.length) return undefined;
    out.push({ type: bytes[at]!, start: at, end });
    at = end;
  }
  return out;
}

/** A message of `type` with `body`, length prefixed. */
function message(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeUInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

const cstring = (s: string) => Buffer.from(`${s}\0`);

/** The SQLSTATE of an ErrorResponse at the start of `out` ('E', length, fields of code byte + text). */
function errorCode(out: Uint8Array): string | undefined {
  const b = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  const end = Math.min(b.length, 1 + b.readUInt32BE(1));
  for (let at = 5; at < end && b[at] !== 0; ) {
    const field = b[at]!;
    const stop = b.indexOf(0, at + 1);
    if (stop < 0) return undefined;
    if (field === 0x43) return b.toString('latin1', at + 1, stop); // 'C': the code
    at = stop + 1;
  }
  return undefined;
}

export interface PreparedRequest {
  bytes: Uint8Array;
  /** The reply must start with a ParseComplete the backend will not send (the Parse was dropped). */
  addParseComplete: boolean;
  /** A statement being named now: remember it if the backend accepts the Parse. */
  naming?: { key: string; name: string };
  /** The key of the kept statement this request uses. */
  reused?: string;
}

export class StatementCache {
  private readonly names = new Map<string, string>();
  private readonly seen = new Set<string>();
  private next = 1;

  constructor(
    /** Statements kept at most (dynamic SQL past it simply stays unnamed). */
    private readonly max = 256,
  ) {}

  /** Rewrites a batch to use (or create) a named statement where it can. */
  prepare(input: Uint8Array): PreparedRequest {
    const unchanged = { bytes: input, addParseComplete: false };
    if (this.max <= 0 || input[0] !== PARSE) return unchanged;
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const list = messages(bytes);
    if (!list || list.length < 2 || list[1]!.type !== BIND || list.slice(2).some((m) => m.type === PARSE)) return unchanged;
    const parse = list[0]!;
    const bind = list[1]!;
    // Parse: name\0 query\0 int16 n int32[n] types. Bind: portal\0 statement\0 rest.
    if (bytes[parse.start + 5] !== 0) return unchanged; // already named by the client
    const key = bytes.toString('latin1', parse.start + 6, parse.end);
    const portalEnd = bytes.indexOf(0, bind.start + 5);
    if (portalEnd < 0 || portalEnd + 1 >= bind.end || bytes[portalEnd + 1] !== 0) return unchanged; // Bind of a named statement
    const portal = bytes.subarray(bind.start + 5, portalEnd + 1);
    const bindRest = bytes.subarray(portalEnd + 2, bind.end);
    const rest = bytes.subarray(bind.end);
    const rebind = (name: string) => message(BIND, Buffer.concat([portal, cstring(name), bindRest]));

    const known = this.names.get(key);
    if (known) return { bytes: Buffer.concat([rebind(known), rest]), addParseComplete: true, reused: key };
    if (!this.seen.has(key)) {
      // Once is not yet a pattern: one-off SQL (ad hoc filters, migrations) is never named.
      if (this.seen.size < this.max * 4) this.seen.add(key);
      return unchanged;
    }
    if (this.names.size >= this.max) return unchanged;
    const name = `kefu_s${this.next++}`;
    const parseBody = Buffer.concat([cstring(name), bytes.subarray(parse.start + 6, parse.end)]);
    return { bytes: Buffer.concat([message(PARSE, parseBody), rebind(name), rest]), addParseComplete: false, naming: { key, name } };
  }

  /**
   * A kept statement whose result columns changed under it (ALTER TABLE): PostgreSQL refuses to
   * run it ("cached plan must not change result type", 0A000). Returns its name, forgotten, so
   * the caller can deallocate it and run the client's own unnamed statement instead.
   */
  stale(req: PreparedRequest, out: Uint8Array): string | undefined {
    if (!req.reused || out[0] !== ERROR || errorCode(out) !== '0A000') return undefined;
    const name = this.names.get(req.reused);
    this.names.delete(req.reused);
    return name;
  }

  /** The backend's reply to a prepared request, as the client expects it. */
  reply(req: PreparedRequest, out: Uint8Array): Uint8Array {
    if (req.naming && out[0] === PARSE_COMPLETE[0]) {
      this.names.set(req.naming.key, req.naming.name);
      this.seen.delete(req.naming.key);
    }
    if (!req.addParseComplete) return out;
    const merged = new Uint8Array(PARSE_COMPLETE.length + out.length);
    merged.set(PARSE_COMPLETE, 0);
    merged.set(out, PARSE_COMPLETE.length);
    return merged;
  }
}
