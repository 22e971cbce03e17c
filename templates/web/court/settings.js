/* The court's own settings (GET/PUT /courts/{id}) and its webhook secret, replaced and shown once
   (POST /courts/{id}/webhook-secret); the page keeps the secret nowhere but on screen. */
(function () {
  "use strict";
  var S = Sutiao, $ = S.byId;
  Console.routes({
    courtRotate: ["POST", "/courts/{court_id}/webhook-secret"]
  });
  Console.words({ invalid_callback_url: "这个回调地址不能使用：须是 https:// 开头的公网地址。" });

  function fill(court) {
    $("court-name").value = court.name || "";
    $("court-address").value = court.address || "";
    $("court-callback").value = court.callback_url || "";
    $("court-secret-state").textContent = court.webhook_secret_set
      ? "已设置密钥" + (court.secret_rotated_at ? "，上次更换：" + S.when(court.secret_rotated_at) : "") + "。"
      : "还没有密钥。";
  }

  function load() {
    $("court-secret-new").hidden = true;
    $("court-secret-value").textContent = "";
    return Console.api("courtSettings", { params: { court_id: CourtDesk.court() } }).then(function (res) {
      if (!res.ok) { S.sayError($("court-settings-msg"), res); return; }
      fill(res.body);
    });
  }

  $("court-settings-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var msg = $("court-settings-msg"), name = $("court-name").value.trim();
    if (!name) { S.say(msg, "bad", "请填写法院名称。"); msg.focus(); return; }
    var body = { name: name, address: $("court-address").value.trim() || null,
                 callback_url: $("court-callback").value.trim() || null };
    Console.api("courtUpdate", { params: { court_id: CourtDesk.court() }, json: body }).then(function (res) {
      if (!res.ok) { S.sayError(msg, res); msg.focus(); return; }
      S.say(msg, "ok", "已保存。");
      msg.focus();
    });
  });

  $("court-rotate").addEventListener("click", function () {
    var msg = $("court-settings-msg"), button = this;
    if (!window.confirm("更换后旧密钥立即作废，本院系统要改用新密钥。确定更换吗？")) return;
    S.busy(button, true, "正在更换……");
    Console.api("courtRotate", { params: { court_id: CourtDesk.court() }, json: {} }).then(function (res) {
      S.busy(button, false);
      if (!res.ok) { S.sayError(msg, res); msg.focus(); return; }
      $("court-secret-value").textContent = res.body.webhook_secret;
      var actions = $("court-secret-actions");
      actions.textContent = "";
      actions.appendChild(S.copyButton(res.body.webhook_secret, "复制新密钥"));
      $("court-secret-new").hidden = false;
      $("court-secret-state").textContent = "密钥已更换：" + S.when(res.body.secret_rotated_at) + "。";
      S.say(msg, "ok", "密钥已更换，旧密钥已作废。请复制新密钥配置到本院系统，离开本页后不会再显示。");
      msg.focus();
    });
  });

  Console.section("settings", { title: "设置", show: load });
})();
