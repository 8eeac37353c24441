import { createContext, useContext } from 'react';
import type { WebConfig } from './web-config';

export const WebConfigContext = createContext<WebConfig | null>(null);

export function useWebConfig(): WebConfig {
  const config = useContext(WebConfigContext);
  if (!config) throw new Error('useWebConfig outside WebConfigContext');
  return config;
}
