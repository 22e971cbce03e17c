/* 待处理申请 (GET /intake): each public application waiting in `received`, what was read from it and its
   issues; the admin corrects fields (POST …/corrections), then sends it on or refuses it (POST …/intake-decision).
   AdminCases (defined here, the first of the admin's case sections) holds the wording the cases and case
   sections share. */
var AdminCases = (function () {
  "use strict";
  var S = Sutiao;
  var FLAGS = {
    awaiting_verification: "手机号未验证", phone_missing: "没有手机号", reading: "正在识别扫描件",
    unreadable_scan: "扫描件无法识别", scanned_application: "扫描件", extraction_issues: "识别有疑问",
    out_of_scope: "信息不全或不在受理范围", mediator_withdrawn: "调解员已停止承办", no_candidate: "暂无可分派的调解员",
    integrity_review: "待诚信审查", integrity_referred: "已移送法院", calendar_fallback: "工作日按周一至周五计算"
  };
  var URGENT = ["mediator_withdrawn", "no_candidate", "integrity_review", "unreadable_scan"];
  var DEADLINES = { acceptance: "调解员接受期限", mediation: "调解期限" };
  var PARTY_FIELDS = [["name", "姓名或名称"], ["id_number", "身份证号码"], ["credit_code", "统一社会信用代码"],
                      ["phone", "手机号"], ["address", "住址"]];
  var SIDES = { applicants: "申请人", respondents: "被申请人" };

  function badge(flag) {
    return S.el("span", { "class": "badge " + (URGENT.indexOf(flag) >= 0 ? "bad" : "warn"), text: FLAGS[flag] || flag });
  }

  function overdue(iso) { return !!iso && new Date(iso).getTime() < Date.now(); }

  function deadline(iso) {
    if (!iso) return "—";
    return S.el("span", {}, [S.when(iso), overdue(iso) ? S.el("span", { "class": "badge bad", text: "已超期" }) : null]);
  }

  return { FLAGS: FLAGS, DEADLINES: DEADLINES, PARTY_FIELDS: PARTY_FIELDS, SIDES: SIDES, badge: badge,
           overdue: overdue, deadline: deadline };
})();

