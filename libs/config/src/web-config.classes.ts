import 'reflect-metadata';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, Matches } from 'class-validator';

/**
 * How the claims of any OIDC provider become ours (`role`, `istat`): which claim carries
 * each, and how the provider's role values translate. Defaults are the identity (our own
 * claim names and role values), so the development provider and the CLI need nothing.
 */
export class AuthClaimMappingConfig {
  /** Claim (dotted path for nested claims, e.g. `realm_access.roles`) holding the role; may be an array. */
  @Matches(/^[A-Za-z_][\w:-]*(\.[A-Za-z_][\w:-]*)*$/, { message: 'must be a claim name or a dotted path (e.g. realm_access.roles)' })
  AUTH_ROLE_CLAIM = 'role';

  /** Claim (or dotted path) holding the municipality's six-digit ISTAT code. */
  @Matches(/^[A-Za-z_][\w:-]*(\.[A-Za-z_][\w:-]*)*$/, { message: 'must be a claim name or a dotted path (e.g. org.istat)' })
  AUTH_ISTAT_CLAIM = 'istat';

  /**
   * Provider role value → our role, comma-separated `value=role` pairs, e.g.
   * `cmm-funzionario=officer,cmm-dirigente=manager,ufficio-tecnico=comune`. Empty: the
   * provider already uses our role names.
   */
  @IsOptional()
  @Matches(
    /^\s*[^=,\s][^=,]*=\s*(officer|manager|comune|mayor_office|admin)\s*(,\s*[^=,\s][^=,]*=\s*(officer|manager|comune|mayor_office|admin)\s*)*$/,
    {
      message: 'must be comma-separated value=role pairs, role one of officer, manager, comune, mayor_office, admin',
    },
  )
  AUTH_ROLE_MAP?: string = undefined;
}

/**
 * What the single-page application learns at run time (`GET /web-config`), so one build
 * serves every deployment, and where the API finds the built files to serve.
 */
export class WebConfig {
  /** Issuer URL of the OIDC provider as the browser reaches it; unset = AUTH_ISSUER. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'must be the http(s) issuer URL of the OIDC provider' })
  WEB_OIDC_AUTHORITY?: string = undefined;

  @IsString()
  @IsNotEmpty()
  WEB_OIDC_CLIENT_ID = 'cmm-web';

  @IsString()
  @Matches(/^openid( [\w:./-]+)*$/, { message: 'must be space-separated scopes starting with openid' })
  WEB_OIDC_SCOPE = 'openid profile email offline_access';

  /** Base URL of the API as the browser reaches it; empty = the page's own origin. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL or empty' })
  WEB_API_BASE_URL?: string = undefined;

  /** The built single-page application; relative to the repository root. A missing directory serves no app. */
  @IsString()
  @IsNotEmpty()
  WEB_DIST_DIR = 'dist/apps/web';

  /** `development` makes the app show that sign-in is the development provider's. */
  @IsIn(['development', 'production'])
  WEB_ENVIRONMENT: 'development' | 'production' = 'production';
}
