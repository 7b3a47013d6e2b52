import { setTimeout as sleep } from 'node:timers/promises';
import { buildWhatsappPayload, newWamid } from 'test/factories/whatsapp-payload.factory';
import { waitFor } from 'test/setup/wait-for';

const DELIVERY_TIMEOUT_MS = 15_000;
const CONCURRENT_SENDS = 50;
const RESEND_ROUNDS = 20;

export interface Delivery {
  wamid: string;
  text: string;
  body: string;
}

export interface Send {
  delivery: Delivery;
  url: string;
}

// Distinct wamids spread over `conversations` senders (one conversation each); distinct texts
// too, so the model stand-in can tell which message it was asked about.
export function buildBurst(size: number, conversations: number): Delivery[] {
  return Array.from({ length: size }, (_, index) => {
    const wamid = newWamid();
    const text = `Order ${index}: where is my bicycle?`;
    const from = `90555${String(index % conversations).padStart(7, '0')}`;
    const payload = buildWhatsappPayload([{ from, id: wamid, body: text }]);
    return { wamid, text, body: JSON.stringify(payload) };
  });
}

// A 2xx means the gateway stored it; anything else (a 503, a refused or reset connection) is
// what a platform sends again.
async function deliver({ delivery, url }: Send): Promise<boolean> {
  try {
    const response = await fetch(`${url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: delivery.body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

// At most `CONCURRENT_SENDS` at a time, as a platform's senders do; answers the sends that were
// not acknowledged.
async function sendAll(sends: Send[], progress = { acknowledged: 0 }): Promise<Send[]> {
  const unacknowledged: Send[] = [];
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < sends.length) {
      const send = sends[next++];
      if (await deliver(send)) {
        progress.acknowledged += 1;
      } else {
        unacknowledged.push(send);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_SENDS }, sender));
  return unacknowledged;
}

/**
 * Starts sending the whole burst to one gateway and waits until a third of it is acknowledged:
 * the moment to break something mid-burst. Answers the sending, which ends with the sends that
 * were not acknowledged.
 */
export async function sendBurstUntilAThird(
  deliveries: Delivery[],
  url: string,
): Promise<{ sending: Promise<Send[]> }> {
  const progress = { acknowledged: 0 };
  const sending = sendAll(
    deliveries.map((delivery) => ({ delivery, url })),
    progress,
  );
  await waitFor(
    () => Promise.resolve(progress.acknowledged),
    (acknowledged) => acknowledged >= deliveries.length / 3,
    'a third of the burst acknowledged',
    DELIVERY_TIMEOUT_MS,
  );
  return { sending };
}

export async function sendUntilAcknowledged(sends: Send[]): Promise<void> {
  let left = sends;
  for (let round = 0; left.length > 0; round++) {
    if (round === RESEND_ROUNDS) {
      throw new Error(`${left.length} deliveries never acknowledged`);
    }
    left = await sendAll(left);
    if (left.length > 0) {
      await sleep(200);
    }
  }
}
