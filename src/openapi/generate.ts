import pino from 'pino';
import { createApp } from '../app.factory';
import { AppConfig } from '../core/config/config';
import { buildOpenApiDocument } from '../core/openapi/openapi';

/** Offline configuration: the document depends on the code only, never on the environment. */
const OFFLINE_CONFIG: AppConfig = {
  databaseUrl: 'postgres://offline@127.0.0.1:1/offline',
  port: 0,
  dataDir: '/nonexistent',
  jwtSecret: 'offline-offline-offline-offline-offline',
  corsOrigins: [],
  logLevel: 'silent',
  piiKey: 'test-pii-key-test-pii-key-test-pii-key-0123',
  bootstrapAdmin: null,
};

/** The committed openapi/openapi.json, as text: built from the app without a database. */
export async function generateOpenApiJson(): Promise<string> {
  const app = await createApp({ config: OFFLINE_CONFIG, databaseUrl: OFFLINE_CONFIG.databaseUrl!, logger: pino({ level: 'silent' }), connect: false });
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
