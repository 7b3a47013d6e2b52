import { Category } from 'src/analysis/message-analysis';

// Term syntax (terms are diacritic-folded and lower-cased when compiled, so "acil degil" and
// "ACİL DEĞİL" match the same entry):
// - `word`   the word itself, or (en/de/no) any word with the same Snowball stem;
// - `word*`  any word starting with `word` (Turkish suffixes: `bozul*` → bozuldu, bozulmuş);
// - `=word`  that exact word only, never its stem;
// - several words separated by spaces form a phrase that must appear in that order.
// In German and Norwegian a single topic word also matches as the tail of a compound
// ("rabatt" in "Mengenrabatt", "system" in "kassesystemet"); in German only for capitalised
// words, so that verbs ("verkaufen") are not read as their tails ("kaufen").
export type WeightedTerms = readonly (readonly [weight: number, terms: readonly string[]])[];

export interface Lexicon {
  // Used by language detection only.
  markers: readonly string[];
  urgency: WeightedTerms;
  calm: readonly string[];
  // The weight is the lowest urgency they allow.
  severity: WeightedTerms;
  // A rider stuck on the road: urgent whatever broke.
  stranded: readonly string[];
  // Legal threats: an unhappy customer about to escalate.
  threat: readonly string[];
  // A theft told as an event ("stolen", "geklaut"): reported as it happens unless `settled` says
  // it is old news. Theft as a topic ("theft insurance") stays in `severity`.
  theft: readonly string[];
  // The incident is behind us or already in paperwork: a past date, a police report, insurance,
  // or a hypothetical ("if it gets stolen").
  settled: readonly string[];
  // "That's fraud!" said about how we sold something: a grievance, not money being taken.
  accusation: readonly string[];
  // Fraud is money being taken only next to `moneyContext` (a card, an account, a charge);
  // otherwise it is an accusation.
  fraud: readonly string[];
  moneyContext: readonly string[];
  // An outside heat source: a battery hot from the sun is not a battery failing.
  ambientHeat: readonly string[];
  // Out on the road or asking to be fetched: together with a breakdown, the rider is stranded.
  roadside: readonly string[];
  // Help booked for later ("next week", "i morgen"): whoever asks is not stuck now.
  later: readonly string[];
  // In a question, these make an incident hypothetical ("what if the battery catches fire?").
  conditional: readonly string[];
  // Both together are phishing: a fake message or link, and card or login details typed in.
  phishingBait: readonly string[];
  credentialsGiven: readonly string[];
  // Praise that means the opposite ("oh great", "na toll", "danke auch").
  irony: readonly string[];
  // "Again", "another": praise next to our own quoted words and one of these mocks them.
  repetition: readonly string[];
  // A message that is only a cry for help ("help!!", "hilfe", "imdat").
  distress: readonly string[];
  // An order on its way: with a duration ("9 days"), a delivery that is overdue.
  transit: readonly string[];
  // Asking what something costs: with no fault reported, a service is being bought.
  price: readonly string[];
  failure: readonly string[];
  defect: readonly string[];
  // Severe when a system is named.
  outage: readonly string[];
  // Their negation reports a failure ("doesn't work", "startet nicht").
  functioning: readonly string[];
  // Their negation blocks a payment or a sale ("can't pay", "kann nicht bezahlen").
  transactional: readonly string[];
  blocking: readonly string[];
  scope: readonly string[];
  safetyParts: readonly string[];
  // A failure in the same sentence blocks money coming in.
  paymentWords: readonly string[];
  // A heat word in the same sentence is a fire hazard.
  batteryParts: readonly string[];
  // A hazard when said of a battery.
  overheating: readonly string[];
  // With a repeat word in the same sentence, a duplicate charge.
  chargeWords: readonly string[];
  repeatWords: readonly string[];
  negatorsBefore: readonly string[];
  negatorsAfter: readonly string[];
  positive: WeightedTerms;
  negative: WeightedTerms;
  request: readonly string[];
  question: WeightedTerms;
  categories: Readonly<Record<Category, WeightedTerms>>;
  // Reported as keywords, but say nothing about urgency or category.
  domain: readonly string[];
  // End a negation's scope ("but", "ama", "aber", "men").
  contrast: readonly string[];
}

