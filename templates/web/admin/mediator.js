/* One mediator (#mediator/<id>): the roster entry and its edit, sanctions with a confirmation step, the
   performance file, and the complaints and court reports about it, each answered here. */
(function () {
  "use strict";
  var S = Sutiao, $ = S.byId, el = S.el, R = AdminRoster;
  var KINDS = {
    warning: ["警告", "记入档案，调解员照常办案。"],
    criticism: ["通报批评", "记入档案并在组织内通报，调解员照常办案。"],
    suspension: ["暂停", "暂停期间不再分配新案件；已分配未接受的案件改派，调解中的案件标记出来由您改派，并短信告知当事人。"],
    reinstatement: ["恢复", "恢复后重新参加分配。"],
    removal: ["除名", "除名不可撤销：不再分配新案件，在办案件改派或标记，调解员从各法院特邀名册中移除，并通知相关法院。"]
  };
  var ALLOWED = { active: ["warning", "criticism", "suspension", "removal"],
                  suspended: ["warning", "criticism", "reinstatement", "removal"], removed: [] };
  var DECISIONS = { dismiss: "不予处分", warning: "警告", criticism: "通报批评", suspension: "暂停", removal: "除名" };
  var RESULT = { settled: "调解成功", failed: "调解不成功", terminated: "终止调解" };

  var current = null, wired = false;

  function fact(dl, label, value) {
    dl.appendChild(el("dt", { text: label }));
    dl.appendChild(el("dd", {}, [value === null || value === undefined || value === "" ? "—" : value]));
  }

  function showEntry(m) {
    current = m;
    $("h-mediator").textContent = "调解员档案：" + m.name;
    var dl = $("md-facts");
    dl.textContent = "";
    fact(dl, "编号", m.mediator_id);
    fact(dl, "状态", R.badge(m.status));
    fact(dl, "在办 / 上限", (m.active_load || 0) + " / " + m.capacity);
    fact(dl, "擅长", R.specialties(m.specialties));
    fact(dl, "手机号", m.phone);
    $("me-name").value = m.name;
    $("me-phone").value = m.phone || "";
    $("me-capacity").value = m.capacity;
    R.specialtyChoices($("me-specialties"), "me-sp", m.specialties);
    var kinds = ALLOWED[m.status] || [];
    $("md-sanction").hidden = !kinds.length;
    $("md-sanction-none").hidden = !!kinds.length;
    $("md-edit").querySelector("button").disabled = m.status === "removed";
    var select = $("ms-kind");
    select.textContent = "";
    kinds.forEach(function (k) { select.appendChild(el("option", { value: k, text: KINDS[k][0] })); });
    hint();
    $("ms-confirm").hidden = true;
  }

  function hint() { var k = $("ms-kind").value; $("ms-kind-hint").textContent = k ? KINDS[k][1] : ""; }

  function showFile(file) {
    var dl = $("md-performance");
    dl.textContent = "";
    var outcomes = file.cases_by_outcome || {};
    fact(dl, "办结案件", Object.keys(RESULT).map(function (k) { return RESULT[k] + " " + (outcomes[k] || 0); }).join("，"));
    fact(dl, "调解成功率", file.success_rate === null ? null : Math.round(file.success_rate * 100) + "%");
    fact(dl, "平均用时", file.average_days === null ? null : file.average_days + " 天（接受到办结）");
    fact(dl, "当事人评价", file.ratings.count ? file.ratings.average + " 分（" + file.ratings.count + " 条）" : null);
    fact(dl, "已得补贴", S.money(file.subsidies_earned));
    fillList($("md-sanctions"), file.sanctions, function (s) {
      return (KINDS[s.kind] ? KINDS[s.kind][0] : s.kind) + "：" + s.reason + "（" + S.when(s.at) + "）";
    }, "没有处分记录。");
    fillList($("md-declines"), file.declines, function (d) {
      return "案件 " + d.case_id + "：" + (d.reason || "未写理由") + "（" + S.when(d.at) + "）";
    }, "没有。");
    var box = $("md-complaints");
    box.textContent = "";
    if (!file.complaints.length) box.appendChild(el("li", { "class": "muted", text: "没有投诉。" }));
    file.complaints.slice().reverse().forEach(function (c) { box.appendChild(complaintItem(c)); });
  }

  function fillList(box, items, text, none) {
    box.textContent = "";
    if (!items || !items.length) { box.appendChild(el("li", { "class": "muted", text: none })); return; }
    items.forEach(function (item) { box.appendChild(el("li", { text: text(item) })); });
  }

  /* A complaint: its text, and its answer, or a form to give it. */
  function complaintItem(c) {
    var li = el("li", {}, [el("p", { text: "案件 " + c.case_id + "（" + S.when(c.at) + "）：" + c.text })]);
    if (c.answer) { li.appendChild(el("p", { "class": "muted", text: "已答复（" + S.when(c.answered_at) + "）：" + c.answer })); return li; }
    if (!c.complaint_id) return li;
    var id = "mc-" + c.complaint_id, msg = el("div", { "class": "msg" });
    var area = el("textarea", { id: id, required: true });
    var form = el("form", { novalidate: true }, [el("label", { "for": id, text: "答复" }), area,
      el("button", { type: "submit", "class": "secondary", text: "提交答复" }), msg]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!area.value.trim()) { S.say(msg, "bad", "请写下答复。"); return; }
      var button = form.querySelector("button");
      S.busy(button, true, "正在提交……");
      Console.api("answerComplaint", { params: { complaint_id: c.complaint_id }, json: { answer: area.value.trim() } })
        .then(function (res) {
          S.busy(button, false);
          if (!res.ok) { S.sayError(msg, res); return; }
          li.replaceWith(complaintItem(res.body));
        });
    });
    li.appendChild(form);
    return li;
  }

  function reportItem(r) {
    var li = el("li", {}, [el("p", { text: r.court_id + "（" + S.when(r.received_at) + "）：" + (r.reason || "未写理由") +
      (r.case_id ? "，案件 " + r.case_id : "") })]);
    if (r.decision) {
      li.appendChild(el("p", { "class": "muted", text: "已处理：" + DECISIONS[r.decision] + (r.note ? "，" + r.note : "") }));
      return li;
    }
    var sid = "mr-d-" + r.report_id, nid = "mr-n-" + r.report_id, msg = el("div", { "class": "msg" });
    var select = el("select", { id: sid }, Object.keys(DECISIONS).map(function (k) { return el("option", { value: k, text: DECISIONS[k] }); }));
    var note = el("textarea", { id: nid });
    var form = el("form", { novalidate: true }, [
      el("p", { "class": r.overdue ? "badge bad" : "muted", text: (r.overdue ? "已超期。" : "") + "请在 " + S.when(r.decide_by) + " 前处理。" }),
      el("label", { "for": sid, text: "处理决定" }), select, el("label", { "for": nid, text: "说明" }), note,
      el("button", { type: "submit", "class": "secondary", text: "提交决定" }), msg]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      S.busy(button, true, "正在提交……");
      Console.api("decideReport", { params: { report_id: r.report_id }, json: { decision: select.value, note: note.value.trim() || null } })
        .then(function (res) {
          S.busy(button, false);
          if (!res.ok) { S.sayError(msg, res); return; }
          load(current.mediator_id);
        });
    });
    li.appendChild(form);
    return li;
  }

  function showReports(res, mediatorId) {
    var box = $("md-reports");
    box.textContent = "";
    var mine = res.ok ? (res.body.reports || []).filter(function (r) { return r.mediator_id === mediatorId; }) : [];
    if (!mine.length) box.appendChild(el("li", { "class": "muted", text: "没有法院通报。" }));
    mine.forEach(function (r) { box.appendChild(reportItem(r)); });
  }

  function load(mediatorId) {
    S.clear($("md-msg"));
    return Promise.all([Console.api("performance", { params: { mediator_id: mediatorId } }),
                        Console.api("mediatorReports")]).then(function (answers) {
      var file = answers[0];
      if (!file.ok) { $("md-body").hidden = true; S.sayError($("md-msg"), file); return; }
      $("md-body").hidden = false;
      showEntry(file.body.mediator);
      showFile(file.body);
      showReports(answers[1], mediatorId);
    });
  }

  function save(event) {
    event.preventDefault();
    var msg = $("me-msg"), button = event.target.querySelector("button");
    var body = { name: $("me-name").value.trim(), phone: $("me-phone").value.trim() || null,
                 capacity: Number($("me-capacity").value), specialties: R.chosenSpecialties($("me-specialties")) };
    if (!body.name) { S.say(msg, "bad", "请填写姓名。"); return; }
    S.busy(button, true, "正在保存……");
    Console.api("editMediator", { params: { mediator_id: current.mediator_id }, json: body }).then(function (res) {
      S.busy(button, false);
      if (!res.ok) { S.sayError(msg, res); return; }
      showEntry(res.body);
      S.say(msg, "ok", "已保存。");
    });
  }

  function ask(event) {
    event.preventDefault();
    S.clear($("ms-msg"));
    var kind = $("ms-kind").value, reason = $("ms-reason").value.trim();
    if (!reason) { S.say($("ms-msg"), "bad", "请写明理由。"); return; }
    $("ms-confirm-text").textContent = "确认对 " + current.name + " 作出「" + KINDS[kind][0] + "」吗？理由：" + reason +
      "。" + KINDS[kind][1];
    $("ms-confirm").hidden = false;
    $("ms-yes").focus();
  }

  function apply() {
    var button = $("ms-yes"), msg = $("ms-msg");
    S.busy(button, true, "正在提交……");
    Console.api("sanction", { params: { mediator_id: current.mediator_id },
                              json: { kind: $("ms-kind").value, reason: $("ms-reason").value.trim() } }).then(function (res) {
      S.busy(button, false);
      $("ms-confirm").hidden = true;
      if (!res.ok) { S.sayError(msg, res); return; }
      var b = res.body, moved = (b.reassigned || []).length, flagged = (b.flagged || []).length;
      var text = "已提交。调解员现在的状态：" + R.STANDING[b.status] + "。";
      if (moved) text += moved + " 件待接受的案件已重新分配。";
      if (flagged) text += flagged + " 件调解中的案件已标记，请到案件列表改派。";
      if ((b.courts_told || []).length) text += "已通知法院：" + b.courts_told.join("、") + "。";
      $("ms-reason").value = "";
      load(current.mediator_id).then(function () { S.say(msg, "ok", text); });
    });
  }

  Console.section("mediator", {
    title: "调解员档案",
    show: function (mediatorId) {
      if (!wired) {
        wired = true;
        $("md-edit").addEventListener("submit", save);
        $("md-sanction").addEventListener("submit", ask);
        $("ms-kind").addEventListener("change", hint);
        $("ms-yes").addEventListener("click", apply);
        $("ms-no").addEventListener("click", function () { $("ms-confirm").hidden = true; $("ms-reason").focus(); });
      }
      if (!mediatorId) { Console.go("roster"); return; }
      load(mediatorId);
    }
  });
})();
