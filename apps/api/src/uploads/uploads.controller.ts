import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import { isMunicipal } from '@cmm/auth';
import { UploadRepository } from '@cmm/persistence';
import type { Request } from 'express';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { UploadReceiver } from '../documents/upload-receiver';
import { UploadDto } from './upload.dto';

/**
 * Upload first, submit after: a form with several large files is sent one file at a time
 * (each streamed, hashed and type-checked like any document), and the submission that
 * follows names them by id; a failed submission does not send the files again.
 */
@ApiTags('documents')
@Controller('uploads')
export class UploadsController {
  constructor(
    private readonly receiver: UploadReceiver,
    private readonly uploads: UploadRepository,
  ) {}

  @Post()
  @Allow('comune', 'mayor_office', 'officer', 'manager')
  @HttpCode(201)
  @ApiOperation({ summary: 'Carica un file da allegare a una domanda (campi kind e title, poi file)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'title', 'file'],
      properties: {
        kind: { type: 'string', example: 'adopted-act' },
        title: { type: 'string' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiCreatedResponse({ type: UploadDto })
  @ApiResponse({ status: 413, description: 'File oltre DOCUMENTS_MAX_BYTES' })
  @ApiResponse({ status: 415, description: 'Tipo di contenuto non ammesso' })
  async upload(@CurrentPrincipal() principal: Principal, @Req() request: Request): Promise<UploadDto> {
    const received = await this.receiver.receive(request);
    const stored = await received.staged.commit().catch(async (error: unknown) => {
      await received.staged.discard();
      throw error;
    });
    const record = await this.uploads.create({
      sha256: stored.sha256,
      sizeBytes: stored.size,
      contentType: received.sniffed.contentType,
      filename: received.filename,
      storageKey: stored.key,
      kind: received.fields.kind,
      title: received.fields.title,
      uploadedBy: principal.subject,
      istatCode: isMunicipal(principal) ? principal.istatCode : null,
    });
    return UploadDto.from(record);
  }
}
