import { PriorityLevel } from 'src/analysis/message-analysis';
import { tokensOf } from 'src/analysis/triage-features';

// The urgent reasons of TRIAGE.md that must never be missed, as a few high-precision phrases per
// language. They can only raise a result (the classifier's or OpenAI's), never lower it. Patterns
// read the folded message (lower case, no diacritics, digits as 0, words joined by one space), so
// "yangın" and "yangin", "Überhitzt" and "ueberhitzt" read alike.
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

// Apostrophes are word breaks in the folded text: "didn't" reads "didn t".
const DID_NOT = '(?:didn ?t|did not|never|don ?t|do not)';
const CANNOT = '(?:can ?t|cannot|can not|unable to|couldn ?t|could not)';
const NOT_ME_EN = `(?:i|we) ${DID_NOT} (?:make|made|authori[sz]e|recogni[sz]e|withdraw)`;
const HYPOTHETICAL_OR_COMMERCIAL =
  /\b(?:if|in case|what if|would|cover(?:s|ed|age)?|insurance|insured|policy|sell|stock|buy|price|how much|cost|fiyat\w*|ne kadar|kosten|kostet|koster|eger|olursa|durumunda|sigorta\w*|teminat\w*|satiyor|falls|wenn|versicher\w*|deckt|hvis|dersom|forsikr\w*|dekker|selger)\b/;

