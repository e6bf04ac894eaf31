/**
 * The editable synonym list: one group per line, comma-separated (，、 too), `#` comments.
 * Each phrase is normalised by the same analyzer as queries, so the table speaks in index terms.
 */
export interface SynonymTable {
  synonymsOf(term: string): string[];
  readonly groups: number;
}

export function parseSynonyms(text: string, toTerms: (phrase: string) => string[]): SynonymTable {
  const map = new Map<string, Set<string>>();
  let groups = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const phrases = line.split(/[,，、]/).map((p) => p.trim()).filter(Boolean);
    // A multi-word phrase contributes its words; single-word phrases are the typical case.
    const terms = [...new Set(phrases.flatMap((p) => toTerms(p)))];
    if (terms.length < 2) continue;
    groups++;
    for (const t of terms) {
      const set = map.get(t) ?? new Set<string>();
      for (const o of terms) if (o !== t) set.add(o);
      map.set(t, set);
    }
  }
  return { synonymsOf: (term) => [...(map.get(term) ?? [])], groups };
}
