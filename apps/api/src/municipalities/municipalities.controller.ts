import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { MunicipalityRepository } from '@cmm/persistence';
import { Allow } from '../auth/access.decorators';
import { ProblemException } from '../problem-details/problem.exception';
import { MunicipalityContactsDto, MunicipalityDto, MunicipalityListDto } from './municipality.dto';

const toDto = (m: MunicipalityDto): MunicipalityDto => ({
  istatCode: m.istatCode,
  name: m.name,
  zone: m.zone,
  pec: m.pec,
  mayorOfficeEmail: m.mayorOfficeEmail,
});

/**
 * The 133 municipalities and where they receive acts. Conference convocations, agreements to
 * sign and the annual call go to the PEC recorded here: without one a municipality cannot be
 * convened, so administrators keep it current.
 */
@ApiTags('municipalities')
@Controller('municipalities')
export class MunicipalitiesController {
  constructor(private readonly municipalities: MunicipalityRepository) {}

  @Get()
  @Allow('officer', 'manager', 'admin', 'comune', 'mayor_office')
  @ApiOperation({ summary: 'I Comuni della Città metropolitana con la PEC registrata' })
  @ApiOkResponse({ type: MunicipalityListDto })
  async list(): Promise<MunicipalityListDto> {
    return { items: (await this.municipalities.list()).map(toDto) };
  }

  @Put(':istatCode/contacts')
  @Allow('admin')
  @ApiOperation({ summary: 'Registra la PEC (e l’email della segreteria del Sindaco) di un Comune' })
  @ApiOkResponse({ type: MunicipalityDto })
  @ApiResponse({ status: 404, description: 'Comune non della Città metropolitana' })
  async setContacts(@Param('istatCode') istatCode: string, @Body() dto: MunicipalityContactsDto): Promise<MunicipalityDto> {
    const found = await this.municipalities.findByIstatCode(istatCode);
    if (!found)
      throw new ProblemException(404, {
        it: `il Comune ${istatCode} non appartiene alla Città metropolitana di Milano`,
        en: `municipality ${istatCode} is not one of the Città metropolitana di Milano`,
      });
    await this.municipalities.setContacts(istatCode, {
      pec: dto.pec,
      mayorOfficeEmail: dto.mayorOfficeEmail === undefined ? found.mayorOfficeEmail : dto.mayorOfficeEmail,
    });
    return toDto((await this.municipalities.findByIstatCode(istatCode)) as MunicipalityDto);
  }
}
