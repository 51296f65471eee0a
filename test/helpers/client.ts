/**
 * A browser-like client over app.inject(): keeps cookies, fetches a CSRF token once and sends it
 * with every unsafe request (as a form field or the x-csrf-token header).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export class TestClient {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(private readonly app: FastifyInstance, cookie?: string) {
    if (cookie) this.absorb([cookie]);
  }

  private absorb(setCookies: string[]) {
    for (const c of setCookies) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  async request(opts: { method: string; url: string; payload?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: opts.method as 'GET',
      url: opts.url,
      payload: opts.payload as string,
      headers: { cookie: this.cookieHeader(), ...(opts.headers ?? {}) },
    });
    const set = res.headers['set-cookie'];
    if (set) this.absorb(Array.isArray(set) ? set : [set]);
    return res;
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request({ method: 'GET', url, headers });
  }

  async csrfToken(): Promise<string> {
    if (!this.csrf) {
      const page = await this.get('/');
      const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
      if (!match) throw new Error('no CSRF token on the home page');
      this.csrf = match[1];
    }
    return this.csrf;
  }

  async postForm(url: string, fields: Record<string, string>, opts: { csrf?: boolean } = {}) {
    const body = new URLSearchParams({ ...(opts.csrf === false ? {} : { _csrf: await this.csrfToken() }), ...fields });
    return this.request({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async sendJson(method: string, url: string, payload: unknown) {
    return this.request({
      method,
      url,
      payload: JSON.stringify(payload),
      headers: { 'content-type': 'application/json', 'x-csrf-token': await this.csrfToken() },
    });
  }

  async postMultipart(url: string, body: Buffer, boundary: string) {
    return this.request({
      method: 'POST',
      url,
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': await this.csrfToken() },
    });
  }
}

/** A multipart body with one file and some fields, as a browser form sends it. */
export function multipartBody(
  fields: Record<string, string>,
  file?: { field: string; filename: string; contentType: string; content: Buffer },
): { body: Buffer; boundary: string } {
  const boundary = '----kns' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), boundary };
}
