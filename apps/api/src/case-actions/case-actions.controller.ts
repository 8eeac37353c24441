import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { CaseActionListDto } from './case-action.dto';
import { CaseActionsService } from './case-actions.service';

@ApiTags('cases')
@Controller('cases')
export class CaseActionsController {
  constructor(private readonly actions: CaseActionsService) {}

  @Get(':caseId/actions')
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({
    summary: "Le azioni che l'utente può compiere ora sulla pratica",
    description:
      "Decise dal procedimento stesso (la sua macchina a stati, come per le richieste), per il ruolo e il Comune dell'utente: " +
      'per ciascuna il percorso da chiamare, lo schema del corpo e, dove il procedimento le prevede, le date ammesse.',
  })
  @ApiOkResponse({ type: CaseActionListDto })
  list(@CurrentPrincipal() principal: Principal, @Param('caseId', new ParseUUIDPipe()) caseId: string): Promise<CaseActionListDto> {
    return this.actions.actionsFor(principal, caseId);
  }
}
