// Load TimelineJS files into Knight Lab's real TimelineJS3 (in jsdom) and report what it makes
// of them: whether its config is valid, its errors, the events and the dates it displays.
// Optional check, not part of `make test` (it needs Node.js and two npm packages):
//
//   mkdir -p /tmp/tljs && (cd /tmp/tljs && npm install @knight-lab/timelinejs jsdom)
//   timeline show tests/golden/seeds.timeline.yaml -o /tmp/tljs/seeds.timelinejs.json
//   NODE_PATH=/tmp/tljs/node_modules node scripts/check_timelinejs.js /tmp/tljs/seeds.timelinejs.json
const fs = require("fs");
const path = require("path");
const { JSDOM } = require("jsdom");

const bundle = require.resolve("@knight-lab/timelinejs/dist/js/timeline.js");
const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>", {
  pretendToBeVisual: true,
  runScripts: "outside-only",
});
dom.window.eval(fs.readFileSync(bundle, "utf8"));
const TL = dom.window.TL;
let failed = false;

for (const file of process.argv.slice(2)) {
  const div = dom.window.document.createElement("div");
  div.id = "tl-" + path.basename(file).replace(/\W/g, "-");
  dom.window.document.body.appendChild(div);
  const data = dom.window.JSON.parse(fs.readFileSync(file, "utf8"));
  const timeline = new TL.Timeline(div.id, data);
  setTimeout(() => {
    const config = timeline.config;
    const errors = config ? config.getErrors() : ["no config"];
    failed = failed || !config || !config.isValid();
    console.log(`${file}: valid=${config && config.isValid()} events=${config ? config.events.length : 0} errors=${JSON.stringify(errors)}`);
    for (const event of config ? config.events : []) {
      const end = event.end_date ? event.end_date.getDisplayDate() : "";
      console.log(`  ${event.start_date.getDisplayDate()}${end ? " – " + end : ""}  ${event.text.headline}`);
    }
    process.exitCode = failed ? 1 : 0;
  }, 300);
}
