import fc from 'fast-check';

/**
 * Values for a JSON Schema (as the OpenAPI spec of our routes gives it), mostly valid so the
 * request gets past validation into the handler, sometimes broken on purpose: a wrong type, a
 * missing required field, an unknown field, an extreme string or number.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
  default?: unknown;
}

/** Strings that have broken parsers, SQL, paths and terminals before. */
export const nastyString = fc.constantFrom(
  '', ' ', '\u0000', '\uFFFD', '\uD800', '💥🧨', '退货 政策？', 'ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ', "'; DROP TABLE documents; --", '%00', '../../etc/passwd',
  '<script>alert(1)</script>', '{{question}}', '${process.env}', '__proto__', 'constructor', '\r\n\r\nHTTP/1.1 200 OK', 'a'.repeat(5000), '1e309', '-0', 'NaN',
  'LM-X20 Pro 多少钱', '[PHONE] 13812345678', '%E0%A4%A', '%', '%zz',
);

export const anyString = fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) }, { weight: 2, arbitrary: nastyString }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) });

export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, [], {}, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, true, '', { __proto__: { admin: true } }) },
  { weight: 1, arbitrary: nastyString },
);

function typed(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return fc.oneof(...union.map((s) => valueFor(s, depth)));
  if (schema.allOf?.length) return valueFor(Object.assign({}, ...schema.allOf), depth);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return fc.oneof(
        { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 80, 80) }) },
        { weight: 1, arbitrary: nastyString },
      );
    case 'integer':
      return fc.oneof(fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 }), fc.integer());
    case 'number':
      return fc.oneof(fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true }), fc.double());
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schema.items && depth < 4 ? valueFor(schema.items, depth + 1) : anyJson, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'object':
    case undefined: {
      if (!schema.properties || depth >= 4) return fc.dictionary(fc.string({ maxLength: 10 }), anyJson, { maxKeys: 3 });
      const keys = Object.keys(schema.properties);
      const shape = Object.fromEntries(keys.map((k) => [k, valueFor(schema.properties![k]!, depth + 1)]));
      // Optional fields present or not; required ones usually present.
      return fc.record(shape, { requiredKeys: (schema.required ?? []).filter((k) => keys.includes(k)) });
    }
    default:
      return anyJson;
  }
}

/** A value for `schema`: valid most of the time, otherwise broken in one of the ways clients break it. */
export function valueFor(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 8, arbitrary: typed(schema, depth) },
    { weight: 1, arbitrary: anyJson },
    ...(schema.properties
      ? [
          {
            weight: 1,
            arbitrary: fc
              .tuple(typed(schema, depth), fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype')), anyJson, { maxKeys: 3 }))
              .map(([v, extra]) => (v && typeof v === 'object' && !Array.isArray(v) ? { ...extra, ...v } : v)),
          },
        ]
      : []),
  );
}
