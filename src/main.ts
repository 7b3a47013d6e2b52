import { helper } from 'src/messages/probe';
console.log(helper());
