// The chronology page: reads the JSON embedded in the page and renders it with the DOM API.
// Text from documents only ever goes into textContent (never innerHTML), and nothing is fetched.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("timeline-data").textContent);
  var EVENTS = DATA.events;
  var DOCS = DATA.documents;
  var TYPES = {};
  DATA.types.forEach(function (t) { TYPES[t.name] = t; });
  var CHUNK = 150;
  var root = document.documentElement;
  var list = document.getElementById("timeline");
  var state = emptyState();
  var shown = [];
  var rendered = 0;
  var lastGroup = null;
  var lastDate = null;
  var monthList = null;
  var observer = null;

  function emptyState() {
    return { q: "", actor: "", types: [], statuses: [], from: null, to: null, min: 0 };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Case, accents, hyphens and punctuation folded away: "Kim Jong-un" matches "kim jong un".
  var LETTERS = { "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th", "ı": "i" };
  function fold(text) {
    var lower = String(text || "").toLowerCase().replace(/[øæœßđłþı]/g, function (c) { return LETTERS[c]; });
    return lower.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // ---- per-event values computed once ------------------------------------------------------
  EVENTS.forEach(function (e, i) {
    e.index = i;
    e.y0 = e.start ? parseInt(e.start.slice(0, 4), 10) : null;
    e.y1 = e.end ? parseInt(e.end.slice(0, 4), 10) : null;
    e.keys = null; // folded names and aliases of its actors, built on the first actor filter
    e.text = null; // folded search text, built on the first search
  });

  var folded = {};
  function actorKeys(e) {
    if (e.keys === null) {
      var keys = [];
      var names = e.actors.concat(e.roles.map(function (pair) { return pair[1]; }));
      names.forEach(function (name) {
        [name].concat(DATA.aliases[name] || []).forEach(function (form) {
          if (!(form in folded)) folded[form] = fold(form);
          if (folded[form]) keys.push(folded[form]);
        });
      });
      e.keys = keys;
    }
    return e.keys;
  }

  function searchText(e) {
    if (e.text === null) {
      var parts = [e.title, e.type, e.status, e.place || "", e.date, e.actors.join(" ")];
      e.evidence.forEach(function (ev) {
        parts.push(ev[1]);
        parts.push(DOCS[ev[0]].name);
      });
      e.text = " " + fold(parts.join(" ")) + " ";
    }
    return e.text;
  }

  // ---- filters -----------------------------------------------------------------------------
  function actorMatches(e, query) {
    var padded = " " + query + " ";
    return actorKeys(e).some(function (key) {
      return key.indexOf(query) >= 0 || padded.indexOf(" " + key + " ") >= 0;
    });
  }

  function matches(e, s, words, actor) {
    if (s.types.length && s.types.indexOf(e.type) < 0) return false;
    if (s.statuses.length && s.statuses.indexOf(e.status) < 0) return false;
    if (s.from !== null && (e.y1 === null || e.y1 < s.from)) return false;
    if (s.to !== null && (e.y0 === null || e.y0 > s.to)) return false;
    if (s.min && e.sources < s.min) return false;
    if (actor && !actorMatches(e, actor)) return false;
    if (words.length) {
      var text = searchText(e);
      for (var i = 0; i < words.length; i++) {
        if (text.indexOf(words[i]) < 0) return false;
      }
    }
    return true;
  }

  function applyFilters() {
    var words = fold(state.q).split(" ").filter(Boolean);
    var actor = fold(state.actor);
    shown = [];
    for (var i = 0; i < EVENTS.length; i++) {
      if (matches(EVENTS[i], state, words, actor)) shown.push(i);
    }
  }

  // ---- the URL hash keeps the filter -------------------------------------------------------
  function intOrNull(value) {
    var n = parseInt(value, 10);
    return isNaN(n) ? null : n;
  }

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var s = emptyState();
    s.q = params.get("q") || "";
    s.actor = params.get("actor") || "";
    s.types = (params.get("type") || "").split(",").filter(function (t) { return TYPES[t]; });
    s.statuses = (params.get("status") || "").split(",").filter(function (t) {
      return DATA.statuses.indexOf(t) >= 0;
    });
    s.from = intOrNull(params.get("from"));
    s.to = intOrNull(params.get("to"));
    s.min = intOrNull(params.get("min")) || 0;
    return { state: s, event: params.get("event") };
  }

  function writeHash(eventId) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.actor) params.set("actor", state.actor);
    if (state.types.length) params.set("type", state.types.join(","));
    if (state.statuses.length) params.set("status", state.statuses.join(","));
    if (state.from !== null) params.set("from", String(state.from));
    if (state.to !== null) params.set("to", String(state.to));
    if (state.min) params.set("min", String(state.min));
    if (eventId) params.set("event", eventId);
    var hash = params.toString();
    var url = location.href.replace(/#.*$/, "") + (hash ? "#" + hash : "");
    try {
      history.replaceState(null, "", url);
    } catch (err) {
      location.replace(hash ? "#" + hash : "#");
    }
  }

  // ---- rendering -------------------------------------------------------------------------
  function typeColours(node, type) {
    var t = TYPES[type] || TYPES.other;
    node.style.setProperty("--cl", t.light);
    node.style.setProperty("--cd", t.dark);
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function facts(e) {
    var box = el("div", "facts");
    var parts = [];
    if (e.actors.length) parts.push(el("span", "actors", e.actors.join(", ")));
    if (e.place) parts.push(el("span", "place", "in " + e.place));
    if (e.status !== "occurred") parts.push(el("span", "badge", e.status));
    parts.push(el("span", "n", plural(e.sources, "source")));
    if (e.disputed.length) {
      parts.push(el("span", "disputed", "⚠ date disputed: also " + e.disputed.join(", ")));
    }
    parts.forEach(function (part, i) {
      if (i) box.appendChild(document.createTextNode(" · "));
      box.appendChild(part);
    });
    return box;
  }

  function quote(sentence, marks) {
    var p = el("p", "quote");
    var pos = 0;
    p.appendChild(document.createTextNode("“"));
    marks.forEach(function (m) {
      if (m[0] < pos || m[1] > sentence.length) return;
      p.appendChild(document.createTextNode(sentence.slice(pos, m[0])));
      var mark = el("mark", m[2], sentence.slice(m[0], m[1]));
      mark.title = m[2] === "t" ? "trigger" : "date";
      p.appendChild(mark);
      pos = m[1];
    });
    p.appendChild(document.createTextNode(sentence.slice(pos) + "”"));
    return p;
  }

  function documentLine(doc) {
    var line = el("div", "doc");
    line.appendChild(el("cite", null, doc.title || doc.path));
    [doc.outlet, doc.dct].forEach(function (part) {
      if (part) line.appendChild(document.createTextNode(" · " + part));
    });
    if (doc.url && /^https?:\/\//i.test(doc.url)) {
      line.appendChild(document.createTextNode(" · "));
      var a = el("a", null, "link");
      a.href = doc.url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      line.appendChild(a);
    }
    return line;
  }

  function evidence(e) {
    var box = el("div", "evidence");
    var byDoc = [];
    var seen = {};
    e.evidence.forEach(function (ev) {
      var key = "d" + ev[0];
      if (!seen[key]) {
        seen[key] = { doc: ev[0], quotes: [], texts: {} };
        byDoc.push(seen[key]);
      }
      if (!seen[key].texts["s" + ev[1]]) {
        seen[key].texts["s" + ev[1]] = true;
        seen[key].quotes.push([ev[1], ev[2]]);
      }
    });
    byDoc.forEach(function (group) {
      box.appendChild(documentLine(DOCS[group.doc]));
      group.quotes.forEach(function (q) { box.appendChild(quote(q[0], q[1])); });
    });
    var meta = "id " + e.id + " · confidence " + e.confidence.toFixed(2);
    if (e.iso) meta += " · " + e.iso;
    if (e.inferred) meta += " · date inferred from " + e.inferred;
    box.appendChild(el("p", "meta", meta));
    return box;
  }

  function toggle(item, open) {
    var head = item.querySelector(".head");
    var e = EVENTS[+item.dataset.index];
    var expanded = open === undefined ? head.getAttribute("aria-expanded") !== "true" : open;
    var box = item.querySelector(".evidence");
    if (expanded && !box) {
      box = evidence(e);
      box.id = "ev-" + e.index;
      item.querySelector(".body").appendChild(box);
    }
    if (box) box.hidden = !expanded;
    head.setAttribute("aria-expanded", String(expanded));
    item.querySelector(".caret").textContent = expanded ? "▾" : "▸";
  }

  function eventItem(e) {
    var item = el("li", "event status-" + e.status);
    item.dataset.index = String(e.index);
    item.id = "event-" + e.id;
    typeColours(item, e.type);
    var when = el("div", "when", e.date);
    if (e.date === lastDate) when.classList.add("repeat");
    lastDate = e.date;
    var body = el("div", "body");
    var head = el("button", "head");
    head.type = "button";
    head.setAttribute("aria-expanded", "false");
    head.setAttribute("aria-controls", "ev-" + e.index);
    var t = TYPES[e.type] || TYPES.other;
    head.appendChild(el("span", "sym", t.symbol + " "));
    head.appendChild(el("span", "type", e.type));
    head.appendChild(el("span", "title", e.title));
    head.appendChild(el("span", "caret", "▸"));
    body.appendChild(head);
    body.appendChild(facts(e));
    item.appendChild(when);
    item.appendChild(body);
    return item;
  }

  function startGroup(e) {
    var year = e.group[0];
    var month = e.group[1];
    if (!lastGroup || lastGroup[0] !== year) {
      var h = el("h2", "year", year);
      h.dataset.year = year;
      list.appendChild(h);
      lastGroup = [year, null];
      monthList = null;
    }
    if (!monthList || lastGroup[1] !== month) {
      if (month) list.appendChild(el("h3", "month", month));
      monthList = el("ol", "events");
      list.appendChild(monthList);
      lastGroup = [year, month];
      lastDate = null;
    }
  }

  function renderUpTo(count) {
    var end = Math.min(count, shown.length);
    for (; rendered < end; rendered++) {
      var e = EVENTS[shown[rendered]];
      startGroup(e);
      monthList.appendChild(eventItem(e));
    }
  }

  function renderAll() {
    renderUpTo(shown.length);
  }

  function itemAt(position) {
    renderUpTo(position + CHUNK);
    return document.getElementById("event-" + EVENTS[shown[position]].id);
  }

  function activeCount() {
    var s = state;
    return (s.q ? 1 : 0) + (s.actor ? 1 : 0) + s.types.length + s.statuses.length +
      (s.from !== null ? 1 : 0) + (s.to !== null ? 1 : 0) + (s.min ? 1 : 0);
  }

  function refresh() {
    applyFilters();
    list.textContent = "";
    rendered = 0;
    lastGroup = null;
    monthList = null;
    lastDate = null;
    renderUpTo(CHUNK);
    var total = EVENTS.length;
    document.getElementById("count").textContent = shown.length === total
      ? plural(total, "event")
      : shown.length + " of " + plural(total, "event") + " shown";
    if (!shown.length) list.appendChild(el("p", "empty", "No event matches these filters."));
    var n = activeCount();
    document.getElementById("active").textContent = n ? "· " + n + " active" : "";
    drawOverview();
    if (observer) {
      var more = document.getElementById("more");
      observer.unobserve(more);
      observer.observe(more);
    }
  }

  // ---- overview strip: events per month (per year for long spans) --------------------------
  var overview = { first: null, last: null, monthly: true, bins: 0 };
  (function () {
    EVENTS.forEach(function (e) {
      if (e.y0 === null) return;
      if (overview.first === null || e.y0 < overview.first) overview.first = e.y0;
      if (overview.last === null || e.y0 > overview.last) overview.last = e.y0;
    });
  })();

  // The strip spans the years of the filter (else all years), with a bar per month while
  // months are at least 2 px wide, else a bar per year.
  function chooseBins(width) {
    if (overview.first === null) return;
    var lo = state.from === null ? overview.first : Math.max(state.from, overview.first);
    var hi = state.to === null ? overview.last : Math.min(state.to, overview.last);
    if (lo > hi) {
      lo = overview.first;
      hi = overview.last;
    }
    overview.lo = lo;
    overview.hi = hi;
    var years = hi - lo + 1;
    overview.monthly = years * 12 * 2 <= width;
    overview.bins = overview.monthly ? years * 12 : years;
  }

  function binOf(e) {
    if (e.y0 === null || e.y0 > overview.hi) return -1;
    if (e.y0 < overview.lo) return e.y1 >= overview.lo ? 0 : -1;
    var year = e.y0 - overview.lo;
    return overview.monthly ? year * 12 + parseInt(e.start.slice(5, 7), 10) - 1 : year;
  }

  function binLabel(bin) {
    if (!overview.monthly) return String(overview.lo + bin);
    var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return months[bin % 12] + " " + (overview.lo + Math.floor(bin / 12));
  }

  function drawOverview() {
    var canvas = document.getElementById("overview");
    var nav = canvas.parentNode;
    chooseBins(canvas.clientWidth || 600);
    if (!overview.bins) {
      nav.hidden = true;
      return;
    }
    var counts = new Array(overview.bins).fill(0);
    shown.forEach(function (i) {
      var bin = binOf(EVENTS[i]);
      if (bin >= 0) counts[bin] += 1;
    });
    overview.counts = counts;
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth || 600;
    var height = canvas.clientHeight || 56;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    var style = getComputedStyle(root);
    var max = Math.max.apply(null, counts.concat([1]));
    var step = width / overview.bins;
    ctx.fillStyle = style.getPropertyValue("--line");
    for (var y = overview.lo; y <= overview.hi; y++) {
      var x = (overview.monthly ? (y - overview.lo) * 12 : y - overview.lo) * step;
      ctx.fillRect(Math.round(x), height - 4, 1, 4);
    }
    ctx.fillStyle = style.getPropertyValue("--accent");
    counts.forEach(function (count, bin) {
      if (!count) return;
      var h = Math.max(3, Math.round((height - 6) * Math.sqrt(count / max)));
      ctx.fillRect(bin * step, height - h, Math.max(step - (step > 3 ? 1 : 0), 1.5), h);
    });
    axisNote();
    document.getElementById("ov-first").textContent = String(overview.lo);
    document.getElementById("ov-last").textContent = String(overview.hi);
  }

  function axisNote() {
    document.getElementById("ov-hover").textContent =
      overview.monthly ? "events per month" : "events per year";
  }

  function binAt(event) {
    var canvas = event.currentTarget;
    var rect = canvas.getBoundingClientRect();
    var bin = Math.floor(((event.clientX - rect.left) / rect.width) * overview.bins);
    return Math.max(0, Math.min(overview.bins - 1, bin));
  }

  function jumpToBin(bin) {
    for (var k = 0; k < shown.length; k++) {
      if (binOf(EVENTS[shown[k]]) >= bin) {
        focusPosition(k);
        return;
      }
    }
  }

  // ---- navigation ------------------------------------------------------------------------
  function focusPosition(position) {
    if (position < 0 || position >= shown.length) return;
    var item = itemAt(position);
    var head = item.querySelector(".head");
    head.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
    if (item.getBoundingClientRect().top < 60) window.scrollBy(0, -60);
  }

  function currentPosition() {
    var item = document.activeElement && document.activeElement.closest &&
      document.activeElement.closest(".event");
    if (!item) return -1;
    return shown.indexOf(+item.dataset.index);
  }

  function jumpGroup(direction) {
    var position = currentPosition();
    if (position < 0) {
      focusPosition(0);
      return;
    }
    var group = EVENTS[shown[position]].group.join("/");
    for (var k = position + direction; k >= 0 && k < shown.length; k += direction) {
      var key = EVENTS[shown[k]].group.join("/");
      if (key !== group) {
        if (direction < 0) {
          while (k > 0 && EVENTS[shown[k - 1]].group.join("/") === key) k--;
        }
        focusPosition(k);
        return;
      }
    }
  }

  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA");
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var key = event.key;
    if (typing(event.target)) {
      if (key === "Escape") event.target.blur();
      return;
    }
    var position = currentPosition();
    var inList = position >= 0;
    if (key === "j" || (inList && key === "ArrowDown")) {
      focusPosition(inList ? position + 1 : 0);
    } else if (key === "k" || (inList && key === "ArrowUp")) {
      focusPosition(inList ? position - 1 : 0);
    } else if (key === "n") {
      jumpGroup(1);
    } else if (key === "p") {
      jumpGroup(-1);
    } else if (key === "/") {
      openFilters();
      document.getElementById("f-q").focus();
    } else if (key === "a") {
      openFilters();
      document.getElementById("f-actor").focus();
    } else if (key === "t") {
      cycleTheme();
    } else if (key === "?") {
      toggleHelp();
    } else if (key === "Escape") {
      if (activeCount()) resetFilters();
      return;
    } else {
      return;
    }
    event.preventDefault();
  }

  // ---- controls ----------------------------------------------------------------------------
  function openFilters() {
    document.getElementById("filters").open = true;
  }

  function chip(name, label, symbol, colours) {
    var wrap = el("label", "chip");
    var box = el("input");
    box.type = "checkbox";
    box.value = name;
    wrap.appendChild(box);
    if (symbol) wrap.appendChild(el("span", "sym", symbol));
    wrap.appendChild(el("span", null, label));
    wrap.appendChild(el("span", "n", ""));
    if (colours) typeColours(wrap, name);
    return wrap;
  }

  function buildControls() {
    var typeCounts = {};
    var statusCounts = {};
    var actorCounts = {};
    EVENTS.forEach(function (e) {
      typeCounts[e.type] = (typeCounts[e.type] || 0) + 1;
      statusCounts[e.status] = (statusCounts[e.status] || 0) + 1;
      e.actors.forEach(function (a) { actorCounts[a] = (actorCounts[a] || 0) + 1; });
    });
    var types = document.getElementById("f-types");
    DATA.types.forEach(function (t) {
      if (!typeCounts[t.name]) return;
      var c = chip(t.name, t.name, t.symbol, true);
      c.lastChild.textContent = String(typeCounts[t.name]);
      types.appendChild(c);
    });
    var statuses = document.getElementById("f-statuses");
    DATA.statuses.forEach(function (s) {
      if (!statusCounts[s]) return;
      var c = chip(s, s, null, false);
      c.lastChild.textContent = String(statusCounts[s]);
      statuses.appendChild(c);
    });
    var datalist = document.getElementById("actor-list");
    Object.keys(actorCounts)
      .sort(function (a, b) { return actorCounts[b] - actorCounts[a] || (a < b ? -1 : 1); })
      .slice(0, 500)
      .forEach(function (name) {
        var option = el("option");
        option.value = name;
        datalist.appendChild(option);
      });
    if (overview.first !== null) {
      ["f-from", "f-to"].forEach(function (id) {
        var input = document.getElementById(id);
        input.min = String(overview.first);
        input.max = String(overview.last);
        input.placeholder = String(id === "f-from" ? overview.first : overview.last);
      });
    }
  }

  function showState() {
    document.getElementById("f-q").value = state.q;
    document.getElementById("f-actor").value = state.actor;
    document.getElementById("f-from").value = state.from === null ? "" : String(state.from);
    document.getElementById("f-to").value = state.to === null ? "" : String(state.to);
    document.getElementById("f-min").value = state.min ? String(state.min) : "";
    document.querySelectorAll("#f-types input").forEach(function (box) {
      box.checked = state.types.indexOf(box.value) >= 0;
    });
    document.querySelectorAll("#f-statuses input").forEach(function (box) {
      box.checked = state.statuses.indexOf(box.value) >= 0;
    });
  }

  function readControls() {
    var checked = function (selector) {
      return Array.prototype.filter.call(document.querySelectorAll(selector), function (box) {
        return box.checked;
      }).map(function (box) { return box.value; });
    };
    state = {
      q: document.getElementById("f-q").value.trim(),
      actor: document.getElementById("f-actor").value.trim(),
      types: checked("#f-types input"),
      statuses: checked("#f-statuses input"),
      from: intOrNull(document.getElementById("f-from").value),
      to: intOrNull(document.getElementById("f-to").value),
      min: intOrNull(document.getElementById("f-min").value) || 0,
    };
  }

  var timer = null;
  function onInput(event) {
    clearTimeout(timer);
    // Typing waits for a pause; a committed change (a box ticked, Enter, leaving a field) not.
    var typed = event && event.type === "input" && event.target.type !== "checkbox";
    var delay = typed ? 160 : 0;
    timer = setTimeout(function () {
      readControls();
      writeHash(null);
      refresh();
    }, delay);
  }

  function resetFilters() {
    state = emptyState();
    showState();
    writeHash(null);
    refresh();
  }

  // ---- colour scheme -----------------------------------------------------------------------
  var SCHEMES = ["auto", "light", "dark"];
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var scheme = "auto";
  try {
    scheme = localStorage.getItem("timeline-scheme") || "auto";
  } catch (err) {
    scheme = "auto";
  }

  function applyScheme() {
    var resolved = scheme === "auto" ? (dark && dark.matches ? "dark" : "light") : scheme;
    root.dataset.scheme = resolved;
    document.getElementById("theme-name").textContent = scheme;
    drawOverview();
  }

  function cycleTheme() {
    scheme = SCHEMES[(SCHEMES.indexOf(scheme) + 1) % SCHEMES.length];
    try {
      localStorage.setItem("timeline-scheme", scheme);
    } catch (err) {
      // storage may be refused for file:// pages; the choice then lasts for this visit
    }
    applyScheme();
  }

  function toggleHelp() {
    var help = document.getElementById("help");
    help.hidden = !help.hidden;
    document.getElementById("help-button").setAttribute("aria-expanded", String(!help.hidden));
  }

  // ---- start -------------------------------------------------------------------------------
  function openEvent(id) {
    for (var k = 0; k < shown.length; k++) {
      if (EVENTS[shown[k]].id === id) {
        var item = itemAt(k);
        toggle(item, true);
        focusPosition(k);
        return;
      }
    }
  }

  function start() {
    document.getElementById("summary").textContent = DATA.summary;
    buildControls();
    var initial = readHash();
    state = initial.state;
    showState();
    if (window.innerWidth < 640 && !activeCount()) document.getElementById("filters").open = false;
    applyScheme();
    refresh();
    if (initial.event) openEvent(initial.event);

    var form = document.getElementById("filter-form");
    form.addEventListener("input", onInput);
    form.addEventListener("change", onInput);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      resetFilters();
    });
    list.addEventListener("click", function (event) {
      var head = event.target.closest(".head");
      if (!head) return;
      var item = head.closest(".event");
      toggle(item);
      var open = head.getAttribute("aria-expanded") === "true";
      writeHash(open ? EVENTS[+item.dataset.index].id : null);
    });
    document.addEventListener("keydown", onKey);
    document.getElementById("theme").addEventListener("click", cycleTheme);
    document.getElementById("help-button").addEventListener("click", toggleHelp);
    if (dark && dark.addEventListener) dark.addEventListener("change", applyScheme);
    window.addEventListener("hashchange", function () {
      state = readHash().state;
      showState();
      refresh();
    });
    var canvas = document.getElementById("overview");
    canvas.addEventListener("click", function (event) { jumpToBin(binAt(event)); });
    canvas.addEventListener("mousemove", function (event) {
      var bin = binAt(event);
      var count = overview.counts ? overview.counts[bin] : 0;
      document.getElementById("ov-hover").textContent = binLabel(bin) + ": " + plural(count, "event");
    });
    canvas.addEventListener("mouseleave", axisNote);
    var resizeTimer = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(drawOverview, 100);
    });
    window.addEventListener("beforeprint", renderAll);
    if ("IntersectionObserver" in window) {
      var more = document.getElementById("more");
      observer = new IntersectionObserver(function (entries) {
        if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
        if (rendered >= shown.length) return;
        renderUpTo(rendered + CHUNK);
        // Observing again reports at once whether the end is still near: keep filling.
        observer.unobserve(more);
        observer.observe(more);
      }, { rootMargin: "1500px 0px" });
      observer.observe(more);
    } else {
      renderAll();
    }
    root.dataset.ready = "true";
  }

  start();
})();
