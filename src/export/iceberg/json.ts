/**
 * JSON for Iceberg table metadata with exact 64-bit integers: other engines write snapshot ids as
 * random 63-bit longs, which `JSON.parse` would round. Integers beyond 2^53 are read as bigints and
 * bigints are written back as plain JSON numbers.
 */

const BIG = '\u0000bigint:';

/** Parses JSON; integer literals outside the safe range become bigints (everything else as JSON.parse). */
export function parseJsonExact(text: string): unknown {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      // Skip a string literal, escapes included.
      i++;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 92 /* \ */) i += 2;
        else if (c === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (ch === 45 /* - */ || (ch >= 48 && ch <= 57)) {
      let j = i + 1;
      while (j < n && /[0-9eE.+-]/.test(text[j]!)) j++;
      const tok = text.slice(i, j);
      if (/^-?\d+$/.test(tok) && !Number.isSafeInteger(Number(tok))) {
        out += text.slice(last, i) + JSON.stringify(BIG + tok);
        last = j;
      }
      i = j;
      continue;
    }
    i++;
  }
  out += text.slice(last);
  return JSON.parse(out, (_k, v: unknown) => (typeof v === 'string' && v.startsWith(BIG) ? BigInt(v.slice(BIG.length)) : v));
}

/** Pretty JSON (2-space indent) that writes bigints as numbers and drops undefined object members. */
export function stringifyJsonExact(value: unknown, indent = '  '): string {
  const write = (v: unknown, pad: string): string => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'bigint':
        return v.toString();
      case 'number':
        if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as JSON`);
        return JSON.stringify(v);
      case 'boolean':
      case 'string':
        return JSON.stringify(v);
      case 'object': {
        const inner = pad + indent;
        if (Array.isArray(v)) {
          if (v.length === 0) return '[]';
          return `[\n${v.map((x) => inner + write(x, inner)).join(',\n')}\n${pad}]`;
        }
        const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
        if (entries.length === 0) return '{}';
        return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner)}`).join(',\n')}\n${pad}}`;
      }
      default:
        throw new Error(`cannot write a ${typeof v} as JSON`);
    }
  };
  return write(value, '');
}
