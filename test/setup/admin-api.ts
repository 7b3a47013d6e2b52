// What the admin route suites share: the token the app is started with, the header that carries
// it, and the shape of an error answer.
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
export const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
// Migrating a fresh MySQL schema can take long on a busy machine.
export const BOOT_TIMEOUT_MS = 120_000;

export interface ErrorAnswer {
  statusCode: number;
  message: string;
  error?: string;
  fields?: { field: string; errors: string[] }[];
}

// The fields a 400 names, sorted.
export const fieldsOf = (body: ErrorAnswer): string[] =>
  (body.fields ?? []).map((field) => field.field).sort();
