/**
 * The OpenID Connect relying party (openid-client v6): authorization code flow with PKCE, state and
 * nonce, for VNeID or any standard provider configured by OIDC_ISSUER / OIDC_CLIENT_ID /
 * OIDC_CLIENT_SECRET / OIDC_NAME. Where the flow's state is kept: see oidc-flow.ts.
 */
import * as client from 'openid-client';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import { normalizeEmail, normalizePhone } from '../../core/text.js';

export type OidcSettings = NonNullable<Config['oidc']>;

/** What the start of a flow must remember until the callback. */
export interface StartedFlow {
  state: string;
  nonce: string;
  verifier: string;
  next?: string;
}

/** The person as the provider describes them, normalized. Only `subject` is certain to be there. */
export interface OidcPerson {
  issuer: string;
  subject: string;
  name?: string;
  email?: string;
  emailVerified: boolean;
  phone?: string;
  phoneVerified: boolean;
  birthYear?: string;
}

const WANTED_SCOPES = ['openid', 'profile', 'email', 'phone'];
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Plain http is only ever allowed to a provider on this machine (development and tests). */
export function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
}

export class OidcClient {
  readonly redirectUri: string;
  private readonly issuerUrl: URL;
  private readonly insecure: boolean;
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    private readonly settings: OidcSettings,
    publicUrl: string,
  ) {
    this.issuerUrl = new URL(settings.issuer);
    this.insecure = isLocalHttp(this.issuerUrl);
    if (this.issuerUrl.protocol !== 'https:' && !this.insecure) {
      throw new Error('OIDC_ISSUER must start with https:// (http:// is allowed only for localhost or 127.0.0.1)');
    }
    this.redirectUri = `${publicUrl}/dang-nhap/oidc/callback`;
  }

  /**
   * Provider metadata, discovered once per process on first use (public data: keeping it in memory
   * does not make the instance stateful). A failed discovery is retried on the next sign-in.
   */
  private config(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((err: unknown) => {
      this.configuration = undefined;
      throw err;
    });
    return this.configuration;
  }

  private async discover(): Promise<client.Configuration> {
    const { clientId, clientSecret } = this.settings;
    const execute = this.insecure ? [client.allowInsecureRequests] : [];
    const discovered = await client.discovery(this.issuerUrl, clientId, clientSecret, undefined, { execute, timeout: 10 });
    const server = { ...discovered.serverMetadata() };
    // client_secret_basic is the OIDC default; use client_secret_post only when that is all the provider takes.
    const methods = server.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    const auth =
      !methods.includes('client_secret_basic') && methods.includes('client_secret_post')
        ? client.ClientSecretPost(clientSecret)
        : client.ClientSecretBasic(clientSecret);
    const configuration = new client.Configuration(server, clientId, clientSecret, auth);
    configuration.timeout = 10;
    if (this.insecure) client.allowInsecureRequests(configuration);
    return configuration;
  }

  /** The provider's authorization URL, and the secrets the callback will need. */
  async start(next: string | undefined): Promise<{ url: URL; flow: StartedFlow }> {
    const config = await this.config();
    const supported = config.serverMetadata().scopes_supported;
    const scope = WANTED_SCOPES.filter((s) => s === 'openid' || !supported || supported.includes(s)).join(' ');
    const flow: StartedFlow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      ...(next ? { next } : {}),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    return { url, flow };
  }

  /**
   * Exchanges the code from the callback's query string (PKCE, state, nonce, issuer and ID token are
   * all checked by openid-client) and returns who signed in. Throws on any problem.
   */
  async finish(search: string, flow: StartedFlow, log: FastifyBaseLogger): Promise<OidcPerson> {
    const config = await this.config();
    const current = new URL(this.redirectUri);
    current.search = search;
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new Error('no ID token in the token response');
    let info: Record<string, unknown> = {};
    if (config.serverMetadata().userinfo_endpoint) {
      try {
        // Many providers (VNeID among them) give profile claims only at the userinfo endpoint.
        info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      } catch (err) {
        log.warn({ err }, 'OIDC userinfo request failed; using the ID token claims only');
      }
    }
    return personFromClaims(config.serverMetadata().issuer, { ...idToken, ...info, sub: idToken.sub });
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
/** Some providers send booleans as strings; anything else is "not verified". */
const yes = (v: unknown): boolean => v === true || v === 'true';

export function personFromClaims(issuer: string, c: Record<string, unknown>): OidcPerson {
  // Vietnamese order when only the parts are given: family, middle, given.
  const name = str(c.name) ?? ([str(c.family_name), str(c.middle_name), str(c.given_name)].filter(Boolean).join(' ') || undefined);
  const email = str(c.email) ? normalizeEmail(str(c.email)!) : undefined;
  const phone = str(c.phone_number) ? normalizePhone(str(c.phone_number)!) : undefined;
  const birthYear = /^(\d{4})(-|$)/.exec(str(c.birthdate) ?? '')?.[1];
  return {
    issuer,
    subject: String(c.sub),
    name: name?.slice(0, 200),
    email,
    emailVerified: !!email && yes(c.email_verified),
    phone,
    phoneVerified: !!phone && yes(c.phone_number_verified),
    birthYear,
  };
}
