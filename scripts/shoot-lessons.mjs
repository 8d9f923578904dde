// Takes the README's two lesson screenshots from a served build of the
// app: a lesson step with its detection's paths, and lesson 8's task done
// by clicking as a learner would (the link node1–node4, Cut, Finish).
//
//     node scripts/shoot-lessons.mjs APP_URL OUT_DIR
import { join } from 'node:path';
import { launch, watch } from './browser.mjs';

const [app, out] = process.argv.slice(2);
if (!app || !out) {
  console.error('usage: node scripts/shoot-lessons.mjs APP_URL/ OUT_DIR');
  process.exit(2);
}
const browser = await launch();
const problems = [];
const open = async (query) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watch(page, problems);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(new URL(`?${query}`, app).href);
  await page.waitForSelector('.panel.lesson');
  return page;
};
try {
  let page = await open('lesson=gossip&step=3&theme=light');
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, 'lesson-gossip.png') });
  await page.close();

  page = await open('lesson=gossip-fails&step=2&theme=light');
  await page.click(".link[data-link='node1–node4'] .hit", { force: true });
  await page.click('#cut-link');
  await page.click('#finish');
  await page.waitForFunction(() =>
    document.querySelector('.lesson-outcome')?.textContent.startsWith('Done'),
  );
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, 'lesson-task.png') });
  await page.close();
} catch (error) {
  problems.push(String(error).split('\n')[0]);
} finally {
  await browser.close();
}
if (problems.length > 0) {
  console.error(`problems:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`lesson screenshots in ${out}`);
