export interface SseEvent {
  event: string;
  data: any;
}

/** POSTs JSON and reads a text/event-stream response into events (comments skipped). */
export async function readSse(
  url: string,
  body: unknown,
  opts: { signal?: AbortSignal; stopAfter?: (e: SseEvent) => boolean } = {},
): Promise<SseEvent[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
    signal: opts.signal,
  });
  if (!res.ok) throw new Error(`SSE request failed: ${res.status} ${await res.text()}`);
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = res.body!.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (!data.length) continue;
      const raw = data.join('\n');
      const e = { event, data: raw === '[DONE]' ? raw : JSON.parse(raw) };
      events.push(e);
      if (opts.stopAfter?.(e)) {
        await reader.cancel().catch(() => undefined);
        return events;
      }
    }
  }
  return events;
}
