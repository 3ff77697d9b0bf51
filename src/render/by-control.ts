// Values kept per control, looked up by framework and control id as two map lookups: the findings pass asks
// for each of millions of findings, and joining the two ids into one key string each time cost more than the
// lookup itself.

export class ByControl<V> {
  private readonly byFramework = new Map<string, Map<string, V>>();

  get(frameworkId: string, controlId: string): V | undefined {
    return this.byFramework.get(frameworkId)?.get(controlId);
  }

  /** Keep `value` for the control; returns it. */
  set(frameworkId: string, controlId: string, value: V): V {
    let byControl = this.byFramework.get(frameworkId);
    if (!byControl) {
      byControl = new Map();
      this.byFramework.set(frameworkId, byControl);
    }
    byControl.set(controlId, value);
    return value;
  }
}
