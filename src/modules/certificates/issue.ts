/**
 * Certificates are issued when a course is completed, inside the transaction that completed it
 * (courses/progress.ts calls its listeners with that transaction). Registered once, when this
 * module is first imported.
 */
import { onCourseCompleted } from '../courses/progress.js';
import { issueCertificate } from './repository.js';

let registered = false;
export function registerCertificateIssuer(): void {
  if (registered) return;
  registered = true;
  onCourseCompleted((trx, e) => issueCertificate(trx, e));
}

registerCertificateIssuer();
