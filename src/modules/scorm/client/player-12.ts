/** Player bundle for SCORM 1.2 packages (see player.ts). */
import * as scorm12 from 'scorm-again/scorm12';
import { startPlayer } from './player.js';

// The ESM build exports the class by name while the typings declare a default export.
const Scorm12API = (scorm12 as unknown as { Scorm12API: new (settings: object) => Record<string, unknown> }).Scorm12API;

startPlayer({ version: '1.2', create: (settings) => new Scorm12API(settings) });