export const FLOOR_RULES: readonly FloorRule[] = [
  // Happening now, in so many words: always counts.
  rule(FloorReason.Danger, PriorityLevel.Critical, [
    // en
    'on fire\\b',
    'caught fire',
    'catching fire',
    'in flames',
    'there s a fire',
    'there is a fire',
    '(?:is|are|was|started|keeps|it s|its) (?:smoking|sparking|on fire)',
    'smoke (?:is )?(?:coming|pouring|came)',
    'smells? (?:of|like) (?:burning|smoke|gas)',
    'burning smell',
    'smell of gas',
    'gas leak',
    '(?:is|are|was|got|getting|keeps|it s|its) (?:over ?heating|burning hot|melting|melted)',
    '(?:battery|charger|motor|cable|plug|socket) (?:is |was )?(?:swelling|swollen|hissing|exploded|melted|smoking)',
    'i (?:crashed|fell)',
    'had an accident',
    'was in an accident',
    '(?:was|got) hit by',
    '(?:am|is|was|got|are|been) (?:badly |seriously )?(?:injured|hurt|bleeding)',
    'broke my (?:arm|leg|wrist|collarbone|hand)',
    'in (?:the )?hospital',
    'ambulance',
    'emergency room',
    // tr
    'alev (?:ald|cik)',
    'yaniyor',
    'duman (?:cik|geliyor|var)',
    'dumanlar',
    'tutustu',
    'yanik (?:koku|kokusu)',
    'gaz kokusu',
    'gaz kacag',
    'asiri (?:isin|sicak)',
    'isiniyor',
    'patladi',
    'kivilcim',
    'elektrik carpti',
    'kaza (?:yapt|gecir)',
    'yaralandi',
    'kaniyor',
    'kan (?:geliyor|akiyor)',
    'hastanedey',
    'hastaneye kaldir',
    'ambulans',
    // de
    'brennt',
    'in flammen',
    'raucht',
    'qualmt',
    'verbrannt riecht',
    'brandgeruch',
    'gasgeruch',
    'riecht (?:nach )?(?:verbrannt|gas)',
    '(?:u|ue)berhitzt',
    'explodiert',
    'stromschlag (?:bekommen|gekriegt)',
    'unfall (?:gehabt|gebaut)',
    'bin gest(?:u|ue)rzt',
    'verletzt',
    'blutet',
    'im krankenhaus',
    'notaufnahme',
    'notarzt',
    'krankenwagen',
    // no
    'brenner',
    'i brann',
    'tok fyr',
    'flammer',
    '(?:royk|roeyk) (?:fra|kommer|ut)',
    'ryker',
    'brent lukt',
    'lukter (?:brent|svidd|gass)',
    'gasslekk',
    'overopphet',
    'eksploderte',
    'gnistrer',
    'fikk (?:stot|stromstot)',
    'krasjet',
    'falt av',
    'skadet meg',
    'er skadet',
    'blor',
    'bloder',
    'pa sykehus',
    'legevakt',
    'ambulanse',
  ]),
  // Danger words that a question about cover, a purchase or a hypothetical uses too.
  rule(
    FloorReason.Danger,
    PriorityLevel.Critical,
    [
      'fire\\b',
      'smoke\\b',
      'smoking',
      'overheat',
      'too hot to touch',
      'exploded',
      'electric shock',
      'sparks',
      'accident',
      'injur',
      'food poisoning',
      'allergic reaction',
      'anaphylactic',
      'yangin',
      'duman',
      'asiri (?:isin|sicak)',
      'cok isin',
      'kivilcim',
      'kaza',
      'yaralan',
      'hastane',
      'acil servis',
      'zehirlen',
      'alerji',
      'feuer\\b',
      'brand\\b',
      'rauch\\b',
      '(?:u|ue)berhitz',
      'sehr hei(?:ss|ß)',
      'funken',
      'stromschlag',
      'unfall',
      'gest(?:u|ue)rzt',
      'krankenhaus',
      'lebensmittelvergiftung',
      'allergische reaktion',
      'brann\\b',
      '(?:royk|roeyk)\\b',
      'veldig varm',
      'eksploder',
      'gnister',
      'stromstot',
      'ulykke',
      'sykehus',
      'matforgiftning',
      'allergisk reaksjon',
    ],
    HYPOTHETICAL_OR_COMMERCIAL,
  ),
  rule(FloorReason.AccountTakeover, PriorityLevel.Critical, [
    // en
    'hacked',
    'someone (?:else )?(?:has |is |was )?(?:logged|logging|log) in',
    'someone (?:has |is |was )?(?:using|used|accessed|accessing|changed|got into|took over|is in)',
    'unknown (?:login|log in|device|sign in)',
    'login from (?:a )?(?:new|unknown|strange)',
    'not me who',
    'wasn t me',
    'was not me',
    'it s not me',
    'changed my (?:e ?mail|password|phone number)',
    'password (?:was|has been) changed',
    'phishing',
    'sim swap',
    'stolen (?:card|phone|account|wallet|identity)',
    '(?:card|phone|wallet|purse|account|identity) (?:was|has been|got|is|were) stolen',
    'stole my (?:card|phone|wallet|purse|identity)',
    'scammed',
    'fraud(?:ulent)? (?:payment|transaction|charge)s?',
    'compromised',
    // tr
    'hackl',
    'hesabima (?:biri|birisi|baskasi)',
    'benim disimda',
    'ben (?:yapmadim|girmedim|degilim)',
    'bilmedigim (?:bir )?(?:cihaz|giris)',
    'tanimadigim (?:bir )?(?:cihaz|giris|islem|harcama|odeme|cekim)',
    'sifrem degisti',
    'sifremi (?:biri|birisi|degistir)',
    'kartim calindi',
    'telefonum calindi',
    'cuzdanim calindi',
    'dolandir',
    'sahte (?:mesaj|link|sms|site)',
    'oltalama',
    // de
    'gehackt',
    'jemand (?:hat |ist )?(?:sich )?(?:in mein|eingeloggt|angemeldet|zugriff)',
    'fremde[rn]? (?:login|anmeldung|ger(?:a|ae)t)',
    'unbekannte[rn]? (?:login|anmeldung|ger(?:a|ae)t)',
    'nicht ich',
    'war ich nicht',
    'passwort (?:wurde )?ge(?:a|ae)ndert',
    'phishing',
    'betrugsversuch',
    'betr(?:u|ue)ger',
    '(?:karte|kreditkarte|handy|telefon|geldbeutel|portemonnaie|brieftasche) (?:wurde |ist )?(?:mir )?(?:gestohlen|geklaut)',
    // no
    'hacket',
    'noen (?:har )?(?:logget|logga|brukt|bruker|endret|tatt over)',
    'ukjent (?:innlogging|enhet)',
    'ikke meg',
    'var ikke meg',
    'passordet (?:mitt )?(?:er|ble) endret',
    'svindel',
    'svindlet',
    'phishing',
    '(?:kortet|bankkortet|telefonen|mobilen|lommeboka|lommeboken)(?: mitt| min)? (?:er|ble) (?:stjalet|stjaalet)',
  ]),
  rule(FloorReason.UnrecognisedPayment, PriorityLevel.High, [
    // en
    NOT_ME_EN,
    `(?:don ?t|do not|${CANNOT}) recogni[sz]e`,
    'unrecogni[sz]ed',
    'unknown (?:payment|transaction|charge|debit|withdrawal|direct debit)',
    'never (?:made|authori[sz]ed)',
    'not authori[sz]ed',
    'unauthori[sz]ed',
    // tr
    'yapmadigim (?:bir )?(?:islem|odeme|harcama|cekim|alisveris|giris)',
    'onaylamadigim',
    'bilgim (?:disinda|olmadan)',
    'haberim olmadan',
    'tanimadigim',
    // de
    'nicht (?:von mir )?(?:get(?:a|ae)tigt|autorisiert|veranlasst|bestellt)',
    'habe ich nicht (?:get(?:a|ae)tigt|gemacht|bestellt|autorisiert)',
    'unbekannte (?:abbuchung|zahlung|transaktion|lastschrift|buchung)',
    '(?:abbuchung|zahlung|buchung|lastschrift|betrag) kenne ich nicht',
    // no
    'har ikke (?:gjort|godkjent|bestilt|kjopt)',
    'ukjent (?:trekk|betaling|transaksjon|belastning)',
    'kjenner ikke igjen',
  ]),
  rule(FloorReason.MoneyTakenTwice, PriorityLevel.High, [
    // en
    '(?:charged|debited|billed|taken|deducted|paid|withdrawn) (?:me )?(?:twice|two times|double|2x|0x)',
    'double (?:charge|charged|payment|debit|billing)',
    'duplicate (?:charge|payment|transaction|debit)',
    'two (?:identical )?(?:charges|payments|debits)',
    'charged me for (?:two|both)',
    'refund (?:was|has been|got) (?:taken back|reversed|cancelled)',
    // tr
    'iki (?:kez|kere|defa) (?:cek|odeme|ucret|tahsil|kesil|para)',
    '(?:cekildi|alindi|kesildi|tahsil edildi) iki (?:kez|kere|defa)',
    'cift (?:cekim|odeme|tahsilat)',
    '0 kez cekil',
    // de
    '(?:doppelt|zweimal|0 ?mal) (?:abgebucht|belastet|berechnet|bezahlt|abgezogen|kassiert)',
    'doppelte (?:abbuchung|zahlung|belastung)',
    // no
    '(?:trukket|belastet|betalt) (?:meg |oss )?(?:to ganger|dobbelt|0 ganger)',
    'dobbelt (?:trekk|betaling|belastning|trukket)',
    'to (?:like )?trekk',
  ]),
  rule(FloorReason.BlockedNow, PriorityLevel.High, [
    // en
    `${CANNOT} (?:log ?in|login|sign in|get into my account|access my account|pay|check ?out|complete (?:my |the )?(?:order|payment|purchase))`,
    'locked out',
    'account (?:is |has been |got )?(?:locked|blocked|frozen|suspended)',
    'card (?:is |was |has been |got )?(?:blocked|frozen)',
    '(?:ate|swallowed|kept|took|retained) my card',
    'stuck (?:at|in|on) (?:the )?(?:roadside|road|middle|airport|station)',
    'stranded',
    '(?:site|website|app|service|system|platform|server|network|internet) (?:is |went )?(?:down|offline)',
    'no (?:internet|signal|power|electricity|water|heating) (?:at all|since)',
    'payment (?:keeps )?(?:failing|fails|declined) (?:at|in|and i)',
    // tr
    'giris yapamiyorum',
    'giremiyorum',
    'odeme yapamiyorum',
    'odeyemiyorum',
    'alisverisi tamamlayamiyorum',
    'hesabim (?:kilit|bloke|donduruldu|askiya)',
    'kartim (?:bloke|kilit)',
    'kartimi (?:yuttu|aldi|vermedi)',
    'kart (?:yuttu|icerde kaldi)',
    'yolda kaldim',
    'mahsur kaldim',
    '(?:site|uygulama|sistem|servis) (?:coktu|calismiyor)',
    'elektrik(?:ler)? yok',
    'internet(?:im)? yok',
    'hic (?:internet|elektrik|su)',
    // de
    'kann mich nicht (?:einloggen|anmelden)',
    'komme nicht (?:in mein|rein|ins)',
    'kann nicht (?:bezahlen|zahlen|einloggen)',
    'konto (?:ist )?(?:gesperrt|blockiert)',
    'karte (?:ist )?(?:gesperrt|blockiert|eingezogen)',
    'karte (?:wurde )?eingezogen',
    'hat meine karte (?:eingezogen|behalten|geschluckt)',
    'gestrandet',
    'sitze fest',
    '(?:seite|website|app|dienst|system|server) (?:ist )?(?:down|offline|ausgefallen)',
    'kein (?:strom|internet|netz|wasser)',
    // no
    'kommer ikke inn',
    'far ikke logget inn',
    'kan ikke logge inn',
    'kan ikke betale',
    'far ikke betalt',
    'kontoen (?:min )?er (?:sperret|last|blokkert)',
    'kortet (?:mitt )?er (?:sperret|blokkert)',
    'tok kortet',
    'slukte kortet',
    'sitter fast',
    'strandet',
    '(?:siden|appen|tjenesten|systemet|nettsiden) er nede',
    'ikke (?:strom|nett|internett|vann)',
  ]),
  rule(FloorReason.UrgencyWord, PriorityLevel.High, [
    'urgent',
    'urgently',
    'asap',
    'a s a p',
    'immediately',
    'emergency',
    'right now',
    'right away',
    'acil',
    'acilen',
    'hemen',
    'derhal',
    'ivedi',
    'dringend',
    'sofort',
    'notfall',
    'umgehend',
    'schnellstens',
    'haster',
    'hastesak',
    'snarest',
    'straks',
    'oyeblikkelig',
    'med en gang',
    'nodsituasjon',
  ]),
];

