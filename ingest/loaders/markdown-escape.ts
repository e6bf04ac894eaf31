/**
 * Text from HTML, PDF, plain-text files and parsers is dropped into Markdown for a heading-aware
 * chunker. Only what would change the block structure is escaped: a line starting with `#`
 * (a false heading) or a code fence. Turndown's own escaping (every `1.`, `*`, `_`, even inside
 * headings) garbles headings that must match their source and adds noise for embedding.
 */
export function escapeBlockMarkers(text: string): string {
  return text.replace(/^([ \t]{0,3})(#{1,6})(?=\s|$)/gm, '$1\\$2').replace(/^([ \t]{0,3})(`{3,}|~{3,})/gm, '$1\\$2');
}

/** Plain text as Markdown paragraphs: trailing spaces dropped, runs of blank lines collapsed. */
export function textToMarkdown(text: string): string {
  return escapeBlockMarkers(
    text
      .replace(/[ \t\u3000]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  );
}
