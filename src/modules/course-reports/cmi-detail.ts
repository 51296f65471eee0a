/**
 * What a course report shows of one SCORM attempt, read from scorm_attempts: the stored status,
 * score and time columns, and the interactions (questions) from the CMI JSON document.
 *
 * The document is what scorm-again commits (see scorm/cmi.ts): the CMI tree without the leading
 * "cmi" — `{ core: {…}, interactions: {"0": {…}} }` for SCORM 1.2, `{ completion_status, …,
 * interactions: […] }` for 2004. Reading is tolerant: a "cmi" wrapper, lists as arrays or as objects
 * keyed "0", "1", …, and flattened keys ("cmi.interactions.0.id") are all understood; anything
 * unreadable gives no interactions rather than an error.
 */

export interface InteractionDetail {
  id: string;
  type: string | null;
  result: string | null;
  /** student_response (1.2) or learner_response (2004). */
  response: string | null;
  /** timestamp (2004) or time (1.2). */
  at: string | null;
}

type Json = Record<string, unknown>;
const MAX_INTERACTIONS = 500;

/** "cmi.interactions.0.id": "q1" → { cmi: { interactions: { 0: { id: "q1" } } } } */
function unflatten(doc: Json): Json {
  if (!Object.keys(doc).some((k) => k.includes('.'))) return doc;
  const root: Json = {};
  for (const [key, value] of Object.entries(doc)) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      if (!node[part] || typeof node[part] !== 'object') node[part] = {};
      node = node[part] as Json;
    }
    node[parts[parts.length - 1]] = value;
  }
  return root;
}

function listOf(v: unknown): Json[] {
  if (Array.isArray(v)) return v.filter((x): x is Json => !!x && typeof x === 'object');
  if (v && typeof v === 'object') {
    const o = v as Json;
    // scorm-again may serialise a list as { childArray: [...] } or keyed by index.
    if (Array.isArray(o.childArray)) return listOf(o.childArray);
    return Object.keys(o)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => o[k])
      .filter((x): x is Json => !!x && typeof x === 'object');
  }
  return [];
}

const text = (v: unknown): string | null => {
  if (typeof v === 'string') return v.trim() === '' ? null : v.slice(0, 500);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
};

export function interactionsOf(cmiJson: string): InteractionDetail[] {
  let doc: unknown;
  try {
    doc = JSON.parse(cmiJson);
  } catch {
    return [];
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return [];
  let cmi = unflatten(doc as Json);
  if (cmi.cmi && typeof cmi.cmi === 'object') cmi = cmi.cmi as Json;
  return listOf(cmi.interactions)
    .slice(0, MAX_INTERACTIONS)
    .map((i) => ({
      id: text(i.id) ?? '',
      type: text(i.type),
      result: text(i.result),
      response: text(i.learner_response) ?? text(i.student_response),
      at: text(i.timestamp) ?? text(i.time),
    }));
}
