import { Injectable } from '@nestjs/common';
import { DocumentsConfig } from '@cmm/config';
import { ALLOWED_FAMILIES, ContentSniffer, ContentTooLargeError, type DocumentStorage, type SniffResult, type StagedContent } from '@cmm/documents';
import busboy from 'busboy';
import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import type { InvalidParam } from '../problem-details/problem-details';
import { InvalidParamsException, ProblemException } from '../problem-details/problem.exception';
import { cleanFilename } from './content-disposition';
import { InjectDocumentStorage } from './document-storage.provider';
import { UploadDocumentFieldsDto } from './document.dto';

export interface ReceivedUpload {
  fields: UploadDocumentFieldsDto;
  filename: string;
  staged: StagedContent;
  sniffed: SniffResult;
}

const FILE_FIELD = 'file';
// Room for the boundaries, part headers and the two short fields around the file itself.
const FORM_OVERHEAD_BYTES = 64 * 1024;
// After refusing an upload we read (and drop) this much more of it, so the client gets to
// read our answer; a client that keeps sending beyond it is disconnected.
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

class UploadRefused extends Error {
  constructor(readonly problem: ProblemException) {
    super(problem.detail);
  }
}

const toInvalidParams = (errors: ValidationError[]): InvalidParam[] =>
  errors.flatMap((error) => Object.entries(error.constraints ?? {}).map(([rule, reason]) => ({ name: error.property, rule, reason })));

const tooLarge = (limit: number) =>
  new ProblemException(413, `the document exceeds the limit of ${limit} bytes`, { 'max-bytes': limit });

const unsupported = (detected: string) =>
  new ProblemException(415, `content recognised as ${detected}, which is not accepted; accepted: ${ALLOWED_FAMILIES.join(', ')}`, {
    'detected-type': detected,
    'accepted-types': [...ALLOWED_FAMILIES],
  });

const drain = (request: Request): void => {
  let drained = 0;
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT_BYTES) request.destroy();
  });
  request.resume();
};

/**
 * Reads a multipart/form-data upload straight from the request: the text fields first
 * (validated before a byte of the file is stored), then the `file` part streamed to
 * storage while it is hashed, counted against the limit and recognised by its content.
 */
@Injectable()
export class UploadReceiver {
  constructor(
    @InjectDocumentStorage() private readonly storage: DocumentStorage,
    private readonly config: DocumentsConfig,
  ) {}

  receive(request: Request): Promise<ReceivedUpload> {
    const maxBytes = this.config.DOCUMENTS_MAX_BYTES;
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes + FORM_OVERHEAD_BYTES) {
      // Refused before reading: close the connection rather than read gigabytes to drop them.
      request.res?.setHeader('Connection', 'close');
      return Promise.reject(tooLarge(maxBytes));
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        // Browsers put UTF-8 in a plain filename="…"; busboy's default would read it as Latin-1.
        defParamCharset: 'utf8',
        limits: { fields: 10, fieldSize: 4096, fieldNameSize: 100, files: 1, parts: 12, headerPairs: 50 },
      });
    } catch {
      return Promise.reject(new ProblemException(415, 'the request must be multipart/form-data with fields kind, title and then file'));
    }

    return new Promise<ReceivedUpload>((resolve, reject) => {
      const fields: Record<string, string> = {};
      let validated: UploadDocumentFieldsDto | null = null;
      let file: { stream: Readable; filename: string; sniffer: ContentSniffer; staging: Promise<StagedContent> } | null = null;
      let settled = false;

      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        request.unpipe(parser);
        if (!request.complete) drain(request);
        // Stops a staging still in progress (its partial file is removed) or drops a finished one.
        file?.stream.destroy(error instanceof Error ? error : new Error(String(error)));
        file?.staging.then((staged) => staged.discard()).catch(() => undefined);
        reject(error);
      };

      parser.on('field', (name, value, info) => {
        if (file) return fail(new InvalidParamsException([{ name, rule: 'beforeFile', reason: `${name} must come before the file part` }]));
        if (info.valueTruncated) return fail(new InvalidParamsException([{ name, rule: 'maxLength', reason: `${name} is too long` }]));
        if (name in fields) return fail(new InvalidParamsException([{ name, rule: 'unique', reason: `${name} is given more than once` }]));
        fields[name] = value;
      });

      parser.on('file', (name, stream, info) => {
        if (name !== FILE_FIELD || file) {
          stream.resume();
          const reason = file ? 'only one file per upload' : `the file part must be named ${FILE_FIELD}`;
          return fail(new InvalidParamsException([{ name, rule: 'singleFile', reason }]));
        }
        const dto = plainToInstance(UploadDocumentFieldsDto, fields);
        const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
        if (errors.length > 0) {
          stream.resume();
          return fail(new InvalidParamsException(toInvalidParams(errors)));
        }
        validated = dto;
        const sniffer = new ContentSniffer();
        const staging = this.storage.stage(stream, {
          maxBytes,
          inspect: (chunk) => {
            sniffer.push(chunk);
            const early = sniffer.early();
            if (early && !early.allowed) throw new UploadRefused(unsupported(early.contentType));
          },
        });
        file = { stream, filename: cleanFilename(info.filename), sniffer, staging };
        staging.catch((error: unknown) => {
          if (error instanceof ContentTooLargeError) fail(tooLarge(maxBytes));
          else if (error instanceof UploadRefused) fail(error.problem);
          else fail(error);
        });
      });

      const limit = (what: string) => () => fail(new ProblemException(400, `too many ${what} in the form`));
      parser.on('partsLimit', limit('parts'));
      parser.on('filesLimit', limit('files'));
      parser.on('fieldsLimit', limit('fields'));
      parser.on('error', (error: Error) => fail(new ProblemException(400, `malformed multipart body: ${error.message}`)));

      parser.on('close', () => {
        if (settled) return;
        if (!file || !validated) {
          const missing = toInvalidParams(validateSync(plainToInstance(UploadDocumentFieldsDto, fields), { whitelist: true, forbidNonWhitelisted: true }));
          return fail(new InvalidParamsException([...missing, { name: FILE_FIELD, rule: 'required', reason: 'the file part is missing' }]));
        }
        const { filename, sniffer, staging } = file;
        const fieldsDto = validated;
        staging.then(
          async (staged) => {
            if (settled) return;
            const sniffed = sniffer.finish();
            if (!sniffed.allowed) {
              await staged.discard();
              return fail(unsupported(sniffed.contentType));
            }
            settled = true;
            resolve({ fields: fieldsDto, filename, staged, sniffed });
          },
          () => undefined, // already reported by the staging's own handler
        );
      });

      // A client that goes away mid-upload: the file stream is destroyed, its partial file removed.
      request.once('close', () => {
        if (!request.complete) fail(new ProblemException(400, 'the upload was interrupted by the client'));
      });

      request.pipe(parser);
    });
  }
}
