// Express handlers for placing and looking up orders.
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import express, { type Request, type Response } from 'express';
import { db } from './db';
import { mailer } from './mailer';

interface Order {
  id: string;
  email: string;
  items: { sku: string; quantity: number }[];
}

// Read once at start-up, before the server accepts requests: blocking is harmless here.
const pricing = JSON.parse(fs.readFileSync(new URL('./pricing.json', import.meta.url), 'utf8')) as Record<string, number>;

async function saveOrder(order: Order): Promise<void> {
  await db.query('INSERT INTO orders (id, email, items) VALUES ($1, $2, $3)', [order.id, order.email, JSON.stringify(order.items)]);
}

async function sendConfirmation(order: Order): Promise<void> {
  await mailer.send({ to: order.email, template: 'order-confirmation', data: order });
}

async function recordMetric(name: string): Promise<void> {
  await db.query('UPDATE metrics SET count = count + 1 WHERE name = $1', [name]);
}

function totalOf(order: Order): number {
  return order.items.reduce((sum, item) => sum + (pricing[item.sku] ?? 0) * item.quantity, 0);
}

function waitForStock(sku: string, timeoutMs: number): Promise<void> {
  return new Promise(async (resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no stock for ${sku}`)), timeoutMs);
    const { rows } = await db.query('SELECT quantity FROM stock WHERE sku = $1', [sku]);
    clearTimeout(timer);
    if (rows[0]?.quantity > 0) resolve();
    else reject(new Error(`${sku} is out of stock`));
  });
}

export const router = express.Router();

router.post('/orders', async (req: Request, res: Response) => {
  const order = req.body as Order;
  for (const item of order.items) await waitForStock(item.sku, 2_000);
  saveOrder(order);
  sendConfirmation(order).catch((error) => console.error('confirmation email failed', error));
  void recordMetric('orders.created');
  res.status(201).json({ id: order.id, total: totalOf(order) });
});

router.get('/orders/:id/invoice', async (req: Request, res: Response) => {
  const template = fs.readFileSync('templates/invoice.html', 'utf8');
  const { rows } = await db.query('SELECT * FROM orders WHERE id = $1', [req.params.id]);
  const order = rows[0] as Order;
  res.type('html').send(template.replace('{{total}}', String(totalOf(order))));
});

router.get('/orders/:id/terms', async (_req: Request, res: Response) => {
  res.type('text').send(await readFile('templates/terms.txt', 'utf8'));
});
