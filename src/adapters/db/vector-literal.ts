/** pgvector's text form, cast in SQL to `halfvec`; works the same through both drivers. */
export const vectorLiteral = (v: number[]) => `[${v.join(',')}]`;
