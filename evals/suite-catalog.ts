import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { InvalidSuite, SuiteNotFound } from '../src/domain/errors.js';
import type { EvalSuiteStore, StoredSuite } from '../src/ports/eval-store.js';
import { loadSuite, SuiteFormatError, type Suite, type SuiteCase } from './suite-loader.js';

/** A suite folder of EVAL_SUITES_DIRS, found by the `name` in its suite.yaml. */
export interface ConfiguredSuite {
  name: string;
  kind: string;
  dir: string;
  file: string;
  knowledgeBase: string | null;
  /** Non-blank lines of the cases file (a listing does not validate them). */
  cases: number;
  casesFile: string | null;
}

/** SuiteFormatError as the API's 422: file (relative to the working directory), line and field. */
export function invalidSuite(err: SuiteFormatError, file = displayPath(err.file)): InvalidSuite {
  const detail = err.message.slice(`${err.file}${err.line ? `:${err.line}` : ''}: ${err.field}: `.length);
  return new InvalidSuite(`${file}${err.line ? `:${err.line}` : ''}: ${err.field}: ${detail}`, {
    details: { file, line: err.line ?? null, field: err.field },
  });
}

const displayPath = (file: string) => {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
};

/**
 * Where the QA API finds suites by name: those stored through the API first, then the folders
 * of EVAL_SUITES_DIRS (each a suite folder or a folder of suites, as `npm run eval` takes them).
 */
export function createSuiteCatalog(deps: { stored: EvalSuiteStore; dirs: string[] }) {
  function configured(): ConfiguredSuite[] {
    const folders = deps.dirs.flatMap((d) => {
      if (!fs.existsSync(d)) return [];
      if (fs.existsSync(path.join(d, 'suite.yaml'))) return [d];
      return fs.readdirSync(d).map((x) => path.join(d, x)).filter((x) => fs.existsSync(path.join(x, 'suite.yaml'))).sort();
    });
    const out: ConfiguredSuite[] = [];
    for (const dir of folders) {
      const file = path.join(dir, 'suite.yaml');
      let y: { name?: unknown; kind?: unknown; knowledge_base?: unknown; cases?: unknown };
      try {
        y = (YAML.parse(fs.readFileSync(file, 'utf8')) ?? {}) as typeof y;
      } catch {
        continue; // running it by path reports the error with its line
      }
      if (typeof y.name !== 'string' || out.some((s) => s.name === y.name)) continue;
      const casesFile = typeof y.cases === 'string' ? path.resolve(dir, y.cases) : null;
      const cases = casesFile && fs.existsSync(casesFile) ? fs.readFileSync(casesFile, 'utf8').split('\n').filter((l) => l.trim()).length : 0;
      out.push({ name: y.name, kind: String(y.kind), dir, file, knowledgeBase: typeof y.knowledge_base === 'string' ? y.knowledge_base : null, cases, casesFile });
    }
    return out;
  }

  async function list(): Promise<SuiteListing[]> {
    const stored = await deps.stored.list();
    const files = configured().filter((c) => !stored.some((s) => s.name === c.name));
    return [...stored.map(storedListing), ...files.map(configuredListing)];
  }

  return {
    configured,
    list,
    /**
     * One suite: its listing (json), its cases in the shared JSONL format (jsonl), its suite.yaml
     * (yaml) or its skills file (skills), ready to commit into a suite folder.
     */
    async export(name: string, format: ExportFormat): Promise<{ json: SuiteListing } | { text: string; contentType: string; filename: string }> {
      const stored = await deps.stored.get(name);
      const found = stored ? undefined : configured().find((c) => c.name === name);
      if (!stored && !found) throw new SuiteNotFound(`No suite named ${name}`, { details: { suite: name } });
      if (format === 'json') return { json: stored ? storedListing(stored) : configuredListing(found!) };
      const text = stored ? (format === 'jsonl' ? jsonl(await deps.stored.cases(stored.id)) : storedText(stored, format)) : configuredText(found!, format);
      if (text === undefined) throw new SuiteNotFound(`Suite ${name} has no skills file`, { details: { suite: name, format } });
      return format === 'yaml'
        ? { text, contentType: 'application/yaml; charset=utf-8', filename: 'suite.yaml' }
        : { text, contentType: 'application/x-ndjson; charset=utf-8', filename: format === 'skills' ? 'skills.jsonl' : 'cases.jsonl' };
    },
    /** The suite as the runner takes it; SUITE_NOT_FOUND, or INVALID_SUITE naming file, line and field. */
    async load(name: string): Promise<Suite> {
      const stored = await deps.stored.get(name);
      if (stored) return fromStored(stored, await deps.stored.cases(stored.id));
      const found = configured().find((s) => s.name === name);
      if (!found) throw new SuiteNotFound(`No suite named ${name}`, { details: { suite: name } });
      try {
        return loadSuite(found.dir);
      } catch (err) {
        if (err instanceof SuiteFormatError) throw invalidSuite(err);
        throw err;
      }
    },
  };
}