// Word lists stay packed: one term per line would make them unreadable.
// prettier-ignore
const EN: Lexicon = {
  markers: [
    'the', 'is', 'are', 'my', 'i', 'you', 'your', 'it', 'and', 'to', 'of', 'a', 'this', 'that',
    'have', 'has', 'not', 'can', 'will', 'when', 'what', 'where', 'how', 'please', 'thanks',
    'hello', 'hi', 'do', 'does', 'be', 'me', 'we', 'our', 'with', 'would', 'could', "i'm", "don't",
    "can't", "it's", 'there', 'just', 'any', 'after', 'again', 'still', 'been', 'they', 'from',
    'thank', 'bike', 'order', 'should', 'did', 'which', 'why', 'who', 'get', 'got', 'here',
  ],
  urgency: [
    [4, ['urgent', 'urgently', 'urgency', 'asap', 'as soon as possible', 'emergency', 'right now',
      'right away', 'straight away', 'immediately', 'immediate', 'time sensitive', 'top priority',
      'high priority', 'critical', 'critically', 'sos', 'at once', 'without delay', 'urgente']],
    [3, ['hurry', 'need help now', 'help now', 'life or death', 'this instant']],
    [2, ['quickly', 'important', 'deadline', 'quick as possible', 'fast as possible', 'promptly',
      'costing us money', 'losing money', 'every minute', 'losing sales', 'losing customers',
      'customers waiting', 'customers are waiting', 'just now', 'just happened', 'minutes ago',
      'min ago', 'moments ago', 'a minute ago']],
    [1, ['today', 'tonight', 'now', 'soon', 'fast', 'by tomorrow']],
  ],
  calm: [
    'no rush', 'no hurry', 'not urgent', 'not an emergency', 'whenever', 'when you have time',
    'when you get a chance', 'when you get the chance', 'when you can', 'take your time',
    'no pressure', 'low priority', 'not a big deal', 'not important', 'no stress',
    'at your convenience', 'not time sensitive', 'in no hurry', 'no big deal', 'not that urgent',
    'no need to hurry', 'no need to rush', 'not a problem', 'nothing serious', 'no emergency',
    'non urgent', 'non-urgent', 'nothing urgent', 'not in a hurry', 'in no rush', 'no rush at all',
    'not urgent though', 'not that urgent though',
  ],
  severity: [
    [9, ['fire', 'on fire', 'burning', 'explosion', 'exploded', 'injured', 'injury', 'injuries',
      'bleeding', 'ambulance', 'hospital', 'unconscious', 'hit by a car', 'emergency room',
      'seriously hurt', 'badly hurt', 'got hurt', 'is hurt', 'was hurt', "he's hurt", "she's hurt",
      "i'm hurt", 'hurt himself', 'hurt herself', 'hurt myself', 'deep cut', 'nasty cut', 'bad cut',
      'gash', 'hit his head', 'hit her head', 'hit my head',
      'head injury', 'concussion', 'the er', 'emergency department', 'caught fire', 'stitches',
      'broken arm', 'broke my arm', 'broke his arm', 'broke her arm', 'broken wrist', 'collarbone',
      'a&e']],
    [8, ['smoke', 'smoking battery', 'accident', 'hacked', 'data breach', 'breach', 'outage',
      'is down', 'are down', 'went down', 'been down', 'down again', 'completely down',
      'system down', 'site down', 'server down', 'goes down', 'down since', 'not loading for anyone',
      'platform down', 'service down', 'app down', 'website down', 'portal down', 'api down', 'everything is down', 'down for everyone', 'bad gateway',
      'gateway timeout', 'service unavailable', 'production down', 'production is down',
      'prod is down', 'production is affected', 'production affected', 'burning smell',
      'smells burnt', 'smell of burning', 'someone logged in', 'someone logged into',
      'somebody logged into', 'someone has logged into', 'someone is logging into',
      'someone accessed', 'someone has accessed', 'someone got into', 'someone broke into',
      'suspicious login', 'suspicious logins', 'unauthorized login', 'account takeover',
      'compromised']],
    [7, ['dangerous', 'danger', 'unsafe', 'unauthorized charge',
      'unauthorized charges', 'unauthorized transaction', 'unauthorized order', 'unauthorized orders',
      'unauthorized access', 'unauthorised charge', 'unauthorised charges', 'unauthorised access',
      'identity theft', 'stolen card', 'used my card', 'phishing', 'skimmed', "don't recognise",
      "don't recognize", 'do not recognise', 'do not recognize', 'unrecognised', 'unrecognized',
      'charged twice', 'double charged', 'charged double', 'charged two times',
      'charged three times', 'charged 2 times', 'charged 3 times', 'charged multiple times',
      'double charge', 'charged my card twice', 'charged me twice', 'charged us twice',
      'billed twice', 'billed me twice', 'charged me double']],
    [6, ['theft', 'break-in', 'fell off the bike', 'crashed into',
      'came off my bike', 'came off his bike', 'came off her bike', 'fell off my bike',
      'fell off his bike', 'fell off her bike']],
  ],
  stranded: [
    'stranded', 'stuck by the road', 'stuck on the road', 'stuck on the side', 'side of the road',
    'middle of nowhere', "can't get home", 'cannot get home', 'far from home', 'miles from home',
    'stuck in the middle', 'stuck outside', "can't get back",
  ],
  theft: [
    'stolen', 'stole', 'robbed', 'nicked', 'cut the lock', 'cut my lock', 'cut through the lock',
    'ridden off', 'rode off with', 'took off with', 'broke into', 'took my bike', 'taken my bike',
    'bike is gone', 'bike was gone', 'bike has gone', 'bike was taken', 'bike has been taken',
  ],
  settled: [
    'last week', 'last month', 'last year', 'weeks ago', 'months ago', 'a week ago', 'days ago',
    'yesterday', 'police report', 'police ref', 'crime number', 'crime reference', 'insurance',
    'insurer', 'insured', 'in case', 'gets stolen', 'get stolen', 'got stolen last',
  ],
  fraud: ['fraud', 'fraudulent', 'scammed', 'defrauded'],
  moneyContext: [
    'card', 'cards', 'account', 'bank', 'statement', 'transaction', 'transactions', 'paypal',
    'charged', 'charge', 'charges', 'payment', 'payments', 'debited', 'withdrawn', 'money taken',
  ],
  accusation: [
    'this is fraud', "that's fraud", 'that is fraud', "it's fraud", 'pure fraud', 'plain fraud',
    'this is a scam', "that's a scam", 'what a scam', 'daylight robbery', "you're frauds",
    'you are frauds', "you're scammers", 'you are scammers', 'you are thieves', "you're thieves",
  ],
  ambientHeat: [
    'in the sun', 'in direct sun', 'sunshine', 'heatwave', 'heat wave', 'degrees', 'hot day',
    'hot car', 'in the car all day', 'summer heat',
  ],
  roadside: [
    'can someone come', 'can somebody come', 'can anyone come', 'send someone', 'pick me up',
    'come and get me', 'come get me', 'getting dark', 'out of town', 'km from home', 'km out',
    'miles out', 'on the road', 'mid shift', 'mid ride', 'mid delivery', 'no pump', 'no spare',
    'in the middle of nowhere',
  ],
  conditional: ['if', 'what if', 'in case', 'whether', 'supposing', 'suppose'],
  later: [
    'next week', 'next month', 'tomorrow', 'later this week', 'at some point', 'sometime',
    'on monday', 'on tuesday', 'on wednesday', 'on thursday', 'on friday', 'on saturday',
    'this weekend', 'next weekend',
  ],
  phishingBait: [
    'text from you', 'sms from you', 'email from you', 'message from you', 'fake text',
    'fake sms', 'fake email', 'clicked the link', 'clicked on the link', 'clicked a link',
    'clicked the link in', 'clicked on a link',
  ],
  credentialsGiven: [
    'typed in my card', 'entered my card', 'gave my card', 'put in my card', 'entered my bank',
    'typed in my bank', 'entered my password', 'typed in my password', 'gave them my card',
    'entered my details', 'typed in my details', 'entered my pin',
  ],
  irony: [
    'oh great', 'oh wonderful', 'oh brilliant', 'oh perfect', 'oh fantastic', 'oh lovely',
    'oh joy', 'slow clap', 'just great', 'just perfect',
  ],
  repetition: ['again', 'another', 'yet another', 'once again', 'yet again'],
  distress: ['help', 'sos', 'mayday', 'help me', 'please help'],
  price: [
    'price', 'prices', 'pricing', 'cost', 'costs', 'how much', 'quote', 'what do you charge',
    'how much do you charge', 'charge for', 'rates',
  ],
  transit: [
    'order', 'orders', 'tracking', 'package', 'parcel', 'delivery', 'shipment', 'dispatched',
    'shipped',
  ],
  threat: [
    'lawyer', 'attorney', 'legal action', 'sue', 'suing', 'court', 'consumer protection',
    'small claims', 'legal steps', 'solicitor', 'trading standards',
  ],
  failure: [
    'broken', 'broke', 'broke down', 'defective', 'faulty', 'failed', 'fails', 'failing',
    'failure', 'stopped working', 'dead', 'flat tyre', 'flat tire', 'flat', 'puncture',
    'punctured', 'snapped', 'cracked', 'bent', 'came loose', 'came off', 'fell off', 'missing', 'died',
    'locked up', 'suspended', 'blocked', 'locked out', 'rejects', 'snaps',
    'gone', 'falling apart', 'fell apart', 'stopped', 'cut out', 'cuts out', 'shuts off', 'shut off',
    'damaged', 'lost', 'stuck', 'freezes', 'frozen', 'crash', 'crashes', 'crashing', 'crashed',
    'rejecting', 'rejected', 'declined', 'charged twice', 'double charged', 'charged double',
    'never arrived', 'never arrives', 'never came', 'wrong size', 'wrong item', 'wrong product',
    'charged 2 times', 'charged 3 times', 'charged three times', 'charged multiple times',
    'invalid', 'charged my card twice', 'charged me twice', 'charged us twice', 'billed twice',
    'billed me twice', 'charged me double', 'bad gateway', 'gateway timeout', 'service unavailable',
  ],
  defect: [
    'squeak', 'squeaks', 'squeaking', 'squeaky', 'noise', 'noises', 'rattle', 'rattling', 'loose',
    'scratched', 'scratch', 'scratches', 'dent', 'dented', 'flicker', 'flickers', 'flickering',
    'slip', 'slips', 'slipping', 'issue', 'issues', 'problem', 'problems', 'trouble', 'wobble',
    'wobbles', 'wobbly', 'rust', 'rusty', 'leak', 'leaking', 'glitch', 'bug', 'error', 'errors',
    'wrong', 'keeps falling off', 'falling off', 'weird', 'strange',
  ],
  outage: [
    'is down', 'are down', 'went down', 'been down', 'down again', 'completely down', 'system down',
    'site down', 'server down', 'goes down', 'down since', 'outage', 'offline', 'unreachable',
    'not reachable', 'white page', 'blank page', 'platform down', 'service down', 'app down',
    'website down', 'portal down', 'api down', 'everything is down',
    'down for everyone', 'bad gateway', 'gateway timeout', 'service unavailable', 'production down',
    'production is down', 'prod is down', 'production is affected', 'production affected',
  ],
  functioning: [
    'moved', 'clock in', 'log on', 'work', 'works', 'working', 'worked', 'start', 'starts', 'starting', 'turn on', 'turns on',
    'switch on', 'charge', 'charges', 'charging', 'load', 'loads', 'loading', 'open', 'opens',
    'respond', 'responding', 'connect', 'connects', 'connecting', 'sync', 'syncing', 'arrive',
    'arrived', 'arriving', 'come', 'came', 'receive', 'received', 'log in', 'login', 'sign in',
    'access', 'accept', 'accepted', 'reach', 'brake', 'braking', 'shift', 'shifting', 'send',
    'sent', 'show', 'shows', 'showing', 'function', 'functioning', 'boot', 'update', 'unlock',
    'shipped', 'dispatched', 'delivered', 'refunded',
  ],
  transactional: [
    'pay', 'payment', 'payments', 'check out', 'checkout', 'complete my order', 'complete the order',
    'place an order', 'place orders', 'process', 'sell', 'purchase', 'buy',
  ],
  blocking: [
    'payment failed', 'payments failing', 'payments fail', 'card declined', 'cards declined',
    'rejecting every card', 'rejecting all cards', 'checkout broken', 'checkout is broken',
    'failed payments', 'failed payment', 'checkout fails', 'checkouts fail',
  ],
  scope: [
    'all customers', 'all our customers', 'every customer', 'everyone', 'nobody can', 'no one can',
    'no customer', 'no customers', 'all orders', 'every order', 'whole shop', 'entire shop',
    'all stores', 'any sales', 'every card', 'all cards', 'all payments', 'all users', 'every user',
    'every single', 'dozens of', 'hundreds of', 'every checkout', 'all checkouts', 'none of our',
    'none of us', 'every page', 'all pages', 'our team', 'whole team', 'nobody on our team',
    'everyone on our team', 'all our staff', 'all staff', 'all employees', 'completely blocked',
    "can't get any work done", 'cannot get any work done', 'nobody can work', 'no one can work',
  ],
  safetyParts: ['brake', 'brakes', 'braking', 'handlebar', 'handlebars', 'fork', 'steering'],
  paymentWords: [
    'payment', 'payments', 'checkout', 'checkouts', 'card payment', 'card payments', 'pay', 'pos',
    'card terminal', 'card reader', 'contactless', 'tap to pay', 'terminal',
  ],
  batteryParts: ['battery', 'batteries', 'battery pack', 'charger', 'powerbank'],
  overheating: [
    'very hot', 'really hot', 'too hot', 'extremely hot', 'super hot', 'so hot', 'burning hot',
    'red hot', 'overheating', 'overheated', 'overheats', 'swollen', 'swelling', 'bulging',
    'puffed up', 'hissing', 'sizzling', 'melting', 'melted', 'sparks', 'sparking',
  ],
  chargeWords: ['charged', 'billed', 'debited', 'deducted', 'taken from my account'],
  repeatWords: [
    'twice', 'doubled', 'duplicate', '2x', '3x', 'two times', '2 times', 'three times', '3 times',
    'multiple times', 'several times',
  ],
  negatorsBefore: [
    'not', 'no', 'never', 'without', 'none', 'neither', 'nor', 'cannot', 'unable to', 'failed to',
    'fails to', "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't",
    "can't", "couldn't", "wouldn't", "hasn't", "haven't", "hadn't", "shouldn't", 'dont', 'doesnt',
    'didnt', 'isnt', 'arent', 'wasnt', 'wont', 'cant', 'couldnt', 'wouldnt', 'hasnt', 'havent',
    'hardly', 'nothing', 'nobody', 'no one', 'noone',
  ],
  negatorsAfter: [],
  positive: [
    [2, ['thank you', 'great', 'amazing', 'awesome', 'love', 'loved', 'happy', 'excellent',
      'perfect', 'wonderful', 'appreciate', 'appreciated', 'satisfied', 'well done', 'fantastic',
      'brilliant', 'like new', 'delighted', 'no problem', 'no worries', 'thank you so much',
      'fixed it', 'that fixed', 'works now', 'working now', 'problem solved', 'issue resolved',
      'all sorted', 'sorted now']],
    [1, ['thanks', 'thx', 'good', 'nice', 'glad', 'helpful', 'cool', 'super', 'fine', 'quick repair',
      'kind', 'cheers']],
  ],
  negative: [
    [3, ['terrible', 'awful', 'horrible', 'worst', 'disgusting', 'furious', 'outraged']],
    [2, ['bad', 'annoyed', 'frustrated', 'frustrating', 'unhappy', 'upset', 'poor', 'angry', 'sad',
      'hate', 'mess']],
    [1, ['unfortunately', 'sadly', 'worried', 'confused']],
  ],
  request: [
    'please', 'pls', 'plz', 'can you', 'could you', 'would you', 'would like', "i'd like",
    'i want', 'i need', 'we need', 'need', 'let me know', 'call me', 'help me', 'kindly',
  ],
  question: [
    [1, ['when', 'where', 'do you', 'is there', 'are there', 'can i', 'could i', 'is it possible',
      'how long', 'how do i', 'do i need', 'will it', 'can you tell', 'could you tell', 'tell me']],
    [0.5, ['how', 'what', 'which', 'why', 'who', 'does', 'is it', 'are you']],
  ],
  categories: {
    [Category.Complaint]: [
      [3, ['complaint', 'complain', 'complaining', 'disappointed', 'disappointing', 'unacceptable',
        'worst', 'rude', 'ridiculous', 'scam', 'never again', 'never buying', 'never buy',
        'never order', 'waste of money', 'what a joke', 'fed up', 'poor service', 'bad service',
        'terrible service', 'unprofessional', 'incompetent', 'disgrace', 'disgraceful', 'outrageous',
        'shame on you', 'sick of', 'tired of', 'furious', 'useless', 'terrible', 'awful',
        'horrible', 'a joke', 'pathetic', 'lied', 'ripped off', 'rip off', 'rip-off', 'livid',
        'thanks for nothing', 'thank you for nothing',
        'fuming', 'appalling', 'appalled', 'disgusted']],
      [1, ['money back']],
      [2, ['full refund', 'no reply', 'no response', 'no answer', 'nobody answers',
        'nobody replies', 'no one answers', 'nobody responds', 'nobody called back',
        'still waiting', 'third time', 'second time', 'reporting you', 'bad review', 'template',
        'copy paste', 'formally complain', 'condescending', 'treated', 'speak to a manager',
        'talk to a manager', 'refuses responsibility', 'no responsibility', 'poor customer',
        'bad customer', 'nobody called', 'no one called', 'never called', 'really poor',
        'angry', 'ignored', 'ignoring', 'not acceptable', 'escalate', 'escalated', 'promised']],
      [0.5, ['again', 'still', 'nobody']],
      [1, ['on top of that', 'to top it off', 'to make it worse']],
    ],
    [Category.Technical]: [
      // An e-bike that switches itself off has an electrical fault.
      [2, ['cuts out', 'cut out', 'shuts off', 'shuts down', 'switches off', 'turns off',
        'turns itself off']],
      [3, ['error code', 'payment gateway', 'firmware', 'software update', 'api', 'webhook',
        'webhooks', 'integration', 'database', 'server', 'servers', 'pos system', 'cash register',
        'sql', 'query', 'stack trace', 'exception', 'ssl', 'certificate', 'dns', 'endpoint', 'hacked',
        'hack', 'hacker', 'hackers', 'admin account', 'admin panel', 'bad gateway', 'ip address']],
      [2, ['app', 'application', 'website', 'web shop', 'webshop', 'online shop', 'login', 'log in',
        'sign in', 'password', 'error', 'errors', 'bug', 'bugs', 'crash', 'crashes', 'crashing',
        'software', 'bluetooth', 'display', 'sync', 'synchronise', 'synchronize', 'syncing',
        'timeout', 'unauthorized', '2fa', 'otp', 'verification code', 'pos', 'browser', 'portal',
        'checkout page', 'payment page', 'payment system', 'system', 'screen', 'connection',
        'reset link', 'confirmation email', 'strava', 'gps', 'dashboard', 'plugin', 'admin',
        'logged in', 'logged into', 'platform', 'ip', 'two-factor', 'api key', 'api keys',
        'logged out', 'log out', 'logging out', 'kicked out']],
      [0.5, ['e-bike', 'ebike', 'electric bike', 'pedelec']],
      [1, ['site', 'page', 'checkout', 'check out', 'account', 'update', 'battery', 'motor', 'link', 'email', 'e-mail',
        'online', 'reset', 'controller', 'sensor', 'charger', 'data', 'loading', 'card']],
    ],
    [Category.Support]: [
      [2, ['police report', 'crime number', 'crime reference']],
      [1, ['insurance', 'insurer']],
      [3, ['repair', 'repaired', 'repairs', 'workshop', 'bring it in', 'tune-up', 'tune up',
        'book a service', 'book an appointment', 'change the address', 'change my address',
        'delivery address', 'shipping address', 'change my order', 'modify my order',
        'billing address', 'invoice address', 'my address',
        'replace it', 'replacement', 'return', 'returns', 'exchange', 'refund', 'invoice',
        'receipt', 'appointment', 'resend', 'manual', 'charged twice', 'double charged',
        'charged double', 'charged two times', 'charged three times', 'charged 2 times',
        'charged 3 times', 'charged multiple times', 'charged again', 'double charge', 'cancel',
        'cancel my order', 'cancellation', 'charged my card twice', 'charged me twice',
        'charged us twice', 'billed twice', 'billed me twice', 'fraud', 'fraudulent',
        'used my card', 'stolen card', 'unauthorized charge', 'unauthorised charge', 'skimmed',
        "don't recognise", "don't recognize", 'unrecognised', 'unrecognized']],
      [2, ['warranty claim', 'replace', 'returning', 'tracking number', '=charged',
        'adjust', 'adjustment', 'install', 'assemble', 'assembly',
        'pick up', 'pickup', 'collect', 'call me', 'call me back', 'callback', 'instructions',
        'block my', 'lock my', 'spare part', 'spare parts', 'slot', 'slots', 'camera', 'cameras',
        'cctv', 'footage', "wasn't me", 'was not me', 'pick my bike up', 'pick it up',
        'pick up my bike', 'collect my bike', 'been a week', 'been two weeks', 'been 2 weeks',
        'been over a week', 'dhl', 'ups', 'fedex', 'dpd', 'courier', 'royal mail']],
      [0.5, ['help', 'support']],
      [1, ['delivery', 'shipping', 'shipment', 'package', 'parcel', 'brake',
        'brakes', 'chain', 'gear', 'gears', 'tyre', 'tire', 'tyres', 'tires', 'tube', 'wheel',
        'pedal', 'saddle', 'handlebar', 'spoke', 'spokes', 'bell', 'light', 'lights', 'fork',
        'frame', 'derailleur', 'cable', 'lock', 'helmet', 'size', 'account', 'card', 'fix', 'fixed',
        'service', 'tracking', 'kickstand', 'drop by', 'in time']],
    ],
    [Category.Sales]: [
      [3, ['reseller', 'resellers', 'trade price', 'trade prices', 'price list', 'minimum order',
        'rent', 'to hire', 'hire a bike', 'hire bikes']],
      [3, ['buy', 'buying', 'purchase', 'price', 'prices', 'pricing', 'cost', 'costs', 'how much',
        'quote', 'quotation', 'discount', 'discounts', 'in stock', 'financing', 'finance',
        'installment', 'installments', 'instalment', 'payment plan', 'bulk', 'wholesale',
        'test ride', 'black friday', 'want to order', 'like to order', 'place an order', 'leasing',
        'lease', 'gift card', 'voucher', 'coupon', 'promo', 'promotion', 'deal', 'deals', 'offer',
        'offers', 'upgrade', 'afford', 'for sale', 'on sale', 'pick one up', 'budget',
        'picking one up', 'thinking of buying', 'interested in buying', 'do you sell', 'surcharge']],
      [2, ['stock', 'availability', 'sale', 'fleet', 'subscription', 'per month', 'expensive',
        'subscribe', 'plans', 'pricing plan', 'licence', 'licences', 'license', 'licenses', 'seats',
        'annual billing', 'free trial', 'trial', 'demo', 'pro plan', 'basic plan',
        'cheaper', 'recommend', 'recommendation', 'looking for a', 'looking to buy',
        'trade-in', 'trade in', 'catalogue', 'catalog', 'back in stock', 'restock', 'in stock again']],
      [1, ['available', 'do you have', 'have you got', 'in xl', 'in size']],
    ],
    [Category.Inquiry]: [
      [2, ['is it safe', 'is it ok to', 'is it okay to', 'should i wait']],
      [3, ['do you ship', 'do you deliver', 'do you send']],
      [3, ['opening hours', 'opening times', 'open on', 'are you open', 'where is my', 'where is the',
        'done yet', 'ready yet', 'is it ready', 'is it done', 'ready for pickup', 'ready for pick up',
        'finished yet', 'still valid', 'what time do you', 'what time does']],
      [1, ['address']],
      [2, ['your address', 'store address', 'shop address', 'located', 'location', 'information',
        'info', 'question', 'wondering',
        'status', 'deliver to', 'ship to', 'shipping to', 'policy', 'cover',
        'covers', 'covered', 'comes with', 'come with', 'hours', 'how long', 'how long does',
        'when will', 'when does', 'when do', 'when is', 'when can i', 'any update', 'any updates',
        'any news', 'valid', 'check if', 'check whether', 'close today', 'open today',
        'do you service',
        'do you also', 'usually take']],
      [1, ['open', 'where', 'is there', 'do you', 'curious', 'know', 'difference', 'when']],
    ],
    [Category.General]: [
      [2, ['anyone there', 'anybody there', 'is anyone there', 'is somebody there']],
      [3, ['have a nice day', 'have a nice weekend', 'have a good day', 'have a great day']],
      [2, ['good morning', 'good evening', 'good afternoon', 'thanks', 'thank you', 'thx', 'bye',
        'goodbye', 'talk soon', 'see you', 'nice weekend', 'cheers', 'got it', 'sounds good',
        'how are you']],
      [1, ['hi', 'hello', 'hallo', 'hey', 'ok', 'okay', 'cool', 'great', 'perfect', 'fine', 'alright',
        'all good']],
    ],
  },
  domain: ['bike', 'bicycle', 'e-bike', 'ebike', 'order', 'delivery', 'helmet', 'battery', 'frame'],
  contrast: ['but', 'however', 'although', 'though'],
};

