/* 案件 (GET /cases): filters (status, court, category, mediator, flag), the nearest deadline first by default
   (order=deadline); overdue and flagged rows stand out; a case id opens the case section. */
(function () {
  "use strict";
  var S = Sutiao, A = AdminCases, $ = S.byId, pager = null, names = {};

  Console.routes({
    orgMediators: ["GET", "/mediators"]
  });

  var COLUMNS = [
    { label: "案件编号", value: function (c) { return S.el("a", { href: "#case/" + c.case_id, text: c.case_id }); } },
    { label: "状态", value: function (c) { return S.STATUS[c.status] || c.status; } },
    { label: "当事人", value: function (c) { return (c.applicants || []).join("、") + " 与 " + (c.respondents || []).join("、"); } },
    { label: "纠纷类型", value: function (c) { return (S.CATEGORY[c.dispute_category] || "—").split("（")[0]; } },
    { label: "调解员", value: function (c) { return c.mediator_id ? names[c.mediator_id] || c.mediator_id : "—"; } },
    { label: "最近期限", value: function (c) { return A.deadline(c.next_deadline); } },
    { label: "标记", value: function (c) { return (c.flags || []).length ? S.el("span", {}, c.flags.map(A.badge)) : "—"; } }
  ];

  function options(select, map) {
    Object.keys(map).forEach(function (k) { select.appendChild(S.el("option", { value: k, text: map[k] })); });
  }

  function query() {
    return { status: $("cf-status").value, category: $("cf-category").value, mediator_id: $("cf-mediator").value,
             court_id: $("cf-court").value.trim(), flag: $("cf-flag").value,
             order: $("cf-order").value === "deadline" ? "deadline" : "" };
  }

  function row(c) {
    var cls = [A.overdue(c.next_deadline) ? "overdue" : "", (c.flags || []).length ? "flagged" : ""].join(" ").trim();
    return Console.row(COLUMNS, c, cls ? { "class": cls } : {});
  }

  function setUp() {
    options($("cf-status"), S.STATUS);
    options($("cf-category"), S.CATEGORY);
    options($("cf-flag"), A.FLAGS);
    var table = Console.table(COLUMNS, [], "案件列表");
    $("cases-table").appendChild(table);
    pager = Console.pager(table.tbody, function (cursor) {
      return Console.api("listCases", { query: Object.assign(query(), { cursor: cursor }) });
    }, row);
    $("cases-filters").addEventListener("submit", function (event) { event.preventDefault(); pager.reload(); });
    return Console.api("orgMediators").then(function (res) {
      ((res.ok && res.body.mediators) || []).forEach(function (m) {
        names[m.mediator_id] = m.name;
        $("cf-mediator").appendChild(S.el("option", { value: m.mediator_id, text: m.name }));
      });
    });
  }

  Console.section("cases", {
    title: "案件",
    show: function () { (pager ? Promise.resolve() : setUp()).then(function () { pager.reload(); }); }
  });
})();
