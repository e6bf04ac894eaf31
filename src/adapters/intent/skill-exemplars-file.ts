import { z } from 'zod';
import type { SkillExemplar } from '../../ports/intent-classifier.js';
import { JsonLinesError, readJsonLines } from '../files/json-lines.js';

/** One exemplar of a skills file: the service's SKILLS_FILE and an intent suite's skills file alike. */
export const SkillExemplarLine = z.object({ skill: z.string().min(1), text: z.string().min(1) });

/** `{"skill", "text"}` per line; a bad line, too few skills or one outside `catalogue` throws JsonLinesError. */
export function readSkillExemplars(file: string, catalogue?: readonly string[]): SkillExemplar[] {
  const out = readJsonLines(file, SkillExemplarLine).map((r) => r.value);
  const unknown = catalogue ? [...new Set(out.map((e) => e.skill))].filter((s) => !catalogue.includes(s)) : [];
  if (unknown.length) throw new JsonLinesError(file, undefined, 'skill', `skills not in HANDOFF_SKILLS: ${unknown.join(', ')}`);
  if (new Set(out.map((e) => e.skill)).size < 2) throw new JsonLinesError(file, undefined, 'skill', 'needs exemplars of at least two skills');
  return out;
}
