import { PriorityLevel } from 'src/core/message-analysis';
import {
  ACCOUNT_TAKEOVER_PHRASES,
  BLOCKED_NOW_PHRASES,
  DANGER_NOW_PHRASES,
  DANGER_UNLESS_HYPOTHETICAL_PHRASES,
  HYPOTHETICAL_OR_COMMERCIAL,
  MONEY_TAKEN_TWICE_PHRASES,
  NEGATED_URGENCY_PHRASES,
  UNRECOGNISED_PAYMENT_PHRASES,
  URGENCY_WORD_NEGATED,
  URGENCY_WORD_PHRASES,
} from 'src/analysis/safety-floor-phrases';
import { tokensOf } from 'src/analysis/triage-features';

// The urgent reasons of TRIAGE.md that must never be missed, as a few high-precision phrases per
// language (the tables are in safety-floor-phrases.ts). They can only raise a result (the
// classifier's or OpenAI's), never lower it. Patterns read the folded message (lower case, no
// diacritics, digits as 0, words joined by one space), so "yangın" and "yangin", "Überhitzt" and
// "ueberhitzt" read alike.
export enum FloorReason {
  Danger = 'danger',
  AccountTakeover = 'account_takeover',
  UnrecognisedPayment = 'unrecognised_payment',
  MoneyTakenTwice = 'money_taken_twice',
  BlockedNow = 'blocked_now',
  UrgencyWord = 'urgency_word',
}

export interface FloorRule {
  reason: FloorReason;
  priority: PriorityLevel.Critical | PriorityLevel.High;
  pattern: RegExp;
  // The same words in a question about cover, a purchase or a hypothetical do not count.
  unless?: RegExp;
}

export interface FloorResult {
  // The highest priority a rule calls for, or null when none applies.
  priority: PriorityLevel.Critical | PriorityLevel.High | null;
  reasons: FloorReason[];
  // The urgency is explicitly negated ("not urgent", "acil değil", "nicht dringend", "ikke haster").
  isUrgencyNegated: boolean;
}

const rule = (
  reason: FloorReason,
  priority: FloorRule['priority'],
  alternatives: readonly string[],
  unless?: RegExp,
): FloorRule => ({
  reason,
  priority,
  pattern: new RegExp(`\\b(?:${alternatives.join('|')})`),
  unless,
});

export const FLOOR_RULES: readonly FloorRule[] = [
  rule(FloorReason.Danger, PriorityLevel.Critical, DANGER_NOW_PHRASES),
  rule(
    FloorReason.Danger,
    PriorityLevel.Critical,
    DANGER_UNLESS_HYPOTHETICAL_PHRASES,
    HYPOTHETICAL_OR_COMMERCIAL,
  ),
  rule(FloorReason.AccountTakeover, PriorityLevel.Critical, ACCOUNT_TAKEOVER_PHRASES),
  rule(FloorReason.UnrecognisedPayment, PriorityLevel.High, UNRECOGNISED_PAYMENT_PHRASES),
  rule(FloorReason.MoneyTakenTwice, PriorityLevel.High, MONEY_TAKEN_TWICE_PHRASES),
  rule(FloorReason.BlockedNow, PriorityLevel.High, BLOCKED_NOW_PHRASES),
  rule(FloorReason.UrgencyWord, PriorityLevel.High, URGENCY_WORD_PHRASES),
];

// The customer says it can wait. It lowers only what the rules above did not raise.
const NEGATED_URGENCY = new RegExp(`\\b(?:${NEGATED_URGENCY_PHRASES.join('|')})`);

export function applyFloorRules(
  text: string,
  tokens: readonly string[] = tokensOf(text),
): FloorResult {
  const folded = ` ${tokens.join(' ')} `;
  const isUrgencyNegated = NEGATED_URGENCY.test(folded);
  const reasons: FloorReason[] = [];
  let priority: FloorResult['priority'] = null;
  for (const candidate of FLOOR_RULES) {
    if (!candidate.pattern.test(folded) || candidate.unless?.test(folded)) {
      continue;
    }
    // "not urgent" carries the urgency word itself; negation wins over it (TRIAGE.md 2).
    if (
      candidate.reason === FloorReason.UrgencyWord &&
      (isUrgencyNegated || negatesWord(folded, candidate.pattern))
    ) {
      continue;
    }
    if (!reasons.includes(candidate.reason)) {
      reasons.push(candidate.reason);
    }
    if (priority !== PriorityLevel.Critical) {
      priority = candidate.priority;
    }
  }
  return { priority, reasons, isUrgencyNegated };
}

// The word right before the urgency word negates it ("kein Notfall", "not an emergency").
function negatesWord(folded: string, pattern: RegExp): boolean {
  const match = pattern.exec(folded);
  if (!match) {
    return false;
  }
  const before = folded.slice(Math.max(0, match.index - 12), match.index);
  return URGENCY_WORD_NEGATED.test(before);
}
