// The ErrorBody `code`s Genesys Cloud documents per HTTP status, each with where it is documented.
// Genesys's swagger lists them per response as `x-inin-error-codes`; the full swagger.json was not
// retrievable here (stored as a large file in the SDK repositories), so each entry names the copy
// it was read from, and what could not be checked says so.

export interface DocumentedCode {
  code: string;
  source: string;
}

/** x-inin-error-codes of the 400 responses the CLI embeds verbatim from the swagger. */
const CLI_400 =
  'swagger 400 response, x-inin-error-codes, as embedded in MyPureCloud/platform-client-sdk-cli 166.0.0 ' +
  '(build/gc/cmd/notifications_channels_subscriptions/notifications_channels_subscriptions.go and others)';
/** Named by the audit of the SDK-generated API docs (issue 12 item 10); not re-read here. */
const AUDIT = 'issue 12 item 10 (audit of the SDK-generated API docs); UNVERIFIED here';
/** Genesys's standard response set on every operation; UNVERIFIED here against the swagger. */
const STANDARD =
  "Genesys's standard error response of every operation; UNVERIFIED here (swagger not retrievable)";

export const DOCUMENTED_ERROR_CODES: Record<number, DocumentedCode[]> = {
  400: [
    { code: 'bad.request', source: CLI_400 },
    { code: 'invalid.value', source: CLI_400 },
    { code: 'invalid.property', source: CLI_400 },
    { code: 'invalid.date', source: CLI_400 },
    { code: 'invalid.query.param.value', source: CLI_400 },
    { code: 'constraint.validation', source: CLI_400 },
    { code: 'response.entity.too.large', source: CLI_400 },
  ],
  401: [
    { code: 'bad.credentials', source: STANDARD },
    { code: 'authentication.required', source: STANDARD },
  ],
  403: [
    { code: 'missing.any.permissions', source: AUDIT },
    { code: 'missing.permissions', source: STANDARD },
    { code: 'not.authorized', source: STANDARD },
    {
      code: 'app.not.authorized.for.scope',
      source: `${AUDIT}; also a captured real answer "App not authorized to use scope [...]" in a third-party client's tests`,
    },
  ],
  404: [{ code: 'not.found', source: `${AUDIT}; also x-inin-error-codes in the CLI copy` }],
  405: [{ code: 'method.not.allowed', source: STANDARD }],
  408: [{ code: 'request.timeout', source: STANDARD }],
  409: [{ code: 'request.conflict', source: AUDIT }],
  413: [{ code: 'request.entity.too.large', source: STANDARD }],
  415: [{ code: 'unsupported.media.type', source: STANDARD }],
  429: [{ code: 'too.many.requests', source: STANDARD }],
  500: [{ code: 'internal.server.error', source: STANDARD }],
  503: [{ code: 'service.unavailable', source: STANDARD }],
  504: [{ code: 'authentication.request.timeout', source: STANDARD }],
};
