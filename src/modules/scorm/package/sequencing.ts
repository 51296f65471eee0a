/**
 * SCORM 2004 sequencing (<imsss:sequencing>) as plain JSON: only what the manifest states, with
 * booleans and numbers typed, so it can be stored and later fed to a sequencing engine (scorm-again).
 * A <sequencing IDRef="x"> is resolved against <imsss:sequencingCollection>: each top-level element
 * (controlMode, sequencingRules, objectives...) defined locally replaces the collection's one.
 */
import { PackageError } from './errors.js';
import { type XmlNode, attr, child, childText, children } from './xml-tree.js';

export interface ControlMode {
  choice?: boolean;
  choiceExit?: boolean;
  flow?: boolean;
  forwardOnly?: boolean;
  useCurrentAttemptObjectiveInfo?: boolean;
  useCurrentAttemptProgressInfo?: boolean;
}
export interface RuleCondition { condition: string; operator?: string; referencedObjective?: string; measureThreshold?: number }
export interface SequencingRule { conditionCombination?: string; conditions: RuleCondition[]; action: string }
export interface SequencingRules { preConditionRules: SequencingRule[]; exitConditionRules: SequencingRule[]; postConditionRules: SequencingRule[] }
export interface LimitConditions { attemptLimit?: number; attemptAbsoluteDurationLimit?: string }
export interface RollupCondition { condition: string; operator?: string }
export interface RollupRule {
  childActivitySet?: string;
  minimumCount?: number;
  minimumPercent?: number;
  conditionCombination?: string;
  conditions: RollupCondition[];
  action: string;
}
export interface RollupRules { rollupObjectiveSatisfied?: boolean; rollupProgressCompletion?: boolean; objectiveMeasureWeight?: number; rules: RollupRule[] }
export type MapInfo = Record<string, string | boolean>;
export interface Objective { objectiveID?: string; satisfiedByMeasure?: boolean; minNormalizedMeasure?: number; mapInfo: MapInfo[] }
export interface Objectives { primary?: Objective; objectives: Objective[] }
export interface RandomizationControls { randomizationTiming?: string; selectCount?: number; reorderChildren?: boolean; selectionTiming?: string }
export interface DeliveryControls { tracked?: boolean; completionSetByContent?: boolean; objectiveSetByContent?: boolean }
export interface ConstrainedChoiceConsiderations { preventActivation?: boolean; constrainChoice?: boolean }
export interface RollupConsiderations {
  requiredForSatisfied?: string;
  requiredForNotSatisfied?: string;
  requiredForCompleted?: string;
  requiredForIncomplete?: string;
  measureSatisfactionIfActive?: boolean;
}
/** SCORM 2004 4th edition <adlseq:objectives>: extra score/completion mappings of an objective. */
export interface AdlObjective { objectiveID?: string; mapInfo: MapInfo[] }

export interface Sequencing {
  controlMode?: ControlMode;
  sequencingRules?: SequencingRules;
  limitConditions?: LimitConditions;
  rollupRules?: RollupRules;
  objectives?: Objectives;
  randomizationControls?: RandomizationControls;
  deliveryControls?: DeliveryControls;
  constrainedChoiceConsiderations?: ConstrainedChoiceConsiderations;
  rollupConsiderations?: RollupConsiderations;
  adlObjectives?: AdlObjective[];
}

type Kind = 'b' | 'n' | 's';

/** The attributes named in `spec` that are present, typed: 'b' boolean, 'n' number, 's' string. */
function pick<T>(node: XmlNode, spec: Record<string, Kind>): T {
  const out: Record<string, string | number | boolean> = {};
  for (const [name, kind] of Object.entries(spec)) {
    const raw = attr(node, name)?.trim();
    if (raw === undefined || raw === '') continue;
    if (kind === 'b') out[name] = raw === 'true' || raw === '1';
    else if (kind === 'n') {
      const n = Number(raw);
      if (Number.isFinite(n)) out[name] = n;
    } else out[name] = raw;
  }
  return out as T;
}

/** Every attribute of a mapInfo element, xs:boolean values typed. */
function mapInfo(node: XmlNode): MapInfo {
  const out: MapInfo = {};
  for (const [k, v] of Object.entries(node.attrs)) {
    const name = k.includes(':') ? k.slice(k.indexOf(':') + 1) : k;
    out[name] = v === 'true' ? true : v === 'false' ? false : v.trim();
  }
  return out;
}

function rules(node: XmlNode, name: string): SequencingRule[] {
  return children(node, name).map((rule) => {
    const conds = child(rule, 'imsss:ruleConditions');
    return {
      ...(conds ? pick<{ conditionCombination?: string }>(conds, { conditionCombination: 's' }) : {}),
      conditions: conds
        ? children(conds, 'imsss:ruleCondition').map((c) =>
            pick<RuleCondition>(c, { referencedObjective: 's', measureThreshold: 'n', operator: 's', condition: 's' }),
          )
        : [],
      action: attr(child(rule, 'imsss:ruleAction') ?? rule, 'action') ?? '',
    };
  });
}

function objective(node: XmlNode): Objective {
  const min = childText(node, 'imsss:minNormalizedMeasure');
  return {
    ...pick<Objective>(node, { objectiveID: 's', satisfiedByMeasure: 'b' }),
    ...(min !== undefined && Number.isFinite(Number(min)) ? { minNormalizedMeasure: Number(min) } : {}),
    mapInfo: children(node, 'imsss:mapInfo').map(mapInfo),
  };
}

