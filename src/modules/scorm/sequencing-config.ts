/**
 * The manifest's SCORM 2004 organization → scorm-again's `sequencing.activityTree` settings (the
 * organization is the root activity, items its descendants). The package library already resolved
 * sequencing collections (IDRef), so each activity carries its full sequencing here. Only what the
 * manifest states is passed; scorm-again fills in the SCORM defaults.
 */
import type { ManifestItem, ManifestOrganization, Sequencing } from './package/index.js';

/** The subset of scorm-again's ActivitySettings we produce (kept structural: the browser bundle owns the library). */
export interface ActivityConfig {
  id: string;
  title: string;
  isVisible?: boolean;
  children?: ActivityConfig[];
  sequencingControls?: Record<string, unknown>;
  deliveryControls?: Record<string, unknown>;
  sequencingRules?: Record<string, unknown>;
  rollupRules?: { rules: unknown[] };
  rollupConsiderations?: Record<string, unknown>;
  primaryObjective?: Record<string, unknown>;
  objectives?: Array<Record<string, unknown>>;
  attemptLimit?: number;
  attemptAbsoluteDurationLimit?: string;
  completionThreshold?: Record<string, unknown>;
  hideLmsUi?: string[];
  timeLimitAction?: string;
}

function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function rules(list: NonNullable<Sequencing['sequencingRules']>['preConditionRules']) {
  return list.map((r) =>
    defined({
      action: r.action,
      conditionCombination: r.conditionCombination,
      conditions: r.conditions.map((c) =>
        defined({
          condition: c.condition,
          operator: c.operator === 'not' ? 'not' : undefined,
          referencedObjective: c.referencedObjective,
          parameters: c.measureThreshold !== undefined ? { threshold: c.measureThreshold } : undefined,
        }),
      ),
    }),
  );
}

function objective(o: NonNullable<NonNullable<Sequencing['objectives']>['primary']>) {
  return defined({ objectiveID: o.objectiveID, satisfiedByMeasure: o.satisfiedByMeasure, minNormalizedMeasure: o.minNormalizedMeasure, mapInfo: o.mapInfo });
}

function applySequencing(a: ActivityConfig, s: Sequencing | null): void {
  if (!s) return;
  const controls = defined({
    ...s.controlMode,
    rollupObjectiveSatisfied: s.rollupRules?.rollupObjectiveSatisfied,
    rollupProgressCompletion: s.rollupRules?.rollupProgressCompletion,
    objectiveMeasureWeight: s.rollupRules?.objectiveMeasureWeight,
    preventActivation: s.constrainedChoiceConsiderations?.preventActivation,
    constrainChoice: s.constrainedChoiceConsiderations?.constrainChoice,
    selectionTiming: s.randomizationControls?.selectionTiming,
    selectCount: s.randomizationControls?.selectCount,
    reorderChildren: s.randomizationControls?.reorderChildren,
    randomizationTiming: s.randomizationControls?.randomizationTiming,
  });
  if (Object.keys(controls).length) a.sequencingControls = controls;
  if (s.deliveryControls) a.deliveryControls = { ...s.deliveryControls };
  if (s.sequencingRules) {
    a.sequencingRules = {
      preConditionRules: rules(s.sequencingRules.preConditionRules),
      exitConditionRules: rules(s.sequencingRules.exitConditionRules),
      postConditionRules: rules(s.sequencingRules.postConditionRules),
    };
  }
  if (s.rollupRules?.rules.length) {
    a.rollupRules = {
      rules: s.rollupRules.rules.map((r) =>
        defined({
          action: r.action,
          consideration: r.childActivitySet,
          minimumCount: r.minimumCount,
          minimumPercent: r.minimumPercent,
          conditionCombination: r.conditionCombination,
          conditions: r.conditions.map((c) => defined({ condition: c.condition, operator: c.operator })),
        }),
      ),
    };
  }
  if (s.rollupConsiderations) a.rollupConsiderations = { ...s.rollupConsiderations };
  if (s.objectives?.primary) a.primaryObjective = objective(s.objectives.primary);
  if (s.objectives?.objectives.length) a.objectives = s.objectives.objectives.map(objective);
  if (s.limitConditions?.attemptLimit !== undefined) a.attemptLimit = s.limitConditions.attemptLimit;
  if (s.limitConditions?.attemptAbsoluteDurationLimit) a.attemptAbsoluteDurationLimit = s.limitConditions.attemptAbsoluteDurationLimit;
}

function itemConfig(item: ManifestItem): ActivityConfig {
  const a: ActivityConfig = { id: item.identifier, title: item.title };
  if (!item.isvisible) a.isVisible = false;
  applySequencing(a, item.sequencing);
  if (item.completionThreshold) a.completionThreshold = { ...item.completionThreshold };
  if (item.hideLMSUI.length) a.hideLmsUi = item.hideLMSUI;
  if (item.timeLimitAction) a.timeLimitAction = item.timeLimitAction;
  if (item.children.length) a.children = item.children.map(itemConfig);
  return a;
}

export function activityTree(org: ManifestOrganization): ActivityConfig {
  const root: ActivityConfig = { id: org.identifier, title: org.title, children: org.items.map(itemConfig) };
  applySequencing(root, org.sequencing);
  return root;
}
