import { type PdCategoryId, type RetentionRegisterLayer } from '@perepiska/platform';
import { type ActivitySnapshot, type RegisterSnapshot, type RetentionRule, type RetentionTrigger } from './processing-activity';
import { retentionPeriodText } from './register-view';

/**
 * Which of the register's retention rules govern a module's data (DSR-5): the rules of the
 * register the data belongs to (the business's for its clients' data, the platform's for its
 * own), counted from the event the data's period starts at, covering one of its categories —
 * in the activities the data is kept for, where it names them. The shortest period applies: data
 * declared under two purposes goes when the first of them no longer needs it.
 */

const DAY_MS = 24 * 3600_000;

/** What the engine needs to know of a target to pick its rules. */
export interface GovernedData {
  register: RetentionRegisterLayer;
  trigger: RetentionTrigger;
  categories: readonly PdCategoryId[];
  activities?: readonly string[];
}

export interface GoverningRule {
  activityId: string;
  activityKey: string | null;
  activityName: string;
  rule: RetentionRule;
  /** "3 года с момента сбора". */
  period: string;
  cutoff: Date;
}

export interface RuleSelection {
  /** Every rule that covers the data, shortest period first. */
  rules: GoverningRule[];
  /** The one that applies; null when the register sets no period for the data. */
  applied: GoverningRule | null;
}

/** `now` minus a register period, in calendar terms (a month back is the same day of the previous month). */
export function retentionCutoff(now: Date, rule: RetentionRule): Date {
  return shift(now, rule, -1);
}

/** When the period of data whose period started at `from` runs out. */
export function retentionExpiry(from: Date, rule: RetentionRule): Date {
  return shift(from, rule, 1);
}

function shift(at: Date, rule: RetentionRule, sign: 1 | -1): Date {
  const { amount, unit } = rule.period;
  if (unit === 'days') return new Date(at.getTime() + sign * amount * DAY_MS);
  const shifted = new Date(at);
  if (unit === 'months') shifted.setUTCMonth(shifted.getUTCMonth() + sign * amount);
  else shifted.setUTCFullYear(shifted.getUTCFullYear() + sign * amount);
  return shifted;
}

/** The rules of the data's register that govern it, and the one that applies now. */
export function selectRetentionRules(registers: Partial<Record<RetentionRegisterLayer, RegisterSnapshot | null>>, data: GovernedData, now: Date): RuleSelection {
  const register = registers[data.register];
  if (!register || register.layer !== data.register) return { rules: [], applied: null };
  const rules = register.activities
    .filter((activity) => !data.activities || (activity.key !== null && data.activities.includes(activity.key)))
    .flatMap((activity) => activity.data.retention.filter((rule) => governs(rule, data)).map((rule) => governing(activity, rule, now)))
    // Latest cutoff first: the shortest period; equal periods by the activity's name, so the order is the same on every read.
    .sort((a, b) => b.cutoff.getTime() - a.cutoff.getTime() || a.activityName.localeCompare(b.activityName, 'ru') || (a.activityId < b.activityId ? -1 : a.activityId > b.activityId ? 1 : 0));
  return { rules, applied: rules[0] ?? null };
}

function governs(rule: RetentionRule, data: GovernedData): boolean {
  return rule.trigger === data.trigger && rule.categories.some((category) => data.categories.includes(category));
}

function governing(activity: ActivitySnapshot, rule: RetentionRule, now: Date): GoverningRule {
  return { activityId: activity.id, activityKey: activity.key, activityName: activity.data.name, rule, period: retentionPeriodText(rule), cutoff: retentionCutoff(now, rule) };
}
