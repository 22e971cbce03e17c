/* The court's cases (GET /cases, the clerk's court), and what every court section shares (CourtDesk). */
var CourtDesk = (function () {
  "use strict";
  var S = Sutiao;
  Console.routes({
    courtCases: ["GET", "/cases"],
    courtCase: ["GET", "/cases/{case_id}"],
    courtReport: ["POST", "/mediators/{mediator_id}/reports"]
  });
  var DEADLINES = { acceptance: "接受期限", mediation: "调解期限", confirmation: "申请司法确认期限" };
  var PROCEDURE = { pre_filing: "委派（诉前）", simple: "委托（简易程序）", ordinary: "委托（普通程序）" };

  function court() { var me = Console.session(); return me ? me.court_id : ""; }

  /* The nearest deadline: {name, at, overdue} or null. */
  function nearest(c) {
    var best = null;
    Object.keys(c.deadlines || {}).forEach(function (name) {
      var at = c.deadlines[name];
      if (at && (!best || at < best.at)) best = { name: name, at: at };
    });
    if (best) best.overdue = new Date(best.at).getTime() < Date.now();
    return best;
  }

  function deadlineCell(c) {
    var d = nearest(c);
    if (!d) return "—";
    return S.el("span", {}, [(DEADLINES[d.name] || d.name) + " " + S.when(d.at),
      d.overdue ? S.el("span", { "class": "badge bad", text: "已超期" }) : null]);
  }

  function statusCell(c) { return S.el("span", { "class": "badge", text: S.STATUS[c.status] || c.status }); }

  function openLink(c) {
    return S.el("a", { href: "#case/" + encodeURIComponent(c.case_id), text: c.case_id,
                       "aria-label": "查看案件 " + c.case_id });
  }

  var COLUMNS = [
    { label: "案件编号", value: openLink },
    { label: "来源", value: function (c) { return PROCEDURE[c.procedure] || (c.source === "party" ? "当事人申请" : "—"); } },
    { label: "当事人", value: function (c) { return (c.applicants || []).join("、") + " 诉 " + (c.respondents || []).join("、"); } },
    { label: "状态", value: statusCell },
    { label: "最近期限", value: deadlineCell }
  ];

  /* A paged table of the court's cases with `status` ("" for all) into `box`, newest first or (`order`
     "deadline") the open ones nearest deadline first. */
  function list(box, status, caption, order) {
    var table = Console.table(COLUMNS, [], caption);
    box.textContent = "";
    box.appendChild(table);
    var pager = Console.pager(table.tbody, function (cursor) {
      return Console.api("courtCases", { query: { court_id: court(), status: status, order: order, cursor: cursor } });
    }, function (c) {
      var d = nearest(c);
      return Console.row(COLUMNS, c, d && d.overdue ? { "class": "overdue" } : {});
    });
    return pager.reload();
  }

  /* A misconduct report to the organization (POST /mediators/{id}/reports), from the case page or the roster. */
  function report(form, mediatorId, caseId) {
    var msg = form.querySelector(".msg"), text = form.querySelector("textarea"), button = form.querySelector("button[type=submit]");
    var reason = text.value.trim();
    S.clear(msg);
    if (!reason) { S.say(msg, "bad", "请写明情况。"); msg.focus(); return; }
    var body = { reason: reason };
    if (caseId) body.case_id = caseId;
    S.busy(button, true, "正在提交……");
    Console.api("courtReport", { params: { mediator_id: mediatorId }, json: body }).then(function (res) {
      S.busy(button, false);
      if (!res.ok) { S.sayError(msg, res); msg.focus(); return; }
      text.value = "";
      S.say(msg, "ok", "已告知调解组织" + (res.body.decide_by ? "，应在 " + S.when(res.body.decide_by) + " 前处理" : "") + "。");
      msg.focus();
    });
  }

  return { court: court, list: list, nearest: nearest, report: report, DEADLINES: DEADLINES, PROCEDURE: PROCEDURE };
})();

(function () {
  "use strict";
  var S = Sutiao, $ = S.byId;
  var select = $("court-cases-status"), order = $("court-cases-order");
  Object.keys(S.STATUS).forEach(function (k) { select.appendChild(S.el("option", { value: k, text: S.STATUS[k] })); });
  function show() { CourtDesk.list($("court-cases-list"), select.value, "本院案件", order.value); }
  $("court-cases-filter").addEventListener("submit", function (e) { e.preventDefault(); show(); });
  Console.section("cases", { title: "案件", show: show });
})();
