/**
 * The port through which the platform sends e-mail and SMS (password reset links, setup links).
 * The default implementation writes to the log, without the recipient's address in clear.
 * A deployment plugs a real gateway in here.
 */
import type { FastifyBaseLogger } from 'fastify';

export interface OutgoingMessage {
  to: { email?: string | null; phone?: string | null };
  subject: string;
  body: string;
  /** A link the message carries, kept separate so tests and the log port can read it. */
  link?: string;
}

export interface MessagePort {
  send(message: OutgoingMessage): Promise<void>;
}

export function maskAddress(to: OutgoingMessage['to']): string {
  if (to.email) return to.email.replace(/^(.).*(@.*)$/, '$1***$2');
  if (to.phone) return to.phone.slice(0, 4) + '*****' + to.phone.slice(-2);
  return '(none)';
}

export class LogMessagePort implements MessagePort {
  readonly sent: OutgoingMessage[] = [];
  constructor(private readonly log: Pick<FastifyBaseLogger, 'info'>) {}
  async send(message: OutgoingMessage): Promise<void> {
    this.sent.push(message);
    if (this.sent.length > 100) this.sent.shift();
    this.log.info({ to: maskAddress(message.to), subject: message.subject, link: message.link }, 'outgoing message');
  }
}
