import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Unstructured partition API that speaks its wire protocol:
 * `POST /general/v0/general`, a multipart form whose `files` part is the document, the key in
 * the `unstructured-api-key` header, and a JSON array of elements in reply. The real client
 * library talks to it unchanged.
 */
export interface ReceivedPartition {
  apiKey?: string;
  fileName?: string;
  fileBytes?: Uint8Array;
  fields: Record<string, string>;
}

export type PartitionReply = { status: number; body: unknown };

export interface FakeUnstructured {
  url: string;
  received: ReceivedPartition[];
  reply: (handler: (req: ReceivedPartition) => PartitionReply) => void;
  close: () => Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeUnstructured(): Promise<FakeUnstructured> {
  const received: ReceivedPartition[] = [];
  let handler: (req: ReceivedPartition) => PartitionReply = () => ({ status: 200, body: [] });

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (req.url !== '/general/v0/general') return send(res, 404, { detail: 'Not Found' });
      if (req.method !== 'POST') return send(res, 405, { detail: 'Method Not Allowed' });
      const body = await readBody(req);
      const form = await new Request('http://fake/general/v0/general', {
        method: 'POST',
        headers: { 'content-type': String(req.headers['content-type'] ?? '') },
        body,
      }).formData();
      const partition: ReceivedPartition = { apiKey: req.headers['unstructured-api-key'] as string | undefined, fields: {} };
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') partition.fields[name] = value;
        else if (name === 'files') {
          partition.fileName = value.name;
          partition.fileBytes = new Uint8Array(await value.arrayBuffer());
        }
      }
      received.push(partition);
      if (!partition.fileBytes) return send(res, 422, { detail: [{ loc: ['body', 'files'], msg: 'Field required', type: 'missing' }] });
      const reply = handler(partition);
      send(res, reply.status, reply.body);
    })().catch((err: unknown) => send(res, 500, { detail: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    reply: (h) => {
      handler = h;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
