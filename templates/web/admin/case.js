/* 案件详情 (#case/<id>, GET /cases/{id}): the parties (numbers masked as the privacy rule says: the server
   masks them), deadlines, flags, documents and PDFs, the history; and what the admin may do as the case
   stands: reassign (assigned, in mediation), close (after the mediation), decide an integrity review. */
(function () {
  "use strict";
  var S = Sutiao, A = AdminCases, $ = S.byId;
  var CLOSABLE = ["settled", "confirmed", "confirmation_rejected", "failed", "terminated", "filed"];
  var PDFS = { application: "申请书 PDF", agreement: "调解协议 PDF" };

  Console.routes({
    reassignCase: ["POST", "/cases/{case_id}/reassign"],
    closeCase: ["POST", "/cases/{case_id}/close"],
    reviewCase: ["POST", "/cases/{case_id}/review"]
  });
  Console.words({
    same_mediator: "本案已经是这位调解员承办。",
    mediator_ineligible: "这位调解员现在不能承办本案（暂停接案、案件已满、不擅长这类纠纷或与当事人有利害关系）。请换一位，或者让系统选择。",
    no_candidate: "现在没有其他符合条件、还有空余的调解员。请稍后再试，或者给调解员增加可承办案件数。",
    mediator_full: "这位调解员刚刚满额了。请换一位。",
    not_under_review: "这个案件不在诚信审查中。"
  });

  function facts(rows) {
    return S.el("dl", { "class": "facts" }, rows.filter(function (r) { return r[1]; }).reduce(function (all, r) {
      return all.concat([S.el("dt", { text: r[0] }), S.el("dd", {}, [r[1]])]);
    }, []));
  }

  function parties(c) {
    var rows = [];
    Object.keys(A.SIDES).forEach(function (side) {
      (c[side] || []).forEach(function (p) { rows.push(Object.assign({ side: A.SIDES[side] }, p)); });
    });
    return Console.table([{ label: "身份", value: function (p) { return p.side; } }].concat(A.PARTY_FIELDS.map(function (f) {
      return { label: f[1], value: function (p) { return p[f[0]]; } };
    })), rows, "当事人");
  }

  /* The history's reasons and actors are the server's record (English); the common ones in plain Chinese. */
  var REASONS = [[/^received from court$/, "收到法院委派"], [/^received from party$/, "收到当事人申请"],
                 [/^in scope$/, "符合受理范围"], [/^accepted$/, "调解员接受"], [/^assigned to (.+)$/, "分派给调解员 $1"],
                 [/^corrected: (.+)$/, "修改了识别内容（$1）"], [/^reassigned: (.+)$/, "改派：$1"],
                 [/^refused: (.+)$/, "不予受理：$1"], [/^sent on by the organization:? ?(.*)$/, "受理并分派 $1"],
                 [/^agreement signed$/, "调解协议已签署"], [/^all parties consented$/, "各方当事人同意申请司法确认"],
                 [/^integrity review: clear$/, "诚信审查：放行"], [/^integrity review: refer$/, "诚信审查：移送法院"],
                 [/^held for integrity review: (.+)$/, "诚信审查暂停：$1"]];
  var ACTORS = [[/^system$/, "系统"], [/^court:(.+)$/, "法院"], [/^mediator:(.+)$/, "调解员 $1"], [/^party:(.+)$/, "当事人 $1"]];

  function plain(text, rules) {
    var rule = rules.filter(function (r) { return r[0].test(text || ""); })[0];
    return rule ? text.replace(rule[0], rule[1]).trim() : text;
  }

  function timeline(history) {
    return S.el("ol", { "class": "timeline" }, (history || []).slice().reverse().map(function (h) {
      var moved = h.from_status !== h.to_status ? (S.STATUS[h.to_status] || h.to_status) : "";
      return S.el("li", {}, [S.el("time", { datetime: h.at, text: S.when(h.at) }),
                             S.el("span", { text: [moved, plain(h.reason, REASONS), "（" + plain(h.actor, ACTORS) + "）"].filter(Boolean).join(" · ") })]);
    }));
  }

  function documents(c) {
    var box = S.el("div", { "class": "actions" });
    S.docNames(c).forEach(function (n) {
      box.appendChild(S.el("button", { type: "button", "class": "secondary", text: S.DOCS[n],
                                       onclick: function () { Console.openDocument(c.case_id, n); } }));
    });
    if (typeof Console.openFile === "function") {
      Object.keys(PDFS).filter(function (n) { return (c.documents || []).indexOf(n) >= 0; }).forEach(function (n) {
        box.appendChild(S.el("button", { type: "button", "class": "secondary", text: PDFS[n],
                                         onclick: function () { Console.openFile(c.case_id, n); } }));
      });
    }
    return box.children.length ? box : S.el("p", { "class": "muted", text: "还没有文书。" });
  }

  /* A small form: fields (nodes), a submit button, a message; submit(form) → Promise of an API result. */
  function actionForm(title, fields, label, submit) {
    var msg = S.el("div", { "class": "msg" }), button = S.el("button", { type: "submit", text: label });
    var form = S.el("form", { "class": "card", novalidate: true }, [S.el("h3", { text: title })].concat(fields, [
      S.el("div", { "class": "actions" }, [button]), msg]));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      S.busy(button, true, "正在提交……");
      submit().then(function (res) {
        S.busy(button, false);
        if (!res.ok) { S.sayError(msg, res); return; }
        show(res.body.case_id, "已完成：" + title + "。");
      });
    });
    return form;
  }

  function reason(id, label, required) {
    return [S.el("label", { "for": id, "class": required ? "req" : null, text: label }), S.el("textarea", { id: id })];
  }

  function reassignForm(c) {
    var select = S.el("select", { id: "ca-mediator" }, [S.el("option", { value: "", text: "由系统按分派规则选择" })]);
    Console.api("orgMediators").then(function (res) {
      ((res.ok && res.body.mediators) || []).filter(function (m) { return m.mediator_id !== c.mediator_id; }).forEach(function (m) {
        select.appendChild(S.el("option", { value: m.mediator_id, text: m.name + "（" + m.active_load + "/" + m.capacity + "件）" }));
      });
    });
    var fields = [S.el("label", { "for": "ca-mediator", text: "改派给" }), select].concat(reason("ca-reason", "改派原因", true));
    if ((c.flags || []).indexOf("mediator_withdrawn") >= 0) {
      fields.unshift(S.el("p", { "class": "hint warn-text", text: "原调解员已暂停接案或被除名，请尽快改派。" }));
    }
    return actionForm("改派调解员", fields, "改派", function () {
      var json = { reason: $("ca-reason").value.trim() };
      if (select.value) json.mediator_id = select.value;
      return Console.api("reassignCase", { params: { case_id: c.case_id }, json: json });
    });
  }

  function closeForm(c) {
    return actionForm("结案", reason("cc-reason", "结案原因（例如：当事人已自动履行）"), "结案", function () {
      return Console.api("closeCase", { params: { case_id: c.case_id }, json: { reason: $("cc-reason").value.trim() || null } });
    });
  }

  function reviewForm(c) {
    var choice = S.el("fieldset", {}, [S.el("legend", { text: "审查结论" }), S.el("div", { "class": "choice" }, [
      S.el("label", {}, [S.el("input", { type: "radio", name: "cr-decision", value: "clear" }), "未发现问题，放行"]),
      S.el("label", {}, [S.el("input", { type: "radio", name: "cr-decision", value: "refer" }), "移送法院"])])]);
    var signals = ((c.integrity || {}).signals || []).map(function (s) { return S.el("li", { text: (s.explanation || s.code).split(" — ")[0] }); });  // the Chinese half
    var fields = [S.el("ul", { "class": "list" }, signals), choice, S.el("label", { "for": "cr-note", text: "说明" }),
                  S.el("textarea", { id: "cr-note" })];
    return actionForm("诚信审查", fields, "提交审查结论", function () {
      var picked = document.querySelector("input[name=cr-decision]:checked");
      return Console.api("reviewCase", { params: { case_id: c.case_id },
                                         json: { decision: picked ? picked.value : null, note: $("cr-note").value.trim() || null } });
    });
  }

  function actions(c) {
    var forms = [];
    if (c.status === "received") {
      forms.push(S.el("p", {}, ["这件申请还在", S.el("a", { href: "#intake", text: "待处理申请" }), "里。"]));
    }
    if (c.status === "assigned" || c.status === "mediating") forms.push(reassignForm(c));
    if ((c.flags || []).indexOf("integrity_review") >= 0) forms.push(reviewForm(c));
    if (CLOSABLE.indexOf(c.status) >= 0) forms.push(closeForm(c));
    return forms;
  }

  function render(c) {
    var body = $("case-body");
    var deadlines = Object.keys(c.deadlines || {}).map(function (k) { return [A.DEADLINES[k] || k, A.deadline(c.deadlines[k])]; });
    body.textContent = "";
    body.append(
      S.el("div", { "class": "card" }, [
        S.el("h3", { text: "案件 " + c.case_id }),
        S.el("p", {}, [S.el("span", { "class": "status", text: S.STATUS[c.status] || c.status })].concat((c.flags || []).map(A.badge))),
        facts([["来源", c.source === "court" ? (c.referral === "entrusted" ? "法院委托" : "法院委派") : "当事人申请"],
               ["法院", c.court ? c.court.name : ""], ["法院案号", c.court_case_ref || c.court_case_number],
               ["纠纷类型", S.CATEGORY[c.dispute_category] || ""], ["请求金额", c.claim_amount ? S.money(c.claim_amount) : ""],
               ["调解员", c.mediator ? c.mediator.name || c.mediator.mediator_id : "未分派"],
               ["分派理由", c.assignment_basis ? (c.assignment_basis.why || []).join("；") : ""]].concat(deadlines))]),
      S.el("h3", { text: "当事人" }), parties(c),
      S.el("h3", { text: "文书" }), documents(c));
    actions(c).forEach(function (node) { body.appendChild(node); });
    body.append(S.el("h3", { text: "办理经过" }), timeline(c.history));
  }

  function show(caseId, done) {
    var msg = $("case-msg");
    S.clear(msg);
    $("case-body").textContent = "";
    if (!caseId) { S.say(msg, "info", "请从案件列表里选择一个案件。"); return; }
    Console.api("getCase", { params: { case_id: caseId } }).then(function (res) {
      if (!res.ok) { S.sayError(msg, res); return; }
      render(res.body);
      if (done) S.say(msg, "ok", done);
    });
  }

  Console.section("case", { title: "案件详情", show: function (caseId) { show(caseId); } });
})();