(function () {
  "use strict";
  var S = Sutiao, A = AdminCases, $ = S.byId, pager = null;

  Console.routes({
    intakeQueue: ["GET", "/intake"],
    correctFields: ["POST", "/cases/{case_id}/corrections"],
    intakeDecision: ["POST", "/cases/{case_id}/intake-decision"]
  });
  Console.words({
    intake_decided: "这件申请已经处理过了，请刷新看看结果。",
    incomplete_application: "申请人、被申请人和纠纷类型都齐全，才能受理。请先修改内容。",
    invalid_corrections: "请至少修改一项内容。",
    field_too_long: "原因写得太长了（短信里放得下 50 个字以内）。",
    court_case: "法院委派或委托的案件不能在这里不予受理：请修改后受理，或与法院联系。"
  });

  function facts(item) {
    var rows = [["纠纷类型", S.CATEGORY[item.dispute_category] || "未识别出"],
                ["请求金额", item.claim_amount ? S.money(item.claim_amount) : "未识别出"],
                ["请求事项", (item.claims || []).join("；") || "未识别出"]];
    Object.keys(A.SIDES).forEach(function (side) {
      rows.push([A.SIDES[side], (item[side] || []).map(function (p) {
        return [p.name, p.id_number || p.credit_code, p.phone].filter(Boolean).join("，");
      }).join("；") || "未识别出"]);
    });
    return S.el("dl", { "class": "facts" }, rows.reduce(function (all, r) {
      return all.concat([S.el("dt", { text: r[0] }), S.el("dd", { text: r[1] })]);
    }, []));
  }

  function field(id, label, value, extra) {
    return [S.el("label", { "for": id, text: label }), S.el("input", Object.assign({ id: id, value: value || "" }, extra))];
  }

  /* The edit form: each party's names and numbers (masked numbers left as shown stay as stored), category,
     amount, claims (one a line). */
  function editForm(item, done) {
    var id = "ix-" + item.case_id, nodes = [];
    Object.keys(A.SIDES).forEach(function (side) {
      (item[side] || []).forEach(function (p, i) {
        var legend = A.SIDES[side] + ((item[side] || []).length > 1 ? "（第" + (i + 1) + "位）" : "");
        nodes.push(S.el("fieldset", {}, [S.el("legend", { text: legend })].concat(A.PARTY_FIELDS.reduce(function (all, f) {
          return all.concat(field(id + "-" + side + i + "-" + f[0], f[0] === "name" ? "姓名或名称" : f[1], p[f[0]]));
        }, []))));
      });
    });
    var category = S.el("select", { id: id + "-category" }, [S.el("option", { value: "", text: "请选择" })].concat(
      Object.keys(S.CATEGORY).map(function (k) {
        return S.el("option", { value: k, text: S.CATEGORY[k], selected: item.dispute_category === k });
      })));
    nodes.push(S.el("label", { "for": id + "-category", text: "纠纷类型" }), category);
    nodes = nodes.concat(field(id + "-amount", "请求金额（元）", item.claim_amount, { inputmode: "decimal" }));
    var claims = S.el("textarea", { id: id + "-claims" });
    claims.value = (item.claims || []).join("\n");
    nodes.push(S.el("label", { "for": id + "-claims", text: "请求事项（一行一项）" }), claims);
    var msg = S.el("div", { "class": "msg" });
    var save = S.el("button", { type: "submit", text: "保存修改" });
    var form = S.el("form", { "class": "intake-edit", novalidate: true }, nodes.concat([
      S.el("div", { "class": "actions" }, [save]), msg]));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = {};
      Object.keys(A.SIDES).forEach(function (side) {
        body[side] = (item[side] || []).map(function (p, i) {
          var edited = Object.assign({}, p);
          A.PARTY_FIELDS.forEach(function (f) {
            edited[f[0]] = $(id + "-" + side + i + "-" + f[0]).value.trim() || null;
          });
          return edited;
        });
      });
      body.dispute_category = category.value || null;
      body.claim_amount = $(id + "-amount").value.trim() || null;
      body.claims = claims.value.split("\n").map(function (c) { return c.trim(); }).filter(Boolean);
      S.busy(save, true, "正在保存……");
      Console.api("correctFields", { params: { case_id: item.case_id }, json: body }).then(function (res) {
        S.busy(save, false);
        if (!res.ok) { S.sayError(msg, res); return; }
        done(res.body);
      });
    });
    return form;
  }

  function decide(item, decision, reason, box, buttons) {
    buttons.forEach(function (b) { b.disabled = true; });
    var json = { decision: decision };
    if (reason) json.reason = reason;
    return Console.api("intakeDecision", { params: { case_id: item.case_id }, json: json }).then(function (res) {
      if (!res.ok) { buttons.forEach(function (b) { b.disabled = false; }); S.sayError(box, res); return; }
      S.say(box, "ok", decision === "send_on" ? "已受理，正在分派调解员。" : "已不予受理，已短信告知当事人原因。");
    });
  }

  function card(item) {
    var node = S.el("article", { "class": "card intake-item", id: "intake-" + item.case_id });
    fill(node, item);
    return node;
  }

  function fill(node, item) {
    var rid = "ir-" + item.case_id;
    var msg = S.el("div", { "class": "msg" });
    var issues = (item.extraction_issues || []).map(S.issueText);
    var send = S.el("button", { type: "button", text: "受理并分派" });
    var edit = S.el("button", { type: "button", "class": "secondary", text: "修改内容", "aria-expanded": "false" });
    var refuse = S.el("button", { type: "button", "class": "plain", text: "不予受理" });
    var reason = S.el("textarea", { id: rid, maxlength: "50" });
    var confirmRefuse = S.el("button", { type: "button", text: "确认不予受理" });
    var refusal = S.el("div", { hidden: true }, [S.el("label", { "for": rid, text: "不予受理的原因（会短信告诉当事人，50 字以内）" }),
                                                 reason, S.el("div", { "class": "actions" }, [confirmRefuse])]);
    var editor = S.el("div", { hidden: true });
    var buttons = [send, edit, refuse, confirmRefuse];
    node.textContent = "";
    [S.el("h3", { text: "申请 " + item.case_id }),
      S.el("p", { "class": "muted", text: "提交于 " + S.when(item.created_at) }),
      S.el("p", {}, (item.waiting_because || []).map(A.badge)),
      facts(item),
      issues.length ? S.el("div", { "class": "msg warn" }, [S.el("strong", { text: "识别有疑问：" }),
                                                              S.el("ul", {}, issues.map(function (t) { return S.el("li", { text: t }); }))]) : null,
      S.el("div", { "class": "actions" }, [send, edit, refuse]), refusal, editor, msg
    ].forEach(function (child) { if (child) node.appendChild(child); });
    edit.addEventListener("click", function () {
      var open = editor.hidden;
      editor.hidden = !open;
      edit.setAttribute("aria-expanded", String(open));
      if (open) {
        editor.textContent = "";
        editor.appendChild(editForm(item, function (updated) {
          S.say(fill(node, updated), "ok", "已保存修改。");
        }));
      }
    });
    refuse.addEventListener("click", function () { refusal.hidden = false; reason.focus(); });
    send.addEventListener("click", function () { decide(item, "send_on", null, msg, buttons); });
    confirmRefuse.addEventListener("click", function () {
      if (!reason.value.trim()) { S.say(msg, "bad", "请写明不予受理的原因。"); reason.focus(); return; }
      decide(item, "refuse", reason.value.trim(), msg, buttons);
    });
    return msg;
  }

  Console.section("intake", {
    title: "待处理申请",
    show: function () {
      if (!pager) {
        pager = Console.pager($("intake-list"), function (cursor) {
          return Console.api("intakeQueue", { query: { cursor: cursor } });
        }, card);
      }
      pager.reload();
    }
  });
})();
