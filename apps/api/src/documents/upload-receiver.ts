import { Injectable } from '@nestjs/common';
import { DocumentsConfig } from '@cmm/config';
import {
  ALLOWED_FAMILIES,
  ByteRangeScanner,
  ContentSniffer,
  ContentTooLargeError,
  type DocumentStorage,
  MEDIA_TYPES,
  type ScannedByteRanges,
  type SniffResult,
  type StagedContent,
} from '@cmm/documents';
import busboy from 'busboy';
import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import type { LocalizedText } from '../problem-details/problem-details';
import { InvalidParamsException, type LocalizedInvalidParam, ProblemException } from '../problem-details/problem.exception';
import { constraintReason } from '../validation/constraint-reasons';
import { cleanFilename, filenameProblem } from './content-disposition';
import { InjectDocumentStorage } from './document-storage.provider';
import { UploadDocumentFieldsDto } from './document.dto';

export interface ReceivedUpload {
  fields: UploadDocumentFieldsDto;
  filename: string;
  staged: StagedContent;
  sniffed: SniffResult;
  /** The PDF signature dictionaries seen while the file streamed to storage (absent for other types). */
  byteRanges?: ScannedByteRanges;
}

const FILE_FIELD = 'file';
// Room for the boundaries, part headers and the two short fields around the file itself.
const FORM_OVERHEAD_BYTES = 64 * 1024;
// After refusing an upload we read (and drop) this much more of it, so the client gets to
// read our answer; a client that keeps sending beyond it is disconnected.
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
// The parser's and the file part's buffers: with Node's 16 KiB default a 64 KiB socket read
// filled them at once, and the request was paused and resumed for every read.
const PARSER_BUFFER_BYTES = 1024 * 1024;

class UploadRefused extends Error {
  constructor(readonly problem: ProblemException) {
    super(problem.detail);
  }
}

// The same words as every other DTO of the API: Italian by constraint, English class-validator's.
const toInvalidParams = (errors: ValidationError[]): LocalizedInvalidParam[] =>
  errors.flatMap((error) =>
    Object.entries(error.constraints ?? {}).map(([rule, reason]) => ({
      name: error.property,
      rule,
      reason: constraintReason(error, rule, reason),
    })),
  );

const tooLarge = (limit: number) =>
  new ProblemException(
    413,
    { it: `il documento supera il limite di ${limit} byte`, en: `the document exceeds the limit of ${limit} bytes` },
    { 'max-bytes': limit },
  );

const unsupported = (detected: string) =>
  new ProblemException(
    415,
    {
      it: `contenuto riconosciuto come ${detected}, tipo non ammesso; ammessi: ${ALLOWED_FAMILIES.join(', ')}`,
      en: `content recognised as ${detected}, which is not accepted; accepted: ${ALLOWED_FAMILIES.join(', ')}`,
    },
    {
      'detected-type': detected,
      'accepted-types': [...ALLOWED_FAMILIES],
    },
  );

const refusedPart = (name: string, rule: string, reason: LocalizedText) => new InvalidParamsException([{ name, rule, reason }]);

const drain = (request: Request): void => {
  let drained = 0;
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT_BYTES) request.destroy();
  });
  request.resume();
};

