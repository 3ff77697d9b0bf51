// Render the generated estate as YAML in the style of the hand-written part of demo.yaml: one block mapping
// per resource, short collections on one line in flow style, longer ones as nested blocks.

import { Document, visit } from 'yaml';
import type { EstateResource } from './estate.js';

/** A collection whose JSON fits in this many characters is written on one line (flow style). */
const FLOW_WIDTH = 88;

/** The resources as a YAML block sequence, each line indented by `indent` spaces, ending with a newline. */
export function renderResources(resources: readonly EstateResource[], indent: number): string {
  if (resources.length === 0) return '';
  const doc = new Document(resources);
  visit(doc, {
    Collection(_key, node, path) {
      // The sequence of resources and each resource's own mapping stay in block style.
      if (path.length <= 2) return;
      const json = JSON.stringify(node.toJSON());
      if (json.length <= FLOW_WIDTH) node.flow = true;
    },
    Scalar(_key, node) {
      // Strings that hold JSON documents (policies) read best quoted on one line.
      if (typeof node.value === 'string' && node.value.startsWith('{')) node.type = 'QUOTE_SINGLE';
    },
  });
  const pad = ' '.repeat(indent);
  // lineWidth 0: long strings (ARNs, policies) are never folded over several lines.
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: true, indentSeq: true });
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n')
    .concat('\n');
}
