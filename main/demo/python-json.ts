// Byte-exact JSON as LLM-Manager's Python side writes it. v1/v2 SSE frames use json.dumps defaults
// (", " and ": " separators, ensure_ascii=False); FastAPI JSON responses use compact separators.
// JS numbers carry no int/float distinction, so Python floats are marked with pyFloat().

export class PyFloat {
  constructor(readonly value: number) {}
}

/** Marks a number as a Python float, so 0 serialises as `0.0` and 1e-7 as `1e-07`. */
export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

/** Python's repr() of a float (shortest round-trip digits, Python's exponent rules). */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const [mantissa = '0', expText = '0'] = Math.abs(value).toExponential().split('e');
  const exp = Number(expText);
  const digits = mantissa.replace('.', '');
  if (exp >= -5 && exp < 16) {
    // Python switches to exponent notation for exp < -4 or exp >= 16.
    if (exp < -4) return formatExponent(sign, digits, exp);
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const intLen = exp + 1;
    if (digits.length <= intLen) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}.0`;
    return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  }
  return formatExponent(sign, digits, exp);
}

function formatExponent(sign: string, digits: string, exp: number): string {
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expAbs = Math.abs(exp);
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${expAbs < 10 ? `0${expAbs}` : String(expAbs)}`;
}

interface Separators {
  item: string;
  key: string;
}

function serialize(value: unknown, sep: Separators): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // Non-integers are floats in Python too; integers stay ints unless wrapped in pyFloat().
      return Number.isInteger(value) ? String(value) : pyFloatRepr(value);
    case 'string':
      // JSON.stringify escapes exactly what json.dumps(ensure_ascii=False) escapes for valid text.
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => serialize(v, sep)).join(sep.item)}]`;
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue;
        parts.push(`${JSON.stringify(k)}${sep.key}${serialize(v, sep)}`);
      }
      return `{${parts.join(sep.item)}}`;
    }
    default:
      return 'null';
  }
}

/** json.dumps(value, ensure_ascii=False) — the v1/v2 SSE frame format. */
export function pythonJson(value: unknown): string {
  return serialize(value, { item: ', ', key: ': ' });
}

/** FastAPI/Starlette JSONResponse body: compact separators, ensure_ascii=False. */
export function compactJson(value: unknown): string {
  return serialize(value, { item: ',', key: ':' });
}
