// TypeScript types from the committed OpenAPI document (docs/openapi.json), with no dependency:
// openapi-typescript needs TypeScript 5's compiler API, which TypeScript 7 (tsgo) does not offer.
//
//   node scripts/openapi-types.mjs           writes src/api-types.ts
//   node scripts/openapi-types.mjs --check   fails when src/api-types.ts is not what it would write
//
// Every component schema becomes an exported type of the same name (characters a TypeScript
// name cannot hold become "_"); every operation becomes an entry of `operations` with its path
// and query parameters, request body and success response, so the client names its types as
// `Body<'createWebhook'>` / `Reply<'createWebhook'>`. Fields the schema does not require are
// optional, as openapi-typescript writes them.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HEADER = '// Generated from docs/openapi.json by scripts/openapi-types.mjs (`npm run types`,\n// also run by `make openapi`). Do not edit: change the API and regenerate.\n';

/** A component name as a TypeScript identifier ("Body_login-Input" -> "Body_login_Input"). */
export function typeName(name) {
  const n = name.replace(/[^A-Za-z0-9_$]/g, '_');
  return /^[0-9]/.test(n) ? '_' + n : n;
}

function refName(ref) {
  const prefix = '#/components/schemas/';
  if (!ref.startsWith(prefix)) throw new Error(`unsupported $ref ${ref}`);
  return typeName(decodeURIComponent(ref.slice(prefix.length)));
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k) => (IDENT.test(k) ? k : JSON.stringify(k));
const literal = (v) => JSON.stringify(v);

function union(parts) {
  const seen = [...new Set(parts)];
  if (seen.includes('unknown')) return 'unknown';
  return seen.length ? seen.join(' | ') : 'never';
}
// A union or intersection inside an array or another intersection needs parentheses.
const wrap = (t) => (/[|&]/.test(t) && !/^[{(]/.test(t) ? `(${t})` : t);

function comment(text, indent) {
  if (!text) return '';
  const lines = String(text).trim().replace(/\*\//g, '*\\/').split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

function objectType(s, indent) {
  const props = s.properties ?? {};
  const required = new Set(s.required ?? []);
  const inner = indent + '  ';
  const lines = Object.entries(props).map(([k, v]) =>
    `${comment(v.description, inner)}${inner}${key(k)}${required.has(k) ? '' : '?'}: ${toType(v, inner)};\n`);
  const extra = s.additionalProperties;
  if (extra !== undefined && extra !== false) {
    // With named properties beside it, the index signature must admit theirs too.
    const value = Object.keys(props).length || extra === true ? 'unknown' : toType(extra, inner);
    lines.push(`${inner}[key: string]: ${value};\n`);
  }
  if (!lines.length) return 'Record<string, never>';
  return `{\n${lines.join('')}${indent}}`;
}

/** One JSON Schema (OpenAPI 3.1) as a TypeScript type expression. */
export function toType(s, indent = '') {
  if (s === true || s === undefined || s === null) return 'unknown';
  if (s === false) return 'never';
  if (s.$ref) return refName(s.$ref);
  if ('const' in s) return literal(s.const);
  if (Array.isArray(s.enum)) return union(s.enum.map(literal));
  if (s.anyOf || s.oneOf) return union((s.anyOf ?? s.oneOf).map((x) => toType(x, indent)));
  if (s.allOf) return s.allOf.length === 1 ? toType(s.allOf[0], indent) : s.allOf.map((x) => wrap(toType(x, indent))).join(' & ');
  if (Array.isArray(s.type)) return union(s.type.map((t) => toType({ ...s, type: t }, indent)));
  switch (s.type) {
    case 'string': return 'string';
    case 'integer': case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'null': return 'null';
    case 'array':
      if (Array.isArray(s.prefixItems)) return `[${s.prefixItems.map((x) => toType(x, indent)).join(', ')}]`;
      return `${wrap(toType(s.items, indent))}[]`;
    case 'object': return s.properties || s.additionalProperties !== undefined ? objectType(s, indent) : 'Record<string, unknown>';
    default:
      return s.properties ? objectType(s, indent) : 'unknown';
  }
}

function successResponse(op) {
  const codes = Object.keys(op.responses ?? {}).filter((c) => c.startsWith('2')).sort();
  if (!codes.length) return 'unknown';
  const parts = codes.map((code) => {
    const content = op.responses[code].content;
    if (!content) return 'null';
    const json = content['application/json'];
    if (json) return toType(json.schema, '    ');
    return 'string';
  });
  return union(parts);
}

function params(op, where, indent) {
  const ps = (op.parameters ?? []).filter((p) => p.in === where);
  if (!ps.length) return 'never';
  return `{\n${ps.map((p) => `${comment(p.description, indent + '  ')}${indent}  ${key(p.name)}${p.required ? '' : '?'}: ${toType(p.schema, indent + '  ')};\n`).join('')}${indent}}`;
}

/** The whole module for one OpenAPI document. */
export function generate(doc) {
  const out = [HEADER];
  const schemas = doc.components?.schemas ?? {};
  for (const name of Object.keys(schemas).sort()) {
    const s = schemas[name];
    const t = toType(s, '');
    out.push(`\n${comment(s.description, '')}export type ${typeName(name)} = ${t};\n`);
  }
  const ops = [];
  for (const path of Object.keys(doc.paths ?? {}).sort()) {
    for (const [method, op] of Object.entries(doc.paths[path])) {
      if (!op || typeof op !== 'object' || !op.operationId) continue;
      const body = op.requestBody?.content?.['application/json']?.schema;
      ops.push([op.operationId, [
        `    method: ${literal(method.toUpperCase())};\n`,
        `    path: ${literal(path)};\n`,
        `    params: ${params(op, 'path', '    ')};\n`,
        `    query: ${params(op, 'query', '    ')};\n`,
        `    body: ${body ? toType(body, '    ') : 'never'};\n`,
        `    response: ${successResponse(op)};\n`,
      ].join(''), op.summary]);
    }
  }
  ops.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  out.push('\n/** Every operation by its operationId: method, path, parameters, body, success response. */\nexport interface operations {\n');
  for (const [id, fields, summary] of ops) out.push(`${comment(summary, '  ')}  ${key(id)}: {\n${fields}  };\n`);
  out.push('}\n');
  out.push('\nexport type OperationId = keyof operations;\n');
  out.push("/** The JSON body an operation takes. */\nexport type Body<K extends OperationId> = operations[K]['body'];\n");
  out.push("/** What an operation answers on success (null for 204). */\nexport type Reply<K extends OperationId> = operations[K]['response'];\n");
  out.push("/** An operation's query parameters. */\nexport type Query<K extends OperationId> = operations[K]['query'];\n");
  return out.join('');
}

const here = dirname(fileURLToPath(import.meta.url));
export const SOURCE = resolve(here, '../../docs/openapi.json');
export const TARGET = resolve(here, '../src/api-types.ts');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = generate(JSON.parse(readFileSync(SOURCE, 'utf8')));
  if (process.argv.includes('--check')) {
    if (readFileSync(TARGET, 'utf8') !== text) {
      console.error('src/api-types.ts is not what docs/openapi.json gives: run `npm run types` (or `make openapi`)');
      process.exit(1);
    }
  } else {
    writeFileSync(TARGET, text);
  }
}
