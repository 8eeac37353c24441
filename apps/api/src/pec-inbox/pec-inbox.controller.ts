import { Body, Controller, Get, HttpCode, Logger, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import type { Response } from 'express';
import { pipeline } from 'node:stream';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { attachmentDisposition } from '../documents/content-disposition';
import { ArchivePecDto, FilePecDto, PecInboxQueryDto, PecMessageDto, PecMessageListDto } from './pec-inbox.dto';
import { PecInboxService } from './pec-inbox.service';

/**
 * CMM's PEC mailbox is the protocol office's: officers and managers sort it. Municipalities
 * and mayors' offices never see it (what is filed to their case they read among its documents).
 */
const SORTERS = ['officer', 'manager'] as const;

@ApiTags('pec-inbox')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Riservato ai funzionari e ai dirigenti della Città metropolitana' })
@Controller('pec-inbox')
export class PecInboxController {
  private readonly logger = new Logger(PecInboxController.name);

  constructor(private readonly inbox: PecInboxService) {}

  @Get()
  @Allow(...SORTERS)
  @ApiOperation({ summary: 'Messaggi della casella PEC per stato (predefinito: posta da smistare)' })
  @ApiOkResponse({ type: PecMessageListDto })
  async list(@Query() query: PecInboxQueryDto): Promise<PecMessageListDto> {
    return { items: (await this.inbox.list(query.status, query.limit)).map(PecMessageDto.from) };
  }

  @Get(':id')
  @Allow(...SORTERS)
  @ApiOperation({ summary: 'Un messaggio PEC ricevuto, con le sue parti (messaggio originale e allegati)' })
  @ApiOkResponse({ type: PecMessageDto })
  @ApiNotFoundResponse({ description: 'Messaggio inesistente' })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<PecMessageDto> {
    return PecMessageDto.from(await this.inbox.find(id));
  }

  @Get(':id/parts/:index')
  @Allow(...SORTERS)
  @ApiOperation({ summary: 'Scarica una parte del messaggio (0 = postacert.eml, poi gli allegati)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'Il contenuto', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'Messaggio o parte inesistente' })
  async part(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('index', new ParseIntPipe()) index: number,
    @Res() response: Response,
  ): Promise<void> {
    const part = await this.inbox.part(id, index);
    response.status(200);
    response.setHeader('Content-Type', part.contentType);
    response.setHeader('Content-Length', String(part.size));
    response.setHeader('Content-Disposition', attachmentDisposition(part.filename));
    pipeline(part.content, response, (error) => {
      if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        this.logger.warn(`download of part ${index} of PEC ${id} failed: ${error.message}`);
    });
  }

  @Post(':id/filing')
  @HttpCode(200)
  @Allow(...SORTERS)
  @ApiOperation({
    summary: 'Assegna a una pratica un messaggio da smistare: documenti, cronologia e, se previsto, il procedimento ne è informato',
  })
  @ApiOkResponse({ type: PecMessageDto })
  @ApiNotFoundResponse({ description: 'Messaggio inesistente' })
  @ApiUnprocessableEntityResponse({ description: 'Riferimento di pratica malformato o inesistente (caseReference)' })
  @ApiConflictResponse({ description: 'Il messaggio non è da smistare' })
  async file(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: FilePecDto,
  ): Promise<PecMessageDto> {
    return PecMessageDto.from(await this.inbox.file(principal, id, body.caseReference));
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Allow(...SORTERS)
  @ApiOperation({ summary: 'Archivia senza pratica un messaggio da smistare o in quarantena, con il motivo' })
  @ApiOkResponse({ type: PecMessageDto })
  @ApiNotFoundResponse({ description: 'Messaggio inesistente' })
  @ApiConflictResponse({ description: 'Il messaggio non è da smistare né in quarantena' })
  async archive(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ArchivePecDto,
  ): Promise<PecMessageDto> {
    return PecMessageDto.from(await this.inbox.archive(principal, id, body.reason));
  }
}
