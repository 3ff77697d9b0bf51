// The AWS Shared Responsibility Model split carried by every control.

export const RESPONSIBILITIES = ['aws', 'customer', 'shared'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

export const RESPONSIBILITY_LABEL: Record<Responsibility, string> = {
  aws: 'AWS (inherited)',
  customer: 'Customer',
  shared: 'Shared',
};
