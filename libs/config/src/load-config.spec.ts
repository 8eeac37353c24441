import { ConfigError, DatabaseConfig, HttpConfig, TemporalConfig, loadConfig } from '@cmm/config';

describe('loadConfig', () => {
  it('reads variables and applies defaults', () => {
    const config = loadConfig(HttpConfig, { API_PORT: '8080' });
    expect(config.API_PORT).toBe(8080);
    expect(config.API_HOST).toBe('127.0.0.1');
  });

  it('names a missing variable', () => {
    expect(() => loadConfig(DatabaseConfig, {})).toThrow(/DATABASE_URL: must be a postgres:\/\/ connection URL/);
  });

  it('names every malformed variable at once', () => {
    try {
      loadConfig(TemporalConfig, { TEMPORAL_ADDRESS: 'http://temporal', TEMPORAL_NAMESPACE: '' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      // An empty value counts as unset, so the namespace keeps its default.
      expect((error as ConfigError).problems).toEqual(['TEMPORAL_ADDRESS: must be host:port, e.g. 127.0.0.1:7233']);
    }
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig(HttpConfig, { API_PORT: '70000' })).toThrow(/API_PORT/);
  });
});
