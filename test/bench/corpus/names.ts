// Names the generated Python and TypeScript code is written about.

export const DOMAINS = [
  'order', 'invoice', 'payment', 'shipment', 'customer', 'account', 'report', 'metric', 'ticket', 'inventory',
  'notification', 'session', 'profile', 'catalog', 'review', 'coupon', 'refund', 'audit', 'webhook', 'export',
];

export function title(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}
