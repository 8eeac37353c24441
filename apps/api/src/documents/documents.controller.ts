import { Controller, Get, HttpCode, Logger, Param, ParseIntPipe, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ProblemException } from '../problem-details/problem.exception';
import { parseRange } from './byte-range';
import { attachmentDisposition } from './content-disposition';
import { DocumentDto, DocumentListDto, UploadedDocumentDto } from './document.dto';
import { DocumentsService } from './documents.service';

const EVERY_ROLE = ['officer', 'manager', 'admin', 'comune', 'mayor_office'] as const;

/** Strong comparison of an If-None-Match / If-Range value against our ETag. */
const matchesEtag = (header: string | undefined, etag: string): boolean =>
  header !== undefined &&
  header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value === etag || value === `W/${etag}`;
  });

@ApiTags('documents')
@ApiBearerAuth()
@Controller('cases/:caseId/documents')
export class DocumentsController {
  private readonly logger = new Logger(DocumentsController.name);

  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @Allow(...EVERY_ROLE)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Carica un documento della pratica (nuova versione se esistono già tipo e titolo)',
    description:
      'multipart/form-data: i campi kind e title prima della parte file. Il tipo è riconosciuto dal contenuto ' +
      '(PDF/PDF-A, P7M, ZIP/ODF/OOXML, PNG, JPEG, TIFF). I documenti dei comuni sono protocollati in entrata.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'title', 'file'],
      properties: {
        kind: { type: 'string', example: 'adopted-act', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' },
        title: { type: 'string', minLength: 1, maxLength: 300 },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiCreatedResponse({ type: UploadedDocumentDto })
  @ApiResponse({ status: 413, description: 'Documento oltre DOCUMENTS_MAX_BYTES' })
  @ApiResponse({ status: 415, description: 'Tipo di contenuto non ammesso (nomina il tipo riconosciuto)' })
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UploadedDocumentDto> {
    const uploaded = await this.documents.upload(principal, caseId, request);
    response.setHeader('Location', uploaded.contentUrl);
    return uploaded;
  }

  @Get()
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'Documenti della pratica con tutte le versioni' })
  @ApiOkResponse({ type: DocumentListDto })
  async list(@CurrentPrincipal() principal: Principal, @Param('caseId', new ParseUUIDPipe()) caseId: string): Promise<DocumentListDto> {
    const { documents, checks } = await this.documents.list(principal, caseId);
    return { items: documents.map((document) => DocumentDto.from(document, checks)) };
  }

  @Get(':documentId/versions/:version/content')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'Contenuto di una versione (supporta Range a intervallo singolo)' })
  @ApiProduces('application/octet-stream')
  @ApiHeader({ name: 'Range', required: false, description: 'bytes=a-b, bytes=a- oppure bytes=-n' })
  @ApiOkResponse({ description: 'Il contenuto intero', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 206, description: 'L’intervallo richiesto', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 416, description: 'Intervallo non soddisfacibile (Content-Range: bytes */size)' })
  async content(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
    @Param('version', new ParseIntPipe()) versionNumber: number,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const version = await this.documents.version(principal, caseId, documentId, versionNumber);
    const size = version.sizeBytes;
    const etag = `"${version.sha256}"`;
    response.setHeader('Accept-Ranges', 'bytes');

    if (matchesEtag(request.headers['if-none-match'], etag)) {
      response.setHeader('ETag', etag);
      response.status(304).end();
      return;
    }
    // A Range tied to another representation (If-Range not our ETag) gets the whole content.
    const ifRange = request.headers['if-range'];
    const range = ifRange === undefined || ifRange === etag ? parseRange(request.headers.range, size) : { kind: 'full' as const };
    if (range.kind === 'unsatisfiable') {
      response.setHeader('Content-Range', `bytes */${size}`);
      throw new ProblemException(
        416,
        {
          it: `l'intervallo ${request.headers.range} è fuori dai ${size} byte del contenuto`,
          en: `range ${request.headers.range} is outside the ${size} bytes of the content`,
        },
        { size },
      );
    }

    const base64 = Buffer.from(version.sha256, 'hex').toString('base64');
    response.setHeader('Content-Type', version.contentType);
    response.setHeader('Content-Disposition', attachmentDisposition(version.filename));
    response.setHeader('ETag', etag);
    response.setHeader('Last-Modified', version.uploadedAt.toUTCString());
    // Digest (RFC 3230) and Repr-Digest (RFC 9530) describe the whole content, also on a 206.
    response.setHeader('Digest', `sha-256=${base64}`);
    response.setHeader('Repr-Digest', `sha-256=:${base64}:`);
    response.setHeader('X-Content-SHA256', version.sha256);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, no-cache');
    if (range.kind === 'partial') {
      response.status(206);
      response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
      response.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      response.status(200);
      response.setHeader('Content-Length', String(size));
    }
    if (request.method === 'HEAD') {
      response.end();
      return;
    }

    const source = await this.documents.open(version, range.kind === 'partial' ? range : undefined);
    // pipeline destroys the source when the client goes away, so its file descriptor is closed.
    pipeline(source, response, (error) => {
      if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        this.logger.warn(`download of ${version.storageKey} failed: ${error.message}`);
      }
    });
  }
}
