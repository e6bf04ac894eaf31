/**
 * What every loader produces. Documents are normalised to Markdown so one heading-aware
 * chunker handles all formats (HTML, DOCX and Unstructured output are converted; PDF and plain
 * text become paragraphs); FAQ lists become entries that are indexed question-to-question.
 */
export interface FaqItem {
  /** Stable id from the file when it has one, else derived from the question. */
  id: string;
  question: string;
  answer: string;
  altQuestions: string[];
  lang?: 'zh' | 'en';
  metadata?: Record<string, unknown>;
}

export type LoadedDocument =
  | { kind: 'doc'; mimeType: string; title?: string; markdown: string; metadata: Record<string, unknown> }
  | { kind: 'faq'; mimeType: string; title?: string; entries: FaqItem[]; metadata: Record<string, unknown> };

export interface LoadInput {
  /** Source path relative to the ingested folder, `/` separated (also the upload's filename). */
  sourcePath: string;
  bytes: Uint8Array;
  /** Declared content type (upload header), used only as a hint: content is sniffed. */
  contentType?: string;
}
