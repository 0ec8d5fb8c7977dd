// Sends order notifications to customers.
export async function sendEmail(to: string, body: string): Promise<void> {
  console.log(`mail to ${to}: ${body.length} characters`);
}

export async function notifyAll(customers: string[]): Promise<void> {
  for (const customer of customers) {
    sendEmail(customer, 'Your order has shipped');
  }
}