// Word lists stay packed: one term per line would make them unreadable.
// prettier-ignore
const TR: Lexicon = {
  markers: [
    've', 'bir', 'bu', 'şu', 'ne', 'için', 'ile', 'çok', 'var', 'yok', 'ben', 'sen', 'biz', 'siz',
    'benim', 'bana', 'beni', 'sizin', 'size', 'merhaba', 'selam', 'lütfen', 'nasıl', 'neden', 'niye',
    'zaman', 'değil', 'ama', 'fakat', 'gibi', 'daha', 'kadar', 'hemen', 'acil', 'mi', 'mı', 'mu',
    'mü', 'ki', 'hiç', 'her', 'hala', 'hâlâ', 'artık', 'şimdi', 'bugün', 'yarın', 'olarak', 'oldu',
    'olur', 'sipariş', 'siparişim', 'bisiklet', 'bisikletim', 'teşekkür', 'teşekkürler',
    'tesekkurler', 'iyi', 'günler', 'tamam', 'evet', 'hayır', 'yani', 'nerede', 'hangi', 'kaç',
    'misiniz', 'mısınız', 'musunuz', 'miyim', 'mıyım', 'istiyorum', 'ederim', 'rica', 'efendim',
    'güzel', 'olmuş', 'geldi', 'gelir', 'yapın', 'edin', 'lazım', 'sayın', 'günaydın', 'kolay',
    'gelsin', 'ödeme', 'kargo', 'kargom', 'yardım', 'sorun', 'ayarı', 'randevu', 'almak', 'mağaza',
  ],
  urgency: [
    [4, ['acil*', 'ivedi*', 'bir an önce', 'en kısa sürede', 'en kısa zamanda', 'derhal',
      'hemen şimdi', 'süratle', 'kritik*', 'çok önemli']],
    [2, ['hemen', 'çabuk*', 'önemli', 'beklemeden', 'vakit yok', 'zaman yok', 'az önce', 'demin',
      'biraz önce', 'az evvel', 'dakika önce']],
    [1, ['bugün', 'şimdi', 'bu akşam', 'yarın sabah', 'hızlı*', 'bu gün', 'bugüne']],
  ],
  calm: [
    'acil değil*', 'acelesi yok', 'acele yok', 'acele etme*', 'acele etmeyin', 'müsait olduğunuzda',
    'müsait olunca', 'müsaitseniz', 'müsait bir zaman*', 'vaktiniz olduğunda', 'vaktiniz olunca',
    'zamanınız olduğunda', 'zamanınız olunca', 'önemli değil', 'ne zaman olursa', 'boş bir zaman*',
    'acil bir durum değil', 'çok acil değil', 'sıkıntı yok', 'acelem yok', 'acelemiz yok',
    'aceleye gerek yok', 'vakit bulunca', 'acelesi yok ama', 'acil bir şey değil*',
    'acil bir durum yok', 'ivedi değil*', 'uygun olduğunuzda', 'müsaitken', 'boş olduğunuzda',
  ],
  severity: [
    [9, ['yangın*', 'alev*', 'yaralan*', 'yaralı*', 'hastane*', 'kanama*', 'kanıyor', 'ambulans*',
      'başını çarptı', 'kafasını çarptı', 'başını vurdu', 'kafasını vurdu',
      'itfaiye*', 'batarya patla*', 'pil patla*', 'akü patla*', 'bayıldı', 'kan kaybı', 'araba çarptı', 'araç çarptı',
      'acil servis*', 'acildeyiz', 'acildeyim', 'acile git*', 'kolu kırıl*', 'kolunu kır*',
      'bacağı kırıl*', 'bacağını kır*', 'dikiş atıl*']],
    [8, ['duman*', 'kaza*', 'hack*', 'sistem çöktü', 'sunucu çöktü', 'site çöktü', 'tamamen durdu',
      'hizmet dışı', 'erişim yok', 'veri sızıntı*', 'yanık koku*', 'canlı ortam durdu',
      'canlı ortam çöktü', 'canlı sistem durdu', 'canlı sistem çöktü', 'yabancı bir ip*',
      'yabancı ip*', 'izinsiz giriş*']],
    [7, ['tehlike*', 'izinsiz', 'sahte', 'güvenlik açığı', 'iki kez çek*',
      'iki defa çek*', 'iki kere çek*', 'çift çek*', 'fazla çek*', '2 kez çek*', '2 kere çek*',
      '2 defa çek*', 'kez para çekil*', 'kere para çekil*', 'kez çekil*', 'kere çekil*',
      'tanımadığım', 'benim yapmadığım', 'ben yapmadım']],
    [6, ['çalıntı', 'hırsız*', 'düştü', 'düştüm', 'düşmüş']],
  ],
  stranded: [
    'yolda kaldım', 'yolda kaldı*', 'mahsur*', 'yarı yolda', 'eve dönemiyo*', 'eve gidemiyo*',
    'dışarıda kaldım', 'ortada kaldım',
  ],
  theft: [
    'çalındı*', 'çalınmış', 'çaldılar', 'çalmışlar', 'çaldı', 'kilidi kes*', 'kilidi kır*',
    'alıp götür*', 'götürdüler', 'götürmüşler', 'bisikletim yok', 'bisikletim yerinde yok',
    'bisikletimi almışlar', 'bisikletimi aldılar',
  ],
  settled: [
    'geçen hafta', 'geçen ay', 'geçen sene', 'geçen yıl', 'gün önce', 'hafta önce', 'ay önce',
    'dün', 'tutanak*', 'sigorta*', 'karakoldan', 'çalınırsa', 'çalınması durumunda',
  ],
  fraud: ['dolandır*'],
  moneyContext: [
    'kart*', 'hesab*', 'banka*', 'çekim*', 'çekil*', 'ödeme*', 'ekstre*', 'tahsil*', 'paypal',
  ],
  accusation: [
    'bu dolandırıcılık*', 'dolandırıcılık bu', 'resmen dolandırıcılık*', 'düpedüz dolandırıcılık*',
    'açıkça dolandırıcılık*', 'dolandırıcısınız', 'hırsızsınız', 'bu hırsızlık*',
    'resmen hırsızlık*', 'resmen soygun*', 'bu soygun*',
  ],
  ambientHeat: [
    'güneşte', 'güneşin altında', 'güneş altında', 'derece', 'sıcak hava*', 'sıcaklar*',
    'sıcak dalga*', 'arabada kaldı*',
  ],
  roadside: [
    'biri gelebilir mi', 'birisi gelebilir mi', 'gelip alabilir mi*', 'gelip alır mı*',
    'hava karar*', 'km uzakta*', 'kilometre uzakta*', 'şehir dışında*', 'yolun ortasında',
    'pompa yok', 'yedek yok',
    'yolun kenarında', 'dağ başında', 'en yakın servis*',
  ],
  conditional: ['eğer', 'olursa', 'durumunda', 'halinde', 'takdirde'],
  later: [
    'haftaya', 'gelecek hafta', 'önümüzdeki hafta', 'yarın', 'hafta sonu', 'müsait bir gün*',
    'pazartesi', 'salı', 'çarşamba', 'perşembe', 'cuma', 'cumartesi', 'pazar günü',
  ],
  phishingBait: [
    'linke tıkla*', 'bağlantıya tıkla*', 'linke girdim', 'sizden gelen sms', 'sizden gelen mesaj',
    'sahte sms', 'sahte mesaj', 'sahte mail', 'sms geldi', 'mesaj geldi',
  ],
  credentialsGiven: [
    'kart bilgilerimi gir*', 'kart bilgilerini gir*', 'kart numaramı gir*', 'şifremi gir*',
    'kart bilgilerimi yaz*', 'kart bilgilerimi ver*', 'bilgilerimi girdim',
  ],
  irony: ['aferin size', 'tebrikler size', 'bravo size'],
  repetition: ['yine', 'gene', 'bir kez daha', 'bir daha'],
  distress: ['imdat', 'yardım', 'yardim', 'yardım edin', 'yardım lazım', 'sos'],
  price: ['fiyat*', 'ücret*', 'kaç para', 'kaç tl', 'kaç lira', 'ne kadar tutar*', 'teklif*', 'ne kadar'],
  transit: [
    'sipariş*', 'kargo*', 'takip*', 'paket*', 'teslimat*', 'gönderi*',
  ],
  threat: [
    'avukat*', 'tüketici hakem*', 'hakem heyet*', 'mahkeme*', 'dava*', 'savcılı*', 'yasal yol*',
    'hukuki*', 'tüketici mahkeme*', 'bimer', 'cimer',
  ],
  failure: [
    'bozuk*', 'bozul*', 'arıza*', 'çalışmıyo*', 'çalışmadı*', 'çalışmaz', 'açılmıyo*', 'açılmadı*',
    'yanmıyo*', 'şarj olmuyo*', 'şarj etmiyo*', 'tutmuyo*', 'kırıl*', 'kırık*', 'kopt*', 'kopuk',
    'patla*', 'patlak', 'hasar*', 'gelmedi', 'gelmiyo*', 'ulaşmadı', 'ulaşmıyo*',
    'teslim edilmedi', 'kayboldu', 'kaybol*', 'eksik', 'yanlış ürün', 'yanlış beden', 'çöktü',
    'çöküyo*', 'çökme*', 'durdu', 'donuyo*', 'dondu', 'yüklenmiyo*', 'eklenmiyo*', 'geçmiyo*',
    'iki kez çek*', 'iki defa çek*', 'iki kere çek*', 'fazla çek*', 'çift çek*', 'reddedil*',
    'yapamıyo*', 'yapamadı*', 'giremiyo*', 'edemiyo*', 'alamıyo*', 'alamadı*', 'açamıyo*',
    'bağlanamıyo*', 'bağlanmıyo*', 'ulaşamıyo*', 'göremiyo*', 'ödeyemiyo*', 'gönderilmedi',
    'gelmemiş', 'çekim yapıl*', 'para çekil*', 'çekildi', 'sipariş oluşmadı', 'oluşmadı',
    'ödendi ama', 'geçersiz', 'boşaldı', 'kargoya verilmedi', 'gönderilmedi', 'silinmiş', 'silindi',
    'dağıldı', 'parçalandı', 'reddediyo*', 'reddetti*', 'askıya al*', 'engellendi*',
  ],
  defect: [
    'gevşe*', 'çizik*', 'çizil*', 'ezik*', 'ses yapıyo*', 'ses geliyo*', 'gıcır*', 'tıkırt*',
    'sorun*', 'problem*', 'hata*', 'atıyo*', 'kaçırıyo*', 'yanlış', 'çıkıyo*', 'sallanıyo*',
    'paslan*', 'pas', 'eğril*', 'eğri', 'titriyo*', 'kayıyo*', 'kaybettim', 'döküldü*', 'dökülüyo*',
    'soyuldu*', 'soyuluyo*', 'sesi var', 'ses var', 'ses çıkarıyo*', 'ses geliyo*', 'atlıyo*',
  ],
  outage: [
    'sistem çöktü', 'sunucu çöktü', 'site çöktü', 'tamamen durdu', 'hizmet dışı',
    'erişilemiyo*', 'erişim yok', 'canlı ortam durdu', 'canlı sistem durdu',
  ],
  functioning: ['çalışıyo*', 'çalışır', 'açılıyo*', 'geliyo*', 'geldi', 'ulaştı'],
  transactional: [],
  blocking: [
    'ödeme yapamıyo*', 'ödeyemiyo*', 'sipariş veremiyo*', 'sipariş giremiyo*', 'satış yapamıyo*',
    'alışveriş yapamıyo*', 'ödeme alamıyo*', 'ödeme geçmiyo*', 'satamıyo*',
  ],
  scope: [
    'hiçbir müşteri*', 'tüm müşteri*', 'bütün müşteri*', 'müşteriler', 'hiç kimse', 'herkes',
    'bayiler', 'tüm bayi*', 'bütün sipariş*', 'tüm sipariş*', 'mağazanın tamamı', 'hiçbir çalışan*',
    'tüm ekip*', 'bütün ekip*', 'tüm personel*', 'hiçbir personel*', 'kimse çalışamıyo*',
    'çalışamıyoruz', 'tüm kullanıcı*', 'bütün kullanıcı*', 'hiçbir kullanıcı*',
  ],
  safetyParts: ['fren*', 'gidon*', 'çatal*', 'direksiyon*'],
  paymentWords: ['ödeme*', 'kartla', 'kredi kartı*', 'pos*', 'tahsilat*', 'temassız*', 'kasa*'],
  batteryParts: ['batarya*', 'pil', 'pili', 'akü*', 'şarj*'],
  overheating: [
    'çok ısın*', 'aşırı ısın*', 'fazla ısın*', 'çok sıcak', 'şişti', 'şişmiş', 'şişkin', 'cızırt*',
    'kıvılcım*', 'eridi', 'erimiş',
  ],
  chargeWords: [
    'çekildi', 'çekilmiş', 'çekim*', 'çekmiş*', 'çektiniz', 'çektiler', 'tahsil edil*',
    'tahsil etmiş*', 'ödeme alındı',
  ],
  repeatWords: [
    'iki kez', 'iki kere', 'iki defa', '2 kez', '2 kere', '2 defa', 'üç kez', 'üç kere', '3 kez',
    '3 kere', 'mükerrer', 'fazladan', '2x',
  ],
  negatorsBefore: [],
  negatorsAfter: ['değil*', 'yok', 'yoktur', 'olmadı', 'olmaz'],
  positive: [
    [2, ['memnun*', 'harika*', 'süper', 'mükemmel*', 'beğendi*', 'eline sağlık', 'ellerinize sağlık',
      'sorun çözüldü', 'sorun cozuldu', 'çözüldü', 'düzeldi', 'şimdi çalışıyo*',
      'bayıldı*', 'muhteşem', 'çok güzel', 'çok teşekkür*', 'teşekkür ederim', 'teşekkür ederiz']],
    [1, ['teşekkür*', 'tşk*', 'sağ ol*', 'sağol*', 'güzel*', 'iyi', 'sorun değil', 'rica ederim',
      'hızlı']],
  ],
  negative: [
    [3, ['berbat', 'rezalet*', 'rezil*', 'kabul edilemez', 'yazıklar olsun', 'hayal kırıklığı*',
      'saygısız*', 'bıktım', 'yeter artık']],
    [2, ['kötü*', 'sinir*', 'saçma*', 'mağdur*', 'utanç*', 'ilgisiz*', 'üzgün*', 'üzüldüm', 'üzüldük',
      'maalesef', 'ayıp*']],
    [1, ['keşke', 'ne yazık ki']],
  ],
  request: [
    'lütfen', 'lutfen', 'rica*', 'istiyo*', 'gerek*', 'lazım', 'yardımcı olur musunuz',
    'arayın', 'arar mısınız', 'dönüş yapın', 'dönüş yapar mısınız', 'kontrol edin', 'bakın',
  ],
  question: [
    [1, ['ne zaman', 'nerede', 'nerde', 'nereye', 'hangi', 'mi', 'mı', 'mu', 'mü', 'misin*',
      'mısın*', 'musun*', 'müsün*', 'miyim', 'mıyım', 'miyiz', 'mıyız', 'midir', 'mıdır',
      'mudur', 'müdür', 'misiniz', 'mısınız', 'musunuz', 'müsünüz']],
    [0.5, ['nasıl', 'neden', 'niye', 'ne', 'kaç', 'kim']],
  ],
  categories: {
    [Category.Complaint]: [
      [3, ['şikayet*', 'şikâyet*', 'rezalet*', 'rezil*', 'berbat', 'kabul edilemez',
        'yazıklar olsun', 'hayal kırıklığı*', 'bir daha asla', 'ne biçim', 'bu nasıl iş',
        'bu nasıl hizmet', 'bu nasıl müşteri', 'saygısız*', 'bıktım', 'yeter artık', 'olmaz böyle',
        'dolandırıcı*', 'sahtekar*', 'memnun değil*', 'ilgisiz*',
        'rezillik', 'skandal', 'utanç verici', 'şikayetvar', 'ayıp*', 'kalitesiz*', 'yakışmıyo*',
        'memnun kalmadı*', 'memnun kalmadık', 'kaba', 'kaba davran*', 'kabalık*', 'terbiyesiz*',
        'ilgilenmedi*', 'yüzüme kapat*']],
      [2, ['cevap yok', 'cevap vermiyo*', 'cevap verilmiyo*', 'dönüş yapmıyo*', 'dönüş yok',
        'bakmıyo*', 'açmıyo*', 'ilgilenmiyo*', 'bilgi vermiyo*', 'kimse', 'mağdur*', 'sinir*',
        'kötü hizmet', 'kötü', 'saçma*', 'hala cevap', 'hâlâ cevap', 'asla', 'bekliyorum']],
      [0.5, ['hala', 'hâlâ', 'aydır', 'haftadır', 'bu kalitede']],
      [1, ['üstelik', 'bir de üstüne']],
      [2, ['yetkili biriyle', 'sorumluluk almıyo*', 'müdürle görüş*', 'yetkiliyle görüş*',
        'müdür* görüş*', 'yönetici* görüş*']],
      [1, ['paramı geri', 'paramı iade']],
    ],
    [Category.Technical]: [
      [2, ['kapanıyo*', 'kendiliğinden kapan*', 'kendi kendine kapan*']],
      [3, ['hata kodu', 'sunucu*', 'server*', 'yazılım*', 'ödeme sayfa*', 'ödeme sistem*',
        'veritabanı*', 'api', 'entegrasyon*', 'web sitesi*', 'web site*', 'uygulama*',
        'mobil uygulama*', 'firmware', 'pos', 'yazarkasa*', 'admin panel*', 'yönetim panel*',
        'canlı ortam*', 'canlı sistem*', 'ip adres*']],
      [0.5, ['elektrikli bisiklet*', 'e-bike', 'ebike']],
      [2, ['site*', 'giriş yap*', 'şifre*', 'parola*', 'hata*', 'sistem*', 'güncelleme*', 'bluetooth',
        'ekran*', 'çöktü', 'çöküyo*', 'sepet*', 'link*', 'bağlantı*', 'internet*', 'oturum*',
        'doğrulama kodu', 'sms kodu', 'hesabıma giriş', 'e-posta', 'program*', 'hack*', 'admin*',
        'panel*', 'ip', 'platform*']],
      [1, ['batarya*', 'pil*', 'şarj*', 'motor*', 'hesab*', 'sayfa*', 'online', 'mail*',
        'kart*', 'giriş']],
    ],
    [Category.Support]: [
      [3, ['tamir*', 'onar*', 'bakım*', 'iade*', 'değişim*', 'değiştir*', 'geri gönder*',
        'fatura*', 'randevu*', 'montaj*', 'kurulum*', 'yedek parça*', 'kullanım kılavuz*',
        'iki kez çek*', 'iki defa çek*', 'iki kere çek*', 'çift çek*', 'fazla çek*', 'para çekil*',
        'kez çekil*', 'kez çekim', 'iptal*', 'fatura al*', 'çekim yapıl*', 'dolandır*', 'izinsiz',
        'kart* kullan*', 'tanımadığım', 'benim yapmadığım']],
      [2, ['servis*', 'ayar*', 'teslim*', 'yardımcı olur*', 'değiştirebilir*',
        'takip numara*', 'kargo takip*', 'değişiklik*', 'adres değiş*', 'kamera*', 'vergi numara*',
        'vergi no']],
      [0.5, ['yardım*', 'destek*']],
      [1, ['fren*', 'zincir*', 'vites*', 'lastik*', 'jant*', 'pedal*', 'sele',
        'gidon*', 'zil*', 'far*', 'kilit*', 'iç lastik', 'beden*', 'adres*', 'kask*', 'eldiven*',
        'ürün*', 'garanti*', 'kargo*', 'takip*', 'teslimat*', 'arayın', 'arar mısınız', 'dönüş yapın',
        'kontrol edin', 'ayaklık*', 'yetişir mi', 'yetiştir*']],
    ],
    [Category.Sales]: [
      [3, ['kiralamak', 'kiralamak isti*', 'bakım sözleşme*', 'bayilik*', 'fiyat listesi*']],
      [2, ['filo*']],
      [3, ['satın al*', 'almak isti*', 'almayı düşün*', 'almak için', 'fiyat*', 'kaç para', 'kaç tl',
        'kaç lira', 'kaç euro', 'indirim*', 'kampanya*', 'teklif*', 'stok*', 'taksit*', 'toptan*',
        'kurumsal alım', 'kurumsal satış', 'sipariş vermek isti*', 'satılık', 'peşin*', 'ücret*',
        'bütçe*', 'satışta mı', 'satışta*', 'abone*', 'lisans*', 'üyelik*', 'paket fiyat*',
        'alım*', 'almak istedi*', 'almak istiyo*', 'sipariş vermek', 'test sürüş*', 'deneme sürüş*',
        'kredi kart*', 'havale ile', 'hediye çeki']],
      [2, ['ne kadar', 'kurumsal*', 'adet', 'bedeni var*', 'hangi beden*', 'öneri*', 'önerir*',
        'tavsiye*',
        'ucuz*', 'pahalı*', 'satış*', 'bayi*', 'katalog*']],
      [1, ['satın', 'almak']],
    ],
    [Category.Inquiry]: [
      [2, ['güvenli mi', 'sorun olur mu', 'zararı var mı', 'sakıncası var mı']],
      [3, ['çalışma saat*', 'açık mı*', 'açık mısınız', 'kaçta açıl*', 'kaçta kapan*', 'saat kaç*',
        'ne zaman açıl*', 'ne kadar sür*', 'kapsam*', 'gönderiyor mu*', 'gönderiliyor mu*',
        'gönderim yapıyor mu*', 'kargo süre*', 'nerede', 'nerde', 'bitti mi', 'hazır mı',
        'hazır olur*', 'geçerli mi', 'saat kaçta', 'kaçta kapat*', 'tamamlandı mı']],
      [3, ['ne zaman']],
      [2, ['adres*', 'bilgi*', 'öğren*', 'merak*', '=soru', '=sorum', 'sorular*', '=sorumu',
        'konum*', 'şube*', 'teslimat süre*', 'kaç gün', 'kaç yıl', 'mümkün mü', 'bir gelişme',
        'haber var mı', 'durumu nedir', 'ne durumda']],
      [1, ['nasıl', 'hangi', 'var mı', 'kaç', 'geçerli', 'durum*']],
      [3, ['sipariş durum*', 'siparişimin durum*', 'kargo durum*']],
    ],
    [Category.General]: [
      [2, ['kimse var mı', 'kimse yok mu', 'orada kimse var mı']],
      [2, ['eline sağlık', 'elinize sağlık', 'ellerinize sağlık', 'ellerine sağlık']],
      [3, ['iyi günler', 'iyi akşamlar', 'iyi geceler', 'kolay gelsin', 'iyi çalışmalar',
        'iyi bayramlar', 'hayırlı işler']],
      [2, ['günaydın', 'teşekkür*', 'tşk*', 'sağ ol*', 'sağol*', 'görüşürüz', 'hoşça kal*',
        'nasılsınız', 'nasılsın', 'rica ederim', 'anlaşıldı', 'tamamdır', 'selamlar',
        'her şey yolunda']],
      [1, ['merhaba', 'merhabalar', 'selam', 'slm', 'mrb', 'tamam', 'tmm', 'ok', 'okey', 'peki',
        'evet', 'süper', 'harika']],
    ],
  },
  domain: ['bisiklet*', 'sipariş*', 'kargo*', 'kask*', 'elektrikli bisiklet*', 'batarya*'],
  contrast: ['ama', 'fakat', 'ancak', 'lakin', 'yalnız'],
};

