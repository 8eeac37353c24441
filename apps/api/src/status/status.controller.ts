import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PROBLEM_CONTENT_TYPE, localeFrom, titleFor } from '../problem-details/problem-details';
import { Public } from '../auth/access.decorators';
import { StatusService } from './status.service';

const RETRY_AFTER_SECONDS = 10;

@ApiTags('status')
@Public()
@Controller('status')
export class StatusController {
  constructor(private readonly status: StatusService) {}

  // ModI (AgID) asks /status to answer in problem+json both when healthy and when not.
  @Get()
  @ApiOperation({ summary: 'Stato dei componenti (PostgreSQL, Redis, Temporal) e, sotto npm start, dei processi con i loro riavvii' })
  @ApiProduces(PROBLEM_CONTENT_TYPE)
  @ApiResponse({
    status: 200,
    description: 'Tutti i componenti rispondono',
    schema: {
      allOf: [
        { $ref: '#/components/schemas/Problem' },
        {
          type: 'object',
          properties: {
            components: {
              type: 'object',
              description: 'Lo stato di ogni componente, per nome',
              additionalProperties: { type: 'object', properties: { status: { type: 'string', enum: ['up', 'down'] } } },
            },
          },
        },
      ],
    },
  })
  @ApiResponse({ status: 503, description: 'Almeno un componente non risponde; `detail` li nomina' })
  async get(@Headers('accept-language') acceptLanguage: string | undefined, @Res() response: Response): Promise<void> {
    const [components, processes] = await Promise.all([this.status.check(), this.status.processes()]);
    const down = Object.entries(components)
      .filter(([, c]) => c.status === 'down')
      .map(([name]) => name);
    const status = down.length === 0 ? 200 : 503;
    const locale = localeFrom(acceptLanguage);
    const detail =
      down.length === 0
        ? undefined
        : locale === 'en'
          ? `unreachable: ${down.join(', ')}`
          : `componenti non raggiungibili: ${down.join(', ')}`;
    if (status === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response
      .status(status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        JSON.stringify({
          type: 'about:blank',
          title: titleFor(status, locale),
          status,
          detail,
          components,
          ...(processes ? { processes } : {}),
        }),
      );
  }

  /**
   * Readiness for a load balancer or Kubernetes: this process takes requests. It does not ask
   * PostgreSQL, Redis or Temporal, which every API process shares: one of them down would take
   * every process out at once, and the balancer's bare 503 would replace the API's own answers
   * (served with Redis away, a problem+json 503 with Retry-After without PostgreSQL).
   */
  @Get('ready')
  @ApiOperation({ summary: 'Il processo accetta richieste (per il bilanciatore: non interroga i componenti condivisi)' })
  @ApiProduces(PROBLEM_CONTENT_TYPE)
  @ApiResponse({ status: 200, description: 'Il processo accetta richieste', schema: { $ref: '#/components/schemas/Problem' } })
  ready(@Headers('accept-language') acceptLanguage: string | undefined, @Res() response: Response): void {
    const locale = localeFrom(acceptLanguage);
    response
      .status(200)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ type: 'about:blank', title: titleFor(200, locale), status: 200 }));
  }
}
