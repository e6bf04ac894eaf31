import fc from 'fast-check';
import { anyJson, anyString, nastyString, valueFor, type JsonSchema } from './schema-arbitrary.js';

/** One HTTP request as the fuzzer sends it. */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export interface RouteSpec {
  method: string;
  /** OpenAPI form: /v1/knowledge-bases/{kb}/documents */
  path: string;
  params: string[];
  query: Record<string, JsonSchema>;
  body?: JsonSchema;
  multipart: boolean;
}

/** Ids that exist (so requests reach the handlers' deeper branches), beside ones that do not. */
export type KnownIds = Record<string, string[]>;

const param = (known: string[]) =>
  fc.oneof(
    { weight: known.length ? 5 : 0, arbitrary: known.length ? fc.constantFrom(...known) : fc.constant('x') },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: anyString },
  );

const queryValue = (schema: JsonSchema) =>
  fc.oneof(
    { weight: 3, arbitrary: valueFor(schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) },
    { weight: 1, arbitrary: anyString },
    { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 8 }), { minLength: 2, maxLength: 3 }) },
  );

const contentTypes = fc.constantFrom(
  'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data', 'multipart/form-data; boundary=', 'application/octet-stream', 'application/xml', 'image/png', '', ';;;', 'application/json, text/plain',
);

const extraHeaders = fc.dictionary(
  fc.constantFrom('accept', 'accept-language', 'x-conversation-id', 'authorization', 'origin', 'x-forwarded-for', 'accept-encoding', 'x-api-key', 'range', 'if-none-match', 'content-language'),
  fc.oneof(
    fc.constantFrom('text/event-stream', 'application/json', '*/*', 'gzip, br', 'Bearer x', 'https://shop.example.com', 'null', '1.2.3.4, ::1', 'bytes=0-10', 'zh-CN,en;q=0.5'),
    fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' ')),
  ),
  { maxKeys: 3 },
);

/** Bytes a file upload may carry: documents, FAQ tables, and things that only look like them. */
const fileBytes = fc.oneof(
  fc.constantFrom(
    '# 标题\n\n正文 LM-X20 Pro 售价 4999 元。\n', 'question,answer\n怎么退货,7 天内可退\n', '{"faq":[{"q":1}]}', '%PDF-1.7\n%broken', 'PK\u0003\u0004garbage', '\uFEFF# BOM\n',
    '<html><body><script>x</script><h1>t</h1></body></html>', '', 'id,question,answer\n1,"unterminated,\n',
  ).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'grapheme', maxLength: 300 }).map((s) => Buffer.from(s)),
);

const filename = fc.oneof(
  fc.constantFrom('faq.csv', 'doc.md', 'a.pdf', 'x.docx', 'y.xlsx', 'page.html', 'notes.txt', 'faq.json', 'tool.exe', '../../x.md', 'zh/退货.md', '.md', 'a'.repeat(300) + '.md', 'C:\\evil\\x.md', '%2e%2e/x.md', ''),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => `${s}.md`),
);

/** A multipart body: files and fields, sometimes with a broken boundary or part headers. */
const multipartBody = fc
  .record({
    parts: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('file' as const), name: fc.constantFrom('file', 'files', 'upload', ''), filename, type: fc.constantFrom('text/markdown', 'text/csv', 'application/pdf', 'application/octet-stream', ''), bytes: fileBytes }),
        fc.record({ kind: fc.constant('field' as const), name: fc.oneof(fc.constantFrom('kb', 'path', 'force'), fc.string({ maxLength: 10 })), value: anyString }),
      ),
      { maxLength: 4 },
    ),
    broken: fc.constantFrom('none', 'none', 'none', 'no-final-boundary', 'bad-part-header', 'truncated'),
  })
  .map(({ parts, broken }) => {
    const boundary = 'fuzzBoundary7MA4YWxk';
    const chunks: Buffer[] = [];
    for (const p of parts) {
      const disposition =
        p.kind === 'file' ? `form-data; name="${p.name}"; filename="${p.filename.replace(/"/g, '')}"` : `form-data; name="${p.name.replace(/"/g, '')}"`;
      const head = broken === 'bad-part-header' ? 'Content-Disposition form-data\r\n' : `Content-Disposition: ${disposition}\r\n${p.kind === 'file' && p.type ? `Content-Type: ${p.type}\r\n` : ''}`;
      chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`), p.kind === 'file' ? p.bytes : Buffer.from(p.value), Buffer.from('\r\n'));
    }
    if (broken !== 'no-final-boundary') chunks.push(Buffer.from(`--${boundary}--\r\n`));
    let payload = Buffer.concat(chunks);
    if (broken === 'truncated') payload = payload.subarray(0, Math.floor(payload.length / 2));
    return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
  });

/** The body: shaped by the route's schema, or any JSON, or bytes that are not JSON at all. */
function jsonBody(schema: JsonSchema | undefined) {
  return fc.oneof(
    { weight: schema ? 6 : 0, arbitrary: schema ? valueFor(schema).map((v) => JSON.stringify(v) ?? 'null') : fc.constant('{}') },
    { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":', 'null', '[]', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', '\u0000', '{"content":"\uD800"}') },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')) },
  );
}

/** Lone surrogates cannot be percent-encoded; they are sent as U+FFFD. */
const encodeUri = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

/** Requests for one route: its path with real or made-up ids, a query, headers and a body. */
export function requestsFor(route: RouteSpec, known: KnownIds): fc.Arbitrary<FuzzRequest> {
  const params = fc.record(Object.fromEntries(route.params.map((p) => [p, param(known[p] ?? [])])));
  const query = fc.record(Object.fromEntries(Object.entries(route.query).map(([k, s]) => [k, queryValue(s)])), { requiredKeys: [] });
  const strayQuery = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 12 }), { maxKeys: 2 });
  const hasBody = route.method !== 'GET' && route.method !== 'HEAD' && route.method !== 'DELETE';
  const body = hasBody
    ? fc.oneof(
        { weight: route.multipart ? 6 : 1, arbitrary: multipartBody.map((m) => ({ payload: m.payload as string | Buffer, contentType: m.contentType })) },
        { weight: route.multipart ? 1 : 6, arbitrary: fc.tuple(jsonBody(route.body), fc.oneof({ weight: 5, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: contentTypes })).map(([payload, contentType]) => ({ payload: payload as string | Buffer, contentType })) },
      )
    : fc.constant(undefined);
  return fc.record({ params, query, strayQuery, body, headers: extraHeaders, encoding: fc.boolean() }).map(({ params, query, strayQuery, body, headers, encoding }) => {
    let path = route.path;
    for (const [k, v] of Object.entries(params)) path = path.replace(`{${k}}`, encoding ? encodeUri(v) : v.replace(/[/?#\s]/g, '_'));
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...strayQuery, ...query })) for (const one of Array.isArray(v) ? v : [v]) if (one !== undefined) qs.append(k, one);
    const search = qs.toString();
    return {
      method: route.method,
      url: search ? `${path}?${search}` : path,
      headers: { ...headers, ...(body ? { 'content-type': body.contentType } : {}) },
      payload: body?.payload,
    };
  });
}

/** Requests to no route at all: scanners, odd methods, odd paths. */
export const strayRequests: fc.Arbitrary<FuzzRequest> = fc
  .record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), path: fc.oneof(anyString, nastyString, fc.webPath()) })
  .map(({ method, path }) => ({ method, url: `/${encodeUri(path).replace(/%2F/g, '/')}`, headers: {} }));
