/** Player bundle for SCORM 2004 packages, with scorm-again's sequencing and navigation (see player.ts). */
import * as scorm2004 from 'scorm-again/scorm2004';
import { startPlayer } from './player.js';

// The ESM build exports the class by name while the typings declare a default export.
const Scorm2004API = (scorm2004 as unknown as { Scorm2004API: new (settings: object) => Record<string, unknown> }).Scorm2004API;

startPlayer({ version: '2004', create: (settings) => new Scorm2004API(settings) });
