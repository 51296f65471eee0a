/**
 * The real sample packages in ../shared/fixtures/scorm (Rustici "Golf Explained", see SOURCES.md there).
 * That folder lives outside the repository: when it is absent these tests are skipped, saying why.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test, type TestContext } from 'node:test';
import { type PackageErrorCode } from './errors.js';
import { importPackage } from './import.js';
import { type ManifestItem, type ScormManifest, flattenItems, launchableItems } from './manifest.js';
import { effectiveControlMode } from './sequencing.js';
import { assertRefused, makeTempDir } from './test-packages.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures/scorm');
const present = fs.existsSync(fixtures);
const SKIP = `SCORM fixtures not found at ${fixtures} (they live outside the repository, in ../shared/fixtures/scorm)`;

let tmp: string;
before(async () => {
  tmp = await makeTempDir();
});
after(async () => {
  await fsp.rm(tmp, { recursive: true, force: true });
});

/** Imports a fixture, or skips the test when the fixtures folder is absent. */
async function load(t: TestContext, name: string): Promise<{ manifest: ScormManifest; dest: string; fileCount: number } | null> {
  if (!present) {
    t.skip(SKIP);
    return null;
  }
  const dest = path.join(tmp, name);
  const { manifest, fileCount } = await importPackage(path.join(fixtures, `${name}.zip`), dest);
  for (const item of launchableItems(manifest)) assert.ok(fs.existsSync(path.join(dest, item.launchFile!)), item.launchFile!);
  return { manifest, dest, fileCount };
}

const scos = (m: ScormManifest): ManifestItem[] => launchableItems(m).filter((i) => i.scormType === 'sco');

