/**
 * Launch wrapper bundle for SCORM 2004 packages (see wrapper.ts). The shadow has no sequencing of its
 * own: adl.nav.request_valid.* answers come from the player's sequencer (the 'nav' messages).
 */
import * as scorm2004 from 'scorm-again/scorm2004';
import { startWrapper, type ShadowApi } from './wrapper.js';

// The ESM build exports the class by name while the typings declare a default export.
const Scorm2004API = (scorm2004 as unknown as { Scorm2004API: new (settings: object) => ShadowApi & { adl: { nav: unknown } } }).Scorm2004API;

startWrapper('2004', (nav) => {
  const api = new Scorm2004API({ logLevel: 5, autocommit: false, scoItemIdValidator: (id: string) => nav().choice[id] === true });
  const adlNav = api.adl.nav as { sequencing: unknown; request_valid: object };
  adlNav.sequencing = null; // no local sequencer: continue/previous are the player's latest answer
  Object.defineProperty(adlNav.request_valid, 'continue', { get: () => String(nav().continue), configurable: true });
  Object.defineProperty(adlNav.request_valid, 'previous', { get: () => String(nav().previous), configurable: true });
  return api;
});
