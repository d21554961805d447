import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildOpenApiDocument, serialiseOpenApi } from '../src/openapi/openapi-document';
import { bootTestApp } from './test-app';

/**
 * The API contract is an artefact (STYLE.md §8): the committed document and the SPA's types
 * generated from it must match the code. `npm run api:generate` rewrites both.
 */
const root = resolve(__dirname, '../../..');
const documentPath = join(root, 'libs/api-client/openapi.json');
const typesPath = join(root, 'libs/api-client/src/schema.d.ts');
const updating = process.env.UPDATE_OPENAPI === '1';

function generateTypes(documentFile: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'perepiska-openapi-')), 'schema.d.ts');
  execFileSync(process.execPath, [join(root, 'node_modules/openapi-typescript/bin/cli.js'), documentFile, '-o', out], { stdio: 'pipe' });
  return readFileSync(out, 'utf8');
}

describe('the OpenAPI contract', () => {
  let app: NestFastifyApplication;
  let generated: string;

  beforeAll(async () => {
    app = await bootTestApp();
    generated = serialiseOpenApi(buildOpenApiDocument(app));
    if (updating) {
      writeFileSync(documentPath, generated);
      writeFileSync(typesPath, generateTypes(documentPath));
    }
  });
  afterAll(() => app.close());

  it('committed in libs/api-client/openapi.json matches the code (run `npm run api:generate`)', () => {
    expect(readFileSync(documentPath, 'utf8')).toBe(generated);
  });

  it('and the SPA\'s types in libs/api-client/src/schema.d.ts match the document', () => {
    expect(readFileSync(typesPath, 'utf8')).toBe(generateTypes(documentPath));
  });
});