// "not urgent", "no rush", "acil değil", "nicht dringend", "ikke haster": the customer says it
// can wait. It lowers only what the rules above did not raise.
const NEGATED_URGENCY = new RegExp(
  '\\b(?:' +
    [
      'not (?:urgent|an emergency|in a hurry|a priority)',
      'no emergency',
      'no (?:rush|hurry|urgency|stress|pressure)',
      'nothing urgent',
      'non urgent',
      'whenever (?:you|it s)',
      'when ?ever you (?:can|get)',
      'in your own time',
      'not time sensitive',
      'can wait',
      'acil degil',
      'acil (?:bir )?durum degil',
      'acele(?:si)? yok',
      'acelem yok',
      'acele etmeyin',
      'musait oldugunuz(?:da)?',
      'vaktiniz oldugunda',
      'zamaniniz oldugunda',
      'nicht (?:dringend|eilig)',
      'kein notfall',
      'keine eile',
      'kein stress',
      'eilt nicht',
      'ohne eile',
      'hat zeit',
      'wenn (?:sie|du|ihr) zeit',
      'ikke (?:noe )?(?:hast|haster|kritisk|krise)',
      'ingen nodsituasjon',
      'haster ikke',
      'ingen hast',
      'ingen stress',
      'ingen krise',
      'nar dere (?:har|far) tid',
    ].join('|') +
    ')',
);

const URGENCY_WORD_NEGATED = /\b(?:not|no|non|isn t|is not|degil|nicht|kein|ikke)\b/;

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