// Word lists stay packed: one term per line would make them unreadable.
// prettier-ignore
const DE: Lexicon = {
  markers: [
    'der', 'das', 'und', 'ist', 'nicht', 'ich', 'sie', 'wir', 'mein', 'meine', 'meinen', 'meinem',
    'ein', 'eine', 'einen', 'mit', 'für', 'auf', 'zu', 'es', 'wann', 'wie', 'bitte', 'danke',
    'hallo', 'guten', 'kein', 'keine', 'noch', 'schon', 'auch', 'haben', 'habe', 'hat', 'können',
    'kann', 'sich', 'dem', 'den', 'des', 'bei', 'von', 'aus', 'mir', 'mich', 'ihr', 'ihre', 'ihnen',
    'euch', 'wird', 'wurde', 'sind', 'seit', 'nach', 'über', 'gibt', 'möchte', 'würde', 'uns',
    'unser', 'unsere', 'oder', 'aber', 'dass', 'wenn', 'nur', 'jetzt', 'sehr', 'schön', 'tschüss',
    'geht', 'leider', 'immer', 'doch', 'ob', 'wo', 'habt', 'ihr', 'gern', 'gerne', 'vielen', 'dank',
    'fahrrad', 'rad', 'kommt', 'dringend', 'heute', 'morgen', 'schnell', 'alles', 'gut', 'ja',
    'nein', 'nichts', 'zum', 'zur', 'im', 'am', 'vom', 'beim',
  ],
  urgency: [
    [4, ['dringend', 'dringlich', 'eilig', 'sofort', 'sofortig', 'umgehend', 'unverzüglich',
      'schnellstmöglich', 'schnellstens', 'so schnell wie möglich', 'asap', 'notfall', 'kritisch',
      'höchste priorität', 'auf der stelle', 'eilt']],
    [2, ['wichtig', 'heute noch', 'noch heute', 'schnell', 'zügig', 'verlieren geld',
      'verlieren gerade', 'jede minute', 'gerade eben', 'soeben', 'vor ein paar minuten',
      'vor wenigen minuten']],
    [1, ['heute', 'jetzt', 'gleich', 'bald', 'heute abend', 'bis morgen']],
  ],
  calm: [
    'keine eile', 'nicht dringend', 'eilt nicht', 'hat zeit', 'kein stress', 'keine hektik',
    'in ruhe', 'wann immer', 'wenn sie zeit haben', 'wenn ihr zeit habt', 'bei gelegenheit',
    'kein notfall', 'nicht wichtig', 'nicht eilig', 'ohne eile', 'nur wenn sie zeit',
    'keine dringlichkeit', 'nicht so dringend', 'nicht besonders dringend', 'keine große sache',
    'kein problem', 'hat keine eile', 'ohne zeitdruck', 'nicht so eilig', 'wenn es passt',
    'eilt aber nicht', 'eilt ja nicht', 'eilt auch nicht', 'eilt wirklich nicht',
    'eilt allerdings nicht', 'ist aber nicht dringend', 'ist ja nicht dringend',
  ],
  severity: [
    [9, ['feuer', 'brand', 'brennt', 'verletzt', 'verletzung', 'blutet', 'krankenhaus', 'notarzt',
      'platzwunde', 'wunde', 'genäht', 'arm gebrochen', 'bein gebrochen', 'schlüsselbein',
      'kopf angeschlagen', 'kopf gestoßen', 'gehirnerschütterung',
      'krankenwagen', 'rettungswagen', 'bewusstlos', 'explosion', 'explodiert', 'notaufnahme']],
    [8, ['rauch', 'raucht', 'unfall', 'gehackt', 'hackerangriff', 'datenleck', 'totalausfall',
      'ist down', 'komplett down', 'liegt lahm', 'lahmgelegt', 'qualmt', 'qualm', 'verbrannt',
      'brandgeruch', 'schmort', 'kokelt', 'down', 'produktion betroffen', 'produktivsystem betroffen',
      'produktivsystem steht', 'produktion steht', 'geht gar nichts mehr', 'bad gateway']],
    [7, ['gefährlich', 'gefahr', 'unbefugt', 'doppelt abgebucht',
      'zweimal abgebucht', 'doppelt belastet', 'zweimal belastet', 'mal abgebucht',
      'dreimal abgebucht', 'doppelte abbuchung', 'doppelt berechnet', 'zweimal berechnet',
      'karte missbraucht', 'phishing', 'nicht getätigt', 'nicht autorisiert', 'nicht veranlasst']],
    [6, ['diebstahl', 'gestürzt']],
  ],
  stranded: [
    'liegengeblieben', 'liegen geblieben', 'stecke fest', 'festgesteckt', 'am straßenrand',
    'mitten auf der straße', 'mitten auf der landstraße', 'mitten im wald', 'komme nicht mehr weiter',
    'komme nicht nach hause', 'komme nicht mehr nach hause', 'komme nicht weg',
    'komme nicht mehr weg',
  ],
  theft: [
    'gestohlen', 'geklaut', 'entwendet', 'schloss geknackt', 'schloss aufgebrochen',
    'schloss durchtrennt', 'schloss durchgeschnitten', 'eingebrochen', 'aufgebrochen',
    'rad ist weg', 'fahrrad ist weg', 'rad war weg', 'fahrrad war weg', 'bike ist weg',
  ],
  settled: [
    'letzte woche', 'letzten monat', 'letztes jahr', 'vor einer woche', 'vor zwei wochen',
    'vor tagen', 'vor wochen', 'gestern', 'anzeige', 'strafanzeige', 'polizeibericht',
    'aktenzeichen', 'versicherung', 'versichert', 'gestohlen wird', 'geklaut wird', 'im falle',
  ],
  fraud: ['betrug', 'betrüger', 'betrogen'],
  moneyContext: [
    'karte', 'kreditkarte', 'konto', 'kontoauszug', 'bank', 'abbuchung', 'abgebucht', 'paypal',
    'zahlung', 'zahlungen', 'belastet', 'transaktion', 'transaktionen',
  ],
  accusation: [
    'das ist betrug', 'das ist doch betrug', 'das ist ja betrug', 'ist reiner betrug',
    'reiner betrug', 'glatter betrug', 'das ist abzocke', 'ihr seid betrüger', 'sie sind betrüger',
    'ihr betrüger', 'betrügerbande',
  ],
  ambientHeat: [
    'in der sonne', 'in der prallen sonne', 'sonne', 'grad', 'hitze', 'hitzewelle', 'im auto',
  ],
  roadside: [
    'kann wer kommen', 'kann jemand kommen', 'kann mich jemand abholen', 'kann uns jemand abholen',
    'abholen kommen', 'wird dunkel', 'es wird dunkel', 'mitten in', 'mitten im', 'in den bergen',
    'kein flickzeug', 'keine pumpe', 'komm nicht weiter', 'kommen nicht weiter',
  ],
  conditional: ['wenn', 'falls', 'im falle', 'sofern'],
  later: [
    'nächste woche', 'nächsten woche', 'morgen', 'übermorgen', 'am wochenende', 'irgendwann',
    'am montag', 'am dienstag', 'am mittwoch', 'am donnerstag', 'am freitag', 'am samstag',
  ],
  phishingBait: [
    'auf den link geklickt', 'link geklickt', 'link angeklickt', 'sms von euch', 'sms von ihnen',
    'mail von euch', 'gefälschte sms', 'gefälschte mail', 'fake sms', 'fake mail',
  ],
  credentialsGiven: [
    'kartendaten eingegeben', 'kreditkartendaten eingegeben', 'kartennummer eingegeben',
    'passwort eingegeben', 'daten eingegeben', 'bankdaten eingegeben', 'pin eingegeben',
  ],
  irony: ['na toll', 'na super', 'na prima', 'na klasse', 'ganz großes kino', 'danke auch'],
  repetition: ['wieder', 'schon wieder', 'mal wieder', 'erneut', 'noch ein', 'noch eine'],
  distress: ['hilfe', 'sos', 'hilfe bitte', 'bitte hilfe', 'helft mir', 'helfen sie mir'],
  price: ['preis', 'preise', 'kostet', 'kosten', 'angebot', 'kostenvoranschlag', 'was nehmt ihr'],
  transit: [
    'bestellung', 'paket', 'sendung', 'sendungsverfolgung', 'lieferung', 'versandt', 'verschickt',
    'dhl', 'hermes', 'dpd',
  ],
  threat: [
    'anwalt', 'rechtsanwalt', 'anwältin', 'gericht', 'klage', 'verklagen', 'verbraucherzentrale',
    'rechtliche schritte', 'juristische schritte', 'mahnverfahren', 'schlichtungsstelle',
  ],
  failure: [
    'kaputt', 'defekt', 'gebrochen', 'abgebrochen', 'gerissen', 'platt', 'platten', 'plattfuß',
    'beschädigt', 'fehlt', 'fehlen', 'verloren', 'abgestürzt', 'absturz', 'stürzt ab', 'störung',
    'doppelt abgebucht', 'zweimal abgebucht', 'doppelt belastet', 'zweimal belastet',
    'mal abgebucht', 'mal geld abgebucht', 'dreimal abgebucht',
    'falsch geliefert', 'falsche größe', 'falscher artikel', 'ungültig', 'abgelehnt',
    'hängt sich auf', 'eingefroren', 'geht nicht mehr', 'funktioniert nicht mehr', 'nie angekommen',
    'durchgebrannt', 'springt nicht an', 'ausgefallen', 'lädt nicht', 'fehl', 'fehlgeschlagen',
    'geht aus', 'ausgegangen', 'schaltet sich ab', 'fällt auseinander', 'auseinandergefallen',
    'stürzt', 'stürzt ständig ab', 'blockiert', 'doppelte abbuchung', 'doppelt berechnet', 'zweimal berechnet',
    'bad gateway', 'fällt aus', 'setzt aus', 'schaltet ab', 'schaltet aus', 'hängt auf',
    'bricht ab', 'gesperrt', 'lehnt ab',
  ],
  defect: [
    'locker', 'quietscht', 'quietschen', 'quietschende', 'geräusch', 'geräusche', 'klappert',
    'klappern', 'zerkratzt', 'kratzer', 'delle', 'problem', 'probleme', 'fehler', 'eiert', 'schleift',
    'springt', 'rutscht', 'flackert', 'rostet', 'rost', 'komisch', 'komische', 'seltsam', 'falsch',
    'wackelt', 'knackt', 'undicht',
  ],
  outage: [
    'ausgefallen', 'totalausfall', 'ausfall', 'ist down', 'komplett down', 'offline',
    'nicht erreichbar', 'liegt lahm', 'lahmgelegt', 'weiße seite', 'down', 'produktion betroffen',
    'produktivsystem betroffen', 'produktivsystem steht', 'produktion steht', 'geht gar nichts mehr',
    'bad gateway',
  ],
  functioning: [
    'funktioniert', 'funktionieren', 'geht', 'gehen', 'läuft', 'laufen', 'startet', 'starten',
    'lädt', 'aufladen', 'öffnet', 'öffnen', 'reagiert', 'verbindet', 'synchronisiert',
    'synchronisieren', 'akzeptiert', 'angekommen', 'ankommen', 'geliefert', 'erhalten',
    'bekommen', 'erreichbar', 'einloggen', 'anmelden', 'springt an', 'angezeigt', 'bremst',
    'schaltet', 'zugestellt', 'verschickt', 'versendet', 'erstattet', 'zeigt an', 'geht an',
    'kommt an', 'lädt auf', 'schaltet ein',
  ],
  transactional: [
    'bezahlen', 'zahlen', 'verkaufen', 'kassieren', 'bestellen', 'kaufen', 'abschließen',
    'bezahlt', 'verkauft', 'buchen', 'nimmt an', 'nehmen an',
  ],
  blocking: ['zahlung fehlgeschlagen', 'karte abgelehnt', 'zahlungen schlagen fehl'],
  scope: [
    'alle kunden', 'kein kunde', 'keine kunden', 'kunden können', 'kunden beschweren',
    'niemand kann', 'alle bestellungen', 'ganze laden', 'ganzen laden', 'alle filialen',
    'alle zahlungen', 'jede zahlung', 'jede karte', 'jede bestellung', 'alle zahlungen im',
    'keiner unserer', 'keine unserer', 'niemand von uns', 'alle mitarbeiter', 'das ganze team',
    'unser ganzes team', 'alle nutzer', 'alle benutzer', 'kann niemand arbeiten',
    'keiner kann arbeiten', 'komplett blockiert',
  ],
  safetyParts: ['bremse', 'bremsen', 'lenker', 'gabel'],
  paymentWords: [
    'zahlung', 'zahlungen', 'bezahlung', 'kartenzahlung', 'kasse', 'checkout', 'bezahlen',
    'karten', 'kartenterminal', 'terminal', 'ec-karte', 'kontaktlos',
  ],
  batteryParts: ['akku', 'akkus', 'batterie', 'ladegerät', 'ladekabel'],
  overheating: [
    'sehr heiß', 'extrem heiß', 'richtig heiß', 'zu heiß', 'glühend heiß', 'heiß geworden',
    'überhitzt', 'überhitzung', 'aufgebläht', 'aufgequollen', 'zischt', 'funken', 'geschmolzen',
    'schmilzt', 'verschmort',
  ],
  chargeWords: ['abgebucht', 'belastet', 'berechnet', 'abgezogen', 'eingezogen'],
  repeatWords: [
    'zweimal', 'doppelt', '2x', '3x', '2 mal', 'zwei mal', 'dreimal', '3 mal', 'mehrfach',
  ],
  negatorsBefore: [
    'nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'nie', 'niemals', 'ohne', 'nichts',
    'weder', 'niemand',
  ],
  negatorsAfter: ['nicht', 'nicht mehr', 'nie', 'niemals'],
  positive: [
    [2, ['vielen dank', 'danke schön', 'dankeschön', 'super', 'toll', 'klasse', 'prima', 'perfekt',
      'zufrieden', 'begeistert', 'hervorragend', 'ausgezeichnet', 'spitze', 'wunderbar',
      'freue mich', 'großartig', 'jetzt geht es', 'jetzt geht\'s', 'jetzt funktioniert',
      'problem gelöst', 'hat geklappt']],
    [1, ['danke', 'gut', 'passt', 'hilfreich', 'top', 'schnelle hilfe', 'nett', 'freundlich']],
  ],
  negative: [
    [3, ['furchtbar', 'schrecklich', 'katastrophe', 'katastrophal', 'miserabel', 'wütend',
      'unverschämt', 'frechheit', 'unmöglich']],
    [2, ['schlecht', 'ärgerlich', 'sauer', 'verärgert', 'traurig', 'mies', 'nervig', 'genervt']],
    [1, ['leider', 'schade']],
  ],
  request: [
    'bitte', 'können sie', 'könnten sie', 'könnt ihr', 'möchte', 'würde gern', 'würde gerne',
    'brauche', 'brauchen', 'rufen sie', 'melden sie sich', 'zurückrufen', 'helfen sie',
  ],
  question: [
    [1, ['wann', 'wo', 'wohin', 'gibt es', 'haben sie', 'habt ihr', 'ist es möglich', 'kann ich',
      'können sie mir sagen', 'wie lange', 'ob']],
    [0.5, ['wie', 'was', 'warum', 'welche', 'welcher', 'welches', 'wer', 'wieso', 'weshalb']],
  ],
  categories: {
    [Category.Complaint]: [
      [2, ['keiner antwortet', 'keiner meldet sich', 'keiner ruft zurück']],
      [3, ['beschwerde', 'beschweren', 'beschwere', 'enttäuscht', 'enttäuschend', 'unverschämt',
        'frechheit', 'unzufrieden', 'katastrophe', 'katastrophal', 'inakzeptabel', 'nicht akzeptabel',
        'nie wieder', 'unfreundlich', 'schlechteste', 'schlechtester', 'schlechtesten',
        'schlechtestes', 'abzocke', 'miserabel', 'unprofessionell', 'zumutung', 'skandal',
        'unmöglich', 'ärgerlich', 'betrug', 'sauer', 'wütend', 'furchtbar', 'schrecklich',
        'unverschämtheit', 'verärgert', 'so kann man nicht', 'nicht mit kunden umgehen',
        'mit kunden nicht umgehen']],
      [1, ['geld zurück']],
      [2, ['niemand antwortet', 'keine antwort', 'keine rückmeldung', 'nicht zurückgerufen',
        'niemand hat zurückgerufen', 'niemand meldet sich', 'schlecht', 'reklamation',
        'drei mal', 'dreimal', 'zum dritten mal', 'warte seit', 'immer noch keine',
        'textbausteine', 'unhöflich', 'beschwere mich', 'chef sprechen', 'keine verantwortung',
        'schande', 'so nicht', 'so geht das nicht', 'geht gar nicht', 'was ist das für ein laden',
        'angelogen', 'belogen']],
      [0.5, ['niemand', 'immer noch', 'wieder']],
      [1, ['obendrein', 'zu allem überfluss', 'noch dazu']],
    ],
    [Category.Technical]: [
      [2, ['geht aus', 'schaltet ab', 'schaltet aus', 'schaltet sich ab', 'schaltet sich aus',
        'setzt aus']],
      [3, ['fehlercode', 'fehlermeldung', 'firmware', 'software', 'server', 'datenbank',
        'schnittstelle', 'api', 'webhook', 'zahlungsseite', 'bezahlseite', 'kassensystem',
        'onlineshop', 'webshop', 'website', 'webseite', 'homepage', 'gehackt', 'hackerangriff',
        'produktivsystem', 'admin-zugang', 'admin-konto', 'ip-adresse']],
      [2, ['app', 'login', 'einloggen', 'passwort', 'kennwort', 'fehler', 'absturz', 'abgestürzt',
        'stürzt ab', 'system', 'update', 'aktualisierung', 'bluetooth', 'display', 'synchronisiert',
        'synchronisieren', 'browser', 'checkout', 'link', 'bestätigungsmail',
        'bestätigungs-mail', 'e-mail', 'strava', 'bildschirm', '=seite', '=seiten', 'online', 'admin',
        'eingeloggt', 'ausgeloggt', 'zugangsdaten', 'plattform', 'ip', 'bestellstrecke',
        'abgemeldet', 'sitzung']],
      [1, ['akku', 'motor', 'anmelden', 'anmeldung', 'aufladen', 'ladegerät', 'sensor', 'daten',
        'mail', 'karte', 'konto']],
      [0.5, ['e-bike', 'ebike', 'pedelec']],
    ],
    [Category.Support]: [
      [3, ['reparatur', 'reparieren', 'werkstatt', 'termin', 'umtausch', 'umtauschen',
        'rücksendung', 'zurückschicken', 'zurücksenden', 'retoure', 'erstatten', 'erstattung',
        'rückerstattung', 'rechnung', 'bedienungsanleitung', 'zentrieren', 'einstellen',
        'ersatzteil', 'rechnungsadresse', 'lieferadresse', 'doppelt abgebucht', 'zweimal abgebucht',
        'doppelt belastet',
        'zweimal belastet', 'abgebucht', 'stornieren', 'storniert', 'stornierung', 'storniere',
        'doppelte abbuchung', 'war ich nicht', 'karte missbraucht', 'zurückbuchen', 'rückbuchung',
        'abbuchung', 'abbuchungen', 'kontoauszug', 'nicht getätigt']],
      [2, ['lieferung', 'anleitung', 'sperren', 'austauschen',
        'ersetzen', 'abholen', 'nachjustieren', 'sendungsverfolgung', 'inspektion', 'lieferadresse',
        'adresse ändern', 'termin für', 'kamera', 'kameras', 'videoaufnahmen',
        'überwachungskamera', 'schaffen sie', 'schafft ihr']],
      [0.5, ['hilfe', 'helfen']],
      [1, ['paket', 'bremse', 'bremsen', 'kette', 'schaltung', 'reifen',
        'schlauch', 'klingel', 'sattel', 'lenker', 'pedal', 'gabel', 'licht', 'speiche', 'helm',
        'größe', 'konto', 'hinterrad', 'vorderrad', 'rahmen', 'schloss', 'garantie',
        'gewährleistung', 'sendung', 'service', 'zurückrufen', 'ändern', 'ständer', 'vorbeikommen',
        'dhl', 'hermes', 'dpd', 'verteilzentrum', 'paketshop', 'nachfragen']],
    ],
    [Category.Sales]: [
      [3, ['fachhändler', 'händlerpreis', 'händlerpreise', 'preisliste', 'wiederverkäufer',
        'mindestabnahme', 'abnahmemenge', 'mindestbestellmenge', 'mieten', 'wartungsvertrag',
        'servicevertrag']],
      [2, ['ausleihen']],
      [3, ['kaufen', 'kauf', 'preis', 'preise', 'kostet', 'kosten', 'angebot', 'rabatt', 'auf lager',
        'vorrätig', 'probefahrt', 'leasing', 'jobrad', 'finanzierung', 'ratenzahlung',
        'firmenkunden', 'gutschein', '=bestellen', 'kostenvoranschlag', 'im angebot',
        'sonderangebot', 'listenpreis', 'in raten', 'budget', 'verkauft ihr', 'verkaufen sie']],
      [2, ['lieferbar', 'günstig', 'günstiger', 'teuer', 'pro monat', 'im monat', 'firmenkunde',
        'katalog', 'großbestellung', 'empfehlen', 'empfehlung', 'empfehlt', 'abo', 'abonnement',
        'abonnieren', 'tarif', 'lizenz', 'lizenzen', 'testversion', 'jährliche abrechnung',
        'wieder da', 'wieder verfügbar', 'wieder lieferbar', 'wieder auf lager']],
      [1, ['erhältlich', 'verfügbar', 'verfügbarkeit', 'habt ihr noch', 'haben sie noch', 'aufpreis',
        'habt ihr', 'zoll']],
    ],
    [Category.Inquiry]: [
      [3, ['liefert ihr', 'versendet ihr', 'schickt ihr', 'liefern sie auch']],
      [2, ['ist es sicher', 'unbedenklich', 'trotzdem laden']],
      [3, ['öffnungszeiten', 'öffnungszeit', 'geöffnet', 'habt ihr offen', 'wie lange dauert',
        'wo ist', 'wo bleibt', 'schon fertig', 'noch gilt', 'wann schließt', 'wann öffnet',
        'wie ist der stand', 'stand meiner', 'bestellstatus', 'bis wann', 'wie lange habt ihr']],
      [2, ['adresse', 'befindet', 'frage', 'information', 'informationen', 'infos', 'liefern sie',
        'versenden sie', 'lieferzeit', 'status', 'wie lange', 'deckt', 'abgedeckt', 'gilt',
        'standort', 'filiale', 'gibt es neuigkeiten', 'neuigkeiten', 'schon was neues']],
      [1, ['wo', 'offen', 'wissen', 'gibt es', 'ob', 'uhr']],
      [2, ['habt ihr heute', 'habt ihr morgen', 'heute auf', 'morgen auf']],
      [2, ['wann']],
    ],
    [Category.General]: [
      [2, ['ist da wer', 'ist da jemand', 'jemand da']],
      [3, ['schönes wochenende', 'schönen tag', 'schönen abend', 'frohe weihnachten']],
      [2, ['guten morgen', 'guten tag', 'guten abend', 'moin', 'servus', 'danke', 'vielen dank',
        'dankeschön', 'danke schön', 'tschüss', 'bis bald', 'alles gut', 'grüß gott', 'wie geht es',
        'alles in ordnung', 'alles top',
        'wie geht\'s', 'auf wiedersehen']],
      [1, ['hallo', 'hi', 'hey', 'ok', 'okay', 'super', 'passt', 'gut', 'prima']],
    ],
  },
  domain: ['fahrrad', 'e-bike', 'rad', 'bestellung', 'lieferung', 'helm', 'akku'],
  contrast: ['aber', 'jedoch', 'allerdings', 'sondern', 'trotzdem'],
};

