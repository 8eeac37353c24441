import { ApiProperty } from '@nestjs/swagger';

export class WebOidcSettingsDto {
  @ApiProperty({ description: "Issuer URL dell'identity provider OIDC", example: 'http://127.0.0.1:3100' }) authority!: string;
  @ApiProperty({ example: 'cmm-web' }) clientId!: string;
  @ApiProperty({ example: 'openid profile email offline_access' }) scope!: string;
  @ApiProperty({ example: '/auth/callback', description: "Percorso di ritorno dall'accesso (redirect_uri = origine dell'app + percorso)" })
  redirectPath!: string;
  @ApiProperty({ example: '/auth/silent-renew' }) silentRedirectPath!: string;
  @ApiProperty({ example: '/' }) postLogoutRedirectPath!: string;
}

export class WebConfigDto {
  @ApiProperty({ type: WebOidcSettingsDto }) oidc!: WebOidcSettingsDto;
  @ApiProperty({ description: "URL base dell'API; vuoto = stessa origine della pagina", example: '' }) apiBaseUrl!: string;
  @ApiProperty({ enum: ['development', 'production'] }) environment!: 'development' | 'production';
  @ApiProperty({ example: '/pratiche/{caseId}', description: 'Percorso della pagina di una pratica (i link degli avvisi puntano qui)' })
  casePagePath!: string;
}
