#!/usr/bin/env node
// Checks corpus JSONL files: one object per line with the six fields and consistent labels.
'use strict';
const fs = require('node:fs');

const CATEGORIES = ['sales', 'support', 'complaint', 'inquiry', 'technical', 'general', null];
const LANGS = ['en', 'tr', 'de', 'no'];
const DOMAINS = [
  'bike_shop', 'telecom', 'online_retail', 'banking', 'food_delivery',
  'saas', 'travel', 'utilities', 'insurance',
];
const URGENT_LEVELS = ['critical', 'high'];
const ROUTINE_LEVELS = ['normal', 'low'];

let total = 0;
let bad = 0;
for (const file of process.argv.slice(2)) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    total += 1;
    const problem = check(line);
    if (problem) {
      bad += 1;
      console.log(`${file}:${index + 1}: ${problem}: ${line.slice(0, 100)}`);
    }
  });
}
console.log(`${total} messages, ${bad} bad`);
process.exitCode = bad === 0 ? 0 : 1;

function check(line) {
  let row;
  try {
    row = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  const keys = Object.keys(row).sort().join(',');
  if (keys !== 'category,domain,lang,priority_level,text,urgency') return `fields ${keys}`;
  if (typeof row.text !== 'string' || row.text.trim() === '') return 'empty text';
  if (!LANGS.includes(row.lang)) return `lang ${row.lang}`;
  if (!DOMAINS.includes(row.domain)) return `domain ${row.domain}`;
  if (!CATEGORIES.includes(row.category)) return `category ${row.category}`;
  if (row.urgency === 'urgent' && !URGENT_LEVELS.includes(row.priority_level)) return 'urgent needs critical|high';
  if (row.urgency === 'routine' && !ROUTINE_LEVELS.includes(row.priority_level)) return 'routine needs normal|low';
  if (row.urgency !== 'urgent' && row.urgency !== 'routine') return `urgency ${row.urgency}`;
  return null;
}
