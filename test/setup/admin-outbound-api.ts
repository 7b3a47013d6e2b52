import type { OutboundRow, WhatsappHarness } from 'test/factories/whatsapp-harness';
import { ADMIN } from 'test/setup/admin-api';

export interface OutboundListAnswer {
  outbound: { id: number; status: string; platform: string }[];
  next_before_id: number | null;
}

/** The outbound admin routes and the rows behind them, as the dead-letter suites use them. */
export function adminOutboundApi(h: WhatsappHarness) {
  const rowOf = async (id: number): Promise<OutboundRow> => {
    const row = (await h.outboundRows()).find((candidate) => candidate.id === id);
    if (!row) {
      throw new Error(`no outbound row ${id}`);
    }
    return row;
  };
  return {
    rowOf,
    // Waits (failing on timeout) until the row has `status`.
    rowEnds: async (id: number, status: string): Promise<OutboundRow> => {
      await h.waitForOutbound(
        (rows) => rows.some((row) => row.id === id && row.status === status),
        `outbound ${id} to be ${status}`,
      );
      return rowOf(id);
    },
    // `GET /admin/outbound{query}`, asserted to answer 200.
    list: async (query: string): Promise<OutboundListAnswer> => {
      const response = await h.sut.get(`/admin/outbound${query}`, ADMIN);
      expect(response.status).toBe(200);
      return (await response.json()) as OutboundListAnswer;
    },
    idsOf: (answer: OutboundListAnswer): number[] => answer.outbound.map((row) => row.id),
    retry: (id: number | string, headers: Record<string, string> = ADMIN): Promise<Response> =>
      h.sut.post(`/admin/outbound/${id}/retry`, {}, headers),
  };
}
