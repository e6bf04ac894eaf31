/** The pages talk to the API on their own origin: JSON calls, and chat answers over SSE. */
import { authHeaders, reportUnauthenticated } from './api-key.js';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

async function toApiError(res: Response) {
  if (res.status === 401) reportUnauthenticated();
  const body = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
  return new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText);
}

/** One JSON call; the service's `{ error: { code, message } }` becomes an ApiError. */
export async function api<T>(method: string, url: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, {
    method,
    ...init,
    headers: { accept: 'application/json', ...authHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await toApiError(res);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/**
 * POSTs and reads the answer as Server-Sent Events (EventSource cannot POST). A JSON response
 * instead (202 relayed while an agent has the conversation) is reported as one 'json' event.
 */
export async function postSse(url: string, body: unknown, onEvent: (type: string, data: unknown) => void, signal?: AbortSignal) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok) throw await toApiError(res);
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    onEvent('json', await res.json());
    return;
  }
  await readEventStream(res, (type, data) => onEvent(type, JSON.parse(data)));
}

/** Reads `event:` / `data:` frames until the stream ends; comment-only frames (": ping") are skipped. */
async function readEventStream(res: Response, onFrame: (type: string, data: string) => void) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) onFrame(type, data.join('\n'));
    }
  }
}

/**
 * A live GET stream like EventSource (same addEventListener/close, reconnects with backoff),
 * but over fetch, so it carries the API key in a header: EventSource cannot send headers, and
 * the service refuses secret keys in URLs. Stops for good on 401/403/404.
 */
export class LiveStream {
  private readonly listeners = new Map<string, Array<(e: { data: string }) => void>>();
  private readonly controller = new AbortController();

  constructor(private readonly url: string) {
    void this.run();
  }

  addEventListener(type: string, fn: (e: { data: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }

  close() {
    this.controller.abort();
  }

  private async run() {
    const { signal } = this.controller;
    let delayMs = 1000;
    while (!signal.aborted) {
      try {
        const res = await fetch(this.url, { headers: { accept: 'text/event-stream', ...authHeaders() }, signal });
        if (!res.ok) {
          const error = await toApiError(res);
          if ([401, 403, 404].includes(error.status)) return;
        } else {
          delayMs = 1000;
          await readEventStream(res, (type, data) => this.listeners.get(type)?.forEach((fn) => fn({ data })));
        }
      } catch {
        if (signal.aborted) return;
      }
      await new Promise((r) => setTimeout(r, delayMs));
      delayMs = Math.min(delayMs * 2, 15_000);
    }
  }
}

/** `?a=1&b=2` from the non-empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Saves a file the API serves (CSV exports) with the key in a header, which a plain link cannot send. */
export async function downloadFile(url: string, filename: string) {
  const res = await fetch(url, { headers: authHeaders() });
  if (!res.ok) throw await toApiError(res);
  const href = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
