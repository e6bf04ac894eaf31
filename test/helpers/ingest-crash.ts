import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../src/adapters/db/database.js';
import { PgSearchIndex } from '../../src/adapters/db/pg-search-index.js';

/**
 * kill -9 during ingestion, shared by the suite's small test and bench/crash-ingest.ts: a
 * corpus whose every section carries its file's revision (so a half-replaced document shows
 * as two revisions), an uploader that sends the folder to a running service the way a client
 * would, and the checks run on the database once the service is dead.
 */
export interface CorpusFile {
  name: string;
  revision: number;
}

const doc = (i: number, rev: number) =>
  `# 文档 ${i} Document ${i}\n\n` +
  Array.from(
    { length: 8 },
    (_, s) => `## 第 ${s} 节 Section ${s}\n\n` + `修订 R${rev}：产品 LM-${i}-${s} 的说明。Revision R${rev}: item ${i} section ${s}. `.repeat(12),
  ).join('\n\n') +
  '\n';

const faq = (i: number, rev: number) =>
  'id,question,answer\n' + Array.from({ length: 15 }, (_, e) => `q${i}-${e},问题 ${i}-${e} 怎么办？,修订 R${rev}：第 ${e} 条的答案 answer ${e}\n`).join('');

const nameOf = (i: number) => (i % 20 === 19 ? `faq-${String(i).padStart(4, '0')}.csv` : `doc-${String(i).padStart(4, '0')}.md`);

export function writeCorpus(dir: string, files: number): CorpusFile[] {
  fs.mkdirSync(dir, { recursive: true });
  return Array.from({ length: files }, (_, i) => {
    const f = { name: nameOf(i), revision: 1 };
    writeFile(dir, i, f);
    return f;
  });
}

function writeFile(dir: string, i: number, f: CorpusFile) {
  fs.writeFileSync(path.join(dir, f.name), f.name.endsWith('.csv') ? faq(i, f.revision) : doc(i, f.revision));
}

/** Edits some files (a new revision of each), so the next round replaces documents, not only adds them. */
export function reviseSome(dir: string, corpus: CorpusFile[], share: number, random: () => number): number {
  let n = 0;
  corpus.forEach((f, i) => {
    if (random() >= share) return;
    f.revision++;
    writeFile(dir, i, f);
    n++;
  });
  return n;
}

export interface UploadRound {
  acknowledged: number;
  outcomes: Record<string, number>;
  /** Set when the service went away mid-round. */
  interrupted?: string;
}

/** Uploads every file (unchanged ones are no-ops on the server), a few requests at a time. */
export async function uploadFolder(baseUrl: string, kb: string, dir: string, corpus: CorpusFile[], opts: { concurrency?: number; onFirst?: () => void; onAck?: (acknowledged: number) => void } = {}): Promise<UploadRound> {
  const round: UploadRound = { acknowledged: 0, outcomes: {} };
  let next = 0;
  let first = true;
  const worker = async () => {
    while (next < corpus.length && !round.interrupted) {
      const f = corpus[next++]!;
      const form = new FormData();
      form.append('file', new Blob([fs.readFileSync(path.join(dir, f.name))]), f.name);
      if (first) {
        first = false;
        opts.onFirst?.();
      }
      try {
        const res = await fetch(`${baseUrl}/v1/knowledge-bases/${kb}/documents`, { method: 'POST', body: form });
        const body = (await res.json()) as { items?: Array<{ outcome: string }> };
        const outcome = res.ok ? (body.items?.[0]?.outcome ?? 'unknown') : `http ${res.status}`;
        round.outcomes[outcome] = (round.outcomes[outcome] ?? 0) + 1;
        round.acknowledged++;
        opts.onAck?.(round.acknowledged);
      } catch (err) {
        round.interrupted = (err as Error).cause ? String((err as { cause: Error }).cause.message ?? (err as Error).cause) : (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 3 }, worker));
  return round;
}

export interface IngestState {
  documents: number;
  /** Documents not 'ready', or whose stored chunks/entries differ from their count. */
  halfDocuments: number;
  /** Source paths stored more than once. */
  duplicates: number;
  /** Documents whose chunks/entries carry more than one revision: a half-applied update. */
  mixedRevisions: number;
  /** The lexical index rebuilt from the database holds exactly the stored chunks. */
  indexConsistent: boolean;
  /** Revision stored per file. */
  revisions: Map<string, number>;
}

export async function inspectIngest(db: Database, kbName: string): Promise<IngestState> {
  const q = async <T>(sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows as T[];
  const [kb] = await q<{ id: string }>('SELECT id FROM knowledge_bases WHERE name = $1', [kbName]);
  if (!kb) return { documents: 0, halfDocuments: 0, duplicates: 0, mixedRevisions: 0, indexConsistent: true, revisions: new Map() };
  const docs = await q<{ id: string; source_path: string; kind: string; status: string; chunk_count: number; stored: number }>(
    `SELECT d.id, d.source_path, d.kind, d.status, d.chunk_count,
            CASE WHEN d.kind = 'faq' THEN (SELECT count(*)::int FROM faq_entries f WHERE f.document_id = d.id)
                 ELSE (SELECT count(*)::int FROM chunks c WHERE c.document_id = d.id) END AS stored
       FROM documents d WHERE d.kb_id = $1`,
    [kb.id],
  );
  const [dups] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT source_path FROM documents WHERE kb_id = $1 GROUP BY source_path HAVING count(*) > 1) x`, [kb.id]);
  const revs = await q<{ document_id: string; revs: string[] }>(
    `SELECT document_id, array_agg(DISTINCT substring(t FROM 'R([0-9]+)')) AS revs FROM (
       SELECT document_id, content AS t FROM chunks WHERE kb_id = $1
       UNION ALL SELECT document_id, answer AS t FROM faq_entries WHERE kb_id = $1) x
     GROUP BY document_id`,
    [kb.id],
  );
  const byDoc = new Map(revs.map((r) => [r.document_id, r.revs.filter(Boolean)]));
  const index = await new PgSearchIndex(db).lexical.indexes(kb.id);
  const chunkTotal = docs.filter((d) => d.kind === 'doc').reduce((n, d) => n + d.stored, 0);
  return {
    documents: docs.length,
    halfDocuments: docs.filter((d) => d.status !== 'ready' || d.chunk_count !== d.stored || d.stored === 0).length,
    duplicates: dups!.n,
    mixedRevisions: docs.filter((d) => (byDoc.get(d.id)?.length ?? 0) !== 1).length,
    indexConsistent: index.chunks.size === chunkTotal,
    revisions: new Map(docs.map((d) => [d.source_path, Number(byDoc.get(d.id)?.[0] ?? 0)])),
  };
}
