import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PACKAGE_MESSAGES, PackageError, type PackageErrorCode } from './errors.js';
import { joinParameters, launchFileOf } from './launch-url.js';
import { flattenItems, launchableItems, parseManifest, verifyLaunchFiles } from './manifest.js';
import { effectiveControlMode } from './sequencing.js';
import { SCORM12_MANIFEST, SCORM2004_MANIFEST } from './test-packages.js';
import { decodeXml } from './xml-tree.js';

const NS12 = 'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"';
const NS2004 =
  'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"';

/** A manifest around the given organizations and resources. */
function manifest(opts: { ns?: string; version?: string | null; orgs: string; resources?: string; extra?: string; defaultOrg?: string | null }): string {
  const meta = opts.version === null ? '' : `<metadata><schema>ADL SCORM</schema><schemaversion>${opts.version ?? '1.2'}</schemaversion></metadata>`;
  const def = opts.defaultOrg === null ? '' : ` default="${opts.defaultOrg ?? 'org'}"`;
  return `<?xml version="1.0"?><manifest identifier="m" ${opts.ns ?? NS12}>${meta}<organizations${def}>${opts.orgs}</organizations><resources>${
    opts.resources ?? '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html"/>'
  }</resources>${opts.extra ?? ''}</manifest>`;
}
const ORG = '<organization identifier="org"><title>Khóa học</title><item identifier="i1" identifierref="r1"><title>Bài 1</title></item></organization>';

