/* The court's own figures (GET /reports/statistics?court_id=): by month with a total, success and confirmation
   rates, and how long cases took. */
(function () {
  "use strict";
  var S = Sutiao, $ = S.byId;
  Console.routes({
    courtStatistics: ["GET", "/reports/statistics"]
  });
  var FACTS = [["received", "收案"], ["outcome:settled", "调解成功"], ["outcome:failed", "调解不成"],
               ["outcome:terminated", "终止调解"], ["confirmation_requested", "申请司法确认"],
               ["ruling:confirmed", "裁定确认"], ["ruling:rejected", "裁定驳回"], ["filed", "立案"]];
  var STAGES = { assignment: "收案至指派", acceptance: "收案至受理调解", outcome: "收案至调解结果", ruling: "收案至司法确认裁定" };

  function rate(r) { return r === null || r === undefined ? "—" : (r * 100).toFixed(1) + "%"; }
  function month(v) { var m = /^(\d{4})-(\d{2})$/.exec(v || ""); return m ? m[1] + "年" + Number(m[2]) + "月" : "合计"; }
  function hours(h) { return h === null || h === undefined ? "—" : h < 48 ? h + " 小时" : (h / 24).toFixed(1) + " 天"; }

  var COLUMNS = [{ label: "月份", value: function (row) { return month(row.value); } }].concat(FACTS.map(function (f) {
    return { label: f[1], value: function (row) { return String((row.counts || {})[f[0]] || 0); } };
  }), [{ label: "调解成功率", value: function (row) { return rate(row.success_rate); } },
       { label: "司法确认率", value: function (row) { return rate(row.confirmation_rate); } }]);

  function show(body) {
    var box = $("court-stats-body");
    box.textContent = "";
    box.appendChild(S.el("p", { "class": "muted", text: "统计期间：" + month(body.from) + " 至 " + month(body.to) }));
    box.appendChild(Console.table(COLUMNS, (body.by_month || []).concat([body.totals]), "本院案件按月统计"));
    var durations = body.durations || {};
    box.appendChild(S.el("h3", { text: "办理用时" }));
    box.appendChild(Console.table([
      { label: "阶段", value: function (k) { return STAGES[k] || k; } },
      { label: "案件数", value: function (k) { return String(durations[k].samples); } },
      { label: "中位数", value: function (k) { return hours(durations[k].median_hours); } },
      { label: "90% 的案件不超过", value: function (k) { return hours(durations[k].p90_hours); } }
    ], Object.keys(STAGES).filter(function (k) { return durations[k]; }), "办理用时"));
  }

  function load() {
    var msg = $("court-stats-msg");
    S.clear(msg);
    var query = { court_id: CourtDesk.court(), from: $("court-stats-from").value, to: $("court-stats-to").value };
    return Console.api("courtStatistics", { query: query }).then(function (res) {
      if (!res.ok) { S.sayError(msg, res); return; }
      show(res.body);
    });
  }

  $("court-stats-form").addEventListener("submit", function (e) { e.preventDefault(); load(); });
  Console.section("stats", { title: "本院统计", show: load });
})();