// Word lists stay packed: one term per line would make them unreadable.
// prettier-ignore
const NO: Lexicon = {
  markers: [
    'og', 'er', 'ikke', 'jeg', 'det', 'en', 'et', 'på', 'med', 'til', 'av', 'som', 'har', 'kan',
    'min', 'mitt', 'mine', 'hei', 'takk', 'når', 'hva', 'hvor', 'hvordan', 'vi', 'dere', 'deres',
    'ble', 'blir', 'skal', 'vil', 'meg', 'deg', 'seg', 'fortsatt', 'enda', 'også', 'må', 'ikkje',
    'noe', 'noen', 'ingen', 'hele', 'får', 'fra', 'om', 'etter', 'være', 'vært', 'helt', 'veldig',
    'bare', 'nå', 'sykkel', 'sykkelen', 'gjerne', 'jo', 'men', 'eller', 'dette', 'denne', 'hvis',
    'fordi', 'tusen', 'haster', 'kjøpe', 'bestilling', 'ordre', 'butikken', 'dag', 'bra',
    'hjelp', 'hvorfor', 'kommer', 'ha', 'fin', 'god', 'morgen', 'lenge', 'da', 'her', 'der', 'jeg',
  ],
  urgency: [
    [4, ['haster', 'det haster', 'hastesak', 'akutt', 'snarest', 'så fort som mulig',
      'så raskt som mulig', 'umiddelbart', 'øyeblikkelig', 'asap', 'kritisk', 'nødsituasjon',
      'med en gang', 'straks', 'omgående']],
    [2, ['viktig', 'raskt', 'fort', 'taper penger', 'hvert minutt', 'nå nettopp', 'akkurat nå',
      'minutter siden', 'min siden', 'for litt siden']],
    [1, ['nå', 'snart', 'i kveld', 'innen i morgen', 'i dag']],
  ],
  calm: [
    'haster ikke', 'det haster ikke', 'ingen hast', 'ikke hast', 'ikke akutt', 'når det passer',
    'når dere har tid', 'når du har tid', 'ikke så viktig', 'ingen stress', 'ingen krise',
    'ta den tiden', 'ikke noe hastverk', 'ingen hastverk', 'haster egentlig ikke',
    'ikke så nøye', 'ikke viktig', 'ikke så farlig', 'ingen fare', 'ikke noe krise', 'ikke krise',
    'ikke noe stress', 'ikke noe hast', 'når dere får tid', 'haster jo ikke', 'haster heller ikke',
    'haster forresten ikke',
  ],
  severity: [
    [9, ['brann', 'brenner', 'blør', 'sykehus', 'sykehuset', 'ambulanse', 'legevakt', 'legevakten',
      'bevisstløs', 'eksplosjon', 'alvorlig skadet', 'skadet seg', 'skadd', 'legevakta', 'slo hodet',
      'slått hodet', 'hjernerystelse', 'hun er skadet', 'han er skadet',
      'brukket armen', 'brakk armen', 'brukket beinet', 'sydd', 'skadelegevakten', 'stygt kutt', 'dypt kutt']],
    [8, ['røyk', 'ulykke', 'hacket', 'datainnbrudd', 'er nede', 'ligger nede', 'vært nede',
      'gått ned', 'helt nede', 'lukter brent', 'brent lukt', 'tok fyr', 'tatt fyr', 'lukter svidd',
      'produksjon nede', 'produksjonen nede', 'produksjonen er rammet', 'produksjon rammet']],
    [7, ['farlig', 'uautorisert', 'trukket to ganger', 'trukket dobbelt',
      'belastet to ganger', 'trukket 2 ganger', 'trukket 3 ganger', 'trukket flere ganger',
      'trukket tre ganger', 'trukket meg to ganger', 'trukket meg dobbelt', 'dobbelt trekk',
      'brukt kortet mitt', 'misbrukt', 'ikke kjenner igjen', 'kjenner ikke igjen']],
    [6, ['tyveri', 'falt', 'veltet', 'innbrudd']],
  ],
  stranded: [
    'strandet', 'står fast', 'langt hjemmefra', 'kommer meg ikke hjem', 'midt i skogen',
    'midt på veien', 'i veikanten',
  ],
  theft: [
    'stjålet', 'stjal', 'stjålen', 'kuttet låsen', 'klippet låsen', 'brutt seg inn', 'syklet av gårde',
    'syklet avgårde', 'tok sykkelen', 'sykkelen er borte', 'sykkelen min er borte',
    'sykkelen var borte',
  ],
  settled: [
    'forrige uke', 'i forrige uke', 'forrige måned', 'i fjor', 'uker siden', 'dager siden',
    'i går', 'anmeldt', 'anmeldelse', 'politianmeldelse', 'forsikring*', 'blir stjålet',
    'i tilfelle',
  ],
  fraud: ['svindel', 'svindlet'],
  moneyContext: [
    'kort', 'kortet', 'konto', 'kontoen', 'bank', 'banken', 'kontoutskrift', 'trukket', 'belastet',
    'betaling', 'betalinger', 'transaksjon', 'transaksjoner', 'vipps',
  ],
  accusation: [
    'dette er svindel', 'det er svindel', 'det her er svindel', 'rein svindel', 'ren svindel',
    'dere er svindlere', 'svindlere', 'dette er tyveri', 'rent tyveri', 'dere er tyver',
  ],
  ambientHeat: [
    'i sola', 'i solen', 'solsteik', 'grader', 'hetebølge', 'i bilen', 'varm dag',
  ],
  roadside: [
    'kan noen komme', 'kan noen hente', 'hente meg', 'hente oss', 'begynner å mørkne', 'mørkner',
    'blir mørkt', 'langt fra byen', 'ingen pumpe', 'står med', 'på fjellet', 'ute på tur',
  ],
  conditional: ['hvis', 'dersom', 'i tilfelle'],
  later: [
    'neste uke', 'i morgen', 'i helgen', 'en gang', 'på mandag', 'på tirsdag', 'på onsdag',
    'på torsdag', 'på fredag', 'på lørdag',
  ],
  phishingBait: [
    'trykket på lenka', 'trykket på lenken', 'klikket på lenken', 'klikket på lenka',
    'trykte på lenken', 'sms fra dere', 'sms fra', 'falsk sms', 'e-post fra dere',
  ],
  credentialsGiven: [
    'la inn kortnummer*', 'la inn kortinfo*', 'la inn kortopplysning*', 'tastet inn kort*',
    'oppga kortnummer*', 'la inn passord*', 'tastet inn passord*', 'oppga kortopplysning*',
  ],
  irony: ['takk for ingenting', 'takk for ingen ting'],
  repetition: ['igjen', 'enda en', 'nok en', 'enda et', 'nok et', 'atter en'],
  distress: ['hjelp', 'hjelp meg', 'sos', 'hjelp oss'],
  price: ['pris', 'priser', 'prisen', 'koster', 'pristilbud', 'tilbud', 'hva tar dere'],
  transit: [
    'ordre', 'ordren', 'bestilling', 'bestillingen', 'pakke', 'pakken', 'sporing', 'sporingen',
    'levering', 'leveringen', 'sendt', 'posten', 'postnord',
  ],
  threat: [
    'advokat', 'forbrukerrådet', 'forbrukerradet', 'rettssak', 'saksøke', 'forliksrådet',
    'forbrukertilsynet', 'rettslige skritt',
  ],
  failure: [
    'ødelagt', 'i stykker', 'defekt', 'knakk', 'knekt', 'knust', 'brukket', 'punktert', 'punktering',
    'mangler', 'borte', 'krasjer', 'krasjet', 'krasj', 'henger seg', 'frosset', 'avvist',
    'trukket to ganger', 'trukket dobbelt', 'belastet to ganger', 'feil størrelse', 'feil vare',
    'aldri kommet', 'aldri fått', 'virker ikke', 'fungerer ikke', 'funker ikke', 'ugyldig',
    'trukket 2 ganger', 'trukket 3 ganger', 'trukket flere ganger', 'trukket tre ganger',
    'gikk i stykker', 'nede', 'døde', 'død', 'feiler', 'feilet', 'faller fra hverandre', 'skadet',
    'trukket meg to ganger', 'trukket meg dobbelt', 'dobbelt trekk',
    'falt fra hverandre', 'slår seg av', 'stoppet', 'røk', 'røket', 'revnet', 'avviser',
    'avviste', '=sperret', 'kastet ut', 'utestengt',
  ],
  defect: [
    'riper', 'ripe', 'riper i', 'løs', 'løst seg', 'slår', 'rare lyder', 'lyder', 'lyd', 'problem',
    'problemer', 'feil', 'feilmelding', 'hopper av', 'hopper', 'skrangler', 'piper', 'knirker',
    'rust', 'rusten', 'slark', 'glipper', 'rar', 'rart',
  ],
  outage: [
    'er nede', 'ligger nede', 'vært nede', 'gått ned', 'helt nede', 'nede', 'utilgjengelig',
  ],
  functioning: [
    'virker', 'fungerer', 'funker', 'starter', 'lader', 'åpner', 'laster', 'kommet', 'kommer',
    'fått', 'mottatt', 'logget', 'logge', 'godtatt', 'svarer', 'synkroniserer', 'kobler',
    'bremser', 'levert', 'vises', 'sendt', 'refundert',
  ],
  transactional: [
    'betalt', 'betale', 'handlet', 'handle', 'solgt', 'selge', 'bestille', 'kjøpe', 'gjennomføre',
  ],
  blocking: ['betalingen feiler', 'kortet avvist', 'betaling avvist', 'tar ikke imot betaling'],
  scope: [
    'ingen kunder', 'alle kunder', 'alle kundene', 'kundene klager', 'kundene får', 'ingen får',
    'hele butikken', 'alle ordre', 'alle bestillinger', 'alle betalinger', 'ingen av de ansatte',
    'ingen av oss', 'hele teamet', 'alle ansatte', 'alle de ansatte', 'alle brukerne',
    'alle brukere', 'ingen får jobbet', 'alle kort',
  ],
  safetyParts: ['brems', 'bremsene', 'bremser', 'styret', 'gaffel', 'gaffelen'],
  paymentWords: [
    'betaling', 'betalinger', 'betalingen', 'betalingene', 'kortbetaling', 'kassen', 'betale',
    'betalingsterminal', 'betalingsterminalen', 'terminalen', 'kortterminal', 'kassa', 'kort',
  ],
  batteryParts: ['batteri', 'batteriet', 'batteriene', 'lader', 'laderen'],
  overheating: [
    'veldig varm', 'veldig varmt', 'brennvarm', 'brennvarmt', 'glovarm', 'glovarmt',
    'altfor varmt', 'overopphetet', 'overoppheting', 'hovnet', 'hovnet opp', 'svulmet',
    'oppsvulmet', 'freser', 'gnister', 'smeltet', 'svidd',
  ],
  chargeWords: ['trukket', 'belastet', 'debitert', 'fakturert'],
  repeatWords: ['to ganger', '2 ganger', 'tre ganger', '3 ganger', 'flere ganger', 'dobbelt', '2x'],
  negatorsBefore: ['ikke', 'ikkje', 'ingen', 'aldri', 'uten', 'ingenting', 'verken'],
  negatorsAfter: ['ikke', 'ikkje', 'aldri'],
  positive: [
    [2, ['tusen takk', 'flott', 'fornøyd', 'supert', 'super', 'strålende', 'perfekt', 'fantastisk',
      'god service', 'kjempebra', 'kjempefornøyd', 'topp', 'nå virker det', 'nå funker det',
      'problemet er løst', 'det ordnet seg']],
    [1, ['takk', 'bra', 'glad', 'fint', 'fin', 'greit', 'hyggelig', 'hjelpsom']],
  ],
  negative: [
    [3, ['elendig', 'forferdelig', 'katastrofe', 'håpløst', 'håpløs', 'sint', 'rasende',
      'misfornøyd']],
    [2, ['dårlig', 'irritert', 'irriterende', 'lei av', 'trist', 'ikke greit', 'dårligste']],
    [1, ['dessverre', 'synd', 'lei meg']],
  ],
  request: [
    'vennligst', 'kan dere', 'kan du', 'vil gjerne', 'trenger', 'ønsker', 'ring meg', 'gi beskjed',
    'hjelp meg',
  ],
  question: [
    [1, ['når', 'hvor', 'har dere', 'kan jeg', 'er det mulig', 'hvor lenge', 'hvor lang',
      'lurer på']],
    [0.5, ['hvordan', 'hva', 'hvorfor', 'hvilken', 'hvilke', 'hvem', 'gir dere']],
  ],
  categories: {
    [Category.Complaint]: [
      [3, ['klage', 'klager', 'klaget', 'skuffet', 'skuffende', 'uakseptabelt', 'uakseptabel',
        'elendig', 'dårligste', 'frekk', 'frekke', 'aldri igjen', 'aldri mer', 'forferdelig', 'håpløst',
        'håpløs', 'svindel', 'lurt', 'skandale', 'ikke greit',
        'lei av', 'sint', 'rasende', 'uprofesjonell', 'uprofesjonelt', 'elendig kundeservice',
        'skammelig', 'nedlatende', 'standardsvar', 'skam', 'en skam', 'tar ikke ansvar',
        'snakke med sjefen', 'misfornøyd', 'uhøflig', 'uhøflige', 'dårlig gjort', 'ingen vil ta ansvar',
        'ingen tar ansvar', 'vil ikke ta ansvar']],
      [2, ['ingen svarer', 'ingen svar', 'ikke svart', 'ikke fått svar', 'ingen gir meg beskjed',
        'ingen tilbakemelding', 'dårlig', 'irritert', 'venter fortsatt', 'har ventet',
        'tredje gang']],
      [0.5, ['ingen', 'fortsatt', 'igjen', 'behandlet']],
      [1, ['attpåtil', 'i tillegg til alt', 'på toppen av det hele']],
      [1, ['pengene tilbake', 'pengene mine']],
    ],
    [Category.Technical]: [
      [2, ['slår seg av', 'kutter ut', 'skrur seg av']],
      [3, ['feilmelding', 'feilkode', 'firmware', 'programvare', 'server', 'serveren', 'database',
        'api', 'betalingsløsning', 'betalingsside', 'betalingssiden', 'kassesystem', 'kassesystemet',
        'nettside', 'nettsiden', 'nettbutikk', 'nettbutikken', 'hjemmeside', 'hjemmesiden', 'hacket']],
      [2, ['app', 'appen', 'innlogging', 'logge inn', 'logget inn', 'passord', 'passordet',
        'system', 'systemet', 'oppdatering', 'oppdateringen', 'bluetooth', 'display', 'displayet',
        'skjerm', 'skjermen', 'krasjer', 'krasjet', 'synkroniserer', 'lenke', 'lenken',
        'bekreftelsesmail', 'e-post', 'strava', 'nettleser', 'admin', 'plattform', 'plattformen',
        'ip', 'produksjon', 'produksjonen']],
      [1, ['batteri', 'batteriet', 'motor', 'motoren', 'lader', '=side', '=sidene', 'feil', 'data',
        'kort', 'nett', 'innlogg', 'mail', 'konto', 'kontoen', 'tjenesten']],
      [0.5, ['elsykkel', 'elsykkelen', 'el-sykkel', 'ebike']],
    ],
    [Category.Support]: [
      [3, ['reparasjon', 'reparere', 'verksted', 'verkstedet', 'bestille time', 'retur',
        'returnere', 'refusjon', 'refundere', 'refunder', 'faktura', 'fakturaen', 'kvittering',
        'bruksanvisning', 'bruksanvisningen', 'justere', 'reservedel', 'reservedeler', 'bytte dekk',
        'trukket to ganger', 'trukket dobbelt', 'belastet to ganger', 'trukket', 'kansellere',
        'fakturaadresse', 'fakturaadressen', 'leveringsadresse', 'leveringsadressen',
        'kanseller', 'avbestille', 'avbestill', 'brukt kortet mitt', 'var ikke meg', 'misbrukt',
        'ikke kjenner igjen', 'kjenner ikke igjen', 'trekk']],
      [2, ['levering', 'leveringen', 'bytte', 'sperr', 'sperre', 'rette',
        'fikse', 'hente', 'sporing', 'sporingen', 'sporingsnummer', 'leveringsadresse',
        'leveringsadressen', 'endre adressen', 'time til', 'kamera', 'kameraet',
        'overvåkningskamera', 'overvåkningskameraet', 'rekker dere', 'posten', 'postkontoret',
        'postnord', 'pakkeautomat']],
      [0.5, ['hjelp', 'hjelpe']],
      [1, ['pakke', 'pakken', 'brems', 'bremsene', 'kjede', 'kjedet', '=dekk',
        '=dekkene', 'hjul', 'hjulet', 'bakhjul', 'bakhjulet', 'pedal', 'sete', 'setet',
        'ringeklokke', 'ringeklokka', 'lys', 'lykt', 'gaffel', 'ramme', 'hjelm', 'størrelse', 'lås',
        'garanti', 'garantien', 'service', 'konto', 'kontoen', 'ring meg', 'endre', 'støtteben',
        'støttebenet', 'støttebein', 'komme innom']],
    ],
    [Category.Sales]: [
      [3, ['prisliste', 'forhandlerpris', 'forhandlerpriser', '=leie', 'å leie', 'leie ut',
        'serviceavtale', 'hva tar dere']],
      [2, ['forhandler']],
      [3, ['kjøpe', 'kjøp', 'kjøper', 'pris', 'priser', 'prisen', 'koster', 'tilbud', 'rabatt',
        'på lager', 'prøvekjøre', 'prøvekjøring', 'prøvetur', 'leasing', 'finansiering',
        'avbetaling', 'bedriftsavtale', 'gavekort', '=bestille', 'kampanje', 'salg',
        'mengderabatt', 'pristilbud', 'budsjett']],
      [2, ['billig', 'billigere', 'dyr', 'dyrt', 'per måned', 'i måneden', 'katalog', 'firmaet',
        'anbefale', 'anbefaling', 'abonnere', 'abonnerer', 'abonnement', 'lisens', 'lisenser',
        'årlig fakturering', 'prøveperiode']],
      [3, ['selger dere']],
      [2, ['får dere inn', 'inn på lager', 'tilbake på lager', 'når får dere inn']],
      [1, ['tilgjengelig', 'lager', 'tommer']],
    ],
    [Category.Inquiry]: [
      [3, ['sender dere', 'leverer dere']],
      [2, ['er det trygt', 'går det an']],
      [3, ['åpningstider', 'åpningstidene', 'åpningstid', 'åpent', 'hvor lenge gjelder',
        'hvor lang er', 'hvor er', 'ferdig', 'er den klar', 'når stenger', 'når åpner',
        'fortsatt gjelder']],
      [2, ['adresse', 'adressen', 'ligger', 'spørsmål', 'informasjon', 'info', 'lurer på',
        'sender dere', 'leverer dere', 'leveringstid', 'leveringstiden', 'status', 'hvor lenge',
        'dekker', 'dekket', 'gjelder', 'sender til', 'noe nytt', 'nytt om']],
      [1, ['hvor', 'åpen', 'vite', 'når']],
      [2, ['når kommer', 'når blir', 'når får', 'når er', 'når kan', 'når åpner', 'når stenger']],
    ],
    [Category.General]: [
      [2, ['er det noen der', 'noen der']],
      [3, ['ha en fin dag', 'ha en fin helg', 'ha det bra', 'god helg', 'fin helg',
        'ha en god dag']],
      [2, ['god morgen', 'god dag', 'god kveld', 'takk', 'tusen takk', 'ha det', 'snakkes',
        'alt er bra', 'alt bra', 'hvordan går det', 'alt i orden', 'takk skal dere ha']],
      [1, ['hei', 'hallo', 'heisann', 'hallaisen', 'ok', 'okei', 'greit', 'flott', 'supert', 'fint',
        'det passer']],
    ],
  },
  domain: ['sykkel', 'sykkelen', 'elsykkel', 'elsykkelen', 'bestilling', 'pakke', 'hjelm'],
  contrast: ['men', 'likevel', 'derimot'],
};

