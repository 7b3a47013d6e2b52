import { Category, PriorityLevel, type MessageAnalysis } from 'src/core/message-analysis';
import { analyzeOffline } from 'src/analysis/offline-analyzer';
import { TriageModel } from 'src/analysis/triage-model';
import type { TriageRepository } from 'src/analysis/triage.repository';
import { trainTriageModel, type LabelledMessage } from 'src/analysis/triage-training';

type Row = [text: string, lang: string, category: Category | null, priority: PriorityLevel];

// A handful of messages per label, so unit tests get a small model whose answers on these very
// texts are known; the shipped model is judged by `npm run triage:eval`, not by unit tests.
const ROWS: Row[] = [
  ['How much is the trekking bike in size L?', 'en', Category.Sales, PriorityLevel.Normal],
  [
    'Do you have the city bike in stock, what does it cost?',
    'en',
    Category.Sales,
    PriorityLevel.Normal,
  ],
  ['Bu scooterın fiyatı ne kadar?', 'tr', Category.Sales, PriorityLevel.Normal],
  ['Was kostet das E-Bike?', 'de', Category.Sales, PriorityLevel.Normal],
  ['Hva koster sykkelen?', 'no', Category.Sales, PriorityLevel.Normal],
  [
    'How do I change the delivery address of my order?',
    'en',
    Category.Support,
    PriorityLevel.Normal,
  ],
  [
    'When will my bike arrive? I ordered it on Monday.',
    'en',
    Category.Support,
    PriorityLevel.Normal,
  ],
  ['Merhaba, bisikletim ne zaman gelir?', 'tr', Category.Support, PriorityLevel.Normal],
  ['Siparişimin adresini nasıl değiştirebilirim?', 'tr', Category.Support, PriorityLevel.Normal],
  ['Wie stelle ich den Sattel höher?', 'de', Category.Support, PriorityLevel.Normal],
  ['Hvordan bytter jeg leveringsadresse?', 'no', Category.Support, PriorityLevel.Normal],
  [
    'Terrible service, the parcel is two weeks late, I want my money back',
    'en',
    Category.Complaint,
    PriorityLevel.Normal,
  ],
  [
    'You charged me twice for the same order, refund it now!',
    'en',
    Category.Complaint,
    PriorityLevel.High,
  ],
  [
    'Rezalet, kargo hala gelmedi, paramı geri istiyorum',
    'tr',
    Category.Complaint,
    PriorityLevel.Normal,
  ],
  [
    'Unverschämt, die Lieferung ist kaputt angekommen',
    'de',
    Category.Complaint,
    PriorityLevel.Normal,
  ],
  [
    'Elendig service, pakken er fortsatt ikke kommet',
    'no',
    Category.Complaint,
    PriorityLevel.Normal,
  ],
  ['The app crashes when I open my order history', 'en', Category.Technical, PriorityLevel.Normal],
  ['Checkout shows error 500, I cannot pay', 'en', Category.Technical, PriorityLevel.High],
  ['Uygulama açılmıyor, hata veriyor', 'tr', Category.Technical, PriorityLevel.Normal],
  ['Die App stürzt beim Login ab', 'de', Category.Technical, PriorityLevel.Normal],
  ['Appen krasjer når jeg logger inn', 'no', Category.Technical, PriorityLevel.Normal],
  ['Are you open on Sunday?', 'en', Category.Inquiry, PriorityLevel.Low],
  ['Where is your shop located?', 'en', Category.Inquiry, PriorityLevel.Low],
  ['Pazar günü açık mısınız?', 'tr', Category.Inquiry, PriorityLevel.Low],
  ['Habt ihr am Samstag geöffnet?', 'de', Category.Inquiry, PriorityLevel.Low],
  ['Har dere åpent på lørdag?', 'no', Category.Inquiry, PriorityLevel.Low],
  ['Thanks a lot, have a nice weekend!', 'en', Category.General, PriorityLevel.Low],
  ['hello', 'en', Category.General, PriorityLevel.Low],
  ['Teşekkürler, iyi günler', 'tr', Category.General, PriorityLevel.Low],
  ['Danke, schönes Wochenende', 'de', Category.General, PriorityLevel.Low],
  ['Tusen takk, god helg', 'no', Category.General, PriorityLevel.Low],
  ['Someone logged into my account from another country!', 'en', null, PriorityLevel.Critical],
  [
    'The battery is smoking and smells of burning',
    'en',
    Category.Complaint,
    PriorityLevel.Critical,
  ],
];

export const TINY_CORPUS: LabelledMessage[] = ROWS.map(([text, lang, category, priority]) => ({
  text,
  lang,
  domain: 'bike_shop',
  category,
  priority_level: priority,
  urgency:
    priority === PriorityLevel.Critical || priority === PriorityLevel.High ? 'urgent' : 'routine',
}));

let tiny: TriageModel | undefined;

export function tinyTriageModel(): TriageModel {
  tiny ??= trainTriageModel(TINY_CORPUS);
  return tiny;
}

// No corrections and no retrained models: what a fresh database holds.
export function emptyTriageRepository(): TriageRepository {
  return {
    findCorrectionsUpdatedSince: () => Promise.resolve([]),
    findNewestModel: () => Promise.resolve(null),
  } as unknown as TriageRepository;
}

// What the shipped model answers offline for a text: tests compare exact scores with it rather
// than with numbers that change whenever the model is retrained.
export function shippedTriageOf(text: string): MessageAnalysis {
  return analyzeOffline(text, TriageModel.shipped()).analysis;
}
