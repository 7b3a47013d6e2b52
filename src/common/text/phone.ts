// One form for every phone number (`+` and digits, an international `00` dropped), so a chat
// and an important-customer rule written in different styles still match.
export function normalizePhone(phone: string | null | undefined): string | null {
  if (!phone) {
    return null;
  }
  let digits = phone.replace(/\D/g, '');
  if (!phone.trim().startsWith('+') && digits.startsWith('00')) {
    digits = digits.slice(2);
  }
  return digits.length > 0 ? `+${digits}` : null;
}