// English doubles as the fallback and as a second lexicon for all.
export const LEXICONS: Readonly<Record<LexiconLanguage, Lexicon>> = {
  en: EN,
  tr: TR,
  de: DE,
  no: NO,
};

export type LexiconLanguage = 'en' | 'tr' | 'de' | 'no';

export const LEXICON_LANGUAGES: readonly LexiconLanguage[] = ['en', 'tr', 'de', 'no'];

// Turkish is left out: it is matched by prefix, not stemmed.
export const STEMMER_NAMES: Readonly<Partial<Record<LexiconLanguage, string>>> = {
  en: 'english',
  de: 'german',
  no: 'norwegian',
};

// Matched against the folded sentence (lower case, no diacritics, words joined by single spaces).
export const INJECTION_PATTERNS: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instruction|instructions|prompt|prompts|rules|guidelines|directions|system)\b/,
  /\b(mark|flag|set|classify|label|rate|treat|tag|score|categori[sz]e|escalate)\b.{0,40}\b(as|to)\b.{0,20}\b(critical|urgent|high|highest|top|10|emergency|priority)\b/,
  /\b(mark|flag|classify|label|tag|escalate)\b( \w+){0,3} (critical|urgent|emergency|top priority|high priority)\b/,
  /\b(urgency|priority)( score| level)? (is |to |= )?(10|critical|highest)\b/,
  /\b(you are now|system prompt|developer mode|jailbreak|as an ai)\b/,
  /\b(urgency|priority|aciliyet|oncelik|dringlichkeit|prioritat|hastegrad|prioritet)\w*( \w+){0,2} (10|critical|kritisch|kritik|kritisk|hochste|hoyeste|maksimum)\b/,
  /\b(sen artik|du bist (jetzt|nun|ab sofort)|du er na)\b/,
  /\b(talimat|komut|kural|yonerge)\w* (\w+ ){0,2}(yok say|unut|gormezden gel|dikkate alma)/,
  /\b(kritik|acil|yuksek oncelik)\w* (\w+ )?(olarak )?(isaretle|kaydet|ayarla|sinifla|degerlendir)\w*/,
  /\boncelig\w* (\w+ )?(kritik|yuksek|acil)\w* (\w+ )?(yap|ayarla|olarak)/,
  /\b(ignorier|vergiss|missacht|uberschreib)\w*\b.{0,40}\b(anweisung|instruktion|regel|prompt|vorgab)\w*/,
  /\b(markier|setz|stuf|klassifizier|bewert)\w*\b.{0,40}\b(kritisch|dringend|hochste|prioritat)\w*/,
  /\b(ignorer|glem|overse)\w*\b.{0,40}\b(instruks|regl|prompt|beskjed)\w*/,
  /\b(marker|sett|klassifiser|merk)\w*\b.{0,40}\b(kritisk|haster|hoy prioritet|akutt|hoyeste)\w*/,
];

