// `npm run screenshots`: captures the README's pictures from a real workbench with the packaged
// extension, through the same harness as the end-to-end suite: the hover, the quick-fix menu,
// the checklist view and the Problems panel. Writes docs/images/*.png.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKLIST, SLEEP_FIX, WORKER, NOTIFY } from './scenarios';
import { packageExtension, REPO_ROOT, waitFor, Workbench } from './workbench';

const IMAGES = join(REPO_ROOT, 'docs', 'images');

async function main(): Promise<void> {
  const vsix = packageExtension(mkdtempSync(join(tmpdir(), 'awaitwise-vsix-')));
  const workbench = await Workbench.launch({ vsix, viewport: { width: 1280, height: 800 } });
  try {
    const { page } = workbench;
    await workbench.openFile(NOTIFY);
    await workbench.openFile(WORKER);
    await waitFor('worker.py shows its squiggles', async () => (await workbench.squiggles('error').count()) >= 2, { timeoutMs: 60_000 });

    await workbench.problems();
    await page.locator('.markers-panel .monaco-list-row').first().waitFor();
    await workbench.screenshot(join(IMAGES, 'problems.png'));

    await workbench.hoverSquiggleOn(SLEEP_FIX.line);
    await workbench.screenshot(join(IMAGES, 'hover.png'));
    await page.mouse.move(5, 400);

    await workbench.goTo(SLEEP_FIX.line, 5);
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget .monaco-list-row', { hasText: SLEEP_FIX.title }).first().waitFor();
    await workbench.screenshot(join(IMAGES, 'quick-fix.png'));
    await page.keyboard.press('Escape');

    const sidebar = await workbench.openActivity('Awaitwise');
    await waitFor('the checklist shows its failing items', () =>
      sidebar.locator('.monaco-list-row', { hasText: CHECKLIST.failing[0].title }).first().isVisible(),
    );
    // A wider side bar, so the items read in full.
    const sash = page.locator('.monaco-sash.vertical').first();
    const box = await sash.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + 380, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
    }
    await sidebar.locator('.monaco-list-row', { hasText: CHECKLIST.failing[0].title }).first().click();
    await sidebar.locator('.monaco-list-row', { hasText: 'time.sleep() blocks the event loop' }).first().waitFor();
    await workbench.screenshot(join(IMAGES, 'checklist.png'));
    console.log(`wrote ${['problems', 'hover', 'quick-fix', 'checklist'].map((name) => `docs/images/${name}.png`).join(', ')}`);
  } catch (error) {
    const folder = await workbench.saveEvidence('screenshots');
    console.error(`screenshots failed; see ${folder}`);
    throw error;
  } finally {
    await workbench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
