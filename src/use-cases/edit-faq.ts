import { randomBytes } from 'node:crypto';
import { DocumentNotFound, FaqEntryNotFound, FaqNotEditable, FaqVersionConflict } from '../domain/errors.js';
import type { DocumentRecord, StoredFaqEntry } from '../domain/knowledge.js';
import type { DocumentStore, KnowledgeBaseRepository } from '../ports/knowledge-store.js';
import type { FaqRow } from '../../ingest/faq-writer.js';
import type { AuditOf } from '../domain/tenancy.js';
import type { IngestDocument } from './ingest-document.js';
import { requireKnowledgeBase } from './require-knowledge-base.js';

/** A new list created by the first entry added to a knowledge base without one. */
export const NEW_FAQ_PATH = 'faq.csv';

export interface FaqDraft {
  question: string;
  answer: string;
  altQuestions: string[];
}

export interface EditFaqDeps {
  knowledgeBases: KnowledgeBaseRepository;
  documents: DocumentStore;
  ingestDocument: IngestDocument;
  /** ingest/faq-writer.ts: the list in its file format, or null when that format is not writable. */
  writeFaqFile: (sourcePath: string, rows: FaqRow[]) => { bytes: Uint8Array; contentType: string } | null;
}

const languageOf = (text: string) => (/[\u3400-\u9fff]/.test(text) ? 'zh' : 'en');
const toRow = (e: StoredFaqEntry): FaqRow => ({ id: e.externalId, question: e.question, answer: e.answer, altQuestions: e.altQuestions, lang: e.language });
const fromDraft = (id: string, d: FaqDraft): FaqRow => ({ id, question: d.question.trim(), answer: d.answer.trim(), altQuestions: d.altQuestions, lang: languageOf(d.question + d.answer) });

/**
 * FAQ editing in the admin page. An edit rewrites the FAQ list's source file and re-ingests it
 * through the normal pipeline, so edited and uploaded lists are indexed the same way and the
 * stored source stays the truth. The document's version guards against two editors: an edit
 * made against an older version is refused (409) instead of silently undoing the other's.
 */
export function createEditFaq(deps: EditFaqDeps) {
  async function load(kbIdOrName: string, documentId: string, version: number | undefined) {
    const kb = await requireKnowledgeBase(deps.knowledgeBases, kbIdOrName);
    const doc = await deps.documents.get(kb.id, documentId);
    if (!doc) throw new DocumentNotFound(`Document ${documentId} not found`, { details: { documentId } });
    if (doc.kind !== 'faq') throw new FaqNotEditable(`${doc.sourcePath} is not a FAQ list`, { details: { documentId } });
    if (version !== undefined && doc.version !== version) {
      throw new FaqVersionConflict(`${doc.sourcePath} changed (version ${doc.version}, edit made on ${version}): reload and try again`, {
        details: { documentId, version: doc.version },
      });
    }
    return { kb, doc, rows: (await deps.documents.faqEntries(kb.id, doc.id)).map(toRow) };
  }

  async function save(kbId: string, doc: Pick<DocumentRecord, 'sourcePath'>, rows: FaqRow[], audit: AuditOf | undefined, action: string) {
    const file = deps.writeFaqFile(doc.sourcePath, rows);
    if (!file) throw new FaqNotEditable(`${doc.sourcePath}: this format cannot be edited here; upload a new version instead`, { details: { sourcePath: doc.sourcePath } });
    return deps.ingestDocument(kbId, { sourcePath: doc.sourcePath, ...file }, { audit: audit && { ...audit, action } });
  }

  return {
    /** Appends an entry to a list (or to a new faq.csv when the knowledge base has none). */
    async add(kbIdOrName: string, input: FaqDraft & { documentId?: string; version?: number }, audit?: AuditOf) {
      if (input.documentId) {
        const { kb, doc, rows } = await load(kbIdOrName, input.documentId, input.version);
        return save(kb.id, doc, [...rows, fromDraft(`faq-${randomBytes(4).toString('hex')}`, input)], audit, 'faq.add');
      }
      const kb = await requireKnowledgeBase(deps.knowledgeBases, kbIdOrName);
      const existing = await deps.documents.findByPath(kb.id, NEW_FAQ_PATH);
      const rows = existing?.kind === 'faq' ? (await deps.documents.faqEntries(kb.id, existing.id)).map(toRow) : [];
      return save(kb.id, { sourcePath: NEW_FAQ_PATH }, [...rows, fromDraft(`faq-${randomBytes(4).toString('hex')}`, input)], audit, 'faq.add');
    },

    async update(kbIdOrName: string, documentId: string, externalId: string, input: FaqDraft & { version?: number }, audit?: AuditOf) {
      const { kb, doc, rows } = await load(kbIdOrName, documentId, input.version);
      const i = rows.findIndex((r) => r.id === externalId);
      if (i < 0) throw new FaqEntryNotFound(`No entry ${externalId} in ${doc.sourcePath}`, { details: { documentId, externalId } });
      rows[i] = fromDraft(externalId, input);
      return save(kb.id, doc, rows, audit, 'faq.update');
    },

    async remove(kbIdOrName: string, documentId: string, externalId: string, version?: number, audit?: AuditOf) {
      const { kb, doc, rows } = await load(kbIdOrName, documentId, version);
      const left = rows.filter((r) => r.id !== externalId);
      if (left.length === rows.length) throw new FaqEntryNotFound(`No entry ${externalId} in ${doc.sourcePath}`, { details: { documentId, externalId } });
      return save(kb.id, doc, left, audit, 'faq.remove');
    },
  };
}
