// Stands in for the analysis worker in pool tests: answers each job with the thread that ran
// it, and dies (exit code 3) on a job whose text is 'die'.
const { parentPort, threadId } = require('node:worker_threads');

parentPort.on('message', (message) => {
  if (message.type !== 'job') return;
  if (message.request.job.text === 'die') process.exit(3);
  parentPort.postMessage({ type: 'done', id: message.id, result: { threadId, text: message.request.job.text } });
});
parentPort.postMessage({ type: 'ready' });
