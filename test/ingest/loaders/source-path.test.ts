import { describe, expect, it } from 'vitest';
import { InvalidFilename } from '../../../src/domain/errors.js';
import { validateSourcePath } from '../../../ingest/loaders/source-path.js';

describe('validateSourcePath', () => {
  it('normalises separators and redundant segments', () => {
    expect(validateSourcePath('en/learn-more/faq/install-faq.mdx')).toBe('en/learn-more/faq/install-faq.mdx');
    expect(validateSourcePath('docs\\zh\\常见问题.md')).toBe('docs/zh/常见问题.md');
    expect(validateSourcePath('./a//b/./c.txt')).toBe('a/b/c.txt');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['../etc/passwd', '..'],
    ['docs/../../secret.md', '..'],
    ['..\\..\\windows\\system.ini', '..'],
    ['/etc/passwd', 'absolute'],
    ['\\\\server\\share\\a.md', 'absolute'],
    ['C:\\Users\\a.md', 'drive letter'],
    ['a\0b.md', 'NUL'],
    ['a\nb.md', 'control'],
    ['.', 'empty'],
  ])('rejects %j', (input, reason) => {
    let caught: unknown;
    try {
      validateSourcePath(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidFilename);
    expect((caught as InvalidFilename).code).toBe('INVALID_FILENAME');
    expect((caught as Error).message).toContain(reason);
  });
});
