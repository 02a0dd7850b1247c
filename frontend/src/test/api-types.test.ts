import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without declarations
import { generate, toType, typeName, SOURCE, TARGET } from '../../scripts/openapi-types.mjs';

describe('the generated API types', () => {
  it('are what docs/openapi.json gives today (run `npm run types` or `make openapi`)', () => {
    const doc = JSON.parse(readFileSync(SOURCE, 'utf8'));
    expect(readFileSync(TARGET, 'utf8') === generate(doc)).toBe(true);
  });

  it('writes each kind of schema as TypeScript', () => {
    expect(toType({ type: 'string' })).toBe('string');
    expect(toType({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string | null');
    expect(toType({ enum: ['a', 'b'] })).toBe('"a" | "b"');
    expect(toType({ const: 'x' })).toBe('"x"');
    expect(toType({ type: 'array', items: { anyOf: [{ type: 'integer' }, { type: 'null' }] } })).toBe('(number | null)[]');
    expect(toType({ $ref: '#/components/schemas/Body_login-Input' })).toBe('Body_login_Input');
    expect(toType({ type: 'object', additionalProperties: { type: 'integer' } })).toBe('{\n  [key: string]: number;\n}');
    expect(toType({ type: 'object' })).toBe('Record<string, unknown>');
    expect(toType({ type: ['string', 'null'] })).toBe('string | null');
    expect(toType({ anyOf: [{ type: 'string' }, {}] })).toBe('unknown');
    expect(toType({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] })).toBe('[string, number]');
    expect(typeName('2fa')).toBe('_2fa');
  });

  it('makes optional what the schema does not require, and keeps descriptions', () => {
    const t = toType({ type: 'object', required: ['id'], properties: { id: { type: 'string' }, 'x-y': { type: 'boolean', description: 'said once' } } });
    expect(t).toBe('{\n  id: string;\n  /** said once */\n  "x-y"?: boolean;\n}');
  });

  it('lists operations with their parameters, body and success response', () => {
    const doc = {
      paths: {
        '/things/{id}': {
          post: {
            operationId: 'makeThing', summary: 'Make',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, { name: 'dry', in: 'query', schema: { type: 'boolean' } }],
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingIn' } } } },
            responses: { '201': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } }, '422': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } } },
          },
          delete: { operationId: 'dropThing', responses: { '204': { description: 'gone' } } },
        },
      },
      components: { schemas: { Thing: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } } },
    };
    const out = generate(doc);
    expect(out).toContain('export type Thing = {\n  id: string;\n};');
    expect(out).toContain('  makeThing: {\n    method: "POST";\n    path: "/things/{id}";\n    params: {\n      id: string;\n    };\n    query: {\n      dry?: boolean;\n    };\n    body: ThingIn;\n    response: Thing;\n  };');
    expect(out).toContain('  dropThing: {\n    method: "DELETE";\n    path: "/things/{id}";\n    params: never;\n    query: never;\n    body: never;\n    response: null;\n  };');
  });
});
