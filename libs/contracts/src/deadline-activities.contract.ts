/**
 * Workflows keep a running deadline as an opaque tracker (plain JSON) and ask the legal
 * calendar, through these activities, what it means: results land in the history, so a
 * later change of holidays or rules never alters a replay.
 */
export type TrackerJson = Record<string, unknown>;

export interface DeadlineView {
  deadlineId: string;
  ruleId: string;
  status: 'running' | 'suspended';
  dueDate: string | null;
  dueAt: string | null;
  internalTarget: string | null;
  legalSource: string;
  explanation: { it: string; en: string }[];
  /** How often the rule lets the term be suspended or restarted (e.g. L. 241/1990 art. 2 c.7: once). */
  limits: { suspensions: number; interruptions: number };
  /** The next reminder rung to fire, or the instant to wake up to resume a capped suspension. */
  next:
    | { kind: 'rung'; rungId: string; at: string; escalation: boolean; label: { it: string; en: string } }
    | { kind: 'auto-resume'; at: string }
    | null;
}

export interface TrackedDeadline {
  tracker: TrackerJson;
  view: DeadlineView;
}

export interface DeadlineEventInput {
  caseId: string;
  deadlineId: string;
  ladderId: string;
  tracker: TrackerJson;
  event:
    { type: 'suspend' | 'resume' | 'interrupt'; by: string; reason: string; legalBasis: string } | { type: 'rung-fired'; rungId: string };
  /** Workflow time of the event; the activity derives the legal (Europe/Rome) date from it. */
  at: string;
}

export interface DeadlineActivities {
  startDeadline(input: {
    caseId: string;
    deadlineId: string;
    ruleId: string;
    ladderId: string;
    startInstant: string;
    halved?: boolean;
  }): Promise<TrackedDeadline>;
  applyDeadlineEvent(input: DeadlineEventInput): Promise<TrackedDeadline>;
  closeDeadline(input: { deadlineId: string; status: 'met' | 'expired' | 'cancelled' }): Promise<void>;
}
