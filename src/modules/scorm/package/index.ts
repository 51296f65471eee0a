/** SCORM package import: the public surface of this folder. */
export { PACKAGE_MESSAGES, PackageError, type PackageErrorCode, formatBytes, isPackageError, packageErrorMessage } from './errors.js';
export { DEFAULT_LIMITS, type ExtractLimits, type ExtractResult, extractZip, extractZipInto, safeEntryPath, withStagingDir } from './unzip.js';
export {
  type CompletionThreshold,
  type ManifestItem,
  type ManifestOrganization,
  type ManifestResource,
  type ManifestWarning,
  type Scorm2004Edition,
  type ScormManifest,
  type ScormType,
  type ScormVersion,
  flattenItems,
  launchableItems,
  locateManifest,
  parseManifest,
  readManifest,
  verifyLaunchFiles,
} from './manifest.js';
export { joinParameters, launchFileOf } from './launch-url.js';
export { type ControlMode, type Sequencing, effectiveControlMode } from './sequencing.js';
export { type ImportOptions, type ImportResult, importPackage, sha256File } from './import.js';
