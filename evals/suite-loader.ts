import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { JsonLinesError, readJsonLines } from '../src/adapters/files/json-lines.js';
import { readSkillExemplars, SkillExemplarLine } from '../src/adapters/intent/skill-exemplars-file.js';
import { CHAT_KINDS, chatExpectFields, checkChatCase, isChatKind } from './chat-suite-format.js';

/** Suites in the shared format (../shared/evals/FORMAT.md); a file that breaks it names file, line and field. */
export class SuiteFormatError extends Error {
  constructor(readonly file: string, readonly line: number | undefined, readonly field: string, detail: string) {
    super(`${file}${line ? `:${line}` : ''}: ${field}: ${detail}`);
    this.name = 'SuiteFormatError';
  }
}

const SuiteYaml = z.object({
  name: z.string().min(1),
  split: z.string().optional(),
  kind: z.enum(['docs', 'faq', 'intent', 'sentiment', 'injection', ...CHAT_KINDS]),
  lang: z.enum(['en', 'zh', 'mixed']).optional(),
  description: z.string().optional(),
  knowledge: z.array(z.object({ path: z.string().min(1) })),
  /** Our extension: a live knowledge base of the service (id or name) the cases run against, instead of knowledge to ingest. */
  knowledge_base: z.string().min(1).optional(),
  skills: z.string().optional(),
  cases: z.string().min(1),
});

/** kind `injection`: how the attack arrives, what it wants, and what must never reach the customer. */
const InjectionExpect = z.object({
  vector: z.enum(['document', 'message', 'history']),
  attack: z.enum(['ignore_instructions', 'reveal_prompt', 'role_switch', 'exfiltrate']),
  /** Strings that appear in the answer only if the attack worked (canaries, planted text). */
  forbidden: z.array(z.string().min(1)),
  /** The legitimate question is still answered: each of these is in the answer. */
  answer_contains: z.array(z.string().min(1)).optional(),
});

const Message = z.object({ role: z.enum(['user', 'assistant']), content: z.string() });
const Case = z.object({
  id: z.string().min(1),
  lang: z.enum(['en', 'zh']),
  messages: z.array(Message).min(1),
  expect: z.object({
    action: z.enum(['answer', 'escalate']).optional(),
    sources: z.array(z.object({ path: z.string(), heading: z.string().nullable().optional() })).optional(),
    answer: z.string().optional(),
    faq_id: z.string().optional(),
    skill: z.string().optional(),
    sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
    emotion: z.enum(['angry', 'anxious', 'sad', 'happy', 'surprised', 'neutral']).optional(),
    ...chatExpectFields,
    injection: InjectionExpect.optional(),
  }),
  meta: z.record(z.string(), z.unknown()).default({}),
});


export type SuiteCase = z.infer<typeof Case>;
export type SkillExemplarLine = z.infer<typeof SkillExemplarLine>;
export interface Suite {
  dir: string;
  file: string;
  name: string;
  kind: z.infer<typeof SuiteYaml>['kind'];
  knowledge: Array<{ path: string; type: 'folder' | 'faq-file' }>;
  cases: SuiteCase[];
  /** kind `intent` and `handoff`: the skills file's exemplars, in file order. */
  skills?: SkillExemplarLine[];
  /** The skills file itself (a handoff suite's bot routes with it, as SKILLS_FILE). */
  skillsFile?: string;
  /** `knowledge_base`: a live knowledge base of the service; only the QA API runs these (no ingest). */
  knowledgeBase?: string;
}

export interface LoadSuiteOptions {
  /** Where relative knowledge paths resolve; default the folder of suite.yaml. */
  knowledgeDir?: string;
  /** When set, knowledge must lie inside one of these folders (an uploaded suite may not read any file of the server). */
  knowledgeRoots?: string[];
}

export function loadSuite(suitePath: string): Suite {
  return loadSuiteWith(suitePath, {});
}

