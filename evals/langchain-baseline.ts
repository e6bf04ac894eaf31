import fs from 'node:fs/promises';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import type { Embedder } from '../src/ports/embedder.js';
import { PortEmbeddings } from '../src/adapters/embedding/langchain-embeddings-bridge.js';
import { collectFiles } from '../ingest/collect-files.js';
import { isSupportedPath, loadDocument } from '../ingest/loaders/load-document.js';
import { headingSections, type Passage, type RetrievalPipeline } from './pipeline.js';
import type { Suite } from './suite-loader.js';
import { LocalAnswerer } from '../src/adapters/answering/local-answerer.js';
import { PromptLibrary } from '../src/adapters/prompts/prompt-library.js';
import type { Answerer, Passage as AnswererPassage } from '../src/ports/answerer.js';
import { detectLanguage } from '../src/domain/language.js';

/**
 * The plain LangChain pipeline the issue compares against: RecursiveCharacterTextSplitter, the
 * same embedder, a LangChain vector store, vector-only top-k. Same loaders, so parsing is equal.
 */
export function createLangChainBaseline(
  embedder: Embedder,
  chunking: { size: number; overlap: number },
  maxUnzippedBytes: number,
  answerer: Answerer = new LocalAnswerer(new PromptLibrary()),
): RetrievalPipeline {
  const stores = new Map<string, MemoryVectorStore>();
  const texts = new Map<string, string>();
  const sections = new Map<string, ReturnType<typeof headingSections>>();
  const embeddings = new PortEmbeddings(embedder);
  const faqAnswers = new Map<string, string>();
  let n = 0;
  return {
    name: 'langchain-baseline',
    async prepare(knowledge: Suite['knowledge']) {
      const kb = `baseline-${++n}`;
      const store = new MemoryVectorStore(embeddings);
      const splitter = new RecursiveCharacterTextSplitter({ chunkSize: chunking.size, chunkOverlap: chunking.overlap });
      for (const k of knowledge) {
        const files = k.type === 'folder' ? await collectFiles([k.path], isSupportedPath) : [{ absolutePath: k.path, sourcePath: path.basename(k.path) }];
        for (const f of files) {
          let loaded;
          try {
            loaded = await loadDocument({ sourcePath: f.sourcePath, bytes: new Uint8Array(await fs.readFile(f.absolutePath)) }, { maxUnzippedBytes });
          } catch {
            continue;
          }
          const key = `${kb}\0${f.sourcePath}`;
          if (loaded.kind === 'doc') {
            texts.set(key, loaded.markdown);
            const docs = await splitter.createDocuments([loaded.markdown], [{ sourcePath: f.sourcePath }]);
            await store.addDocuments(docs);
          } else {
            for (const e of loaded.entries) faqAnswers.set(e.id, e.answer);
            await store.addDocuments(
              loaded.entries.flatMap((e) => [e.question, ...e.altQuestions].map((q) => new Document({ pageContent: q, metadata: { faqId: e.id } }))),
            );
          }
        }
      }
      stores.set(kb, store);
      return kb;
    },
    async docs(kb, query, k) {
      // Document passages only: a knowledge folder may also hold FAQ files (entries without a text range).
      const found = await stores.get(kb)!.similaritySearch(query, k, (d: Document) => !d.metadata.faqId);
      return found.map((d): Passage => {
        const sourcePath = d.metadata.sourcePath as string;
        const key = `${kb}\0${sourcePath}`;
        const text = texts.get(key) ?? '';
        const { from, to } = (d.metadata.loc as { lines: { from: number; to: number } }).lines;
        const lineStarts = lineOffsets(text);
        if (!sections.has(key)) sections.set(key, headingSections(text));
        return {
          sourcePath,
          range: {
            start: lineStarts[from - 1] ?? 0,
            end: lineStarts[to] ?? text.length,
            sections: (h) => sections.get(key)!.get(h) ?? [],
          },
        };
      });
    },
    async faq(kb, query, k) {
      const found = await stores.get(kb)!.similaritySearch(query, k * 4);
      return [...new Set(found.map((d) => d.metadata.faqId as string))].slice(0, k);
    },
    // Vector-only top-k handed to the same local answerer, which always answers (no evidence check).
    async answer(kb, messages) {
      const question = messages[messages.length - 1]!.content;
      const found = await stores.get(kb)!.similaritySearch(question, 5);
      const language = detectLanguage(question);
      const passages: AnswererPassage[] = found.map((d, i) => {
        const faqId = d.metadata.faqId as string | undefined;
        const content = faqId ? (faqAnswers.get(faqId) ?? d.pageContent) : d.pageContent;
        return {
          index: i + 1, type: faqId ? 'faq' : 'chunk', id: String(i), documentId: '', sourcePath: (d.metadata.sourcePath as string) ?? '',
          title: null, headingPath: [], content, language: detectLanguage(content), score: 1 - i / 10, externalId: faqId,
        };
      });
      let text = '';
      let used: number[] = [];
      for await (const c of answerer.answer(
        { question, query: question, language, passages, retrievalConfidence: 1, minConfidence: 0, tone: 'concise', history: [], summary: '' },
        new AbortController().signal,
      ))
        if (c.type === 'delta') text += c.text;
        else used = c.used;
      const p = passages.find((x) => x.index === used[0]);
      const docs = p && !p.externalId ? await this.docs(kb, question, 5) : [];
      return { text, kind: 'answer', confidence: 1, cited: p ? (p.externalId ? { sourcePath: p.sourcePath, faqId: p.externalId } : docs[(p.index ?? 1) - 1]) : undefined };
    },
    async close() {
      stores.clear();
    },
  };
}

function lineOffsets(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}
