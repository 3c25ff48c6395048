// The non-circular truth check (issue 12 item 10): every answer and stream message of the
// genesys-cloud emulator is validated against Genesys Cloud's published definitions
// (definitions.json, vendored by scripts/genesys-openapi.ts from the official SDK's generated
// models), enums included, with no property the definitions do not name. Error answers must be an
// ErrorBody whose `code` is one of the documented codes for its status (error-codes.ts).
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ObservedAnswer, Observer } from '../../../../emulator/server';
import vendored from './definitions.json';
import { DOCUMENTED_ERROR_CODES } from './error-codes';

// ajv-formats is CommonJS; under ESM its default export arrives wrapped once.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

type Schema = Record<string, unknown>;

/**
 * The swagger lists properties but never forbids others; the issue asks that the emulator answer
 * nothing the definitions do not allow, so every modelled object is closed here (the vendored file
 * stays as published). Opaque stand-ins (models deeper than the vendored closure) stay open.
 */
function closed(definitions: Record<string, Schema>): Record<string, Schema> {
  return Object.fromEntries(
    Object.entries(definitions).map(([name, schema]) => [
      name,
      schema.properties ? { ...schema, additionalProperties: false } : schema,
    ]),
  );
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema({ $id: 'genesys', definitions: closed(vendored.definitions as Record<string, Schema>) });

const compiled = new Map<string, ValidateFunction>();
function validator(definition: string): ValidateFunction {
  let validate = compiled.get(definition);
  if (!validate) {
    if (!(definition in vendored.definitions))
      throw new Error(
        `${definition} is not in definitions.json: add it to ROOTS in scripts/genesys-openapi.ts`,
      );
    validate = ajv.compile({ $ref: `genesys#/definitions/${definition}` });
    compiled.set(definition, validate);
  }
  return validate;
}

/** Problems with `value` as an instance of `definition`; empty when it conforms. */
export function problems(definition: string, value: unknown): string[] {
  const validate = validator(definition);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${definition}${e.instancePath || ''} ${e.message ?? 'is invalid'}` +
      (e.params && Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : ''),
  );
}

/** Which definition each genesys-cloud route answers with on success (null: no body). */
const ROUTES: { method: string; path: RegExp; definition: string | null }[] = [
  { method: 'GET', path: /^\/api\/v2\/users\/me$/, definition: 'UserMe' },
  { method: 'GET', path: /^\/api\/v2\/conversations$/, definition: 'ConversationEntityListing' },
  { method: 'GET', path: /^\/api\/v2\/conversations\/[^/]+$/, definition: 'Conversation' },
  {
    method: 'POST',
    path: /^\/api\/v2\/conversations\/[^/]+\/cobrowse$/,
    definition: 'CobrowseWebMessagingSession',
  },
  { method: 'POST', path: /^\/api\/v2\/notifications\/channels$/, definition: 'Channel' },
  { method: 'GET', path: /^\/api\/v2\/notifications\/channels$/, definition: 'ChannelEntityListing' },
  { method: 'HEAD', path: /^\/api\/v2\/notifications\/channels\/[^/]+$/, definition: null },
  {
    method: 'GET|PUT|POST',
    path: /^\/api\/v2\/notifications\/channels\/[^/]+\/subscriptions$/,
    definition: 'ChannelTopicEntityListing',
  },
  { method: 'DELETE', path: /^\/api\/v2\/notifications\/channels\/[^/]+\/subscriptions$/, definition: null },
];

/** Problems with one HTTP answer of the genesys-cloud emulator; empty when it is what Genesys documents. */
export function answerProblems(answer: ObservedAnswer): string[] {
  const where = `${answer.method} ${answer.path} → ${answer.status}`;
  // Only the platform API is modelled: OAuth (RFC 6749 JSON), the demo pages and assets are not Genesys's.
  if (!answer.path.startsWith('/api/')) return [];
  // A body a test put into a fault is deliberate nonsense (hostile-response tests); a fault without
  // one gets the emulator's own ErrorBody, which is checked like any other answer.
  if (answer.injectedBody) return [];
  const json = parse(answer.body);
  if (answer.status >= 400) {
    if (answer.method === 'HEAD') return [];
    if (!json.ok) return [`${where}: error body is not JSON`];
    const found = problems('ErrorBody', json.value).map((p) => `${where}: ${p}`);
    const { code, status } = json.value as { code?: unknown; status?: unknown };
    if (status !== answer.status)
      found.push(`${where}: ErrorBody.status ${String(status)} ≠ ${answer.status}`);
    const documented = DOCUMENTED_ERROR_CODES[answer.status] ?? [];
    if (!documented.some((d) => d.code === code))
      found.push(
        `${where}: code ${JSON.stringify(code)} is not a documented ${answer.status} code (${documented.map((d) => d.code).join(', ') || 'none'})`,
      );
    return found;
  }
  const route = ROUTES.find((r) => r.method.split('|').includes(answer.method) && r.path.test(answer.path));
  if (!route) return [`${where}: the definitions name no such operation`];
  if (route.definition === null) return answer.body ? [`${where}: a body where Genesys sends none`] : [];
  if (!json.ok) return [`${where}: body is not JSON`];
  if (!answer.contentType?.startsWith('application/json'))
    return [`${where}: Content-Type ${answer.contentType} is not application/json`];
  return problems(route.definition, json.value).map((p) => `${where}: ${p}`);
}

/**
 * Stream frames (Genesys "Notification service" docs, cited in docs/genesys-cloud.md): an envelope
 * { topicName, version?, eventBody, metadata? }. channel.metadata carries heartbeats and pongs as
 * { message }; the other topics' bodies are the models notificationMappings.json names.
 */
const TOPICS: { topic: RegExp; definition: string | null }[] = [
  { topic: /^channel\.metadata$/, definition: null },
  { topic: /^v2\.system\.socket_closing$/, definition: 'SystemMessageSystemMessage' },
  { topic: /^v2\.users\.[^.]+\.conversations$/, definition: 'ConversationEventTopicConversation' },
];
const ENVELOPE_KEYS = new Set(['topicName', 'version', 'eventBody', 'metadata']);
const METADATA_MESSAGES = new Set(['WebSocket Heartbeat', 'pong']);

export function streamProblems(text: string): string[] {
  const json = parse(text);
  if (!json.ok || typeof json.value !== 'object' || json.value === null)
    return [`frame is not a JSON object: ${text}`];
  const frame = json.value as Record<string, unknown>;
  const found = Object.keys(frame)
    .filter((k) => !ENVELOPE_KEYS.has(k))
    .map((k) => `frame ${String(frame.topicName)}: unexpected envelope field ${k}`);
  const topic = TOPICS.find((t) => typeof frame.topicName === 'string' && t.topic.test(frame.topicName));
  if (!topic) return [...found, `frame: undocumented topic ${String(frame.topicName)}`];
  if (topic.definition === null) {
    const body = frame.eventBody as { message?: unknown } | undefined;
    const keys = body && typeof body === 'object' ? Object.keys(body) : [];
    if (keys.join() !== 'message' || !METADATA_MESSAGES.has(String(body?.message)))
      found.push(`frame channel.metadata: eventBody ${JSON.stringify(body)} is not a heartbeat or pong`);
    return found;
  }
  return [
    ...found,
    ...problems(topic.definition, frame.eventBody).map((p) => `frame ${frame.topicName}: ${p}`),
  ];
}

/** An observer for startEmulator that collects every violation; `violations` is empty while all conform. */
export function conformanceObserver(): Observer & { violations: string[] } {
  const violations: string[] = [];
  return {
    violations,
    answer: (answer) => violations.push(...answerProblems(answer)),
    streamMessage: (text) => violations.push(...streamProblems(text)),
  };
}

function parse(body: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (body === undefined || body === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

// Compiling the big closures (UserMe, Conversation) takes seconds on a busy machine: done once at
// import, outside every test's and hook's time budget.
for (const name of [...ROUTES.map((r) => r.definition), ...TOPICS.map((t) => t.definition), 'ErrorBody'])
  if (name) validator(name);
