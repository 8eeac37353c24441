import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthConfig, WebConfig } from '@cmm/config';
import { CASE_PAGE_PATH_TEMPLATE, WEB_AUTH_PATHS } from '@cmm/contracts';
import { Public } from '../auth/access.decorators';
import { WebConfigDto } from './web-config.dto';

@ApiTags('web')
@Controller('web-config')
export class WebConfigController {
  constructor(
    private readonly web: WebConfig,
    private readonly auth: AuthConfig,
  ) {}

  // Public: the app needs it before anyone has signed in. It holds no secret (a public client).
  @Get()
  @Public()
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: "Configurazione dell'applicazione web: identity provider OIDC e API (una build per ogni installazione)" })
  @ApiOkResponse({ type: WebConfigDto })
  get(): WebConfigDto {
    return {
      oidc: {
        authority: this.web.WEB_OIDC_AUTHORITY ?? this.auth.AUTH_ISSUER,
        clientId: this.web.WEB_OIDC_CLIENT_ID,
        scope: this.web.WEB_OIDC_SCOPE,
        redirectPath: WEB_AUTH_PATHS.callback,
        silentRedirectPath: WEB_AUTH_PATHS.silentRenew,
        postLogoutRedirectPath: WEB_AUTH_PATHS.afterSignOut,
      },
      apiBaseUrl: this.web.WEB_API_BASE_URL ?? '',
      environment: this.web.WEB_ENVIRONMENT,
      casePagePath: CASE_PAGE_PATH_TEMPLATE,
    };
  }
}