// SQL or code pasted into a chat: its words are not read as language.
export const CODE_PATTERN =
  /\b(select\s+.+\s+from|drop\s+(?:table|database|schema)|insert\s+into|delete\s+from|union\s+select|update\s+\w+\s+set|truncate\s+table|or\s+1\s*=\s*1|<script)\b|\bor\s+'[^']*'\s*=\s*'|\w'\s*(?:--|;)/i;

// An opening-hours question's "until 6pm" is when we close, not a deadline.
export const OPENING_HOURS_PATTERN =
  /\b(open|opening|offen|geoffnet|offnungszeit\w*|acik|acilis\w*|apent|apen|apner|apningstid\w*)\b|\bauf ?\?/;

// Matched against the diacritic-folded text.
export const SAME_DAY_PATTERN =
  /\b(today|tonight|this (afternoon|evening)|heute|bugun|bu gun|bu aksam|i dag|idag|i kveld)\b/;

// Matched against the diacritic-folded text ("før" folds to "for").
export const CLOCK_DEADLINE_PATTERNS: readonly RegExp[] = [
  /\b(before|by|until|till|no later than) (\d{1,2}([:.]\d{2})? ?(am|pm|o'?clock)|\d{1,2}[:.]\d{2}|noon|midday|closing( time)?|end of (the )?day)\b/,
  /\b(bis|vor) (\d{1,2}([:.]\d{2})? ?uhr|\d{1,2}[:.]\d{2}|mittag|ladenschluss|feierabend)\b/,
  /\b(for|innen|til) (kl\.? ?\d{1,2}([:.]\d{2})?|klokka \d{1,2}|\d{1,2}[:.]\d{2}|stengetid|lunsj)\b/,
  /\bsaat ?\d{1,2}([:.]\d{2})? ?'? ?(e|a|ye|ya|den|dan|ten|tan)? (kadar|once)\b/,
  /\b(aksama|ogleye|ogle|mesai bitimine) kadar\b/,
  // A bare hour next to a same-day word: "by 3 today", "heute bis 3", "3'e kadar".
  /\b(before|by|until|till) \d{1,2} (today|tonight|this (afternoon|evening))\b/,
  /\b(today|tonight|this afternoon) (before|by|until|till) \d{1,2}\b(?![.,:]?\d| ?(days?|weeks?|%|km|kg))/,
  /\b(bis|vor) \d{1,2}\b(?![.,:]?\d| ?(tage|tagen|wochen|monate|km|kg|stuck|euro|%|mal|x\b))/,
  /\b\d{1,2} ?'? ?(e|a|ye|ya) kadar\b/,
];

// Matched against the folded text: a deadline minutes away, whatever the clock says.
export const IMMINENT_PATTERNS: readonly RegExp[] = [
  /\b(in|within) (\d{1,2}|ten|fifteen|twenty|thirty|forty) ?(min|mins|minutes)\b|\bwithin the hour\b|\bin half an hour\b/,
  /\b(in|innerhalb von) (\d{1,2}|zehn|zwanzig|dreissig|einer halben) ?(min|minuten|stunde)\b/,
  /\b(\d{1,2} ?(dk|dakika)|yarim saat) (sonra|icinde)\b/,
  /\b(om|innen) ((\d{1,2}|ti|femten|tjue|tretti) ?(min|minutter)|en halvtime)\b/,
];

// Matched against the folded text: a quantifier over people or systems ("all 120 of our users").
export const SCOPE_PATTERNS: readonly RegExp[] = [
  /\b(all|every|each)( of)?( the| our| my)?( \d+)?( of (our|the|my))? (users|customers|staff|employees|riders|drivers|couriers|stores|shops|branches|orders|payments|cards|terminals|accounts|devices)\b/,
  /\b(alle|samtliche|jede[nrs]?|keine[rn]?)( unsere[rn]?| der| die| meine[rn]?)?( \d+)? (nutzer|benutzer|kunden|mitarbeiter\w*|filialen|bestellungen|zahlungen|karten|terminals|kassen|konten|fahrer)\b/,
  /\b(tum|butun|hicbir)( \w+)? (kullanici|musteri|calisan|personel|ekip|sube|magaza|siparis|odeme|kart|bayi)\w*/,
  /\b(alle|ingen|hver|samtlige)( av)?( de| vare| mine)?( \d+)? (brukere|brukerne|kunder|kundene|ansatte|butikker|butikkene|ordre|ordrer|betalinger|kort|terminaler|bud|budene)\b/,
];

// Matched against the folded text: the third or later attempt to reach us.
export const REPEAT_CONTACT_PATTERN =
  /\b(third|fourth|fifth|sixth|3rd|4th|5th|6th|dritte[nrs]?|vierte[nrs]?|funfte[nrs]?|ucuncu|dorduncu|besinci|tredje|fjerde|femte|[3-9]\.) (time|email|e-mail|mail|message|call|kez|kere|defa|mesaj|nachricht|anruf|mal|gang|e-post|melding|henvendelse)\b/;

// Matched against the folded text: group 1 the amount, group 2 the unit, in a phrase that says
// the wait is still going on ("for 9 days", "seit 2 Wochen", "8 gündür", "på 9 dager").
export const DURATION_PATTERNS: readonly RegExp[] = [
  /\b(?:for|in|been|since|after|over|than) (?:a good |about |almost |nearly |over )?(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|few) (days?|weeks?|months?)\b/g,
  /\b(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|few) (days?|weeks?|months?) ago\b/g,
  /\b(?:seit|vor|nach|uber) (?:gut |fast |uber )?(\d+|einer?m?|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|mehreren) (tage?n?|wochen?|monate?n?)\b/g,
  /\b(\d+|bir|iki|uc|dort|bes|alti|yedi|sekiz|dokuz|on) ?(gun|hafta|ay)(?:dir|dur|tir|tur)\b/g,
  /\b(\d+|bir|iki|uc|dort|bes|alti|yedi|sekiz|dokuz|on) (gun|hafta|ay) (?:once|oldu)\b/g,
  /\b(?:pa|i|etter|over) (?:over |nesten )?(\d+|en|ei|et|to|tre|fire|fem|seks|sju|syv|atte|ni|ti|flere) (dager?|dogn|uker?|maneder?)\b/g,
  /\b(\d+|en|ei|et|to|tre|fire|fem|seks|sju|syv|atte|ni|ti|flere) (dager?|dogn|uker?|maneder?) siden\b/g,
];

export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(
  (
    [
      [1, 'a one ein eine einer einem bir en ei et'],
      [2, 'two zwei iki to'],
      [3, 'three drei uc tre several few mehreren flere'],
      [4, 'four vier dort fire'],
      [5, 'five funf bes fem'],
      [6, 'six sechs alti seks'],
      [7, 'seven sieben yedi sju syv'],
      [8, 'eight acht sekiz atte'],
      [9, 'nine neun dokuz ni'],
      [10, 'ten zehn on ti'],
    ] as const
  ).flatMap(([value, words]) => words.split(' ').map((word) => [word, value] as const)),
);

// Ignored in a sentence that looks like code.
export const CODE_WORDS: ReadonlySet<string> = new Set([
  'select',
  'from',
  'where',
  'drop',
  'table',
  'database',
  'schema',
  'insert',
  'into',
  'union',
  'delete',
  'update',
  'set',
  'values',
  'truncate',
  'or',
  'and',
  'script',
  'null',
  'all',
]);

// Names and acronyms, not shouting.
export const ACRONYMS: ReadonlySet<string> = new Set([
  'API',
  'POS',
  'SQL',
  'URL',
  'TL',
  'CEO',
  'USB',
  'SMS',
  'OK',
  'CSV',
  'PDF',
  'VIP',
  'HTTP',
  'EUR',
  'USD',
  'NOK',
  'TRY',
  'GPS',
  'LED',
  'BMX',
  'MTB',
  'DHL',
  'UPS',
  'PTT',
  'KDV',
  'MWST',
  'MVA',
  'IBAN',
  'SSL',
  'DNS',
  'CHF',
  'GMBH',
  'AS',
  'AŞ',
  'LTD',
  'FAQ',
  'ASAP',
  'SOS',
]);

export const ALARM_EMOJI = /🚨|🆘|‼️|‼|❗|⚠️|⚠|🔥|⛔|🚒|🚑|💥/gu;
export const POSITIVE_EMOJI = /😊|🙂|😀|😃|😄|😁|😍|🥰|❤️|❤|👍|🙏|👏|🎉|😎|🌞|☺️|💯|✅/gu;
export const NEGATIVE_EMOJI = /😡|🤬|😠|😤|👎|😞|😢|😭|😩|😫|🙄|💩/gu;
export const ANGRY_EMOJI = /😡|🤬|😠|😤|👎|🙄|💩/gu;
