// The terminal during a run: one bar over every stage with counts, log lines held while it is drawn and
// written when it is cleared, and the summary after them.

import { describe, expect, it } from 'vitest';
import { stageLabel, terminalProgress } from '../../../src/cli/progress-bar.js';
import { TerminalOutput, terminalLogger } from '../../../src/cli/terminal-output.js';
import { FINISH_STEPS, overallProgress, type RunProgress } from '../../../src/pipeline/progress.js';
import { capture } from '../../support/capture-stream.js';

/** A captured stream that says it is a terminal. */
function tty() {
  return Object.assign(capture(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true });
}

describe('the run progress', () => {
  it('counts every stage after collection, so the bar moves through render, sign and archive', () => {
    const at = (p: Partial<RunProgress>) =>
      overallProgress({ phase: 'collect', tasksDone: 10, tasksTotal: 10, ...p } as RunProgress);
    const after = Object.values(FINISH_STEPS).reduce((a, b) => a + b, 0);
    expect(at({}).total).toBe(10 + after);
    const steps = [
      at({ phase: 'collect' }),
      at({ phase: 'write', step: { done: 1, total: 1 } }),
      at({ phase: 'render', step: { done: 0, total: 6 } }),
      at({ phase: 'render', step: { done: 6, total: 6 } }),
      at({ phase: 'sign', step: { done: 1, total: 3 } }),
      at({ phase: 'sign', step: { done: 3, total: 3 } }),
      at({ phase: 'archive', step: { done: 1, total: 1 } }),
    ].map((s) => s.done);
    expect(steps).toEqual([10, 11, 11, 17, 18, 20, 21]);
    expect(at({ phase: 'done' }).done).toBe(10 + after);
    expect(stageLabel({ phase: 'render', tasksDone: 10, tasksTotal: 10, step: { done: 2, total: 5 } })).toBe(
      'render 2/5 files',
    );
    expect(stageLabel({ phase: 'collect', tasksDone: 3, tasksTotal: 10 })).toBe(
      'collect + evaluate 3/10 tasks',
    );
  });

  it('holds log lines while the bar is drawn and writes them, in order, when it is cleared', () => {
    const stream = tty();
    const out = new TerminalOutput(stream);
    const log = terminalLogger(out);
    log.info('before the bar');
    const bar = terminalProgress('demo', out);
    bar.update({ phase: 'collect', tasksDone: 0, tasksTotal: 4 });
    const mark = stream.text().length;
    log.info('during the bar');
    bar.update({ phase: 'sign', tasksDone: 4, tasksTotal: 4, step: { done: 1, total: 3 } });
    expect(stream.text().slice(mark)).not.toContain('during the bar');
    bar.stop();
    stream.write('SUMMARY\n');
    const text = stream.text();
    expect(text.indexOf('before the bar')).toBeLessThan(text.indexOf('during the bar'));
    expect(text.indexOf('during the bar')).toBeLessThan(text.indexOf('SUMMARY'));
    // Nothing of the log is inside a bar line: the held line comes after the bar's last frame.
    expect(text.lastIndexOf('demo [')).toBeLessThan(text.indexOf('during the bar'));
  });

  it('draws nothing and holds nothing when stderr is not a terminal', () => {
    const stream = capture();
    const out = new TerminalOutput(stream);
    const bar = terminalProgress('demo', out);
    bar.update({ phase: 'collect', tasksDone: 1, tasksTotal: 4 });
    out.write('a log line\n');
    expect(stream.text()).toBe('a log line\n');
    bar.stop();
  });
});
