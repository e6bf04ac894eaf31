import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { InvalidSuite } from '../src/domain/errors.js';
import { invalidSuite } from './suite-catalog.js';
import { loadSuiteWith, SuiteFormatError, type Suite } from './suite-loader.js';

export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

/** The single-JSONL upload: the cases file plus these form fields instead of a suite.yaml. */
export interface UploadFields {
  name?: string;
  kind?: string;
  lang?: string;
  description?: string;
  knowledge_base?: string;
  knowledge?: string[];
}

export interface ParsedUpload {
  suite: Suite;
  /** Knowledge paths as written in the upload (export writes them back). */
  knowledgePaths: string[];
  lang: string | null;
  description: string | null;
}

const FORM = '(form fields)';
const SAFE_NAME = /^[\w.-]{1,120}$/;

/**
 * Validates an uploaded suite with the same loader as `npm run eval`: suite.yaml + cases.jsonl
 * (+ skills.jsonl for intent), or one cases JSONL file with the suite's fields as form fields.
 * The files go to a private temporary folder only for the loader; relative knowledge paths
 * resolve against the service's working directory and must stay inside `knowledgeRoots`.
 */
export function parseUploadedSuite(files: UploadedFile[], fields: UploadFields, opts: { knowledgeDir: string; knowledgeRoots: string[] }): ParsedUpload {
  const bad = (file: string, field: string, detail: string) =>
    new InvalidSuite(`${file}: ${field}: ${detail}`, { details: { file, line: null, field } });
  for (const f of files) if (!SAFE_NAME.test(f.name)) throw bad(f.name, 'filename', 'use a plain file name (letters, digits, . _ -)');
  if (new Set(files.map((f) => f.name)).size !== files.length) throw bad(FORM, 'file', 'two files with the same name');
  const yamls = files.filter((f) => /\.ya?ml$/i.test(f.name));
  if (yamls.length > 1) throw bad(FORM, 'file', 'upload one suite.yaml');

  let yamlName: string;
  let yamlText: string;
  if (yamls.length) {
    yamlName = yamls[0]!.name;
    yamlText = yamls[0]!.bytes.toString('utf8');
  } else {
    const jsonl = files.filter((f) => /\.jsonl$/i.test(f.name));
    if (jsonl.length !== 1) throw bad(FORM, 'file', 'upload suite.yaml with its cases file, or one cases .jsonl file with name and kind fields');
    yamlName = FORM;
    yamlText = YAML.stringify({
      name: fields.name,
      kind: fields.kind,
      ...(fields.lang ? { lang: fields.lang } : {}),
      ...(fields.description ? { description: fields.description } : {}),
      knowledge: (fields.knowledge ?? []).map((p) => ({ path: p })),
      ...(fields.knowledge_base ? { knowledge_base: fields.knowledge_base } : {}),
      cases: jsonl[0]!.name,
    });
  }
  const raw = parseYaml(yamlText);
  // The loader would follow any path: cases and skills must be files of this upload.
  for (const field of ['cases', 'skills'] as const) {
    const v = raw?.[field];
    if (v !== undefined && (typeof v !== 'string' || !files.some((f) => f.name === v) || yamls.some((y) => y.name === v)))
      throw bad(yamlName, field, `must name a file of this upload (${files.map((f) => f.name).join(', ')})`);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-suite-'));
  try {
    for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.bytes);
    if (!yamls.length) fs.writeFileSync(path.join(dir, 'suite.yaml'), yamlText);
    const suitePath = path.join(dir, yamls.length ? yamlName : 'suite.yaml');
    let suite: Suite;
    try {
      suite = loadSuiteWith(suitePath, { knowledgeDir: opts.knowledgeDir, knowledgeRoots: opts.knowledgeRoots });
    } catch (err) {
      if (!(err instanceof SuiteFormatError)) throw err;
      // Name the uploaded file, not our temporary copy.
      throw invalidSuite(err, err.file.startsWith(dir) ? (err.file === suitePath ? yamlName : path.relative(dir, err.file)) : err.file);
    }
    const knowledgePaths = Array.isArray(raw?.knowledge) ? raw.knowledge.map((k: { path?: unknown }) => String(k?.path)) : [];
    return {
      suite: { ...suite, dir: '', file: yamlName },
      knowledgePaths,
      lang: typeof raw?.lang === 'string' ? raw.lang : null,
      description: typeof raw?.description === 'string' ? raw.description : null,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Only to check which files it names; the loader reports a YAML error with its line. */
function parseYaml(text: string): Record<string, any> | undefined {
  try {
    const v = YAML.parse(text);
    return v && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}
