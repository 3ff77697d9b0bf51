// Identifiers OSCAL requires to be tokens (XML NCNames): control ids such as `164.312(a)(2)(iv)` or
// `Art.32(1)(a)` become `hipaa-security_164.312_a_2_iv`, `gdpr_Art.32_1_a`.

/** OSCAL token for a control of a framework. */
export function controlToken(frameworkId: string, controlId: string): string {
  const part = (s: string) =>
    s
      .replace(/\(/g, '_')
      .replace(/\)/g, '')
      .replace(/[^\p{L}\p{N}._-]+/gu, '_')
      .replace(/_+/g, '_')
      .replace(/_$/, '');
  const token = `${part(frameworkId)}_${part(controlId)}`;
  return /^[\p{L}_]/u.test(token) ? token : `_${token}`;
}

/** A path as a URI reference (each segment percent-encoded where needed). */
export function pathReference(path: string): string {
  return path
    .split(/[\\/]/)
    .map((seg, i) => (i === 0 && seg === '' ? '' : encodeURIComponent(seg)))
    .join('/');
}