export type SuiteCatalog = ReturnType<typeof createSuiteCatalog>;

export type ExportFormat = 'json' | 'jsonl' | 'yaml' | 'skills';

export interface SuiteListing {
  name: string;
  kind: string;
  /** stored: uploaded or grown through the API (in the database); configured: a folder of EVAL_SUITES_DIRS. */
  origin: 'stored' | 'configured';
  cases: number;
  knowledgeBase: string | null;
  createdBy?: 'upload' | 'cases';
  knowledge?: string[];
  description?: string | null;
  folder?: string;
  updatedAt?: Date;
}

const storedListing = (s: StoredSuite): SuiteListing => ({
  name: s.name, kind: s.kind, origin: 'stored', createdBy: s.origin, cases: s.caseCount, knowledgeBase: s.knowledgeBase,
  knowledge: s.knowledge.map((k) => k.path), description: s.description, updatedAt: s.updatedAt,
});

const configuredListing = (c: ConfiguredSuite): SuiteListing => ({
  name: c.name, kind: c.kind, origin: 'configured', cases: c.cases, knowledgeBase: c.knowledgeBase, folder: displayPath(c.dir),
});

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');

function configuredText(c: ConfiguredSuite, format: Exclude<ExportFormat, 'json'>): string | undefined {
  if (format === 'yaml') return fs.readFileSync(c.file, 'utf8');
  if (format === 'jsonl') return c.casesFile && fs.existsSync(c.casesFile) ? fs.readFileSync(c.casesFile, 'utf8') : '';
  const skills = (YAML.parse(fs.readFileSync(c.file, 'utf8')) as { skills?: unknown } | null)?.skills;
  const file = typeof skills === 'string' ? path.resolve(c.dir, skills) : undefined;
  return file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

function storedText(s: StoredSuite, format: 'yaml' | 'skills'): string | undefined {
  if (format === 'skills') return s.skills ? jsonl(s.skills) : undefined;
  return YAML.stringify({
    name: s.name,
    kind: s.kind,
    ...(s.lang ? { lang: s.lang } : {}),
    ...(s.description ? { description: s.description } : {}),
    knowledge: s.knowledge.map((k) => ({ path: k.path })),
    ...(s.knowledgeBase ? { knowledge_base: s.knowledgeBase } : {}),
    ...(s.skills ? { skills: 'skills.jsonl' } : {}),
    cases: 'cases.jsonl',
  });
}

/** A stored suite in the runner's shape; its cases were validated when they were stored. */
function fromStored(s: StoredSuite, cases: SuiteCase[]): Suite {
  const file = `stored suite ${s.name}`;
  s.knowledge.forEach((k, i) => {
    if (!fs.existsSync(k.resolved))
      throw new InvalidSuite(`${file}: knowledge[${i}].path: ${k.path} no longer exists`, { details: { file, line: null, field: `knowledge[${i}].path` } });
  });
  return {
    dir: '',
    file,
    name: s.name,
    kind: s.kind as Suite['kind'],
    knowledge: s.knowledge.map((k) => ({ path: k.resolved, type: k.type })),
    cases: cases.map((c) => ({ ...c, meta: c.meta ?? {} })),
    ...(s.skills ? { skills: s.skills } : {}),
    ...(s.knowledgeBase ? { knowledgeBase: s.knowledgeBase } : {}),
  };
}