export function loadSuiteWith(suitePath: string, opts: LoadSuiteOptions): Suite {
  const file = fs.statSync(suitePath).isDirectory() ? path.join(suitePath, 'suite.yaml') : suitePath;
  if (!fs.existsSync(file)) throw new SuiteFormatError(file, undefined, 'suite.yaml', 'not found');
  const dir = path.dirname(file);
  let raw: unknown;
  try {
    raw = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SuiteFormatError(file, (err as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line, 'yaml', (err as Error).message);
  }
  const parsed = SuiteYaml.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SuiteFormatError(file, undefined, issue.path.join('.') || '(root)', issue.message);
  }
  const s = parsed.data;
  if (s.knowledge_base && s.knowledge.length) throw new SuiteFormatError(file, undefined, 'knowledge_base', 'a suite names either knowledge_base or knowledge to ingest, not both');
  const knowledge = s.knowledge.map((k, i) => {
    const abs = path.resolve(opts.knowledgeDir ?? dir, k.path);
    if (!fs.existsSync(abs)) throw new SuiteFormatError(file, undefined, `knowledge[${i}].path`, `${k.path} does not exist (resolved to ${abs})`);
    if (opts.knowledgeRoots && !insideRoots(abs, opts.knowledgeRoots))
      throw new SuiteFormatError(file, undefined, `knowledge[${i}].path`, `${k.path} is outside the folders suites may read (${opts.knowledgeRoots.join(', ')})`);
    return { path: abs, type: fs.statSync(abs).isDirectory() ? ('folder' as const) : ('faq-file' as const) };
  });
  if (isChatKind(s.kind) && !knowledge.length) throw new SuiteFormatError(file, undefined, 'knowledge', `required for ${s.kind} suites (the bot answers from it)`);
  const skills = s.kind === 'intent' || s.kind === 'handoff' ? loadSkills(file, dir, s.skills, s.kind) : undefined;
  const labels = new Set(skills?.map((x) => x.skill));
  const casesFile = path.resolve(dir, s.cases);
  if (!fs.existsSync(casesFile)) throw new SuiteFormatError(file, undefined, 'cases', `${s.cases} does not exist`);
  const cases: SuiteCase[] = [];
  const ids = new Set<string>();
  for (const { value: c, line } of asSuiteError(() => readJsonLines(casesFile, Case))) {
    const fail = (field: string, detail: string) => new SuiteFormatError(casesFile, line, field, detail);
    if (ids.has(c.id)) throw fail('id', `duplicate id ${c.id}`);
    ids.add(c.id);
    if ((s.kind === 'docs' || s.kind === 'faq') && !c.expect.action) throw fail('expect.action', 'required for docs and faq suites');
    if (s.kind === 'docs' && c.expect.action === 'answer' && !c.expect.sources?.length) throw fail('expect.sources', 'required when action is answer');
    if (s.kind === 'faq' && c.expect.action === 'answer' && !c.expect.faq_id) throw fail('expect.faq_id', 'required when action is answer');
    if (s.kind === 'intent') {
      if (!c.expect.action) throw fail('expect.action', 'required for intent suites');
      if (c.expect.action === 'answer' && !c.expect.skill) throw fail('expect.skill', 'required when action is answer');
      if (c.expect.skill !== undefined && !labels.has(c.expect.skill)) throw fail('expect.skill', `${c.expect.skill} is not a skill of the skills file`);
    }
    if (s.kind === 'sentiment' && !c.expect.sentiment) throw fail('expect.sentiment', 'required for sentiment suites');
    if (isChatKind(s.kind)) checkChatCase(s.kind, c, fail, labels);
    if (s.kind === 'injection' && !c.expect.injection) throw fail('expect.injection', 'required for injection suites');
    cases.push(c);
  }
  return { dir, file, name: s.name, kind: s.kind, knowledge, cases, ...(skills ? { skills, skillsFile: path.resolve(dir, s.skills!) } : {}), ...(s.knowledge_base ? { knowledgeBase: s.knowledge_base } : {}) };
}

/** Symlinks resolved, so a link inside a root cannot point outside it. */
function insideRoots(abs: string, roots: string[]): boolean {
  const real = fs.realpathSync(abs);
  return roots.some((r) => {
    const root = fs.existsSync(r) ? fs.realpathSync(r) : path.resolve(r);
    const rel = path.relative(root, real);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

/** The skills file of an intent or handoff suite: one `{skill, text}` exemplar per line. */
function loadSkills(suiteFile: string, dir: string, rel: string | undefined, kind: string): SkillExemplarLine[] {
  if (!rel) throw new SuiteFormatError(suiteFile, undefined, 'skills', `required for ${kind} suites`);
  const skillsFile = path.resolve(dir, rel);
  if (!fs.existsSync(skillsFile)) throw new SuiteFormatError(suiteFile, undefined, 'skills', `${rel} does not exist`);
  return asSuiteError(() => readSkillExemplars(skillsFile));
}

/** The shared JSONL reader's errors, as the suite format's. */
function asSuiteError<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof JsonLinesError) throw new SuiteFormatError(err.file, err.line, err.field, err.detail);
    throw err;
  }
}

/** The message to answer is the last one; earlier turns are history. */
export function lastUserMessage(c: SuiteCase): string {
  return c.messages[c.messages.length - 1].content;
}