// Every stream here gets a listener: an 'error' nobody listens to ends the process.
const ignoreError = (): void => undefined;

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
        highWaterMark: PARSER_BUFFER_BYTES,
        fileHwm: PARSER_BUFFER_BYTES,
        // files: 2 so that a second file part arrives as such and is refused by its name.
        limits: { fields: 10, fieldSize: 4096, fieldNameSize: 100, files: 2, parts: 12, headerPairs: 50 },
      });
    } catch {
      return Promise.reject(
        new ProblemException(415, {
          it: 'la richiesta deve essere multipart/form-data con i campi kind e title e poi file',
          en: 'the request must be multipart/form-data with fields kind, title and then file',
        }),
      );
    }

    return new Promise<ReceivedUpload>((resolve, reject) => {
      const fields: Record<string, string> = {};
      let validated: UploadDocumentFieldsDto | null = null;
      let file: {
        stream: Readable;
        filename: string;
        sniffer: ContentSniffer;
        scanner: ByteRangeScanner;
        staging: Promise<StagedContent>;
      } | null = null;
      // The file came before some of its fields: kept to report them once the form has ended.
      let fieldsMissingAtFile: LocalizedInvalidParam[] | null = null;
      let settled = false;

      // The one way out on any error: stop reading, drop whatever was staged, answer once.
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        request.unpipe(parser);
        if (!request.complete) drain(request);
        if (file) {
          // Stops a staging in progress (its partial file is removed) or drops a finished one.
          // With an error, so that every storage sees it; our listener keeps it from the process.
          file.stream.destroy(new Error('upload refused'));
          file.staging.then((staged) => staged.discard()).catch(() => undefined);
        }
        reject(error);
      };

      parser.on('field', (name, value, info) => {
        if (settled) return;
        if (file || fieldsMissingAtFile) {
          return fail(
            refusedPart(name, 'beforeFile', { it: `${name} deve precedere la parte file`, en: `${name} must come before the file part` }),
          );
        }
        if (info.valueTruncated) return fail(refusedPart(name, 'maxLength', { it: `${name} è troppo lungo`, en: `${name} is too long` }));
        if (name in fields)
          return fail(refusedPart(name, 'unique', { it: `${name} è presente più di una volta`, en: `${name} is given more than once` }));
        fields[name] = value;
      });

      parser.on('file', (name, stream, info) => {
        stream.on('error', ignoreError);
        if (settled) return void stream.resume();
        if (file || fieldsMissingAtFile) {
          stream.resume();
          return fail(refusedPart(name, 'singleFile', { it: 'è ammesso un solo file per caricamento', en: 'only one file per upload' }));
        }
        if (name !== FILE_FIELD) {
          stream.resume();
          return fail(
            refusedPart(name, 'fileField', {
              it: `il file va inviato nella parte ${FILE_FIELD}`,
              en: `the file part must be named ${FILE_FIELD}`,
            }),
          );
        }
        const badName = filenameProblem(info.filename);
        if (badName) {
          stream.resume();
          return fail(refusedPart(FILE_FIELD, 'filename', badName));
        }
        const dto = plainToInstance(UploadDocumentFieldsDto, fields);
        const errors = toInvalidParams(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
        if (errors.length > 0) {
          if (errors.some((error) => fields[error.name] !== undefined)) {
            stream.resume();
            return fail(new InvalidParamsException(errors));
          }
          // Only absent fields: they may still follow the file, which deserves its own answer.
          fieldsMissingAtFile = errors;
          let skipped = 0;
          stream.on('data', (chunk: Buffer) => {
            skipped += chunk.length;
            if (skipped > maxBytes) fail(tooLarge(maxBytes));
          });
          return;
        }
        validated = dto;
        const sniffer = new ContentSniffer();
        // Looks for PDF signature dictionaries in the same pass as the hash, so that their
        // verification does not read the whole file again.
        const scanner = new ByteRangeScanner();
        const staging = this.storage.stage(stream, {
          maxBytes,
          inspect: (chunk) => {
            sniffer.push(chunk);
            const early = sniffer.early();
            if (early && !early.allowed) throw new UploadRefused(unsupported(early.contentType));
            if (!early || early.contentType === MEDIA_TYPES.pdf) scanner.push(chunk);
          },
        });
        file = { stream, filename: cleanFilename(info.filename), sniffer, scanner, staging };
        staging.catch((error: unknown) => {
          if (error instanceof ContentTooLargeError) fail(tooLarge(maxBytes));
          else if (error instanceof UploadRefused) fail(error.problem);
          else fail(error);
        });
      });

      const limit = (what: LocalizedText, name?: string) => () =>
        fail(name ? refusedPart(name, 'limit', what) : new ProblemException(400, what));
      parser.on('partsLimit', limit({ it: 'troppe parti nel modulo', en: 'too many parts in the form' }));
      parser.on('filesLimit', limit({ it: 'è ammesso un solo file per caricamento', en: 'only one file per upload' }, FILE_FIELD));
      parser.on('fieldsLimit', limit({ it: 'troppi campi nel modulo', en: 'too many fields in the form' }));
      parser.on('error', (error: Error) =>
        fail(
          new ProblemException(400, {
            it: `corpo multipart non valido: ${error.message}`,
            en: `malformed multipart body: ${error.message}`,
          }),
        ),
      );

      parser.on('close', () => {
        if (settled) return;
        if (fieldsMissingAtFile) return fail(new InvalidParamsException(fieldsMissingAtFile));
        if (!file || !validated) {
          const missing = toInvalidParams(
            validateSync(plainToInstance(UploadDocumentFieldsDto, fields), { whitelist: true, forbidNonWhitelisted: true }),
          );
          return fail(
            new InvalidParamsException([
              ...missing,
              { name: FILE_FIELD, rule: 'required', reason: { it: 'manca la parte file', en: 'the file part is missing' } },
            ]),
          );
        }
        const { filename, sniffer, scanner, staging } = file;
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
            resolve({
              fields: fieldsDto,
              filename,
              staged,
              sniffed,
              ...(sniffed.contentType === MEDIA_TYPES.pdf ? { byteRanges: scanner.result() } : {}),
            });
          },
          () => undefined, // already reported by the staging's own handler
        );
      });

      // A client that goes away mid-upload: the file stream is destroyed, its partial file removed.
      const interrupted = () => {
        if (!request.complete)
          fail(
            new ProblemException(400, {
              it: 'il caricamento è stato interrotto dal client',
              en: 'the upload was interrupted by the client',
            }),
          );
      };
      request.once('close', interrupted);
      request.on('error', interrupted);

      request.pipe(parser);
    });
  }
}
