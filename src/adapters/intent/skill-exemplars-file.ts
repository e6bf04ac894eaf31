import fs from 'node:fs';
import { z } from 'zod';
import type { SkillExemplar } from '../../ports/intent-classifier.js';

const Line = z.object({ skill: z.string().min(1), text: z.string().min(1) });

/** SKILLS_FILE: one `{"skill", "text"}` per line; a bad line stops start-up naming file and line. */
export function readSkillExemplars(file: string, catalogue?: readonly string[]): SkillExemplar[] {
  const out: SkillExemplar[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (err) {
        throw new Error(`${file}:${i + 1}: not JSON: ${(err as Error).message}`);
      }
      const r = Line.safeParse(parsed);
      if (!r.success) throw new Error(`${file}:${i + 1}: needs "skill" and "text" strings`);
      out.push(r.data);
    });
  const unknown = catalogue ? [...new Set(out.map((e) => e.skill))].filter((s) => !catalogue.includes(s)) : [];
  if (unknown.length) throw new Error(`${file}: skills not in HANDOFF_SKILLS: ${unknown.join(', ')}`);
  if (new Set(out.map((e) => e.skill)).size < 2) throw new Error(`${file}: needs exemplars of at least two skills`);
  return out;
}
