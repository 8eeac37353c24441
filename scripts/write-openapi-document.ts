// Writes the API's OpenAPI document to a file without a running server or database: Nest's
// preview mode reads the controllers' metadata without instantiating providers, which is all
// the Swagger scanner needs. The web client's types are generated from this document.
// Usage: node -r ./scripts/register-ts.js scripts/write-openapi-document.ts <out.json>
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { ProcedureConfig } from '@cmm/config';
import { AppModule } from '../apps/api/src/app.module';
import { buildOpenApiDocument } from '../apps/api/src/openapi/openapi-document';
import { routeCatalog } from '../apps/api/src/openapi/route-catalog';

async function main(out: string): Promise<void> {
  const app = await NestFactory.create(AppModule.forRoot(process.env), { preview: true, logger: false, abortOnError: false });
  // The deployment's public URL and contact only fill `servers` and `info.contact`: the defaults,
  // or the environment's, without the secrets a running API needs.
  const procedures = new ProcedureConfig();
  procedures.PUBLIC_URL = process.env.PUBLIC_URL ?? procedures.PUBLIC_URL;
  procedures.OFFICERS_MAILBOX = process.env.OFFICERS_MAILBOX ?? procedures.OFFICERS_MAILBOX;
  const document = buildOpenApiDocument(app, routeCatalog(app), {
    publicUrl: procedures.PUBLIC_URL,
    contactEmail: procedures.OFFICERS_MAILBOX,
  });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  await app.close().catch(() => undefined);
}

main(process.argv[2] ?? 'openapi.json').then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
