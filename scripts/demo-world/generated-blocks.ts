// The marked blocks of demo.yaml that the generator owns: one per accessible account, at the end of its
// `resources:` list. Only the text between a pair of markers is ever rewritten; everything else in the file
// (the curated story, other top-level sections) is left byte for byte as it is.

const BEGIN = /^( *)# >>> generated estate of (\d{12})\b.*\n/gm;

/** The opening marker line of an account's block (without indentation). */
export function beginMarker(accountId: string): string {
  return `# >>> generated estate of ${accountId}: written by scripts/demo-world/generate.ts, do not edit by hand`;
}

/** The closing marker line of an account's block (without indentation). */
export function endMarker(accountId: string): string {
  return `# <<< end of the generated estate of ${accountId}`;
}

export interface GeneratedBlock {
  accountId: string;
  /** Indentation of the markers, which is also that of the block's `- type:` lines. */
  indent: number;
  /** Offsets of the block's content: after the opening marker line, up to the closing marker line. */
  start: number;
  end: number;
}

/** Every generated block of the file, in file order. Throws when a block is not closed or appears twice. */
export function findBlocks(text: string): GeneratedBlock[] {
  const blocks: GeneratedBlock[] = [];
  for (const m of text.matchAll(BEGIN)) {
    const indent = m[1]!.length;
    const accountId = m[2]!;
    const start = m.index + m[0].length;
    const close = `${' '.repeat(indent)}${endMarker(accountId)}\n`;
    const end = text.indexOf(close, start);
    if (end < 0)
      throw new Error(
        `demo.yaml: the generated block of ${accountId} has no closing marker '${endMarker(accountId)}'`,
      );
    if (blocks.some((b) => b.accountId === accountId))
      throw new Error(`demo.yaml: account ${accountId} has two generated blocks`);
    blocks.push({ accountId, indent, start, end });
  }
  return blocks;
}

/** The text with every generated block emptied (markers kept): the curated world alone. */
export function withoutGenerated(text: string): string {
  return replaceBlocks(text, () => '');
}

/** The text with each block's content replaced by `content(block)`. */
export function replaceBlocks(text: string, content: (b: GeneratedBlock) => string): string {
  let out = '';
  let at = 0;
  for (const b of findBlocks(text)) {
    out += text.slice(at, b.start) + content(b);
    at = b.end;
  }
  return out + text.slice(at);
}
