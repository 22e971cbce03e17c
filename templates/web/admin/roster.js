/* Roster (调解员名册): the organization's mediators, adding one, and what waits for an answer about them.
   AdminRoster holds the wording the mediator page shares. */
var AdminRoster = (function () {
  "use strict";
  var S = Sutiao, $ = S.byId, el = S.el;
  var STANDING = { active: "在册", suspended: "暂停", removed: "已除名" };
  var STANDING_KIND = { active: "ok", suspended: "warn", removed: "bad" };
  var SPECIALTY = { contract: "合同", labor: "劳动人事", financial: "金融", tort: "侵权", community: "邻里社区",
                    family: "婚姻家庭", other: "其他" };

  Console.routes({
    mediators: ["GET", "/mediators"],
    addMediator: ["POST", "/mediators"],
    editMediator: ["PUT", "/mediators/{mediator_id}"],
    sanction: ["POST", "/mediators/{mediator_id}/sanctions"],
    performance: ["GET", "/mediators/{mediator_id}/performance"],
    complaints: ["GET", "/complaints"],
    answerComplaint: ["POST", "/complaints/{complaint_id}/answer"],
    mediatorReports: ["GET", "/mediator-reports"],
    decideReport: ["POST", "/mediator-reports/{report_id}/decision"]
  });
  Console.words({
    mediator_exists: "这个编号已经有人用了，请换一个。",
    mediator_removed: "这位调解员已被除名，名册信息不能再修改。",
    invalid_capacity: "同时办理案件上限要填 1 到 1000 之间的整数。",
    invalid_sanction_status: "调解员现在的状态不能作出这个处理。",
    reason_required: "请写明理由。",
    stale_mediator: "调解员的状态刚刚被别人改过，请刷新后再试。",
    complaint_answered: "这条投诉已经答复过了。",
    report_decided: "这条通报已经处理过了。"
  });

  function badge(status) {
    return el("span", { "class": "badge " + (STANDING_KIND[status] || ""), text: STANDING[status] || status });
  }

  function specialties(list) { return (list || []).map(function (s) { return SPECIALTY[s] || s; }).join("、") || "—"; }

  /* Checkboxes of the specialties, inside `box`, ticked for `chosen`; prefix keeps ids unique per form. */
  function specialtyChoices(box, prefix, chosen) {
    box.textContent = "";
    Object.keys(SPECIALTY).forEach(function (key) {
      var id = prefix + "-" + key;
      box.appendChild(el("label", { "for": id }, [
        el("input", { type: "checkbox", id: id, value: key, checked: (chosen || []).indexOf(key) >= 0 }), SPECIALTY[key]]));
    });
  }

  function chosenSpecialties(box) {
    return Array.prototype.filter.call(box.querySelectorAll("input[type=checkbox]"), function (c) { return c.checked; })
      .map(function (c) { return c.value; });
  }

  var COLUMNS = [
    { label: "姓名", value: function (m) { return el("a", { href: "#mediator/" + encodeURIComponent(m.mediator_id), text: m.name + "（" + m.mediator_id + "）" }); } },
    { label: "状态", value: function (m) { return badge(m.status); } },
    { label: "擅长", value: function (m) { return specialties(m.specialties); } },
    { label: "在办 / 上限", value: function (m) { return (m.active_load || 0) + " / " + m.capacity; } },
    { label: "电话", value: function (m) { return m.phone || "—"; } }
  ];

  var list = null, complaints = null, started = false;

  function loadRoster() {
    return Console.api("mediators").then(function (res) {
      if (!res.ok) return res;
      var status = $("roster-status").value, specialty = $("roster-specialty").value;
      var items = (res.body.mediators || []).filter(function (m) {
        return (!status || m.status === status) && (!specialty || (m.specialties || []).indexOf(specialty) >= 0);
      });
      return { items: items, cursor: null };
    });
  }

  function complaintItem(c) {
    return el("li", {}, [el("a", { href: "#mediator/" + encodeURIComponent(c.mediator_id),
      text: (c.mediator_name || c.mediator_id) + "：" + c.text }),
      el("span", { "class": "muted", text: "（" + S.when(c.at) + "，案件 " + c.case_id + "）" })]);
  }

  function waiting() {
    complaints.reload();
    Console.api("mediatorReports").then(function (res) {
      var box = $("roster-reports");
      box.textContent = "";
      if (!res.ok) { S.sayError($("roster-msg"), res); return; }
      var open = (res.body.reports || []).filter(function (r) { return !r.decision; });
      if (!open.length) box.appendChild(el("li", { "class": "muted", text: "没有待处理的通报。" }));
      open.forEach(function (r) {
        box.appendChild(el("li", {}, [el("a", { href: "#mediator/" + encodeURIComponent(r.mediator_id),
          text: (r.mediator_name || r.mediator_id) + "：" + (r.reason || "（未写理由）") }),
          el("span", { "class": r.overdue ? "badge bad" : "muted", text: (r.overdue ? "已超期" : "") + "（" + r.court_id + "，请在 " + S.when(r.decide_by) + " 前处理）" })]));
      });
    });
  }

  function add(event) {
    event.preventDefault();
    var button = event.target.querySelector("button[type=submit]"), msg = $("ra-msg");
    var body = { mediator_id: $("ra-id").value.trim(), name: $("ra-name").value.trim(),
                 capacity: Number($("ra-capacity").value || 5), specialties: chosenSpecialties($("ra-specialties")) };
    if ($("ra-phone").value.trim()) body.phone = $("ra-phone").value.trim();
    if (!body.mediator_id || !body.name) { S.say(msg, "bad", "请填写编号和姓名。"); return; }
    S.busy(button, true, "正在添加……");
    Console.api("addMediator", { json: body }).then(function (res) {
      S.busy(button, false);
      if (!res.ok) { S.sayError(msg, res); return; }
      S.say(msg, "ok", "已添加调解员 " + res.body.name + "。");
      event.target.reset();
      list.reload();
    });
  }

  Console.section("roster", {
    title: "调解员",
    show: function () {
      if (!started) {
        started = true;
        Object.keys(SPECIALTY).forEach(function (k) { $("roster-specialty").appendChild(el("option", { value: k, text: SPECIALTY[k] })); });
        specialtyChoices($("ra-specialties"), "ra-sp", []);
        var body = $("roster-list");
        list = Console.pager(body, loadRoster, function (m) { return Console.row(COLUMNS, m); });
        $("roster-status").addEventListener("change", function () { list.reload(); });
        $("roster-specialty").addEventListener("change", function () { list.reload(); });
        $("roster-add-form").addEventListener("submit", add);
        complaints = Console.pager($("roster-complaints"), function (cursor) {
          return Console.api("complaints", { query: { state: "open", cursor: cursor } });
        }, complaintItem);
      }
      list.reload();
      waiting();
    }
  });

  return { STANDING: STANDING, SPECIALTY: SPECIALTY, badge: badge, specialties: specialties,
           specialtyChoices: specialtyChoices, chosenSpecialties: chosenSpecialties };
})();
