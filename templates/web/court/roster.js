/* The court's invited roster (特邀调解名册, 特邀调解规定 Art.5): read GET /courts/{id} and GET /mediators, written
   whole with PUT /courts/{id} {"invited_roster"}. */
(function () {
  "use strict";
  var S = Sutiao, $ = S.byId, ids = [];
  Console.routes({
    courtSettings: ["GET", "/courts/{court_id}"],
    courtUpdate: ["PUT", "/courts/{court_id}"],
    courtMediators: ["GET", "/mediators"]
  });
  Console.words({ unknown_mediator: "调解组织的名册上没有这个调解员编号。" });

  function render(mediators) {
    var byId = {};
    (mediators || []).forEach(function (m) { byId[m.mediator_id] = m; });
    var columns = [
      { label: "编号", value: function (id) { return id; } },
      { label: "姓名", value: function (id) { return byId[id] ? byId[id].name : "—"; } },
      { label: "擅长", value: function (id) {
        return byId[id] ? (byId[id].specialties || []).map(function (k) { return S.CATEGORY[k] || k; }).join("、") : "—"; } },
      { label: "状态", value: function (id) { return byId[id] && byId[id].status === "suspended" ? "暂停" : "在册"; } },
      { label: "操作", value: function (id) {
        return S.el("button", { type: "button", "class": "plain", text: "移出名册", "aria-label": "把 " + id + " 移出名册",
                                onclick: function () { save(ids.filter(function (x) { return x !== id; }), "已移出：" + id); } }); } }
    ];
    var who = $("court-roster-report-who");
    who.textContent = "";
    ids.forEach(function (id) { who.appendChild(S.el("option", { value: id, text: (byId[id] ? byId[id].name + " " : "") + id })); });
    $("court-roster-report").hidden = !ids.length;
    var box = $("court-roster-list");
    box.textContent = "";
    box.appendChild(ids.length ? Console.table(columns, ids, "本院特邀调解员") : S.el("p", { text: "名册上还没有调解员。" }));
  }

  function load() {
    var court = CourtDesk.court();
    return Promise.all([Console.api("courtSettings", { params: { court_id: court } }),
                        Console.api("courtMediators", { query: { court_id: court } })]).then(function (answers) {
      if (!answers[0].ok) { S.sayError($("court-roster-msg"), answers[0]); return; }
      ids = answers[0].body.invited_roster || [];
      render(answers[1].ok ? answers[1].body.mediators : []);
    });
  }

  function save(next, said) {
    var msg = $("court-roster-msg");
    S.clear(msg);
    return Console.api("courtUpdate", { params: { court_id: CourtDesk.court() }, json: { invited_roster: next } })
      .then(function (res) {
        if (!res.ok) { S.sayError(msg, res); msg.focus(); return; }
        return load().then(function () { S.say(msg, "ok", said); msg.focus(); });
      });
  }

  $("court-roster-add").addEventListener("submit", function (e) {
    e.preventDefault();
    var id = $("court-roster-id").value.trim();
    if (!id) { S.say($("court-roster-msg"), "bad", "请填写调解员编号。"); return; }
    if (ids.indexOf(id) >= 0) { S.say($("court-roster-msg"), "", id + " 已经在名册上。"); return; }
    save(ids.concat([id]), "已加入名册：" + id).then(function () { $("court-roster-id").value = ""; });
  });

  $("court-roster-report").addEventListener("submit", function (e) {
    e.preventDefault();
    CourtDesk.report(this, $("court-roster-report-who").value, null);
  });

  Console.section("roster", { title: "特邀调解员名册", show: load });
})();
