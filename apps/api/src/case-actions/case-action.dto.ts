import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DateWindowDto {
  @ApiProperty({ example: 'act.date', description: 'Campo della richiesta che porta la data' }) field!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Primo giorno ammesso (incluso)' }) from!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Ultimo giorno ammesso (incluso)' }) to!: string | null;
  @ApiProperty({ example: 'NdA PTM art. 7bis c.4' }) legalSource!: string;
}

export class CaseActionDto {
  @ApiProperty({ example: 'requestIntegration', description: "Nome dell'azione (l'Update del procedimento)" }) name!: string;
  @ApiProperty({ example: 'Richiedi integrazioni' }) labelIt!: string;
  @ApiProperty({ example: 'Request an integration' }) labelEn!: string;
  @ApiProperty({ enum: ['POST', 'PUT', 'DELETE'] }) method!: 'POST' | 'PUT' | 'DELETE';
  @ApiProperty({ example: '/compatibility-evaluations/0b4b2c1e-…/integration-requests', description: 'Percorso da chiamare' })
  path!: string;
  @ApiProperty({
    example: '/compatibility-evaluations/{caseId}/integration-requests',
    description: 'Il percorso come nel documento OpenAPI',
  })
  operationPath!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'RequestIntegrationDto',
    description: 'Schema OpenAPI del corpo della richiesta (components.schemas); null: nessun corpo',
  })
  requestSchema!: string | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Su che cosa agisce (es. sessionId, proposalId, step): già nel percorso o da mettere nel corpo',
  })
  target?: Record<string, string>;
  @ApiPropertyOptional({ type: DateWindowDto, description: 'Date ammesse ora per questo passo (STTM), dal calendario legale' })
  dateWindow?: DateWindowDto;
}

export class CaseActionListDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'compatibility-evaluation' }) procedure!: string;
  @ApiProperty({ example: 'under-evaluation' }) state!: string;
  @ApiProperty({ type: [CaseActionDto], description: "Le azioni che l'utente può compiere ora" }) items!: CaseActionDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Sempre null: tutte le azioni in una pagina' }) next!: string | null;
}
