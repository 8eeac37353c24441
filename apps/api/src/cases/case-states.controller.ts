import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CASE_STATE_LABELS, PROCEDURE_TYPES } from '@cmm/domain';
import { Allow } from '../auth/access.decorators';
import { BilingualLabelDto } from '../vocabulary/bilingual-label.dto';

export class CaseStateDto {
  @ApiProperty({ enum: PROCEDURE_TYPES }) procedure!: string;
  @ApiProperty({ example: 'integration-requested', description: 'Il valore da usare nel filtro state di GET /cases' }) state!: string;
  @ApiProperty({ type: BilingualLabelDto }) label!: BilingualLabelDto;
}

export class CaseStateListDto {
  @ApiProperty({ type: [CaseStateDto] }) items!: CaseStateDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Sempre null: tutti gli stati in una pagina' }) next!: string | null;
}

/** Every state a case of each procedure can be in, with its words: the Pratiche state filter's choices. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('case-states')
export class CaseStatesController {
  @Get()
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({ summary: 'Stati delle pratiche per procedimento, con la loro descrizione' })
  @ApiOkResponse({ type: CaseStateListDto })
  list(): CaseStateListDto {
    const items = PROCEDURE_TYPES.flatMap((procedure) =>
      Object.entries(CASE_STATE_LABELS[procedure]).map(([state, label]) => ({ procedure, state, label: { it: label.it, en: label.en } })),
    );
    return { items, next: null };
  }
}
