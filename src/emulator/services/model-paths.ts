// Where each service's Smithy model lives (reference/aws-models/, found from the package root).

import { join } from 'node:path';
import { packagePaths } from '../../core/paths.js';
import { loadModel, type SmithyModel } from '../model/smithy-model.js';

/** The model `reference/aws-models/<file>.json`, loaded once per process. */
export function awsModel(file: string): SmithyModel {
  return loadModel(join(packagePaths().awsModels, `${file}.json`));
}
