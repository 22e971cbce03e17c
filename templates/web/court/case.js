/* One case of the court: where it stands, the confirmation materials side by side, the ruling and filing forms
   (the same path as the court's webhooks: a second, different decision is refused), and a report on the mediator. */
(function () {
  "use strict";
  var S = Sutiao, $ = S.byId, current = null;
  Console.routes({
    courtRuling: ["POST", "/cases/{case_id}/ruling"],
    courtFiling: ["POST", "/cases/{case_id}/filing"]
  });
  Console.words({
    already_ruled: "本案已经作出过不同的裁定，不能再次裁定。",
    already_filed: "本案已经用另一个案号登记立案，不能再次登记。",
    file_not_found: "本案没有这份文件。"
  });
  var FILABLE = ["failed", "terminated", "confirmation_rejected"];

  function line(label, value) {
    return S.el("p", {}, [S.el("strong", { text: label + "：" }), value || "—"]);
  }

  function facts(c) {
    var box = $("court-case-facts"), d = CourtDesk.nearest(c);
    box.textContent = "";
    box.append(
      line("状态", S.STATUS[c.status] || c.status),
      line("来源", CourtDesk.PROCEDURE[c.procedure] || "当事人申请"),
      line("本院案号", c.court_case_number || c.court_case_ref),
      line("申请人", S.names(c.applicants)),
      line("被申请人", S.names(c.respondents)),
      line("纠纷类型", S.CATEGORY[c.dispute_category] || c.dispute_category),
      line("调解员", c.mediator ? c.mediator.name : ""),
      line("最近期限", d ? (CourtDesk.DEADLINES[d.name] || d.name) + " " + S.when(d.at) + (d.overdue ? "（已超期）" : "") : ""),
      c.ruling ? line("裁定", (c.ruling.ruling === "confirmed" ? "确认有效" : "驳回申请") + " " + (c.ruling.ruling_number || "")) : "");
  }

  function consents(c) {
    var list = $("court-consents"), choice = c.court_choice || {};
    list.textContent = "";
    (c.applicants || []).concat(c.respondents || []).forEach(function (p) {
      var agreed = (c.consents || []).indexOf(p.name) >= 0;
      list.appendChild(S.el("li", {}, [p.name + "：", S.el("span", { "class": "badge " + (agreed ? "ok" : "warn"),
        text: agreed ? "已确认并申请" : "尚未确认" })]));
    });
    if (choice.name) list.appendChild(S.el("li", { text: "共同选择的法院：" + choice.name }));
  }

  function history(c) {
    var list = $("court-case-history");
    list.textContent = "";
    (c.history || []).forEach(function (h) {
      // the history's reasons are Chinese where a person wrote them (a ruling number, a reason), codes otherwise
      var reason = /[\u4e00-\u9fff]/.test(h.reason || "") ? "（" + h.reason + "）" : "";
      list.appendChild(S.el("li", { text: S.when(h.at) + " " + (S.STATUS[h.to_status] || h.to_status || "") + reason }));
    });
  }

  function show(c) {
    current = c;
    $("h-case").textContent = "案件 " + c.case_id;
    facts(c);
    var docs = (c.documents || []);
    $("court-case-review").hidden = !c.agreement && docs.indexOf("agreement") < 0;
    consents(c);
    $("court-ruling-form").hidden = c.status !== "confirmation_requested";
    $("court-failure").hidden = !c.failure_record;
    $("court-filing-form").hidden = FILABLE.indexOf(c.status) < 0;
    $("court-report-form").hidden = !c.mediator_id;
    history(c);
    $("court-case-body").hidden = false;
  }

  function load(caseId) {
    S.clear($("court-case-msg"));
    $("court-case-body").hidden = true;
    return Console.api("courtCase", { params: { case_id: caseId } }).then(function (res) {
      if (!res.ok) { S.sayError($("court-case-msg"), res); return; }
      show(res.body);
    });
  }

  $("court-open-application").addEventListener("click", function () {
    Console.openDocument(current.case_id, current.referral === "entrusted" ? "mediation-document-request" : "confirmation-application");
  });
  $("court-open-agreement").addEventListener("click", function () { Console.openFile(current.case_id, "agreement"); });
  $("court-open-record").addEventListener("click", function () { Console.openDocument(current.case_id, "failure-record"); });

  function submit(form, msg, button, call, options, done) {
    S.clear(msg);
    S.busy(button, true, "正在提交……");
    return Console.api(call, options).then(function (res) {
      S.busy(button, false);
      if (!res.ok) { S.sayError(msg, res); msg.focus(); return; }
      done(res.body);
      msg.focus();
    });
  }

  /* After a ruling or a filing: the case again, and what happened (`changed` false: it was already so). */
  function decided(done, already) {
    return function (answer) {
      return load(current.case_id).then(function () {
        S.say($("court-case-msg"), "ok", answer.changed ? done : already);
        $("court-case-msg").focus();
      });
    };
  }

  $("court-ruling-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var msg = $("court-ruling-msg"), picked = this.querySelector("input[name=ruling]:checked");
    var number = $("court-ruling-number").value.trim(), reason = $("court-ruling-reason").value.trim();
    if (!picked || !number) { S.say(msg, "bad", "请选择裁定结果并填写裁定书文号。"); msg.focus(); return; }
    var body = { ruling: picked.value, ruling_number: number };
    if (reason) body.reason = reason;
    submit(this, msg, this.querySelector("button[type=submit]"), "courtRuling",
      { params: { case_id: current.case_id }, json: body },
      decided("裁定已登记，当事人会收到短信通知。", "本案已经登记过这份裁定，无需重复提交。"));
  });

  $("court-filing-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var msg = $("court-filing-msg"), number = $("court-case-number").value.trim();
    if (!number) { S.say(msg, "bad", "请填写本院案号。"); msg.focus(); return; }
    submit(this, msg, this.querySelector("button[type=submit]"), "courtFiling",
      { params: { case_id: current.case_id }, json: { court_case_number: number } },
      decided("已登记立案：" + number, "本案已经用这个案号登记过立案。"));
  });

  $("court-report-form").addEventListener("submit", function (e) {
    e.preventDefault();
    CourtDesk.report(this, current.mediator_id, current.case_id);
  });

  Console.section("case", { title: "案件", show: function (caseId) {
    if (!caseId) { Console.go("cases"); return; }
    load(caseId);
  } });
})();
