// Sign-ins, authorization codes and access tokens. Secrets live only here, never in the log.
import { createHash, randomBytes } from 'node:crypto';

export interface TokenGrant {
  /** null for client-credentials tokens: there is no user behind them. */
  userId: string | null;
  clientId: string;
  scope: string[];
  expiresAtMs: number;
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  userId: string;
  scope: string[];
  expiresAtMs: number;
  used: boolean;
  /** Tokens issued for this code, revoked if the code is replayed (RFC 6749 §4.1.2). */
  tokens: string[];
}

export type Redemption =
  | { ok: true; userId: string; scope: string[]; issue: (token: string) => void }
  | { ok: false; description: string };

export type TokenLookup = { status: 'valid'; grant: TokenGrant } | { status: 'invalid' | 'expired' };

const secret = (): string => randomBytes(32).toString('base64url');

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export class AuthStore {
  #signIns = new Map<string, string>();
  #codes = new Map<string, CodeGrant>();
  #tokens = new Map<string, TokenGrant>();

  constructor(
    public tokenTtlSeconds: number,
    private readonly codeTtlSeconds: number,
  ) {}

  /** Returns the value of a new login-session cookie. */
  signIn(userId: string): string {
    const sid = secret();
    this.#signIns.set(sid, userId);
    return sid;
  }

  signedInUser(sid: string | undefined): string | undefined {
    return sid === undefined ? undefined : this.#signIns.get(sid);
  }

  signOut(sid: string | undefined): void {
    if (sid !== undefined) this.#signIns.delete(sid);
  }

  issueCode(grant: Omit<CodeGrant, 'expiresAtMs' | 'used' | 'tokens'>): string {
    const code = secret();
    const expiresAtMs = Date.now() + this.codeTtlSeconds * 1000;
    this.#codes.set(code, { ...grant, expiresAtMs, used: false, tokens: [] });
    return code;
  }

  /** Checks a code against the token request. A refused redemption leaves the code as it was. */
  redeemCode(input: { code: string; clientId: string; redirectUri: string; verifier: string }): Redemption {
    const grant = this.#codes.get(input.code);
    if (!grant) return { ok: false, description: 'authorization code is unknown' };
    if (grant.used) {
      for (const token of grant.tokens) this.#tokens.delete(token);
      return { ok: false, description: 'authorization code was already used' };
    }
    if (grant.expiresAtMs <= Date.now()) return { ok: false, description: 'authorization code has expired' };
    if (grant.clientId !== input.clientId)
      return { ok: false, description: 'code was issued to another client' };
    if (grant.redirectUri !== input.redirectUri) {
      return { ok: false, description: 'redirect_uri does not match the authorization request' };
    }
    if (s256(input.verifier) !== grant.codeChallenge) {
      return { ok: false, description: 'code_verifier does not match code_challenge' };
    }
    grant.used = true;
    return { ok: true, userId: grant.userId, scope: grant.scope, issue: (token) => grant.tokens.push(token) };
  }

  issueToken(grant: Omit<TokenGrant, 'expiresAtMs'>): { accessToken: string; expiresIn: number } {
    const accessToken = secret();
    this.#tokens.set(accessToken, { ...grant, expiresAtMs: Date.now() + this.tokenTtlSeconds * 1000 });
    return { accessToken, expiresIn: Math.max(0, Math.ceil(this.tokenTtlSeconds)) };
  }

  lookupToken(token: string): TokenLookup {
    const grant = this.#tokens.get(token);
    if (!grant) return { status: 'invalid' };
    if (grant.expiresAtMs <= Date.now()) return { status: 'expired' };
    return { status: 'valid', grant };
  }

  expireAllTokens(): void {
    const now = Date.now();
    for (const grant of this.#tokens.values()) grant.expiresAtMs = Math.min(grant.expiresAtMs, now);
  }
}

/** Sliding-window counter per key (here: per access token). */
export class RateLimiter {
  #hits = new Map<string, number[]>();

  constructor(private readonly limit: { max: number; windowMs: number }) {}

  /** Counts a hit unless over the limit; then returns how long to wait, in whole seconds. */
  hit(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = Date.now();
    const recent = (this.#hits.get(key) ?? []).filter((t) => t > now - this.limit.windowMs);
    const oldest = recent[0];
    if (recent.length >= this.limit.max && oldest !== undefined) {
      this.#hits.set(key, recent);
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.limit.windowMs - now) / 1000)),
      };
    }
    recent.push(now);
    this.#hits.set(key, recent);
    return { ok: true };
  }

  clear(): void {
    this.#hits.clear();
  }
}
