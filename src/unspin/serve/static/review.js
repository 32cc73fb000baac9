// The review page of `unspin serve`: check a text, open a source side by side, decide passage by
// passage. Document text only ever arrives as the server's escaped HTML fragment or through
// textContent; the Content-Security-Policy forbids inline script.
"use strict";
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var state = { report: null, rank: 0, current: 0 };

  function token() { return $("token").value.trim(); }
  function headers(json) {
    var h = {};
    if (token()) h.Authorization = "Bearer " + token();
    if (json) h["Content-Type"] = "application/json";
    return h;
  }
  function say(msg, bad) {
    $("status").textContent = msg;
    $("status").className = bad ? "error" : "";
  }
  function call(method, url, body) {
    return fetch(url, { method: method, headers: headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body) }).then(function (r) {
      var type = r.headers.get("content-type") || "";
      var data = type.indexOf("json") >= 0 ? r.json() : r.text();
      return data.then(function (d) {
        if (!r.ok) {
          var e = d && d.error ? d.error : { code: String(r.status), message: String(d) };
          throw new Error(e.message + " (" + e.code + ")");
        }
        return { status: r.status, data: d };
      });
    });
  }
  function fail(err) { say(err.message || String(err), true); }

  // -- checking ---------------------------------------------------------------------------
  function readFile(file) {
    return new Promise(function (ok, ko) {
      var fr = new FileReader();
      fr.onload = function () { ok(String(fr.result).split(",")[1] || ""); };
      fr.onerror = function () { ko(new Error("cannot read " + file.name)); };
      fr.readAsDataURL(file);
    });
  }
  function submit(e) {
    e.preventDefault();
    var body = { top: Number($("top").value) || 5, lexical_only: $("lexical").checked,
      whole: $("whole").checked };
    var file = $("file").files[0];
    var ready = file ? readFile(file).then(function (b64) {
      body.content_base64 = b64; body.name = file.name; }) : Promise.resolve(body.text = $("text").value);
    say("checking…");
    ready.then(function () { return call("POST", "/v1/check", body); }).then(function (r) {
      if (r.status === 202) return poll(r.data.url);
      show(r.data, 1, true);
    }).catch(fail);
  }
  function poll(url) {
    return call("GET", url).then(function (r) {
      var job = r.data;
      if (job.status === "done") return load(job.report, 1, true);
      if (job.status === "failed") throw new Error(job.error.message + " (" + job.error.code + ")");
      say("working: " + job.stage + " (" + Math.round(job.progress * 100) + "%)");
      return new Promise(function (ok) { setTimeout(ok, 500); }).then(function () { return poll(url); });
    });
  }

  // -- a report ---------------------------------------------------------------------------
  function load(id, rank, push) {
    return call("GET", "/v1/reports/" + encodeURIComponent(id)).then(function (r) {
      show(r.data, rank, push);
    }).catch(fail);
  }
  function pct(x) { return Math.round(x * 1000) / 10 + "%"; }
  function badge(v) {
    var s = document.createElement("span");
    if (v) { s.className = "verdict " + v.verdict; s.textContent = v.verdict + (v.who ? " by " + v.who : ""); }
    return s;
  }
  function show(report, rank, push) {
    state.report = report;
    var url = "/r/" + report.id;
    if (push) history.pushState(null, "", url + "?source=" + rank);
    $("ask").hidden = true;
    $("result").hidden = false;
    $("query-title").textContent = report.query.name + ": " + report.sources.length +
      " source" + (report.sources.length === 1 ? "" : "s");
    $("permalink").href = url;
    $("permalink").textContent = location.origin + url;
    var list = $("sources");
    list.textContent = "";
    report.sources.forEach(function (s) {
      var li = document.createElement("li");
      li.dataset.rank = s.rank;
      var open = document.createElement("button");
      open.className = "open-source";
      open.textContent = s.name;
      open.addEventListener("click", function () { openSource(s.rank, true); });
      var share = document.createElement("span");
      share.className = "share";
      share.textContent = pct(s.coverage.suspicious) + " of the text, " + s.passages.length +
        " passage" + (s.passages.length === 1 ? "" : "s") + (s.url ? " · " + s.url : "");
      li.append(open, share, verdictButtons(s.rank, null, s.verdict), badge(s.verdict));
      list.append(li);
    });
    if (!report.sources.length) { say("No source found in the index."); $("view").textContent = ""; return; }
    say(report.sources.length + " source(s), best first. Open one to review its passages.");
    openSource(Math.min(Math.max(rank, 1), report.sources.length), false);
  }
  function verdictButtons(rank, n, current) {
    var box = document.createElement("span");
    ["confirmed", "dismissed"].forEach(function (verdict) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = verdict === "confirmed" ? "Confirm" : "Dismiss";
      b.className = verdict === "confirmed" ? "confirm" : "dismiss";
      b.setAttribute("aria-pressed", String(!!current && current.verdict === verdict));
      b.setAttribute("aria-label", b.textContent + (n ? " passage " + n : " source " + rank));
      b.addEventListener("click", function () { decide(rank, n, verdict, box); });
      box.append(b);
    });
    return box;
  }
  function decide(rank, n, verdict, box) {
    var note = box.parentNode.querySelector("input.note");
    var body = { source: rank, verdict: verdict, note: note ? note.value : "", who: $("who").value };
    if (n) body.passage = n;
    return call("POST", "/v1/reports/" + state.report.id + "/reviews", body).then(function () {
      say((n ? "passage " + n : "source " + rank) + " " + verdict);
      return call("GET", "/v1/reports/" + state.report.id);
    }).then(function (r) {
      state.report = r.data;
      markSources();
      markRows();
    }).catch(fail);
  }
  function markSources() {
    document.querySelectorAll("#sources li").forEach(function (li) {
      var s = state.report.sources[Number(li.dataset.rank) - 1];
      li.replaceChild(badge(s.verdict), li.lastChild);
      li.querySelectorAll("button[aria-pressed]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(!!s.verdict && b.className === (s.verdict.verdict === "confirmed" ? "confirm" : "dismiss")));
      });
      li.classList.toggle("open", Number(li.dataset.rank) === state.rank);
    });
  }

  // -- one source, side by side -----------------------------------------------------------
  function openSource(rank, push) {
    state.rank = rank;
    state.current = 0;
    if (push) history.replaceState(null, "", "/r/" + state.report.id + "?source=" + rank);
    markSources();
    return call("GET", "/v1/reports/" + state.report.id + "/sources/" + rank + "/view").then(function (r) {
      $("view").innerHTML = r.data; // rendered and escaped by the server
      $("view").querySelectorAll(".summary tbody tr").forEach(function (tr) {
        var a = tr.querySelector("a.m");
        var n = Number(a.dataset.n);
        tr.dataset.n = n;
        var td = document.createElement("td");
        td.className = "review";
        var note = document.createElement("input");
        note.className = "note";
        note.placeholder = "note";
        note.setAttribute("aria-label", "note on passage " + n);
        td.append(verdictButtons(rank, n, null), note);
        tr.append(td);
      });
      var head = $("view").querySelector(".summary thead tr");
      if (head) { var th = document.createElement("th"); th.textContent = "verdict"; head.append(th); }
      markRows();
    }).catch(fail);
  }
  function markRows() {
    var s = state.report.sources[state.rank - 1];
    if (!s) return;
    $("view").querySelectorAll(".summary tbody tr").forEach(function (tr) {
      var v = s.passages[Number(tr.dataset.n) - 1].verdict;
      tr.classList.toggle("v-confirmed", !!v && v.verdict === "confirmed");
      tr.classList.toggle("v-dismissed", !!v && v.verdict === "dismissed");
      tr.querySelectorAll("button[aria-pressed]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(!!v && b.className === (v.verdict === "confirmed" ? "confirm" : "dismiss")));
      });
      var note = tr.querySelector("input.note");
      if (v && note && !note.value) note.value = v.note;
    });
  }
  function light(n, cls) {
    $("view").querySelectorAll("a.m." + cls).forEach(function (x) { x.classList.remove(cls); });
    if (n) $("view").querySelectorAll('a.m[data-n="' + n + '"]').forEach(function (x) { x.classList.add(cls); });
  }
  function select(n, target) {
    state.current = n;
    light(n, "sel");
    $("view").querySelectorAll(".summary tbody tr").forEach(function (tr) {
      tr.classList.toggle("current", Number(tr.dataset.n) === n);
    });
    if (target) target.scrollIntoView({ block: "center" });
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("#view a[href^='#']");
    if (!a) return;
    e.preventDefault();
    var t = document.getElementById(a.getAttribute("href").slice(1));
    var n = Number(a.dataset.n || (t && t.id.slice(1)));
    select(n, t);
  });
  document.addEventListener("mouseover", function (e) {
    var a = e.target.closest && e.target.closest("#view a.m");
    light(a ? a.dataset.n : 0, "hl");
  });
  document.addEventListener("keydown", function (e) {
    if (!state.report || e.ctrlKey || e.metaKey || e.altKey) return;
    if (/^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(e.target.tagName)) return;
    var rows = $("view").querySelectorAll(".summary tbody tr");
    if (!rows.length) return;
    var n = state.current;
    if (e.key === "j" || e.key === "k") {
      n = e.key === "j" ? Math.min(rows.length, n + 1) : Math.max(1, n - 1);
      select(n, document.getElementById("s" + n));
    } else if ((e.key === "c" || e.key === "x") && n) {
      var box = rows[n - 1].querySelector("td.review span");
      decide(state.rank, n, e.key === "c" ? "confirmed" : "dismissed", box);
    }
  });

  // -- sharing ----------------------------------------------------------------------------
  function download(path, name, type) {
    return fetch(path, { headers: headers(false) }).then(function (r) {
      if (!r.ok) throw new Error("export failed (" + r.status + ")");
      return r.blob();
    }).then(function (blob) {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([blob], { type: type }));
      a.download = name;
      document.body.append(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }).catch(fail);
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("token").value = localStorage.getItem("unspin-token") || "";
    $("who").value = localStorage.getItem("unspin-who") || "";
    $("token").addEventListener("input", function () { localStorage.setItem("unspin-token", token()); });
    $("who").addEventListener("input", function () { localStorage.setItem("unspin-who", $("who").value); });
    $("check-form").addEventListener("submit", submit);
    $("export-json").addEventListener("click", function () {
      download("/v1/reports/" + state.report.id, "unspin-" + state.report.id + ".json", "application/json");
    });
    $("export-csv").addEventListener("click", function () {
      download("/v1/reports/" + state.report.id + "/csv", "unspin-" + state.report.id + ".csv", "text/csv");
    });
    $("copy-url").addEventListener("click", function () {
      var url = $("permalink").textContent;
      (navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject(new Error("no clipboard")))
        .then(function () { say("copied " + url); }, function () { say("report URL: " + url); });
    });
    var m = location.pathname.match(/^\/r\/([A-Za-z0-9_-]+)$/);
    if (m) load(m[1], Number(new URLSearchParams(location.search).get("source")) || 1, false);
  });
  window.addEventListener("popstate", function () { location.reload(); });
})();
