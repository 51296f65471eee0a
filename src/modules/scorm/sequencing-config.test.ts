/**
 * The manifest → scorm-again sequencing settings, checked by running scorm-again's own sequencer on
 * them: a forced-sequential course (the pattern of Rustici's "SequencingForcedSequential" sample:
 * each lesson disabled until the previous one's global objective is satisfied).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as scorm2004 from 'scorm-again/scorm2004';
import { parseManifest } from './package/index.js';
import { activityTree } from './sequencing-config.js';

const Scorm2004API = (scorm2004 as unknown as { Scorm2004API: new (s: object) => Record<string, any> }).Scorm2004API;

const item = (id: string, prev?: string) => `
  <item identifier="${id}" identifierref="r_${id}"><title>Bài ${id}</title>
    <imsss:sequencing IDRef="chung">
      ${prev ? `<imsss:sequencingRules><imsss:preConditionRule>
        <imsss:ruleConditions conditionCombination="any">
          <imsss:ruleCondition referencedObjective="truoc" operator="not" condition="satisfied"/>
          <imsss:ruleCondition referencedObjective="truoc" operator="not" condition="objectiveStatusKnown"/>
        </imsss:ruleConditions><imsss:ruleAction action="disabled"/></imsss:preConditionRule></imsss:sequencingRules>` : ''}
      <imsss:objectives>
        <imsss:primaryObjective objectiveID="${id}_dat"><imsss:mapInfo targetObjectiveID="g.${id}" readSatisfiedStatus="true" writeSatisfiedStatus="true"/></imsss:primaryObjective>
        ${prev ? `<imsss:objective objectiveID="truoc"><imsss:mapInfo targetObjectiveID="g.${prev}" readSatisfiedStatus="true" writeSatisfiedStatus="false"/></imsss:objective>` : ''}
      </imsss:objectives>
    </imsss:sequencing>
  </item>`;

const MANIFEST = `<?xml version="1.0"?>
<manifest identifier="kns.seq" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
  <organizations default="org"><organization identifier="org" adlseq:objectivesGlobalToSystem="false"><title>Theo thứ tự</title>
    ${item('a')}${item('b', 'a')}${item('c', 'b')}
    <imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>
  </organization></organizations>
  <resources>${['a', 'b', 'c'].map((i) => `<resource identifier="r_${i}" type="webcontent" adlcp:scormType="sco" href="${i}.html"/>`).join('')}</resources>
  <imsss:sequencingCollection><imsss:sequencing ID="chung"><imsss:rollupRules objectiveMeasureWeight="0"/><imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/></imsss:sequencing></imsss:sequencingCollection>
</manifest>`;

test('the settings carry controls, rules, objectives and collection values', () => {
  const tree = activityTree(parseManifest(MANIFEST).organizations[0]);
  assert.deepEqual(tree.sequencingControls, { choice: true, flow: true });
  const b = tree.children![1];
  assert.deepEqual(b.deliveryControls, { completionSetByContent: true, objectiveSetByContent: true });
  assert.deepEqual(b.sequencingControls, { objectiveMeasureWeight: 0 });
  assert.deepEqual(b.sequencingRules?.preConditionRules, [
    {
      action: 'disabled',
      conditionCombination: 'any',
      conditions: [
        { condition: 'satisfied', operator: 'not', referencedObjective: 'truoc' },
        { condition: 'objectiveStatusKnown', operator: 'not', referencedObjective: 'truoc' },
      ],
    },
  ]);
  assert.equal(b.primaryObjective?.objectiveID, 'b_dat');
  assert.equal(b.objectives?.[0].objectiveID, 'truoc');
});

test("scorm-again's sequencer enforces the order from these settings, and its state survives a reload", () => {
  const delivered: string[] = [];
  const choice: Record<string, string> = {};
  const settings = () => ({
    logLevel: 5,
    sequencing: {
      activityTree: activityTree(parseManifest(MANIFEST).organizations[0]),
      eventListeners: {
        onActivityDelivery: (a: { id: string }) => delivered.push(a.id),
        onNavigationValidityUpdate: (d: { choice: Record<string, string> }) => Object.assign(choice, d.choice),
      },
    },
  });
  const api = new Scorm2004API(settings());
  assert.equal(api.processNavigationRequest('start'), true);
  assert.deepEqual(delivered, ['a']);
  assert.deepEqual([choice.b, choice.c], ['false', 'false']);
  api.Initialize('');
  assert.equal(api.processNavigationRequest('choice', 'c'), false, 'c is disabled');
  api.SetValue('cmi.completion_status', 'completed');
  api.SetValue('cmi.success_status', 'passed');
  api.SetValue('adl.nav.request', 'continue');
  api.Terminate('');
  assert.deepEqual(delivered, ['a', 'b']);
  assert.deepEqual([choice.b, choice.c], ['true', 'false']);

  const again = new Scorm2004API(settings());
  assert.equal(again.deserializeSequencingState(api.serializeSequencingState()), true);
  assert.equal(again.processNavigationRequest('choice', 'c'), false, 'still disabled after a reload');
  assert.equal(again.processNavigationRequest('choice', 'b'), true);
  assert.equal(delivered.at(-1), 'b');
});
