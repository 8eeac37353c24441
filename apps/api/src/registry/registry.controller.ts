import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import { ACT_CONTENT_TYPE } from '@cmm/documents';
import { CSV_CONTENT_TYPE, GENERAL_REGISTER } from '@cmm/persistence';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { dailyRegisterCsv, dailyRegisterFilename } from './daily-register.csv';
import { dailyRegisterPdf, dailyRegisterPdfFilename } from './daily-register.pdf';
import { AnnulEntryDto, DailyRegisterDto, DailyRegisterQueryDto, RegisterEntryDto, RegistryEntryDto } from './registry.dto';
import { RegistryService } from './registry.service';

/** The register is CMM's: municipalities and mayors' offices have no access to it. */
const REGISTRY_READERS = ['officer', 'manager', 'admin'] as const;
/**
 * Annulment is an act of the protocol service (DPR 445/2000 art. 54), so officers and
 * managers; the admin runs the system and does not act on the register's content.
 */
const ANNULLERS = ['officer', 'manager'] as const;

@ApiTags('registry')
@ApiBearerAuth()
@Controller('registry')
export class RegistryController {
  constructor(private readonly registry: RegistryService) {}

  @Post('entries')
  @Allow(...REGISTRY_READERS)
  @ApiOperation({ summary: 'Protocolla un documento in entrata o in uscita' })
  @ApiCreatedResponse({ type: RegistryEntryDto })
  @ApiUnprocessableEntityResponse({ description: 'La pratica indicata non esiste' })
  async register(@CurrentPrincipal() principal: Principal, @Body() body: RegisterEntryDto): Promise<RegistryEntryDto> {
    return RegistryEntryDto.from(await this.registry.register(principal, body));
  }

  @Get('entries/:id')
  @Allow(...REGISTRY_READERS)
  @ApiOperation({ summary: "Una registrazione di protocollo, con l'eventuale annullamento" })
  @ApiOkResponse({ type: RegistryEntryDto })
  @ApiNotFoundResponse({ description: 'Registrazione inesistente' })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<RegistryEntryDto> {
    return RegistryEntryDto.from(await this.registry.find(id));
  }

  @Post('entries/:id/annulment')
  @HttpCode(200)
  @Allow(...ANNULLERS)
  @ApiOperation({ summary: 'Annulla una registrazione con motivazione: resta visibile, marcata come annullata' })
  @ApiOkResponse({ type: RegistryEntryDto })
  @ApiNotFoundResponse({ description: 'Registrazione inesistente' })
  @ApiConflictResponse({ description: 'Registrazione già annullata' })
  async annul(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AnnulEntryDto,
  ): Promise<RegistryEntryDto> {
    return RegistryEntryDto.from(await this.registry.annul(principal, id, body.reason));
  }

  @Get('daily-register')
  @Allow(...REGISTRY_READERS)
  @ApiOperation({ summary: 'Registro giornaliero di protocollo di un giorno, in ordine di numero (JSON, CSV o PDF/A)' })
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({
    type: DailyRegisterDto,
    description:
      'Con format=csv: text/csv UTF-8 con BOM, separatore ; (predefinito, Excel in italiano) o , (separator=comma), in allegato. ' +
      "Con format=pdf: il registro giornaliero come documento PDF/A-2b (DPCM 3/12/2013 art. 7 c.5), in allegato, con l'impronta SHA-256 nell'ETag e in X-Content-SHA256",
  })
  async dailyRegister(
    @Query() query: DailyRegisterQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DailyRegisterDto | string | StreamableFile> {
    const entries = await this.registry.forDay(query.date);
    if (query.format === 'pdf') {
      const pdf = await dailyRegisterPdf(query.date, GENERAL_REGISTER, entries);
      response.setHeader('Content-Type', ACT_CONTENT_TYPE);
      response.setHeader('Content-Disposition', `attachment; filename="${dailyRegisterPdfFilename(query.date)}"`);
      // The same register renders to the same bytes: its hash identifies this version of the day's register.
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      response.setHeader('ETag', `"${sha256}"`);
      response.setHeader('X-Content-SHA256', sha256);
      return new StreamableFile(pdf);
    }
    if (query.format === 'csv') {
      response.setHeader('Content-Type', CSV_CONTENT_TYPE);
      response.setHeader('Content-Disposition', `attachment; filename="${dailyRegisterFilename(query.date)}"`);
      return dailyRegisterCsv(entries, query.separator);
    }
    return { date: query.date, register: GENERAL_REGISTER, entries: entries.map(RegistryEntryDto.from) };
  }
}
