// Stable anchors for controls and sections, shared by the HTML page and the PDF's named destinations.

/** `ctl-<framework>-<control>`; characters not allowed in an HTML id (whitespace and the like) become `-`. */
export function controlAnchor(frameworkId: string, controlId: string): string {
  return `ctl-${frameworkId}-${controlId.replace(/[^A-Za-z0-9._()-]+/g, '-')}`;
}

/** Anchor of a framework's control table. */
export function frameworkAnchor(frameworkId: string): string {
  return `fw-${frameworkId}`;
}
