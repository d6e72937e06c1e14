// Checks a report page with axe-core in headless Chromium, against the WCAG 2.1 A and AA rules:
// prints every violation and exits 1 if there is one. Not part of CI (it needs a browser).
//
//   node scripts/check-a11y.js PAGE.html [WIDTH]
//
// Needs Debian's chromium and, in NODE_PATH or a node_modules above this script, puppeteer-core and
// axe-core (`PUPPETEER_SKIP_DOWNLOAD=1 npm install puppeteer-core axe-core`): scripts/render-report.sh
// runs it on the sample report, at a laptop's width and at a phone's.
const path = require("path");
const fs = require("fs");
const puppeteer = require("puppeteer-core");
const axe = require("axe-core");

async function main() {
  const [page_file, width = "1100"] = process.argv.slice(2);
  if (!page_file) {
    console.error("usage: node scripts/check-a11y.js PAGE.html [WIDTH]");
    process.exit(2);
  }
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: Number(width), height: 900 });
    await page.goto("file://" + path.resolve(page_file), { waitUntil: "load" });
    await page.addScriptTag({ content: axe.source });
    const result = await page.evaluate(async () =>
      // eslint-disable-next-line no-undef
      await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    );
    for (const v of result.violations) {
      console.log(`${v.impact}: ${v.id}: ${v.help} (${v.nodes.length} element(s))`);
      for (const n of v.nodes.slice(0, 5)) console.log(`  ${n.target.join(" ")}: ${n.failureSummary.split("\n").join(" ")}`);
    }
    console.log(`${page_file} at ${width} px: ${result.violations.length} violation(s), ${result.passes.length} rules passed`);
    process.exitCode = result.violations.length === 0 ? 0 : 1;
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
