import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { EmptyDocument } from '../../../src/domain/errors.js';
import { loadDocument } from '../../../ingest/loaders/load-document.js';
import { OPTS, utf8 } from './fixture-builders.js';

async function docOf(sourcePath: string, bytes: Uint8Array, contentType?: string) {
  const doc = await loadDocument({ sourcePath, bytes, contentType }, OPTS);
  if (doc.kind !== 'doc') throw new Error('expected a document');
  return doc;
}

const PAGE = `<!doctype html><html><head><title>帮助中心 | Help</title>
<style>body { color: red }</style><script>alert('x')</script></head>
<body><nav><a href="/">Home</a> | <a href="/faq">FAQ</a></nav>
<h1>1. 账户与登录</h1>
<p>忘记密码？点击 <a href="/reset">重置密码</a>。Use *your* email.</p>
<h2>Two-factor auth</h2>
<ul><li>Open settings</li><li>Scan the QR code</li></ul>
<pre><code class="language-bash">curl -X POST https://api.example.com/login
</code></pre>
<table><thead><tr><th>Plan</th><th>Price</th></tr></thead><tbody><tr><td>Pro</td><td>$9 | month</td></tr></tbody></table>
<img src="data:image/png;base64,AAAA" alt="diagram"><p># not a heading</p>
</body></html>`;

describe('HTML loader', () => {
  it('converts to Markdown with ATX headings, fenced code and tables, dropping script/style/nav', async () => {
    const doc = await docOf('help/index.html', utf8(PAGE));
    expect(doc.title).toBe('帮助中心 | Help');
    expect(doc.mimeType).toBe('text/html');
    const md = doc.markdown;
    expect(md.split('\n')).toContain('# 1. 账户与登录');
    expect(md.split('\n')).toContain('## Two-factor auth');
    expect(md).toContain('忘记密码？点击 [重置密码](/reset)。Use *your* email.');
    expect(md).toContain('```bash\ncurl -X POST https://api.example.com/login\n```');
    expect(md).toContain('| Plan | Price |\n| --- | --- |\n| Pro | $9 \\| month |');
    expect(md).toMatch(/^- +Open settings$/m);
    expect(md).toContain('\\# not a heading');
    expect(md).not.toMatch(/alert|color: red|Home/);
    expect(md).not.toContain('base64');
  });

  it('falls back to the first h1 for the title and honours a GBK <meta charset>', async () => {
    const html = '<html><head><meta charset="gbk"></head><body><h1>常见问题</h1><p>你好，世界</p></body></html>';
    const doc = await docOf('zh/faq.htm', new Uint8Array(iconv.encode(html, 'gbk')));
    expect(doc.title).toBe('常见问题');
    expect(doc.markdown).toBe('# 常见问题\n\n你好，世界');
  });

  it('rejects a page without visible text', async () => {
    await expect(docOf('blank.html', utf8('<html><head><script>x()</script></head><body> </body></html>'))).rejects.toBeInstanceOf(EmptyDocument);
  });
});

describe('plain-text loader', () => {
  it('decodes GBK text and keeps paragraphs, escaping lines that would read as headings', async () => {
    const text = '售后服务说明\r\n\r\n\r\n# 这不是标题\r\n保修期一年。  \r\n';
    const doc = await docOf('notes/售后.txt', new Uint8Array(iconv.encode(text, 'gbk')));
    expect(doc.mimeType).toBe('text/plain');
    expect(doc.markdown).toBe('售后服务说明\n\n\\# 这不是标题\n保修期一年。');
    expect(doc.metadata.encoding).toBe('gb18030');
  });

  it('decodes UTF-16 with a BOM', async () => {
    const doc = await docOf('a.txt', new Uint8Array(iconv.encode('你好 hello', 'utf-16le', { addBOM: true })));
    expect(doc.markdown).toBe('你好 hello');
  });

  it('rejects whitespace-only text as EmptyDocument', async () => {
    await expect(docOf('blank.txt', utf8(' \n\t\u3000\n'))).rejects.toBeInstanceOf(EmptyDocument);
    await expect(docOf('bom-only.txt', new Uint8Array([0xef, 0xbb, 0xbf]))).rejects.toBeInstanceOf(EmptyDocument);
  });
});