function refused(xml: string, code: PackageErrorCode, detail?: string): PackageError {
  let caught: unknown;
  try {
    parseManifest(xml);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof PackageError, `expected ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (detail !== undefined) assert.equal(caught.detail, detail);
  return caught;
}

describe('parseManifest: the model', () => {
  test('SCORM 1.2: version, title, launch URL, mastery score, launch data', () => {
    const m = parseManifest(SCORM12_MANIFEST);
    assert.equal(m.version, '1.2');
    assert.equal(m.edition, null);
    assert.equal(m.identifier, 'kynangso.test.scorm12');
    assert.equal(m.title, 'Kỹ năng số cơ bản');
    assert.equal(m.defaultOrganization, 'org');
    const [item] = launchableItems(m);
    assert.equal(item.title, 'Bài 1: Dùng điện thoại thông minh');
    assert.equal(item.launchUrl, 'index.html');
    assert.equal(item.scormType, 'sco');
    assert.equal(item.masteryScore, 80);
    assert.equal(item.dataFromLMS, 'mode=practice');
    assert.deepEqual(m.resources[0].files, ['index.html']);
  });

  test('SCORM 2004 4th edition with unusual prefixes: xml:base, %20, parameters, fragment, thresholds, sequencing', () => {
    const m = parseManifest(SCORM2004_MANIFEST);
    assert.equal(m.version, '2004');
    assert.equal(m.edition, '4th');
    const [a, b] = launchableItems(m);
    assert.equal(a.launchUrl, 'content/bai%201.html?lesson=1');
    assert.equal(a.launchFile, 'content/bai 1.html');
    assert.equal(a.parameters, '?lesson=1');
    assert.equal(a.scaledPassingScore, 0.7);
    assert.equal(a.masteryScore, null);
    assert.equal(a.timeLimitAction, 'exit,message');
    assert.deepEqual(a.completionThreshold, { completedByMeasure: true, minProgressMeasure: 0.8 });
    assert.deepEqual(a.hideLMSUI, ['continue']);
    assert.equal(b.scormType, 'asset');
    assert.equal(b.launchUrl, 'content/bai2.html#dau');
    assert.equal(b.launchFile, 'content/bai2.html');
    assert.equal(m.resources[0].base, 'content/');
    assert.deepEqual(m.resources[0].files, ['content/bai%201.html']);
    const org = m.organizations[0];
    assert.deepEqual(org.sequencing?.controlMode, { choice: false, flow: true, forwardOnly: true });
    assert.deepEqual(effectiveControlMode(org.sequencing), {
      choice: false, choiceExit: true, flow: true, forwardOnly: true, useCurrentAttemptObjectiveInfo: true, useCurrentAttemptProgressInfo: true,
    });
    assert.deepEqual(effectiveControlMode(null).flow, false);
  });

  test('version and edition from schemaversion, or from namespaces when it is absent', () => {
    const cases: [string | null, string, string, string | null][] = [
      ['1.2', NS12, '1.2', null],
      ['CAM 1.3', NS2004, '2004', '2nd'],
      ['2004 3rd Edition', NS2004, '2004', '3rd'],
      [' 2004  4th   Edition ', NS2004, '2004', '4th'],
      ['2004', NS2004, '2004', null],
      [null, NS2004, '2004', null],
      [null, NS12, '1.2', null],
      [null, 'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"', '1.2', null],
    ];
    for (const [sv, ns, version, edition] of cases) {
      const resources = '<resource identifier="r1" type="webcontent" href="index.html"/>';
      const m = parseManifest(manifest({ ns, version: sv, orgs: ORG, resources }));
      assert.deepEqual([m.version, m.edition], [version, edition], `schemaversion ${sv}`);
    }
    refused(manifest({ version: '1.1', orgs: ORG }), 'MANIFEST_UNSUPPORTED_VERSION', '1.1');
  });

  test('nested items: aggregations have no launch URL, order is depth-first, isvisible and 1.2 extras are read', () => {
    const orgs = `<organization identifier="org"><title>T</title>
      <item identifier="chuong1"><title>Chương 1</title>
        <item identifier="a" identifierref="r1" isvisible="false"><title>A</title>
          <adlcp:prerequisites type="aicc_script">b</adlcp:prerequisites>
          <adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed>
          <adlcp:timelimitaction>exit,no message</adlcp:timelimitaction>
        </item>
        <item identifier="b" identifierref="r1" parameters="page=2"><title>B</title></item>
      </item>
      <item identifier="c" identifierref="r1" parameters="#end"><title>C</title></item></organization>`;
    const m = parseManifest(manifest({ orgs }));
    assert.deepEqual(flattenItems(m.organizations[0].items).map((i) => i.identifier), ['chuong1', 'a', 'b', 'c']);
    assert.deepEqual(launchableItems(m).map((i) => i.launchUrl), ['index.html', 'index.html?page=2', 'index.html#end']);
    const chapter = m.organizations[0].items[0];
    assert.equal(chapter.launchUrl, null);
    assert.equal(chapter.scormType, null);
    const a = chapter.children[0];
    assert.equal(a.isvisible, false);
    assert.equal(a.prerequisites, 'b');
    assert.equal(a.maxTimeAllowed, '00:30:00');
    assert.equal(a.timeLimitAction, 'exit,no message');
  });

  test('the default organization is the one named, or the first; a missing scormType is a warning and read as sco', () => {
    const two = `${ORG}<organization identifier="org2"><title>Hai</title><item identifier="j" identifierref="r1"><title>J</title></item></organization>`;
    assert.equal(parseManifest(manifest({ orgs: two, defaultOrg: 'org2' })).title, 'Hai');
    const m = parseManifest(manifest({ orgs: two, defaultOrg: null, resources: '<resource identifier="r1" type="webcontent" href="index.html"/>' }));
    assert.equal(m.defaultOrganization, 'org');
    assert.equal(launchableItems(m)[0].scormType, 'sco');
    assert.deepEqual(m.warnings, [{ code: 'SCORMTYPE_MISSING', detail: 'r1' }]);
  });

  test('2004 sequencing: IDRef resolved against the collection, local elements override', () => {
    const orgs = `<organization identifier="org"><title>T</title>
      <item identifier="i1" identifierref="r1"><title>A</title>
        <imsss:sequencing IDRef="common">
          <imsss:deliveryControls completionSetByContent="false"/>
          <imsss:limitConditions attemptLimit="3"/>
        </imsss:sequencing>
      </item>
      <imsss:sequencing><imsss:controlMode choice="false" flow="true" forwardOnly="true"/>
        <imsss:rollupRules rollupObjectiveSatisfied="true">
          <imsss:rollupRule childActivitySet="atLeastCount" minimumCount="2">
            <imsss:rollupConditions conditionCombination="any"><imsss:rollupCondition operator="not" condition="attempted"/></imsss:rollupConditions>
            <imsss:rollupAction action="notSatisfied"/>
          </imsss:rollupRule>
        </imsss:rollupRules>
      </imsss:sequencing></organization>`;
    const extra = `<imsss:sequencingCollection><imsss:sequencing ID="common">
        <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        <imsss:rollupRules objectiveMeasureWeight="0"/>
        <adlseq:rollupConsiderations requiredForSatisfied="ifAttempted" measureSatisfactionIfActive="false"/>
      </imsss:sequencing></imsss:sequencingCollection>`;
    const resources = '<resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="index.html"/>';
    const m = parseManifest(manifest({ ns: NS2004, version: '2004 3rd Edition', orgs, resources, extra }));
    const seq = m.organizations[0].items[0].sequencing;
    assert.deepEqual(seq, {
      deliveryControls: { completionSetByContent: false },
      rollupRules: { objectiveMeasureWeight: 0, rules: [] },
      rollupConsiderations: { requiredForSatisfied: 'ifAttempted', measureSatisfactionIfActive: false },
      limitConditions: { attemptLimit: 3 },
    });
    assert.deepEqual(m.organizations[0].sequencing?.rollupRules, {
      rollupObjectiveSatisfied: true,
      rules: [{ childActivitySet: 'atLeastCount', minimumCount: 2, conditionCombination: 'any', conditions: [{ operator: 'not', condition: 'attempted' }], action: 'notSatisfied' }],
    });
    assert.ok(m.sequencingCollection.common.deliveryControls?.objectiveSetByContent);
    const bad = orgs.replace('IDRef="common"', 'IDRef="nowhere"');
    refused(manifest({ ns: NS2004, version: '2004 3rd Edition', orgs: bad, resources, extra }), 'MANIFEST_SEQUENCING_REF_MISSING', 'nowhere');
  });
});

describe('parseManifest: refusals', () => {
  test('malformed XML gives the parser line and column', () => {
    const e = refused('<?xml version="1.0"?>\n<manifest>\n  <organizations>\n    <organization identifier="o">\n  </organizations>\n</manifest>', 'MANIFEST_MALFORMED');
    assert.equal(e.params.line, 5);
    assert.equal(typeof e.params.col, 'number');
    assert.match(e.detail, /organization/);
    assert.match(e.describe('vi'), /^Tệp imsmanifest.xml bị lỗi cú pháp XML ở dòng 5, cột \d+: /);
    refused('', 'MANIFEST_MALFORMED');
    refused('not xml at all', 'MANIFEST_MALFORMED');
  });

  test('the root must be <manifest>', () => {
    refused('<?xml version="1.0"?><html><body/></html>', 'MANIFEST_NOT_MANIFEST', 'html');
  });

  test('organizations: none, without identifier, default not found', () => {
    refused(manifest({ orgs: '' }), 'MANIFEST_NO_ORGANIZATION');
    refused(manifest({ orgs: '<organization><title>Khóa A</title><item identifier="i" identifierref="r1"/></organization>' }), 'MANIFEST_ORG_IDENTIFIER_MISSING', 'Khóa A');
    refused(manifest({ orgs: '<organization identifier=" "><item identifier="i" identifierref="r1"/></organization>' }), 'MANIFEST_ORG_IDENTIFIER_MISSING', '#1');
    refused(manifest({ orgs: ORG, defaultOrg: 'khac' }), 'MANIFEST_DEFAULT_ORG_MISSING', 'khac');
  });

  test('items: no identifier, duplicate identifiers, unknown resource, resource without href, nothing to launch', () => {
    refused(manifest({ orgs: '<organization identifier="org"><item identifierref="r1"><title>Bài X</title></item></organization>' }), 'MANIFEST_ITEM_IDENTIFIER_MISSING', 'Bài X');
    refused(manifest({ orgs: '<organization identifier="org"><item identifier="a" identifierref="r1"/><item identifier="a" identifierref="r1"/></organization>' }), 'MANIFEST_DUPLICATE_IDENTIFIER', 'a');
    const twice = '<resource identifier="r1" type="webcontent" href="a.html"/><resource identifier="r1" type="webcontent" href="b.html"/>';
    refused(manifest({ orgs: ORG, resources: twice }), 'MANIFEST_DUPLICATE_IDENTIFIER', 'r1');
    const e = refused(manifest({ orgs: ORG.replace('identifierref="r1"', 'identifierref="r9"') }), 'MANIFEST_RESOURCE_MISSING', 'i1');
    assert.equal(e.params.ref, 'r9');
    const noHref = '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco"><file href="index.html"/></resource>';
    const launch = refused(manifest({ orgs: ORG, resources: noHref }), 'MANIFEST_LAUNCH_MISSING', 'i1');
    assert.equal(launch.describe('en'), 'The item “i1” refers to the resource “r1”, which has no launch path (the href attribute of <resource>).');
    refused(manifest({ orgs: '<organization identifier="org"><title>Rỗng</title><item identifier="a"><title>A</title></item></organization>' }), 'MANIFEST_NO_ITEMS', 'org');
  });

  test('launch paths must stay inside the package', () => {
    for (const href of ['http://example.com/x.html', 'javascript:alert(1)', '/etc/passwd', '../x.html', 'a/../../x.html', '%2e%2e/x.html', 'a%2F..%2F..%2Fx.html']) {
      const resources = `<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="${href}"/>`;
      refused(manifest({ orgs: ORG, resources }), 'MANIFEST_UNSAFE_HREF', href);
    }
  });
});

describe('launch URLs', () => {
  test('parameters are joined as SCORM CAM describes', () => {
    const cases: [string, string | null, string][] = [
      ['a.html', null, 'a.html'],
      ['a.html', '', 'a.html'],
      ['a.html', '?x=1', 'a.html?x=1'],
      ['a.html', 'x=1', 'a.html?x=1'],
      ['a.html', '&x=1', 'a.html?x=1'],
      ['a.html?y=2', '?x=1', 'a.html?y=2&x=1'],
      ['a.html?y=2', 'x=1', 'a.html?y=2&x=1'],
      ['a.html?', 'x=1', 'a.html?x=1'],
      ['a.html', '#p2', 'a.html#p2'],
      ['a.html#top', '#p2', 'a.html#top'],
      ['a.html#top', '?x=1', 'a.html?x=1#top'],
      ['a.html', '??&x=1', 'a.html?x=1'],
    ];
    for (const [url, params, expected] of cases) assert.equal(joinParameters(url, params), expected, `${url} + ${params}`);
  });

  test('the launch file is decoded and normalized; what leaves the package is refused', () => {
    assert.equal(launchFileOf('a%20b/c%C3%A0.html?x=1#y'), 'a b/cà.html');
    assert.equal(launchFileOf('./shared/../shared/launch.html'), 'shared/launch.html');
    assert.equal(launchFileOf('ba%CC%80i.html'), 'bài.html'.normalize('NFC'), 'decomposed escapes are composed (NFC)');
    for (const bad of ['%E0%A4%A.html', 'a/%00.html', '', '?x=1', 'dir/', 'a%5C..%5Cx.html']) {
      assert.throws(() => launchFileOf(bad), /MANIFEST_UNSAFE_HREF/, bad);
    }
  });

  test('verifyLaunchFiles: every launch file must exist, case-sensitively; missing listed files are warnings', () => {
    const m = parseManifest(SCORM2004_MANIFEST);
    verifyLaunchFiles(m, ['imsmanifest.xml', 'content/bai 1.html', 'content/bai2.html']);
    assert.deepEqual(m.warnings, []);
    assert.throws(
      () => verifyLaunchFiles(parseManifest(SCORM2004_MANIFEST), ['content/Bai 1.html', 'content/bai2.html']),
      (e: unknown) => e instanceof PackageError && e.code === 'MANIFEST_FILE_MISSING' && e.detail === 'content/bai 1.html',
    );
    assert.throws(() => verifyLaunchFiles(parseManifest(SCORM2004_MANIFEST), ['content/bai%201.html', 'content/bai2.html']), /MANIFEST_FILE_MISSING/);
    const withList = parseManifest(manifest({ orgs: ORG, resources: '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/><file href="img/logo.png"/></resource>' }));
    verifyLaunchFiles(withList, ['index.html']);
    assert.deepEqual(withList.warnings, [{ code: 'LISTED_FILE_MISSING', detail: 'img/logo.png' }]);
  });
});

describe('text and messages', () => {
  test('manifests in UTF-8 with a BOM and in UTF-16 are read', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SCORM12_MANIFEST)]);
    assert.equal(parseManifest(decodeXml(bom)).title, 'Kỹ năng số cơ bản');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SCORM12_MANIFEST.replace('UTF-8', 'UTF-16'), 'utf16le')]);
    assert.equal(parseManifest(decodeXml(utf16)).title, 'Kỹ năng số cơ bản');
    const latin1 = Buffer.from(SCORM12_MANIFEST.replace('UTF-8', 'ISO-8859-1').replace('Kỹ năng số cơ bản', 'Café'), 'latin1');
    assert.equal(parseManifest(decodeXml(latin1)).title, 'Café');
  });

  test('every code has a Vietnamese and an English message with the same placeholders', () => {
    for (const [code, { vi, en }] of Object.entries(PACKAGE_MESSAGES)) {
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(holes(vi), holes(en), code);
      assert.ok(vi.trim() && en.trim() && (vi as string) !== en, code);
    }
    assert.equal(PACKAGE_MESSAGES.MANIFEST_MISSING.vi, 'Gói SCORM thiếu tệp imsmanifest.xml ở thư mục gốc.');
    assert.equal(new PackageError('ZIP_SYMLINK', 'a/b').describe('vi'), 'Gói chứa liên kết tượng trưng (symlink) “a/b”; loại liên kết này không được phép.');
  });
});