describe('fixtures: valid packages', () => {
  test('RuntimeBasicCalls_SCORM12: one SCO', async (t) => {
    const r = await load(t, 'RuntimeBasicCalls_SCORM12');
    if (!r) return;
    assert.deepEqual([r.manifest.version, r.manifest.edition], ['1.2', null]);
    assert.equal(r.manifest.identifier, 'com.scorm.golfsamples.runtime.basicruntime.12');
    assert.equal(r.manifest.title, 'Golf Explained - Run-time Basic Calls');
    assert.deepEqual(scos(r.manifest).map((i) => [i.identifier, i.launchUrl]), [['item_1', 'shared/launchpage.html']]);
    assert.equal(r.fileCount, 44);
  });

  test('ContentPackagingOneFilePerSCO_SCORM12: 18 launchable items in 4 aggregations, with quiz parameters', async (t) => {
    const r = await load(t, 'ContentPackagingOneFilePerSCO_SCORM12');
    if (!r) return;
    const m = r.manifest;
    assert.deepEqual([m.version, m.edition], ['1.2', null]);
    const org = m.organizations[0];
    assert.deepEqual(org.items.map((i) => [i.identifier, i.launchUrl, i.children.length]), [
      ['playing_item', null, 6], ['etiquette_item', null, 4], ['handicapping_item', null, 5], ['havingfun_item', null, 3],
    ]);
    const items = launchableItems(m);
    assert.equal(items.length, 18);
    // Despite the file's name, its manifest declares every resource adlcp:scormtype="asset": no SCO talks to the LMS.
    assert.deepEqual(new Set(items.map((i) => i.scormType)), new Set(['asset']));
    assert.equal(items[0].launchUrl, 'Playing/Playing.html');
    assert.deepEqual(items.filter((i) => i.parameters).map((i) => i.launchUrl), [
      'shared/assessmenttemplate.html?questions=Playing',
      'shared/assessmenttemplate.html?questions=Etiquette',
      'shared/assessmenttemplate.html?questions=Handicapping',
      'shared/assessmenttemplate.html?questions=HavingFun',
    ]);
    assert.equal(new Set(items.map((i) => i.launchFile)).size, 15);
    const common = m.resources.find((x) => x.identifier === 'common_files')!;
    assert.equal(common.href, null);
    assert.equal(common.files.length, 7);
    assert.deepEqual(m.resources.find((x) => x.identifier === 'playing_playing_resource')!.dependencies, ['common_files']);
    assert.deepEqual(m.warnings, []);
  });

  test('RuntimeBasicCalls_SCORM20043rdEdition: one SCO, choice and flow', async (t) => {
    const r = await load(t, 'RuntimeBasicCalls_SCORM20043rdEdition');
    if (!r) return;
    const m = r.manifest;
    assert.deepEqual([m.version, m.edition], ['2004', '3rd']);
    assert.deepEqual(scos(m).map((i) => [i.identifier, i.launchUrl]), [['item_1', 'shared/launchpage.html']]);
    assert.deepEqual(m.organizations[0].sequencing?.controlMode, { choice: true, flow: true });
    assert.equal(m.organizations[0].objectivesGlobalToSystem, false);
    assert.deepEqual(scos(m)[0].sequencing, { deliveryControls: { completionSetByContent: true, objectiveSetByContent: true } });
  });

  test('ContentPackagingSingleSCO_SCORM20042ndEdition: "CAM 1.3" is the 2nd edition', async (t) => {
    const r = await load(t, 'ContentPackagingSingleSCO_SCORM20042ndEdition');
    if (!r) return;
    assert.deepEqual([r.manifest.version, r.manifest.edition, r.manifest.schemaversion], ['2004', '2nd', 'CAM 1.3']);
    assert.deepEqual(scos(r.manifest).map((i) => [i.identifier, i.launchUrl]), [['item_1', 'shared/launchpage.html']]);
    assert.equal(r.manifest.organizations[0].sequencing, null);
  });

  test('SequencingForcedSequential_SCORM20043rdEdition: five SCOs, flow and choice, disabled-until-previous rules', async (t) => {
    const r = await load(t, 'SequencingForcedSequential_SCORM20043rdEdition');
    if (!r) return;
    const m = r.manifest;
    assert.deepEqual([m.version, m.edition], ['2004', '3rd']);
    const items = scos(m);
    assert.deepEqual(items.map((i) => i.launchUrl), ['playing', 'etiquette', 'handicapping', 'havingfun', 'assessment'].map((c) => `shared/launchpage.html?content=${c}`));
    assert.ok(items.every((i) => i.launchFile === 'shared/launchpage.html'));
    // Forced order comes from rules, not from forwardOnly: flow is on, forwardOnly stays at its default (false).
    assert.deepEqual(effectiveControlMode(m.organizations[0].sequencing), {
      choice: true, choiceExit: true, flow: true, forwardOnly: false, useCurrentAttemptObjectiveInfo: true, useCurrentAttemptProgressInfo: true,
    });
    assert.deepEqual(Object.keys(m.sequencingCollection), ['common_seq_rules']);
    for (const item of items) {
      // From the collection (IDRef="common_seq_rules"), merged with each item's own objectives and rules.
      assert.deepEqual(item.sequencing?.rollupRules, { objectiveMeasureWeight: 0, rules: [] });
      assert.deepEqual(item.sequencing?.deliveryControls, { completionSetByContent: true, objectiveSetByContent: true });
      assert.ok(item.sequencing?.objectives?.primary?.objectiveID?.endsWith('_satisfied'));
    }
    assert.equal(items[0].sequencing?.sequencingRules, undefined, 'the first SCO is always open');
    for (const item of items.slice(1)) {
      assert.deepEqual(item.sequencing?.sequencingRules?.preConditionRules, [{
        conditionCombination: 'any',
        conditions: [
          { referencedObjective: 'previous_sco_satisfied', operator: 'not', condition: 'satisfied' },
          { referencedObjective: 'previous_sco_satisfied', operator: 'not', condition: 'objectiveStatusKnown' },
        ],
        action: 'disabled',
      }]);
    }
    assert.deepEqual(items[1].sequencing?.objectives?.objectives, [{
      objectiveID: 'previous_sco_satisfied',
      mapInfo: [{ targetObjectiveID: 'com.scorm.golfsamples.sequencing.forcedsequential.playing_satisfied', readSatisfiedStatus: true, writeSatisfiedStatus: false }],
    }]);
    assert.equal(flattenItems(m.organizations[0].items).length, 5);
  });
});

describe('fixtures: broken packages are refused with a clear reason', () => {
  const cases: [string, PackageErrorCode, string, RegExp][] = [
    ['MalformedXml_SCORM12', 'MANIFEST_MALFORMED', "Expected closing tag 'item' (opened in line 24, col 7) instead of closing tag 'organization'.", /dòng 27, cột 5/],
    ['MissingLaunchUrl_SCORM12', 'MANIFEST_LAUNCH_MISSING', 'item_1', /^Mục “item_1” trỏ tới tài nguyên “resource_1” không có đường dẫn khởi chạy/],
    ['InvalidMissingOrgIdentifier_SCORM20043rdEdition', 'MANIFEST_ORG_IDENTIFIER_MISSING', 'Minimal Course', /“Minimal Course”.*thiếu thuộc tính bắt buộc identifier/],
  ];
  for (const [name, code, detail, vi] of cases) {
    test(`${name} → ${code}`, async (t) => {
      if (!present) return t.skip(SKIP);
      const e = await assertRefused(await fsp.readFile(path.join(fixtures, `${name}.zip`)), code, (zip, dest) => importPackage(zip, dest), detail);
      assert.match(e.describe('vi'), vi);
      if (code === 'MANIFEST_MALFORMED') assert.deepEqual(e.params, { line: 27, col: 5 });
    });
  }
});