/** Converts one <imsss:sequencing> element (without resolving IDRef). */
export function parseSequencing(node: XmlNode): Sequencing {
  const seq: Sequencing = {};
  const cm = child(node, 'imsss:controlMode');
  if (cm) {
    seq.controlMode = pick(cm, {
      choice: 'b', choiceExit: 'b', flow: 'b', forwardOnly: 'b', useCurrentAttemptObjectiveInfo: 'b', useCurrentAttemptProgressInfo: 'b',
    });
  }
  const sr = child(node, 'imsss:sequencingRules');
  if (sr) {
    seq.sequencingRules = {
      preConditionRules: rules(sr, 'imsss:preConditionRule'),
      exitConditionRules: rules(sr, 'imsss:exitConditionRule'),
      postConditionRules: rules(sr, 'imsss:postConditionRule'),
    };
  }
  const lc = child(node, 'imsss:limitConditions');
  if (lc) seq.limitConditions = pick(lc, { attemptLimit: 'n', attemptAbsoluteDurationLimit: 's' });
  const rr = child(node, 'imsss:rollupRules');
  if (rr) {
    seq.rollupRules = {
      ...pick<Omit<RollupRules, 'rules'>>(rr, { rollupObjectiveSatisfied: 'b', rollupProgressCompletion: 'b', objectiveMeasureWeight: 'n' }),
      rules: children(rr, 'imsss:rollupRule').map((rule) => {
        const conds = child(rule, 'imsss:rollupConditions');
        return {
          ...pick<Omit<RollupRule, 'conditions' | 'action'>>(rule, { childActivitySet: 's', minimumCount: 'n', minimumPercent: 'n' }),
          ...(conds ? pick<{ conditionCombination?: string }>(conds, { conditionCombination: 's' }) : {}),
          conditions: conds ? children(conds, 'imsss:rollupCondition').map((c) => pick<RollupCondition>(c, { operator: 's', condition: 's' })) : [],
          action: attr(child(rule, 'imsss:rollupAction') ?? rule, 'action') ?? '',
        };
      }),
    };
  }
  const ob = child(node, 'imsss:objectives');
  if (ob) {
    const primary = child(ob, 'imsss:primaryObjective');
    seq.objectives = { ...(primary ? { primary: objective(primary) } : {}), objectives: children(ob, 'imsss:objective').map(objective) };
  }
  const rc = child(node, 'imsss:randomizationControls');
  if (rc) seq.randomizationControls = pick(rc, { randomizationTiming: 's', selectCount: 'n', reorderChildren: 'b', selectionTiming: 's' });
  const dc = child(node, 'imsss:deliveryControls');
  if (dc) seq.deliveryControls = pick(dc, { tracked: 'b', completionSetByContent: 'b', objectiveSetByContent: 'b' });
  const cc = child(node, 'adlseq:constrainedChoiceConsiderations');
  if (cc) seq.constrainedChoiceConsiderations = pick(cc, { preventActivation: 'b', constrainChoice: 'b' });
  const rcon = child(node, 'adlseq:rollupConsiderations');
  if (rcon) {
    seq.rollupConsiderations = pick(rcon, {
      requiredForSatisfied: 's', requiredForNotSatisfied: 's', requiredForCompleted: 's', requiredForIncomplete: 's', measureSatisfactionIfActive: 'b',
    });
  }
  const adlObjs = child(node, 'adlseq:objectives');
  if (adlObjs) {
    seq.adlObjectives = children(adlObjs, 'adlseq:objective').map((o) => ({
      ...pick<{ objectiveID?: string }>(o, { objectiveID: 's' }),
      mapInfo: children(o, 'adlseq:mapInfo').map(mapInfo),
    }));
  }
  return seq;
}

/** The <imsss:sequencingCollection> entries by ID. */
export function parseSequencingCollection(manifest: XmlNode): Record<string, Sequencing> {
  const out: Record<string, Sequencing> = {};
  for (const coll of children(manifest, 'imsss:sequencingCollection')) {
    for (const s of children(coll, 'imsss:sequencing')) {
      const id = attr(s, 'ID');
      if (id) out[id] = parseSequencing(s);
    }
  }
  return out;
}

/** The sequencing of an item or organization (`owner` names it in errors), IDRef resolved; null when absent. */
export function resolveSequencing(parent: XmlNode, collection: Record<string, Sequencing>, owner: string): Sequencing | null {
  const node = child(parent, 'imsss:sequencing');
  if (!node) return null;
  const local = parseSequencing(node);
  const ref = attr(node, 'IDRef');
  if (!ref) return local;
  const shared = collection[ref];
  if (!shared) throw new PackageError('MANIFEST_SEQUENCING_REF_MISSING', ref, { owner });
  return { ...structuredClone(shared), ...local };
}

/** Control mode with the SCORM 2004 defaults filled in. */
export function effectiveControlMode(seq: Sequencing | null | undefined): Required<ControlMode> {
  return {
    choice: true,
    choiceExit: true,
    flow: false,
    forwardOnly: false,
    useCurrentAttemptObjectiveInfo: true,
    useCurrentAttemptProgressInfo: true,
    ...seq?.controlMode,
  };
}
