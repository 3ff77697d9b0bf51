// Find every AWS operation Evidentia's own code can call: SDK `*Command` classes constructed anywhere under
// src/ (the emulator excepted), and the Artifact client's operations that something outside the client uses.

import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** One operation the code calls, with the files that call it. */
export interface CalledOperation {
  /** IAM service prefix (= the signing name for every service Evidentia uses). */
  service: string;
  operation: string;
  /** Repository-relative POSIX paths, sorted. */
  files: string[];
}

/** `@aws-sdk/client-<package>` → IAM service prefix. A client missing here fails the scan until added. */
export const SDK_PACKAGES: Readonly<Record<string, string>> = {
  'config-service': 'config',
  sts: 'sts',
  organizations: 'organizations',
  kms: 'kms',
  auditmanager: 'auditmanager',
  securityhub: 'securityhub',
  s3: 's3',
};

/** `new Upload(...)` from @aws-sdk/lib-storage sends these S3 operations itself. */
const LIB_STORAGE_UPLOAD = [
  'PutObject',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
];

/** Our own Artifact client (no SDK package exists): where it lives and the model that names its routes. */
const ARTIFACT_CLIENT = 'src/aws/artifact/artifact-client.ts';
const ARTIFACT_DIR = 'src/aws/artifact/';
const ARTIFACT_MODEL = 'reference/aws-models/artifact.json';
/** The emulator is AWS's stand-in, not a caller of AWS. */
const EXCLUDED = ['src/emulator/'];

/** Scan `root` (the repository) and return the operations, sorted by service and operation. */
export async function scanOperations(root: string): Promise<CalledOperation[]> {
  const files = (await listTs(join(root, 'src')))
    .map((abs) => ({ abs, rel: relative(root, abs).split(sep).join('/') }))
    .filter((f) => !EXCLUDED.some((x) => f.rel.startsWith(x)));
  const texts = new Map<string, string>();
  for (const f of files) texts.set(f.rel, await readFile(f.abs, 'utf8'));

  const found = new Map<string, Set<string>>();
  const add = (service: string, operation: string, file: string) => {
    const key = `${service}:${operation}`;
    const set = found.get(key) ?? new Set<string>();
    set.add(file);
    found.set(key, set);
  };
  for (const [file, text] of texts) {
    for (const call of sdkCommandsIn(text)) add(call.service, call.operation, file);
    if (
      /import\s*\{[^}]*\bUpload\b[^}]*\}\s*from\s*'@aws-sdk\/lib-storage'/.test(text) &&
      /new\s+Upload\s*\(/.test(text)
    ) {
      for (const operation of LIB_STORAGE_UPLOAD) add('s3', operation, file);
    }
  }
  const artifact = texts.get(ARTIFACT_CLIENT);
  if (artifact !== undefined) {
    const routes = await artifactRoutes(join(root, ARTIFACT_MODEL));
    for (const { method, operation } of artifactMethods(artifact, routes)) {
      const use = new RegExp(`\\.${method}\\(`);
      for (const [file, text] of texts) {
        if (!file.startsWith(ARTIFACT_DIR) && use.test(text)) add('artifact', operation, file);
      }
    }
  }
  return [...found]
    .map(([key, set]) => {
      const [service, operation] = key.split(':') as [string, string];
      return { service, operation, files: [...set].sort() };
    })
    .sort((a, b) => `${a.service}:${a.operation}`.localeCompare(`${b.service}:${b.operation}`));
}

/** SDK commands imported from an `@aws-sdk/client-*` package and constructed with `new` in `text`. */
export function sdkCommandsIn(text: string): { service: string; operation: string }[] {
  const out: { service: string; operation: string }[] = [];
  const imports = /import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g;
  for (const m of text.matchAll(imports)) {
    const pkg = m[2] as string;
    const names = (m[1] as string)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && !s.startsWith('type '));
    for (const name of names) {
      const [imported, local = imported] = name.split(/\s+as\s+/) as [string, string?];
      if (!/^\w+Command$/.test(imported)) continue;
      if (!new RegExp(`new\\s+${local}\\s*\\(`).test(text)) continue;
      const service = SDK_PACKAGES[pkg];
      if (!service) {
        throw new Error(
          `@aws-sdk/client-${pkg} is not classified: add it to SDK_PACKAGES in scripts/iam-policy/scan-operations.ts`,
        );
      }
      out.push({ service, operation: imported.slice(0, -'Command'.length) });
    }
  }
  return out;
}

/** `GET /v1/report/list` → `ListReports`, from the Smithy model's `smithy.api#http` traits. */
async function artifactRoutes(modelPath: string): Promise<Map<string, string>> {
  const model = JSON.parse(await readFile(modelPath, 'utf8')) as {
    shapes: Record<string, { type: string; traits?: Record<string, unknown> }>;
  };
  const routes = new Map<string, string>();
  for (const [id, shape] of Object.entries(model.shapes)) {
    const http = shape.traits?.['smithy.api#http'] as { uri?: string } | undefined;
    if (shape.type !== 'operation' || !http?.uri) continue;
    routes.set(http.uri.split('?')[0] as string, id.slice(id.indexOf('#') + 1));
  }
  return routes;
}

/** Each `this.call('/v1/…')` of the Artifact client, with the method it sits in. */
export function artifactMethods(
  text: string,
  routes: ReadonlyMap<string, string>,
): { method: string; operation: string }[] {
  const out: { method: string; operation: string }[] = [];
  for (const m of text.matchAll(/this\.call\(\s*'(\/v1\/[^']+)'/g)) {
    const before = text.slice(0, m.index);
    const decl = [...before.matchAll(/^ {2}(?:async\s+)?(\w+)\s*\(/gm)].at(-1);
    const operation = routes.get(m[1] as string);
    if (!decl || !operation) {
      throw new Error(`cannot tell which Artifact operation calls ${m[1]} in ${ARTIFACT_CLIENT}`);
    }
    out.push({ method: decl[1] as string, operation });
  }
  return out;
}

async function listTs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listTs(path)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}
