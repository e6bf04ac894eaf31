import { describe, expect, it } from 'vitest';
import { EmptyDocument } from '../../../src/domain/errors.js';
import { loadDocument } from '../../../ingest/loaders/load-document.js';
import { OPTS, utf8 } from './fixture-builders.js';

async function markdownOf(source: string, path = 'docs/page.mdx') {
  const doc = await loadDocument({ sourcePath: path, bytes: utf8(source) }, OPTS);
  if (doc.kind !== 'doc') throw new Error('expected a document');
  return doc;
}

const MDX = `---
title: Self Host / Local Deployment
description: "FAQ: self hosting"
---
import Tabs from '@theme/Tabs';
import { Note, Frame } from "/snippets/components.mdx";
export const meta = {
  sidebar: true,
};

{/*
Contributing Section
DO NOT edit this section!
*/}

<!--
#
# Licensed to the Apache Software Foundation (ASF)
#
-->

### 1. How to reset the password if it is **incorrect**?

<Note>Run the reset command inside the API container.</Note>

<Frame caption="Reset screen">
  <img src="/images/reset.png" alt="reset" />
</Frame>
<Frame src="/images/x.png" />

<Accordion title="Docker Compose deployment">
  Use the command below:

  \`\`\`bash
  import json
  export OPENAI_API_KEY=<your-key>
  <Note>not a tag in code</Note>
  \`\`\`
</Accordion>

<Tabs
  groupId="install-method"
  values={[
    {label: 'Docker', value: 'docker'},
    {label: 'Helm', value: 'helm'},
  ]}>
<TabItem value="docker">

## 2. 本地部署版如何通过邮箱邀请成员？ <a href="#id-2" id="id-2"></a>

Replace \`<Machine_IP>\` and <Your API key> with your own values.

</TabItem>
</Tabs>
`;

describe('markdown / MDX loader', () => {
  it('takes the title from front matter and strips ESM, comments and JSX', async () => {
    const doc = await markdownOf(MDX);
    expect(doc.title).toBe('Self Host / Local Deployment');
    expect(doc.mimeType).toBe('text/markdown');
    expect(doc.metadata.frontMatter).toEqual({ title: 'Self Host / Local Deployment', description: 'FAQ: self hosting' });
    const md = doc.markdown;
    expect(md).not.toMatch(/^import /m);
    expect(md).not.toMatch(/^export /m);
    expect(md).not.toContain('Contributing Section');
    expect(md).not.toContain('Licensed to the Apache');
    expect(md.replace(/```[\s\S]*?```/g, '')).not.toMatch(/<\/?(Note|Frame|Tabs|TabItem|Accordion)\b/);
    expect(md).not.toContain('install-method');
  });

  it('keeps ATX headings byte for byte, including numbering, bold and inline HTML', async () => {
    const md = (await markdownOf(MDX)).markdown.split('\n');
    expect(md).toContain('### 1. How to reset the password if it is **incorrect**?');
    expect(md).toContain('## 2. 本地部署版如何通过邮箱邀请成员？ <a href="#id-2" id="id-2"></a>');
  });

  it('keeps the text inside components and the titles of containers, drops self-closing tags', async () => {
    const md = (await markdownOf(MDX)).markdown;
    expect(md).toContain('Run the reset command inside the API container.');
    expect(md).toContain('**Docker Compose deployment**');
    expect(md).toContain('Use the command below:');
    expect(md).not.toContain('/images/x.png');
    // Placeholders that merely look like tags are prose.
    expect(md).toContain('Replace `<Machine_IP>` and <Your API key> with your own values.');
  });

  it('dedents text nested in components, keeping heading lines that are already headings as is', async () => {
    const src = '<Tabs>\n  <Tab title="Linux">\n      ### Install on Linux\n      Run the installer.\n  ## Kept verbatim\n  </Tab>\n</Tabs>\n';
    const lines = (await markdownOf(src)).markdown.split('\n');
    expect(lines).toContain('### Install on Linux');
    expect(lines).toContain('Run the installer.');
    expect(lines).toContain('  ## Kept verbatim');
  });

  it('never lets an unbalanced tag or an unterminated comment swallow the rest of the page', async () => {
    const md = (await markdownOf('Use <Foo bar and more text\n\n## Next\n\nBody {/* open comment\n\n## Last\n')).markdown;
    expect(md).toContain('Use <Foo bar and more text');
    expect(md.split('\n')).toEqual(expect.arrayContaining(['## Next', '## Last']));
    const hardBreak = (await markdownOf('line with a hard break\\\n## Heading <Badge>new</Badge>\n')).markdown;
    expect(hardBreak.split('\n')).toContain('## Heading <Badge>new</Badge>');
  });

  it('leaves fenced code untouched', async () => {
    const md = (await markdownOf(MDX)).markdown;
    expect(md).toContain('  ```bash\n  import json\n  export OPENAI_API_KEY=<your-key>\n  <Note>not a tag in code</Note>\n  ```');
  });

  it('falls back to the first H1 for the title, and survives broken front matter', async () => {
    expect((await markdownOf('# Getting started\n\nHello', 'a.md')).title).toBe('Getting started');
    const broken = await markdownOf('---\ntitle: [unclosed\n---\n# Body\n\ntext', 'b.md');
    expect(broken.markdown).toBe('# Body\n\ntext');
    expect(broken.metadata.frontMatterError).toBeTruthy();
  });

  it('does not evaluate JavaScript front matter', async () => {
    (globalThis as Record<string, unknown>).__pwned = false;
    const doc = await markdownOf('---js\n{ title: (globalThis.__pwned = true, "x") }\n---\n# Safe\n', 'c.md');
    expect((globalThis as Record<string, unknown>).__pwned).toBe(false);
    expect(doc.markdown).toContain('# Safe');
  });

  it('treats a page that starts with a thematic break as content', async () => {
    expect((await markdownOf('---\n\nSome text after a rule.', 'd.md')).markdown).toContain('Some text after a rule.');
  });

  it('rejects a page with nothing but front matter and markup', async () => {
    await expect(markdownOf('---\ntitle: x\n---\nimport A from "a";\n\n<Frame src="x" />\n', 'e.mdx')).rejects.toBeInstanceOf(EmptyDocument);
  });
});
