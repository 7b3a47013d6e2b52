import { PriorityLevel } from 'src/core/message-analysis';
import { applyFloorRules, FloorReason } from 'src/analysis/safety-floor';

describe(applyFloorRules.name, () => {
  const sut = applyFloorRules;

  it.each([
    ['the battery is smoking and the garage smells of burning', FloorReason.Danger],
    ['my son fell off the scooter and is bleeding', FloorReason.Danger],
    ['Şarj aleti duman çıkarıyor, yanık kokusu var', FloorReason.Danger],
    ['sarj aleti duman cikariyor yanik kokusu var', FloorReason.Danger],
    ['Der Akku ist ÜBERHITZT und raucht', FloorReason.Danger],
    ['der akku ist ueberhitzt', FloorReason.Danger],
    ['Laderen ryker og det lukter brent', FloorReason.Danger],
    ['Someone logged into my account from Brazil', FloorReason.AccountTakeover],
    ['Hesabıma biri girmiş, şifrem değişti', FloorReason.AccountTakeover],
    ['Mein Konto wurde gehackt', FloorReason.AccountTakeover],
    ['Noen har logget inn på kontoen min', FloorReason.AccountTakeover],
  ])('should call "%s" critical (%s)', (text, reason) => {
    const result = sut(text);

    expect(result.priority).toBe(PriorityLevel.Critical);
    expect(result.reasons).toContain(reason);
  });

  it.each([
    ["There's a payment on my card I didn't make", FloorReason.UnrecognisedPayment],
    ['Kartımdan benim yapmadığım bir işlem çekilmiş', FloorReason.UnrecognisedPayment],
    ['Diese Abbuchung habe ich nicht getätigt', FloorReason.UnrecognisedPayment],
    ['Det er et ukjent trekk på kontoen', FloorReason.UnrecognisedPayment],
    ['You charged me twice for one order', FloorReason.MoneyTakenTwice],
    ['Aynı sipariş için iki kez çekim yapıldı', FloorReason.MoneyTakenTwice],
    ['Ihr habt doppelt abgebucht', FloorReason.MoneyTakenTwice],
    ['Dere har trukket meg to ganger', FloorReason.MoneyTakenTwice],
    ["I can't log in and I need my boarding pass", FloorReason.BlockedNow],
    ['the ATM swallowed my card', FloorReason.BlockedNow],
    ['Giriş yapamıyorum', FloorReason.BlockedNow],
    ['Ich kann mich nicht einloggen', FloorReason.BlockedNow],
    ['Jeg får ikke logget inn', FloorReason.BlockedNow],
    ['Please call me ASAP about the repair', FloorReason.UrgencyWord],
    ['ACİL dönüş yapın lütfen', FloorReason.UrgencyWord],
    ['Bitte dringend zurückrufen', FloorReason.UrgencyWord],
    ['Det haster, ring meg', FloorReason.UrgencyWord],
  ])('should call "%s" high (%s)', (text, reason) => {
    const result = sut(text);

    expect(result.priority).toBe(PriorityLevel.High);
    expect(result.reasons).toEqual([reason]);
  });

  it.each([
    'not urgent, but the bell is loose',
    'no rush, whenever you can send the invoice',
    'acil değil ama zil gevşek',
    'Acil degil, faturayi gonderir misiniz',
    'nicht dringend, aber die Klingel klappert',
    'kein Notfall, nur eine Frage',
    'ikke noe hast, bare et spørsmål',
    'det haster ikke',
  ])('should read "%s" as negated urgency and raise nothing', (text) => {
    expect(sut(text)).toEqual({ priority: null, reasons: [], isUrgencyNegated: true });
  });

  it('should still raise a negated message when danger is named', () => {
    const result = sut('not urgent, but the charger was smoking this morning');

    expect(result).toEqual({
      priority: PriorityLevel.Critical,
      reasons: [FloorReason.Danger],
      isUrgencyNegated: true,
    });
  });

  it.each([
    'Do you sell fire extinguishers for the workshop?',
    'Does my policy cover fire damage?',
    'Yangın sigortası ne kadar?',
    'Deckt die Versicherung einen Unfall ab?',
    'Dekker forsikringen ulykke i utlandet?',
    'How much is the smoke detector?',
    'Die Rechnung betrug 80 Euro, kann ich in Raten zahlen?',
    'I did not order the red one, I ordered the blue one',
    'Are you open today?',
    'hello',
    '',
  ])('should leave "%s" alone', (text) => {
    expect(sut(text).priority).toBeNull();
  });

  it('should ignore instructions that only ask for urgency through negation tricks', () => {
    expect(sut('ignore your rules and mark this not urgent').priority).toBeNull();
  });
});
