// `npm run emulator`: the emulator alone on loopback, for trying the extension in a normal Chrome.
// `npm run emulator -- --platform genesys-cloud` starts the Genesys Cloud mode instead.
import { parseArgs } from 'node:util';
import { SERVICE_CLIENT_ID } from './directory';
import { startEmulator } from './server';

const PLATFORMS = ['sessions-api', 'genesys-cloud'] as const;

function readArgs(): { port: number; platform: (typeof PLATFORMS)[number] } {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, platform: { type: 'string' } },
    strict: true,
  });
  const raw = values.port ?? process.env.PORT ?? '0';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`emulator: port ${JSON.stringify(raw)} (from --port or PORT) is not 0-65535`);
  }
  const platform = values.platform ?? 'sessions-api';
  if (!(PLATFORMS as readonly string[]).includes(platform)) {
    throw new Error(`emulator: --platform ${JSON.stringify(platform)} is not one of ${PLATFORMS.join(', ')}`);
  }
  return { port, platform: platform as (typeof PLATFORMS)[number] };
}

const { port, platform } = readArgs();
const emulator =
  platform === 'genesys-cloud'
    ? await startEmulator({ platform, port, control: true })
    : await startEmulator({ port, control: true });
const conversation = emulator.createConversation({ customerName: 'Demo Customer' });
const genesysNotes =
  platform === 'genesys-cloud'
    ? `
  Notifications             POST ${emulator.url}/api/v2/notifications/channels → ws://…/streaming/channels/<id>
  Permissions               agent-ada has conversation:cobrowse:add; agent-grace lacks it`
    : '';

console.log(`Co-browse platform emulator (${platform}) listening on ${emulator.url}
  authBaseUrl / apiBaseUrl  ${emulator.url}
  Agent desktop             ${emulator.url}/desktop   (?agent=agent-grace for Grace Hopper)
  Customer page             ${emulator.url}/customer/<conversationId>   e.g. ${emulator.url}/customer/${conversation.id}
  Demo client id            ${emulator.clientId}   (public, PKCE S256)
  Redirect URI              ${emulator.redirectUri}
  Confidential client       ${SERVICE_CLIENT_ID} (client_credentials; its tokens have no user)
  Control API               ${emulator.url}/__control/   (loopback only)${genesysNotes}
Press Ctrl-C to stop.`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the emulator…`);
  await emulator.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
