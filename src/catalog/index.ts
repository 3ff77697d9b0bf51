// The catalogue stage: framework, evidence-library and profile files in; a validated Catalog and Profile out.

export { readInputFile } from './input-file.js';
export {
  type CatalogValidation,
  type LoadCatalogOptions,
  loadCatalog,
  validateCatalog,
  yamlFilesIn,
} from './load-catalog.js';
export {
  builtInProfileNames,
  checkProfile,
  loadProfile,
  profileFrameworks,
  resolveProfilePath,
} from './load-profile.js';
export * from './types.js';
