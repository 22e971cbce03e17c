/* Settings (设置): the organization's contact shown to parties, its staff accounts, invitations.
   A set-password link is shown once, here, to hand to that person only. */
(function () {
  "use strict";
  var S = Sutiao, $ = S.byId, el = S.el;
  var ROLES = { mediator: "调解员", org_admin: "调解组织管理员" };
  var STATES = { invited: ["待设密码", "warn"], active: ["可用", "ok"], disabled: ["已停用", "bad"] };

  Console.routes({
    saveOrganization: ["POST", "/organizations"],
    accounts: ["GET", "/accounts"],
    inviteStaff: ["POST", "/accounts/invitations"],
    resetAccount: ["POST", "/accounts/{username}/reset"],
    disableAccount: ["POST", "/accounts/{username}/disable"],
    enableAccount: ["POST", "/accounts/{username}/enable"]
  });
  Console.words({ invalid_phone: "联系电话的格式不对，例如 0373-1234567。", account_exists: "这个用户名已经有人用了，请换一个。",
                  invalid_username: "用户名要 3 到 64 位，只能用小写字母、数字、点、下划线或横线。",
                  unknown_mediator: "请选择名册上的调解员。", cannot_disable_self: "不能停用自己的账号。",
                  account_disabled: "这个账号已停用，请先启用。" });

  var accounts = null, wired = false;

  /* The link once, with a copy button: whoever gets it sets the account's password. */
  function showLink(box, who, answer) {
    S.say(box, "ok", (answer.purpose === "reset" ? "重设密码链接" : "邀请链接") + "已生成（" + who + "）。" +
      "这个链接只显示这一次，72 小时内有效，请只发给本人：");
    box.appendChild(el("p", { "class": "token", text: answer.url }));
    box.appendChild(S.copyButton(answer.url, "复制链接"));
  }

  function act(name, account, button) {
    var msg = $("sa-msg");
    S.clear(msg);
    S.busy(button, true, "请稍候……");
    Console.api(name, { params: { username: account.username }, json: {} }).then(function (res) {
      S.busy(button, false);
      if (!res.ok) { S.sayError(msg, res); return; }
      if (name === "resetAccount") showLink(msg, account.username, res.body);
      else S.say(msg, "ok", account.username + (name === "disableAccount" ? " 已停用，它的登录已全部失效。" : " 已启用。"));
      accounts.reload();
    });
  }

  var COLUMNS = [
    { label: "用户名", value: function (a) { return a.username; } },
    { label: "姓名", value: function (a) { return a.display_name || a.mediator_id || "—"; } },
    { label: "身份", value: function (a) { return ROLES[a.role] || a.role; } },
    { label: "状态", value: function (a) { var s = STATES[a.status] || [a.status, ""]; return el("span", { "class": "badge " + s[1], text: s[0] }); } },
    { label: "操作", value: function (a) {
      var me = Console.session() || {};
      if (a.username === me.username) return "（当前登录）";
      var buttons = [];
      var reset = el("button", { type: "button", "class": "secondary", text: "重设密码", "aria-label": "重设密码（" + a.username + "）" });
      reset.addEventListener("click", function () { act("resetAccount", a, reset); });
      if (a.status !== "disabled") buttons.push(reset);
      var toggle = el("button", { type: "button", "class": "plain", text: a.status === "disabled" ? "启用" : "停用",
                                  "aria-label": (a.status === "disabled" ? "启用（" : "停用（") + a.username + "）" });
      toggle.addEventListener("click", function () { act(a.status === "disabled" ? "enableAccount" : "disableAccount", a, toggle); });
      buttons.push(toggle);
      return el("div", { "class": "actions" }, buttons);
    } }
  ];

  function loadOrganization() {
    var me = Console.session();
    Console.api("organization", { params: { org_id: me.org_id } }).then(function (res) {
      if (!res.ok) { S.sayError($("so-msg"), res); return; }
      $("so-name").value = res.body.name || "";
      $("so-phone").value = res.body.phone || "";
      $("so-address").value = res.body.address || "";
    });
  }

  function saveOrganization(event) {
    event.preventDefault();
    var msg = $("so-msg"), button = event.target.querySelector("button");
    var body = { org_id: Console.session().org_id, name: $("so-name").value.trim(),
                 phone: $("so-phone").value.trim() || null, address: $("so-address").value.trim() || null };
    if (!body.name) { S.say(msg, "bad", "请填写组织名称。"); return; }
    S.busy(button, true, "正在保存……");
    Console.api("saveOrganization", { json: body }).then(function (res) {
      S.busy(button, false);
      if (!res.ok) { S.sayError(msg, res); return; }
      S.say(msg, "ok", "已保存。当事人现在看到的是：" + res.body.name + (res.body.phone ? "，电话 " + res.body.phone : "") + "。");
    });
  }

  function loadMediators() {
    Console.api("mediators").then(function (res) {
      var select = $("si-mediator");
      select.textContent = "";
      ((res.ok && res.body.mediators) || []).filter(function (m) { return m.status !== "removed"; }).forEach(function (m) {
        select.appendChild(el("option", { value: m.mediator_id, text: m.name + "（" + m.mediator_id + "）" }));
      });
    });
  }

  function invite(event) {
    event.preventDefault();
    var msg = $("si-msg"), button = event.target.querySelector("button"), role = $("si-role").value;
    var body = { role: role, username: $("si-username").value.trim().toLowerCase(),
                 display_name: $("si-display").value.trim() || null };
    if (role === "mediator") body.mediator_id = $("si-mediator").value;
    if (!body.username) { S.say(msg, "bad", "请填写用户名。"); return; }
    S.busy(button, true, "正在生成……");
    Console.api("inviteStaff", { json: body }).then(function (res) {
      S.busy(button, false);
      if (!res.ok) { S.sayError(msg, res); return; }
      showLink(msg, res.body.username, res.body);
      event.target.reset();
      $("si-mediator-box").hidden = false;
      accounts.reload();
    });
  }

  Console.section("settings", {
    title: "设置",
    show: function () {
      if (!wired) {
        wired = true;
        $("st-org").addEventListener("submit", saveOrganization);
        $("st-invite").addEventListener("submit", invite);
        $("si-role").addEventListener("change", function () { $("si-mediator-box").hidden = $("si-role").value !== "mediator"; });
        accounts = Console.pager($("st-accounts"), function (cursor) {
          return Console.api("accounts", { query: { cursor: cursor } });
        }, function (a) { return Console.row(COLUMNS, a); });
      }
      loadOrganization();
      loadMediators();
      accounts.reload();
    }
  });
})();
