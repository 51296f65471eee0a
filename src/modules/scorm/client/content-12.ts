/** Launch wrapper bundle for SCORM 1.2 packages (see wrapper.ts). */
import * as scorm12 from 'scorm-again/scorm12';
import { startWrapper, type ShadowApi } from './wrapper.js';

// The ESM build exports the class by name while the typings declare a default export.
const Scorm12API = (scorm12 as unknown as { Scorm12API: new (settings: object) => ShadowApi }).Scorm12API;

startWrapper('1.2', () => new Scorm12API({ logLevel: 5, autocommit: false }));
