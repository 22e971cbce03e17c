/* The consoles' shell (/admin, /court): the staff session, hash routing between sections, paged lists,
   tables that become cards on a phone, documents opened with the session. Each section's script calls
   Console.section(...) and Console.routes(...); Console.start() runs last. Data goes on the page with
   textContent only (Sutiao.el), never as HTML. */
var Console = (function () {
  "use strict";
  var S = Sutiao, $ = S.byId;
  var ROLE = $("console-login").getAttribute("data-role"), sections = {}, order = [], me = null, shown = null;

  var ROLE_WORDS = { mediator: "调解员", org_admin: "调解组织管理员", court_clerk: "法院工作人员", platform_admin: "平台管理员" };

  function routes(map) { S.register(map); }
  function words(map) { S.words(map); }
  function session() { return me; }

  /* Back to the sign-in page, which brings the person back here (the section included) once signed in. */
  function toLogin() {
    location.replace(S.pageUrl("/login", { next: location.pathname.slice(S.base.length) + location.hash }));
  }

  /* Sutiao.call with the session's token; a 401 (signed out elsewhere, expired, disabled) ends this tab's session. */
  function api(name, options) {
    var opts = Object.assign({}, options || {}, { token: me ? me.token : "" });
    return S.call(name, opts).then(function (res) {
      if (res.status === 401) { S.session(null); toLogin(); }
      return res;
    });
  }

  function section(name, spec) { sections[name] = spec || {}; order.push(name); }

  function go(name, arg) {
    location.hash = name + (arg ? "/" + encodeURIComponent(arg) : "");
  }

  function route() {
    var m = /^#([\w-]+)(?:\/(.*))?$/.exec(location.hash || "");
    var name = m && sections[m[1]] ? m[1] : order[0];
    var arg = m && m[2] ? decodeURIComponent(m[2]) : "";
    order.forEach(function (n) { $("s-" + n).hidden = n !== name; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-nav]"), function (a) {
      if (a.getAttribute("data-nav") === name) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    var spec = sections[name], heading = $("s-" + name).querySelector("h2");
    document.title = (spec.title || "") + " · " + document.querySelector("h1").textContent;
    S.clear($("console-msg"));
    if (heading && shown !== null) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    shown = name;
    if (spec.show) spec.show(arg);
  }

  /* pager(list, load, row): load(cursor) → Promise of {items, cursor} or of an API result whose body holds
     the page's array and its `cursor`; row(item) → the node to append. Returns {reload}. */
  function pager(list, load, row) {
    var more = S.el("button", { type: "button", "class": "secondary pager", text: "加载更多", hidden: true });
    var end = S.el("p", { "class": "pager-end", hidden: true });
    var msg = S.el("div", { "class": "msg" });
    var anchor = list.closest("table") || list;
    anchor.after(more, end, msg);
    var cursor = null;
    function page(first) {
      S.busy(more, true, "正在加载……");
      S.clear(msg);
      return Promise.resolve(load(first ? null : cursor)).then(function (result) {
        S.busy(more, false);
        var items, next;
        if (result && "ok" in result) {
          if (!result.ok) { S.sayError(msg, result); return; }
          var body = result.body || {};
          items = Object.keys(body).map(function (k) { return body[k]; }).filter(Array.isArray)[0] || [];
          next = body.cursor || null;
        } else {
          items = (result && result.items) || [];
          next = (result && result.cursor) || null;
        }
        if (first) list.textContent = "";
        items.forEach(function (item) { list.appendChild(row(item)); });
        cursor = next;
        more.hidden = !cursor;
        end.hidden = !!cursor;
        end.textContent = list.children.length ? "已全部列出。" : "没有记录。";
      });
    }
    more.addEventListener("click", function () { page(false); });
    return { reload: function () { return page(true); } };
  }

  /* columns: [{label, value: function (item) → string | Node}]. A row keeps each column's label for the
     phone layout (each row a card). */
  function row(columns, item, attrs) {
    return S.el("tr", attrs || {}, columns.map(function (col) {
      var value = col.value(item);
      return S.el("td", { "data-label": col.label }, [value === null || value === undefined ? "—" : value]);
    }));
  }

  function table(columns, items, caption) {
    var body = S.el("tbody", {}, (items || []).map(function (item) { return row(columns, item); }));
    var node = S.el("table", { "class": "data" }, [
      caption ? S.el("caption", { "class": "sr-only", text: caption }) : null,
      S.el("thead", {}, [S.el("tr", {}, columns.map(function (col) { return S.el("th", { scope: "col", text: col.label }); }))]),
      body]);
    node.tbody = body;
    return node;
  }

  var dialog = null;

  /* A rendered document (申请书, 调解不成功记录…) in a sandboxed frame where no script runs, fetched with the session. */
  function openDocument(caseId, name, label) {
    if (!dialog) {
      dialog = S.el("dialog", { "class": "doc-dialog", "aria-labelledby": "doc-dialog-title" }, [
        S.el("h2", { id: "doc-dialog-title" }),
        S.el("div", { "class": "msg", id: "doc-dialog-msg" }),
        S.el("iframe", { "class": "doc", sandbox: "", title: "文书内容", id: "doc-dialog-frame" }),
        S.el("div", { "class": "actions" }, [
          S.el("a", { "class": "button secondary", id: "doc-dialog-save", href: "#", text: "保存" }),
          S.el("button", { type: "button", "class": "plain", text: "关闭", onclick: function () { dialog.close(); } })])]);
      document.body.appendChild(dialog);
    }
    $("doc-dialog-title").textContent = label || S.DOCS[name] || name;
    S.clear($("doc-dialog-msg"));
    $("doc-dialog-frame").srcdoc = "";
    if (!dialog.open) dialog.showModal();
    return api("document", { params: { case_id: caseId, name: name } }).then(function (res) {
      if (!res.ok) { S.sayError($("doc-dialog-msg"), res); return res; }
      $("doc-dialog-frame").srcdoc = res.text;
      var save = $("doc-dialog-save");
      if (save.href.indexOf("blob:") === 0) URL.revokeObjectURL(save.href);
      save.href = URL.createObjectURL(new Blob([res.text], { type: "text/html;charset=utf-8" }));
      save.setAttribute("download", ($("doc-dialog-title").textContent || name) + "-" + caseId + ".html");
      return res;
    });
  }

  /* Fetch with the session and hand the answer to the browser as a file (CSV downloads, printable copies). */
  function download(name, options, filename, type) {
    return api(name, options).then(function (res) {
      if (!res.ok) return res;
      type = type || "text/csv;charset=utf-8";
      // fetch's text() drops the byte-order mark the API's CSV starts with, by which Excel knows it is UTF-8
      var body = /^text\/csv/.test(type) ? "\uFEFF" + res.text : res.text;
      var link = S.el("a", { href: URL.createObjectURL(new Blob([body], { type: type })),
                             download: filename, hidden: true });
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
      return res;
    });
  }

  function start() {
    me = S.session();
    $("console-sign-out").addEventListener("click", S.signOut);
    if (!me || me.role !== ROLE) {
      $("console-login").hidden = false;
      order.forEach(function (n) { $("s-" + n).hidden = true; });
      $("console-login-text").textContent = me
        ? "您登录的是" + (ROLE_WORDS[me.role] || me.role) + "账号，这里是" + ROLE_WORDS[ROLE] + "的工作台。请退出后用" + ROLE_WORDS[ROLE] + "账号登录。"
        : "请先登录。";
      if (!me) { $("console-login-link").href = S.pageUrl("/login", { next: location.pathname.slice(S.base.length) + location.hash }); }
      else { $("console-login-link").hidden = true; }
      return;
    }
    var scope = me.org_id || me.court_id;
    $("console-who").textContent = "";
    $("console-who").append(S.el("span", { text: "已登录：" + me.username }),
                            S.el("span", { text: ROLE_WORDS[me.role] + (scope ? "（" + scope + "）" : "") }));
    $("console-who").hidden = false;
    window.addEventListener("hashchange", route);
    route();
  }

  return {
    routes: routes, words: words, api: api, session: session, section: section, go: go, pager: pager,
    table: table, row: row, openDocument: openDocument, download: download, start: start, toLogin: toLogin
  };
})();

/* An uploaded PDF (申请书, 调解协议) in a new tab: the tab is opened at the click itself, which a popup blocker
   allows, and sent to the five-minute link (GET /cases/{id}/files/{name}) once the API answers; the new tab gets
   no handle on this one (opener nulled). Where no tab may open, the link is followed here. Promise of the result. */
Console.routes({
  caseFile: ["GET", "/cases/{case_id}/files/{name}"]
});
Console.openFile = function (caseId, name) {
  "use strict";
  var tab = window.open("", "_blank");
  if (tab) tab.opener = null;
  return Console.api("caseFile", { params: { case_id: caseId, name: name } }).then(function (res) {
    if (!res.ok) {
      if (tab) tab.close();
      Sutiao.sayError(Sutiao.byId("console-msg"), res);
      return res;
    }
    if (tab) tab.location.href = res.body.url;
    else location.assign(res.body.url);
    return res;
  });
};
