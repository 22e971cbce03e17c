/* Reports (统计报表): the figures of a period with charts drawn here as inline SVG (no library), the subsidy
   ledger, CSV downloads and the printable monthly report — each fetched with the session. */
(function () {
  "use strict";
  var S = Sutiao, $ = S.byId, el = S.el;
  var NONCE = document.currentScript ? document.currentScript.nonce : "";
  var SVG = "http://www.w3.org/2000/svg";
  var OUTCOMES = [["outcome:settled", "调解成功", "#1a7f37"], ["outcome:failed", "调解不成功", "#a40e26"],
                  ["outcome:terminated", "终止", "#57606a"]];
  var STAGES = { assignment: "分配调解员", acceptance: "调解员接受", outcome: "调解办结", ruling: "司法确认裁定" };

  Console.routes({
    statistics: ["GET", "/reports/statistics"],
    subsidies: ["GET", "/reports/subsidies"],
    monthly: ["GET", "/reports/monthly"]
  });
  Console.words({ invalid_period: "月份不对：开始月份不能晚于结束月份，一次最多查 36 个月。" });

  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  /* A chart with its accessible name (the heading) and a text alternative listing the figures. */
  function chart(box, headingId, width, height, summary, parts) {
    var descId = box.id + "-desc";
    box.textContent = "";
    box.appendChild(svg("svg", { "class": "chart", viewBox: "0 0 " + width + " " + height, role: "img",
                                  "aria-labelledby": headingId + " " + descId }, [svg("desc", { id: descId }, [summary])].concat(parts)));
  }

  function monthLabel(m) { return Number(m.slice(5)) + "月"; }
  /* Under a bar: "3月", or just "3" when many months share the width (the chart's title says they are months). */
  function axisLabel(m, count) { return count > 6 ? String(Number(m.slice(5))) : monthLabel(m); }

  function monthsChart(rows) {
    var W = 360, H = 200, left = 30, bottom = 24, top = 10;
    var totals = rows.map(function (r) { return OUTCOMES.reduce(function (n, o) { return n + (r.counts[o[0]] || 0); }, 0); });
    var max = Math.max(1, Math.max.apply(null, totals)), slot = (W - left - 8) / Math.max(rows.length, 1);
    var scale = (H - bottom - top) / max, parts = [];
    [0, max].forEach(function (v) {
      var y = H - bottom - v * scale;
      parts.push(svg("line", { x1: left, x2: W - 4, y1: y, y2: y, stroke: "#d0d7de" }));
      parts.push(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, [String(v)]));
    });
    rows.forEach(function (r, i) {
      var x = left + i * slot + slot * 0.15, w = slot * 0.7, y = H - bottom;
      OUTCOMES.forEach(function (o) {
        var n = r.counts[o[0]] || 0, h = n * scale;
        if (!n) return;
        y -= h;
        parts.push(svg("rect", { x: x, y: y, width: w, height: h, fill: o[2] }, [svg("title", {}, [monthLabel(r.value) + o[1] + " " + n + " 件"])]));
      });
      parts.push(svg("text", { x: x + w / 2, y: H - 6, "text-anchor": "middle" }, [axisLabel(r.value, rows.length)]));
    });
    var summary = rows.map(function (r) {
      return r.value + "：" + OUTCOMES.map(function (o) { return o[1] + (r.counts[o[0]] || 0); }).join("，");
    }).join("；");
    chart($("rp-chart-months"), "h-rp-months", W, H, summary || "没有数据", parts);
  }

  function rateChart(rows) {
    var W = 360, H = 200, left = 42, bottom = 24, top = 10, parts = [];
    var slot = (W - left - 8) / Math.max(rows.length, 1), scale = (H - bottom - top) / 100;
    [0, 50, 100].forEach(function (v) {
      var y = H - bottom - v * scale;
      parts.push(svg("line", { x1: left, x2: W - 4, y1: y, y2: y, stroke: "#d0d7de" }));
      parts.push(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, [v + "%"]));
    });
    rows.forEach(function (r, i) {
      var x = left + i * slot + slot * 0.2, w = slot * 0.6;
      if (r.success_rate !== null) {
        var pct = Math.round(r.success_rate * 100), h = pct * scale;
        parts.push(svg("rect", { x: x, y: H - bottom - h, width: w, height: h, fill: "#1a7f37" }, [svg("title", {}, [monthLabel(r.value) + " " + pct + "%"])]));
      }
      parts.push(svg("text", { x: x + w / 2, y: H - 6, "text-anchor": "middle" }, [axisLabel(r.value, rows.length)]));
    });
    var summary = rows.map(function (r) { return r.value + "：" + (r.success_rate === null ? "无办结" : Math.round(r.success_rate * 100) + "%"); }).join("；");
    chart($("rp-chart-rate"), "h-rp-rate", W, H, summary || "没有数据", parts);
  }

  function hoursText(h) { return h === null ? "无" : h >= 48 ? Math.round(h / 24 * 10) / 10 + " 天" : h + " 小时"; }

  function durationsChart(durations) {
    var stages = Object.keys(STAGES), W = 360, rowH = 44, left = 100, H = stages.length * rowH + 8, parts = [];
    var max = Math.max(1, Math.max.apply(null, stages.map(function (s) { return (durations[s] || {}).p90_hours || 0; })));
    var scale = (W - left - 70) / max;
    stages.forEach(function (s, i) {
      var d = durations[s] || {}, y = 8 + i * rowH;
      parts.push(svg("text", { x: left - 8, y: y + 18, "text-anchor": "end" }, [STAGES[s]]));
      if (d.p90_hours !== null && d.p90_hours !== undefined) parts.push(svg("rect", { x: left, y: y + 22, width: Math.max(2, d.p90_hours * scale), height: 8, fill: "#8c959f" }));
      if (d.median_hours !== null && d.median_hours !== undefined) parts.push(svg("rect", { x: left, y: y + 6, width: Math.max(2, d.median_hours * scale), height: 14, fill: "#0550ae" }));
      parts.push(svg("text", { x: left + Math.max(2, (d.p90_hours || 0) * scale) + 6, y: y + 18 }, [hoursText(d.median_hours === undefined ? null : d.median_hours)]));
    });
    var summary = stages.map(function (s) {
      var d = durations[s] || {};
      return STAGES[s] + "：中位数" + hoursText(d.median_hours === undefined ? null : d.median_hours) + "，九成" + hoursText(d.p90_hours === undefined ? null : d.p90_hours) + "（" + (d.samples || 0) + " 件）";
    }).join("；");
    chart($("rp-chart-durations"), "h-rp-durations", W, H, summary, parts);
  }

  function pct(rate) { return rate === null || rate === undefined ? "—" : Math.round(rate * 100) + "%"; }

  function showTotals(report) {
    var c = report.totals.counts, box = $("rp-totals");
    box.textContent = "";
    [["收案", c.received], ["调解成功", c["outcome:settled"]], ["调解不成功", c["outcome:failed"]],
     ["终止", c["outcome:terminated"]], ["调解成功率", pct(report.totals.success_rate)],
     ["司法确认率", pct(report.confirmations.rate)]].forEach(function (t) {
      box.appendChild(el("div", {}, [el("dt", { text: t[0] }), el("dd", { text: String(t[1] === undefined ? 0 : t[1]) })]));
    });
  }

  function showTable(rows) {
    var cols = [{ label: "月份", value: function (r) { return r.value; } },
                { label: "收案", value: function (r) { return String(r.counts.received || 0); } }]
      .concat(OUTCOMES.map(function (o) { return { label: o[1], value: function (r) { return String(r.counts[o[0]] || 0); } }; }))
      .concat([{ label: "成功率", value: function (r) { return pct(r.success_rate); } }]);
    $("rp-table").textContent = "";
    $("rp-table").appendChild(Console.table(cols, rows, "按月数据"));
  }

  function showLedger(res) {
    var box = $("rp-ledger");
    box.textContent = "";
    if (!res.ok) { var msg = el("div", { "class": "msg" }); box.appendChild(msg); S.sayError(msg, res); return; }
    var periods = res.body.periods || [];
    box.appendChild(el("p", { text: "合计：" + S.money(res.body.total) }));
    if (!periods.length) { box.appendChild(el("p", { "class": "muted", text: "这段时间没有补贴记录。" })); return; }
    var rows = [];
    periods.forEach(function (p) {
      (p.by_mediator || []).forEach(function (m) { rows.push({ period: p.period, closed: p.closed, name: m.name, cases: m.cases, amount: m.amount }); });
    });
    box.appendChild(Console.table([
      { label: "期间", value: function (r) { return r.period + (r.closed ? "（已结算）" : ""); } },
      { label: "调解员", value: function (r) { return r.name || "—"; } },
      { label: "案件数", value: function (r) { return String(r.cases); } },
      { label: "金额", value: function (r) { return S.money(r.amount); } }], rows, "补贴台账"));
  }

  function period() { return { from: $("rp-from").value, to: $("rp-to").value }; }

  function load() {
    S.clear($("rp-msg"));
    var q = period();
    Console.api("statistics", { query: q }).then(function (res) {
      if (!res.ok) { S.sayError($("rp-msg"), res); return; }
      showTotals(res.body);
      monthsChart(res.body.by_month || []);
      rateChart(res.body.by_month || []);
      durationsChart(res.body.durations || {});
      showTable(res.body.by_month || []);
    });
    Console.api("subsidies", { query: q }).then(showLedger);
  }

  function download(name, filename) {
    var q = Object.assign(period(), { format: "csv" }), msg = $("rp-download-msg");
    S.clear(msg);
    Console.download(name, { query: q }, filename + "-" + (q.from || "") + "-" + (q.to || "") + ".csv").then(function (res) {
      if (!res.ok) S.sayError(msg, res);
    });
  }

  /* The report is HTML with its own stylesheet: opened as a file of this page (a blob), whose policy is this
     page's, its stylesheet carries this page's nonce. The window opens on the click, so no pop-up blocker stops it. */
  function openMonthly(event) {
    event.preventDefault();
    var msg = $("rp-monthly-msg"), win = window.open("", "_blank");
    S.clear(msg);
    Console.api("monthly", { query: { month: $("rp-month").value } }).then(function (res) {
      if (!res.ok) { if (win) win.close(); S.sayError(msg, res); return; }
      var doc = new DOMParser().parseFromString(res.text, "text/html");  // parsed inert: nothing runs
      Array.prototype.forEach.call(doc.querySelectorAll("style"), function (st) { st.setAttribute("nonce", NONCE); });
      var html = "<!DOCTYPE html>" + doc.documentElement.outerHTML;
      var url = URL.createObjectURL(new Blob([html], { type: "text/html;charset=utf-8" }));
      if (win) { win.location.href = url; S.say(msg, "ok", "月度报告已在新窗口打开，可以在那里打印。"); }
      else {
        msg.textContent = "";
        S.say(msg, "info", "浏览器阻止了新窗口。");
        msg.appendChild(el("a", { href: url, download: "月度报告-" + $("rp-month").value + ".html", text: "下载月度报告" }));
      }
    });
  }

  var wired = false;
  Console.section("reports", {
    title: "统计报表",
    show: function () {
      if (!wired) {
        wired = true;
        var now = new Date(), month = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0");
        $("rp-from").value = now.getFullYear() + "-01";
        $("rp-to").value = month;
        $("rp-month").value = month;
        $("rp-form").addEventListener("submit", function (e) { e.preventDefault(); load(); });
        $("rp-csv").addEventListener("click", function () { download("statistics", "统计表"); });
        $("rp-subsidies-csv").addEventListener("click", function () { download("subsidies", "补贴台账"); });
        $("rp-monthly-form").addEventListener("submit", openMonthly);
      }
      load();
    }
  });
})();
