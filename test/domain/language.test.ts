import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/domain/language.js';
import { chunkMarkdown } from '../../ingest/chunking/markdown-chunker.js';

describe('detectLanguage', () => {
  it('answers zh for Chinese prose, even full of product codes, commands and links', () => {
    expect(detectLanguage('七天无理由退货，请保持商品完好。')).toBe('zh');
    expect(detectLanguage('LM-X20 Pro（SKU-LMX20P-256-BLK）支持 65W 快充和 NFC。')).toBe('zh');
    expect(detectLanguage('执行 `docker compose up -d` 启动服务，详见 [部署文档](https://docs.example.com/deploy/docker-compose)。')).toBe('zh');
    expect(detectLanguage('<Frame title="配置">\n<img src="/images/settings-panel.png" />\n</Frame>\n在设置页填写密钥。')).toBe('zh');
  });

  it('answers en for English, also when it names a Chinese brand or has no letters at all', () => {
    expect(detectLanguage('Returns are accepted within seven days of delivery.')).toBe('en');
    expect(detectLanguage('Contact Lumo 乐摩 support for a refund or an exchange of your phone.')).toBe('en');
    expect(detectLanguage('12345 !!! ---')).toBe('en');
    expect(detectLanguage('')).toBe('en');
  });

  it('labels a code-only chunk by its heading trail', () => {
    const chunks = chunkMarkdown('# 查询物流\n```bash\ncurl https://api.example.com/track?id=SF123\n```', { size: 200, overlap: 0 });
    expect(chunks[0].language).toBe('zh');
  });
});
