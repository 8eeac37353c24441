// Writes the API's OpenAPI document to a file without a running server or database: Nest's
// preview mode reads the controllers' metadata without instantiating providers, which is all
// the Swagger scanner needs. The web client's types are generated from this document.
// Usage: node -r ./scripts/register-ts.js scripts/write-openapi-document.ts <out.json>
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { ProcedureConfig, loadConfig } from '@cmm/config';
import { AppModule } from '../apps/api/src/app.module';
import { buildOpenApiDocument } from '../apps/api/src/openapi/openapi-document';
import { routeCatalog } from '../apps/api/src/openapi/route-catalog';

async function main(out: string): Promise<void> {
  const app = await NestFactory.create(AppModule.forRoot(process.env), { preview: true, logger: false, abortOnError: false });
  const procedures = loadConfig(ProcedureConfig);
  const document = buildOpenApiDocument(app, routeCatalog(app), { publicUrl: procedures.PUBLIC_URL, contactEmail: procedures.OFFICERS_MAILBOX });
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
