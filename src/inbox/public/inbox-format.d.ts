// Types of inbox-format.js for its spec; the page itself loads the script as it is.
export interface Sender {
  id: string;
  name: string | null;
  phone: string | null;
}

export interface InboxFilters {
  state?: string;
  priority?: string;
  category?: string;
  platform?: string;
  range?: string;
  from?: string;
  to?: string;
  q?: string;
}

export interface Agreement {
  corrections: number;
  agreed: number;
}

export const STATES: string[];
export function maskPhoneNumbers(text: string): string;
export function senderLabel(sender: Sender): { primary: string; secondary: string | null };
export function isCustomerLine(line: { sender: string }, sender: Sender): boolean;
export function platformLabel(platform: string): string;
export function listQuery(filters: InboxFilters, now: Date): URLSearchParams;
export function agreementOf(evaluation: { category: Agreement; urgency: Agreement }): {
  percent: number | null;
  corrections: number;
};
export function shortTime(iso: string, now: Date): string;
export function longTime(iso: string): string;
