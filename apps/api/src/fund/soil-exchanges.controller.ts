import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@cmm/auth';
import { Allow } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import {
  AcceptExchangeDto,
  ExchangeReasonDto,
  ProposeExchangeDto,
  RegisterExchangeDto,
  SoilExchangeDto,
  SoilExchangeListDto,
} from './fund.dto';
import { FundService } from './fund.service';

const ExchangeId = () => Param('exchangeId', new ParseUUIDPipe());

/**
 * Scambio di quote di consumo di suolo tra Comuni aderenti (NdA PTM art. 11; Relazione
 * generale §4.5): proposto da uno, accettato dall'altro, registrato dalla Città metropolitana.
 */
@ApiTags('fund')
@Controller('fund/soil-exchanges')
export class SoilExchangesController {
  constructor(private readonly fund: FundService) {}

  @Post()
  @Allow('comune')
  @ApiOperation({ summary: 'Il Comune propone uno scambio di quote con un altro Comune aderente' })
  @ApiCreatedResponse({ type: SoilExchangeDto })
  @ApiResponse({ status: 422, description: 'Dati non validi o Comune non aderente (campo e regola)' })
  propose(@CurrentPrincipal() principal: Principal, @Body() dto: ProposeExchangeDto) {
    return this.fund.proposeExchange(principal, dto);
  }

  @Get()
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({ summary: 'Scambi (i Comuni vedono quelli di cui sono parte)' })
  @ApiOkResponse({ type: SoilExchangeListDto })
  list(@CurrentPrincipal() principal: Principal) {
    return this.fund.exchangeList(principal);
  }

  @Get(':exchangeId')
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({ summary: 'Uno scambio' })
  @ApiOkResponse({ type: SoilExchangeDto })
  view(@CurrentPrincipal() principal: Principal, @ExchangeId() id: string) {
    return this.fund.exchange(principal, id);
  }

  @Post(':exchangeId/acceptance')
  @HttpCode(200)
  @Allow('comune')
  @ApiOperation({ summary: "L'altro Comune accetta lo scambio" })
  @ApiOkResponse({ type: SoilExchangeDto })
  @ApiResponse({ status: 409, description: 'Non ammesso nello stato attuale' })
  accept(@CurrentPrincipal() principal: Principal, @ExchangeId() id: string, @Body() dto: AcceptExchangeDto) {
    return this.fund.acceptExchange(principal, id, dto);
  }

  @Post(':exchangeId/declination')
  @HttpCode(200)
  @Allow('comune')
  @ApiOperation({ summary: "L'altro Comune rifiuta lo scambio" })
  @ApiOkResponse({ type: SoilExchangeDto })
  decline(@CurrentPrincipal() principal: Principal, @ExchangeId() id: string, @Body() dto: ExchangeReasonDto) {
    return this.fund.declineExchange(principal, id, dto.reason);
  }

  @Post(':exchangeId/withdrawal')
  @HttpCode(200)
  @Allow('comune')
  @ApiOperation({ summary: 'Il Comune proponente ritira la proposta prima della registrazione' })
  @ApiOkResponse({ type: SoilExchangeDto })
  withdraw(@CurrentPrincipal() principal: Principal, @ExchangeId() id: string, @Body() dto: ExchangeReasonDto) {
    return this.fund.withdrawExchange(principal, id, dto.reason);
  }

  @Post(':exchangeId/registration')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'La Città metropolitana registra lo scambio: la quota passa da un Comune all’altro, con numero di protocollo' })
  @ApiOkResponse({ type: SoilExchangeDto })
  @ApiResponse({ status: 422, description: 'Quota insufficiente o Comune non più aderente' })
  register(@CurrentPrincipal() principal: Principal, @ExchangeId() id: string, @Body() dto: RegisterExchangeDto) {
    return this.fund.registerExchange(principal, id, dto);
  }

  @Post(':exchangeId/rejection')
  @HttpCode(200)
  @Allow('officer', 'manager')
  @ApiOperation({ summary: 'La Città metropolitana respinge lo scambio con motivazione' })
  @ApiOkResponse({ type: SoilExchangeDto })
  reject(@CurrentPrincipal() principal: Principal, @ExchangeId() id: string, @Body() dto: ExchangeReasonDto) {
    return this.fund.rejectExchange(principal, id, dto.reason);
  }
}
