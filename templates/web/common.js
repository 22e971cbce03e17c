/* Shared by every page: the API calls, plain-Chinese wording of statuses and errors, small DOM helpers.
   Data from the API is put on the page with textContent only, never as HTML. */
var Sutiao = (function () {
  "use strict";
  var base = document.body.getAttribute("data-base") || "";

  // Every API call the pages make: [method, route exactly as app.py declares it].
  var API = {
    apply: ["POST", "/applications"],
    presign: ["POST", "/uploads"],
    uploadState: ["GET", "/uploads/{upload_id}"],
    listCases: ["GET", "/cases"],
    getCase: ["GET", "/cases/{case_id}"],
    answer: ["POST", "/cases/{case_id}/acceptance"],
    invite: ["POST", "/cases/{case_id}/invitations"],
    agreement: ["POST", "/cases/{case_id}/agreement"],
    outcome: ["POST", "/cases/{case_id}/outcome"],
    extend: ["POST", "/cases/{case_id}/extension"],
    consent: ["POST", "/cases/{case_id}/confirmations"],
    answerExtension: ["POST", "/cases/{case_id}/extension/answer"],
    answerDisclosures: ["POST", "/cases/{case_id}/disclosure-answer"],
    respondentConsent: ["POST", "/cases/{case_id}/respondent-consent"],
    document: ["GET", "/cases/{case_id}/documents/{name}"],
    partyCode: ["POST", "/auth/party-code"],
    partyLogin: ["POST", "/auth/party-login"],
    organization: ["GET", "/organizations/{org_id}"],
    login: ["POST", "/auth/login"],
    setPassword: ["POST", "/auth/password"],
    logout: ["POST", "/auth/logout"]
  };

  // A binary body reaches Lambda base64-encoded and a synchronous invocation takes at most 6 MB,
  // so PDFs above this go straight to storage (POST /uploads), up to the extraction's limit (EXTRACT_MAX_BYTES).
  var DIRECT_UPLOAD_BYTES = 4 * 1024 * 1024;
  var UPLOAD_LIMIT_BYTES = {{ upload_limit }};

  var STATUS = {
    received: "已收到申请",
    pending_assignment: "正在安排调解员",
    assigned: "已安排调解员，等待调解员接受",
    mediating: "正在调解",
    settled: "已签调解协议",
    confirmation_requested: "已申请法院确认",
    confirmed: "法院已确认调解协议",
    confirmation_rejected: "法院没有确认调解协议",
    failed: "调解没有成功",
    terminated: "调解已终止",
    filed: "法院已立案",
    closed: "已结束"
  };

  var CATEGORY = {
    contract: "合同纠纷（买卖、加工、委托、租赁、借款等）",
    labor: "劳动、人事纠纷（工资、劳动合同等）",
    financial: "金融纠纷（保险、证券、期货等）",
    tort: "侵权纠纷（交通事故、人身损害等）",
    community: "邻里、社区、农村土地、拆迁安置纠纷",
    family: "婚姻、家庭、继承纠纷",
    other: "其他民事纠纷"
  };

  var ERRORS = {
    invalid_json: "提交的内容格式不对。请刷新页面后重试。",
    invalid_multipart: "文件没有传上来。请重新选择文件后再试。",
    missing_file: "请先选择要上传的 PDF 文件。",
    unsupported_media_type: "提交方式不对。请刷新页面后重试。",
    unreadable_application: "这个文件读不出来。请确认它是 PDF 格式的申请书，没有设置密码，也没有损坏。",
    not_an_application: "这份文件看起来不是调解申请书。请上传申请书，或者改用“在线填写”。",
    invalid_party: "申请人和被申请人都要填写姓名或名称。",
    invalid_applicants: "申请人填写有误。",
    invalid_respondents: "被申请人填写有误。",
    invalid_category: "请选择纠纷类型。",
    invalid_claims: "请求事项填写有误。",
    invalid_amount: "金额请只填数字，例如 12000 或 12000.50。",
    invalid_facts: "事实和理由填写有误。",
    missing_token: "请先登录：用手机号和验证码进入。",
    invalid_token: "登录已失效。请用手机号和验证码重新进入。",
    token_expired: "登录已过期。请重新登录。",
    case_not_found: "没有找到这个案件。请核对案件编号，或者用手机号和验证码重新进入。",
    document_not_found: "这份文书现在还没有。",
    mediator_only: "只有承办本案的调解员可以这样做。",
    not_assigned: "这个案件没有分给您。",
    party_only: "只有本案的当事人可以确认。",
    forbidden_role: "您的账号没有这个权限。",
    other_org: "您的账号只能看本调解组织的案件。",
    other_court: "您的账号只能看本法院的案件。",
    invalid_transition: "案件现在的状态不能做这一步。请刷新，看看最新状态。",
    stale_case: "案件刚刚有了变化。请刷新后再试。",
    invalid_decision: "请选择接受或者不接受。",
    reason_required: "请写明原因。",
    invalid_disclosures: "需要说明的情况填写有误。",
    agreement_not_acceptable: "调解协议还不能提交：",
    invalid_result: "请选择“调解不成功”或“终止调解”。",
    invalid_extension: "延长的天数要在 1 到 30 天之间。",
    extension_not_agreed: "每一位当事人都同意，才能延长。还没有同意的：",
    invalid_record: "调解不成功记录填写有误。",
    failure_record_incomplete: "调解不成功记录还缺少内容：",
    consent_required: "请先勾选“我同意”。",
    invalid_ground: "请选择终止调解的情形。",
    invalid_channel: "请选择被申请人表示意见的方式。",
    consent_record_incomplete: "请选择被申请人，以及被申请人表示意见的方式（电话或当面）。",
    not_a_respondent: "只有被申请人本人可以回答是否同意调解。",
    no_extension_proposed: "调解员提出的延长已经有了结果。请刷新页面。",
    extension_pending: "已有一项延长提议在等待当事人答复。",
    party_consent_required: "延长调解期限要由每一位当事人自己在网上同意。",
    invalid_answer: "请选择同意或者不同意。",
    court_choice_required: "请选择向哪个法院申请确认。",
    unknown_party: "这个人不是本案的当事人。",
    too_large: "文件太大了（最大 {{ upload_limit // 1048576 }} MB）。",
    payload_too_large: "文件太大了。",
    too_many_parts: "提交的内容格式不对。请刷新页面后重试。",
    invalid_body: "提交的内容有误：",
    unknown_organization: "没有找到这个调解组织。请从调解组织给您的链接重新打开申请页面。",
    idempotency_in_progress: "上一次提交还在处理中。请稍等片刻再试。",
    idempotency_key_reused: "提交的内容和上一次不一样。请刷新页面后重新提交。",
    invalid_query: "查询条件不对。",
    not_found: "没有找到。",
    method_not_allowed: "这个操作不被允许。",
    bad_request: "提交的内容有误。",
    phone_required: "申请里要有申请人的手机号：我们会发短信验证码，确认是您本人提交的。",
    invalid_phone: "请填写 11 位手机号。",
    invalid_case_id: "案件编号不对，请核对（以 C 开头，例如 C20261127ab12cd34）。",
    invalid_code_format: "验证码是短信里的 6 位数字。",
    invalid_code: "验证码不对，或者已经失效（10 分钟内有效，最多试 5 次）。请重新获取验证码。",
    too_many_codes: "获取验证码太频繁了，请稍后再试。",
    invalid_credentials: "用户名或密码不对。请核对后重新输入。",
    too_many_sign_ins: "密码输错的次数太多了。为了账号安全，请稍后再试。",
    account_disabled: "这个账号已经停用。请联系您的管理员。",
    session_ended: "您已经退出登录，或者账号有了变化。请重新登录。",
    invalid_link: "这个链接已经用过、被新链接替换，或者超过了 72 小时。请向管理员要一个新链接。",
    password_too_short: "密码至少要 8 个字符。",
    password_too_long: "密码最多 128 个字符。",
    invalid_username: "请填写用户名。",
    invalid_password: "请填写密码。"
  };

  var BY_STATUS = {
    0: "网络连接失败。请检查网络后重试。",
    401: "登录已失效。请重新登录。",
    403: "您没有权限做这一步。",
    404: "没有找到。请核对案件编号。",
    409: "案件的状态刚刚变了。请刷新后再试。",
    413: "文件太大了。",
    415: "提交方式不对。请刷新页面后重试。",
    422: "内容不符合要求。",
    429: "操作太频繁了，请稍后再试。"
  };

  var RECORD_FIELDS = { basic_facts: "案件基本事实", reasons: "调解不成功的原因", disputed_points: "争议焦点" };

  var CJK = /[\u4e00-\u9fff]/;

  function path(route, params) {
    return route.replace(/\{(\w+)\}/g, function (_, key) {
      return encodeURIComponent((params || {})[key] || "");
    });
  }

  /* call("getCase", {params: {case_id: "C1"}, token: "...", json: {...} | form: FormData, query: {...}})
     → Promise of {ok, status, body (parsed JSON or null), text}; never rejects. */
  function call(name, options) {
    var spec = API[name], opts = options || {}, headers = {}, body;
    var url = base + path(spec[1], opts.params);
    if (opts.query) {
      var q = new URLSearchParams();
      Object.keys(opts.query).forEach(function (k) { if (opts.query[k]) q.set(k, opts.query[k]); });
      if (q.toString()) url += "?" + q.toString();
    }
    if (opts.token) headers.Authorization = "Bearer " + opts.token;
    if (opts.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      body = opts.form;
    }
    return fetch(url, { method: spec[0], headers: headers, body: body, credentials: "same-origin", cache: "no-store" })
      .then(function (resp) {
        return resp.text().then(function (text) {
          var parsed = null;
          try { parsed = JSON.parse(text); } catch (e) { parsed = null; }
          return { ok: resp.ok, status: resp.status, body: parsed, text: text };
        });
      })
      .catch(function () { return { ok: false, status: 0, body: null, text: "" }; });
  }

  /* The API's error in plain words: our own wording per code, else the server's Chinese message,
     else a wording per HTTP status. Returns {text, items}. */
  function errorText(result) {
    var err = (result.body && result.body.error) || {};
    var details = err.details || {};
    var items = [];
    var text = ERRORS[err.code];
    if (err.code === "agreement_not_acceptable") {
      items = (details.issues || []).map(agreementIssueText);
    } else if (err.code === "extension_not_agreed") {
      items = details.missing || [];
    } else if (err.code === "failure_record_incomplete") {
      items = (details.missing || []).map(function (k) { return RECORD_FIELDS[k] || k; });
    } else if (err.code === "invalid_body" && details.field) {
      items = ["有问题的一项：" + details.field];
    } else if (err.code === "unreadable_application" && details.extraction && details.extraction.error) {
      text = ERRORS.unreadable_application + " " + fileErrorText(details.extraction.error.code);
    }
    if (!text && err.message && CJK.test(err.message)) text = err.message;
    if (!text && result.status >= 500) {
      var ref = /reference ([\w-]+)/.exec(err.message || "");
      text = "系统出了问题，请稍后再试。如果一直这样，请联系" + contactText() + (ref ? "（参考编号 " + ref[1] + "）" : "") + "。";
    }
    return { text: text || BY_STATUS[result.status] || "没有成功，请稍后再试。", items: items };
  }

  // Whom a party is told to contact: the organization named in the footer (GET /organizations/{org_id}).
  function contactText() {
    var box = byId("org-contact");
    if (!box || !box.dataset.name) return "调解委员会";
    return box.dataset.name + (box.dataset.phone ? "（电话 " + box.dataset.phone + "）" : "");
  }

  function showContact(org) {
    var box = byId("org-contact");
    if (!box || !org || !org.name) return;
    box.dataset.name = org.name;
    box.dataset.phone = org.phone || "";
    byId("org-name").textContent = org.name;
    byId("org-phone").textContent = org.phone || "";
    byId("org-phone").setAttribute("href", "tel:" + (org.phone || "").replace(/[^0-9+]/g, ""));
    byId("org-phone-line").hidden = !org.phone;
    byId("org-address").textContent = org.address || "";
    byId("org-address-line").hidden = !org.address;
    box.hidden = false;
  }

  // The page's organization (?org= on /apply, else the one direct applications go to); a case, once shown,
  // names its own (showContact from the case view). No answer leaves the footer as it was.
  function loadContact() {
    var box = byId("org-contact");
    if (!box || !box.dataset.org) return;
    call("organization", { params: { org_id: box.dataset.org } }).then(function (result) {
      if (result.ok && !box.dataset.name) showContact(result.body);
    });
  }

  function fileErrorText(code) {
    return {
      not_pdf: "这个文件不是 PDF。", empty: "这个文件是空的。", encrypted: "这个 PDF 设置了密码。",
      corrupt: "这个 PDF 已损坏或不完整。", too_large: "这个文件太大。", too_many_pages: "这个 PDF 页数太多。",
      too_complex: "这个 PDF 内容太复杂，无法安全读取。", timeout: "读取时间太长。", out_of_memory: "读取这个文件太耗资源。"
    }[code] || "";
  }

  var FIELD_WORDS = { id_number: "身份证号码", credit_code: "统一社会信用代码", name: "姓名或名称", phone: "电话",
                      address: "住所地", legal_representative: "法定代表人", birth_date: "出生日期" };
  var TOP_WORDS = { claim_amount: "请求金额", claims: "请求事项", facts: "事实和理由", dispute_category: "纠纷类型",
                    application_date: "申请日期", court: "法院" };
  var ROLE_WORDS = { applicants: "申请人", respondents: "被申请人" };

  /* An extraction issue ({field: "applicants[0].id_number", code: "checksum"}) in plain words. */
  function issueText(issue) {
    if (issue.code === "no_text_layer") return "这是扫描件（图片），电脑读不出上面的文字，工作人员会人工阅读。";
    var m = /^(applicants|respondents)\[(\d+)\]\.(\w+)$/.exec(issue.field || "");
    var who = m ? ROLE_WORDS[m[1]] + (m[2] !== "0" ? "（第" + (Number(m[2]) + 1) + "位）" : "") : "";
    var what = m ? (FIELD_WORDS[m[3]] || m[3]) : "";
    var top = TOP_WORDS[(issue.field || "").replace(/\[\d+\]$/, "")];
    var prefix = who ? who + "的" + what : (top || "有一项内容");
    // Read from a photo or a scan (extraction/ocr/marking.py): a person compares it with the image.
    if (issue.code === "ocr" && issue.field === "signatures") return "图片上的签名和印章电脑不作判断，请对照原件核对。";
    if (issue.code === "ocr") {
      var sure = typeof issue.confidence === "number" ? "（识别把握 " + Math.round(issue.confidence * 100) + "%）" : "";
      return prefix + "是从图片里识别出来的" + sure + "，请对照原件核对。";
    }
    if (issue.code === "ocr_doubt") return prefix + "是从图片里识别出来的，校验位对不上，可能是识别错了，请对照原件核对。";
    var problem = {
      checksum: "最后一位校验码对不上，可能抄错了某一位，请核对。",
      format: "位数或格式不对，请核对。",
      invalid_date: "里的出生日期不存在，请核对。",
      mismatch: "和申请书上写的出生日期或性别对不上，请核对。"
    }[issue.code] || "可能有误，请核对。";
    return prefix + problem;
  }

  function agreementIssueText(issue) {
    if (issue.code === "party_unsigned") {
      var m = /^(.*) has not signed$/.exec(issue.message || "");
      return "当事人“" + (issue.party || (m ? m[1] : "")) + "”还没有签名。";
    }
    if (issue.code === "mediator_unsigned") return "调解员还没有签名。";
    if (issue.code === "not_an_agreement") return "这份文件看起来不是调解协议书。";
    if (issue.code === "parties_mismatch") {
      return "协议上的当事人和案件不一致。案件的当事人：" + (issue.expected || []).join("、") +
        "；协议上写的：" + ((issue.found || []).join("、") || "没有读到") + "。";
    }
    return issue.message || "协议有一处问题。";
  }

  /* el("p", {class: "x", text: "..."}, [children]): nodes built with textContent only. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* Put a message in a box: kind is ok | warn | bad | info; items become a list under it. */
  function say(box, kind, text, items) {
    box.className = "msg " + kind;
    box.setAttribute("role", kind === "bad" ? "alert" : "status");
    box.textContent = "";
    box.appendChild(document.createTextNode(text));
    if (items && items.length) {
      box.appendChild(el("ul", {}, items.map(function (t) { return el("li", { text: t }); })));
    }
    box.hidden = false;
  }

  function sayError(box, result) {
    var words = errorText(result);
    say(box, "bad", words.text, words.items);
  }

  function clear(box) { box.textContent = ""; box.className = "msg"; }

  function busy(button, on, label) {
    if (on) { button.setAttribute("data-label", button.textContent); button.textContent = label || "请稍候……"; }
    else if (button.getAttribute("data-label")) button.textContent = button.getAttribute("data-label");
    button.disabled = on;
  }

  var dateFormat = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit"
  });

  function when(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? (iso || "") : dateFormat.format(d);
  }

  /* "2023-03-08" → "2023年3月8日" */
  function day(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : (iso || "");
  }

  function byId(id) { return document.getElementById(id); }

  function fragment(name) {
    return new URLSearchParams(location.hash.slice(1)).get(name) || "";
  }

  function pageUrl(route, query, hash) {
    var q = new URLSearchParams(query || {}).toString();
    var h = new URLSearchParams(hash || {}).toString();
    return location.origin + base + route + (q ? "?" + q : "") + (h ? "#" + h : "");
  }

  /* A button that copies `text`; where the clipboard API is missing (plain http), the old way. */
  function copyButton(text, label) {
    var button = el("button", { type: "button", "class": "secondary", text: label || "复制" });
    button.addEventListener("click", function () {
      var done = function () { button.textContent = "已复制"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () {});
        return;
      }
      var area = el("textarea", { readonly: true, style: "position:fixed;top:0;left:0;opacity:0" });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { if (document.execCommand("copy")) done(); } catch (e) { /* the text stays on screen to copy by hand */ }
      document.body.removeChild(area);
    });
    return button;
  }

  /* A party's token stays in this tab only (sessionStorage): nobody is asked to keep it. */
  function partyToken(caseId, token) {
    var key = "sutiao.party." + caseId;
    try {
      if (token === null) sessionStorage.removeItem(key);
      else if (token) sessionStorage.setItem(key, token);
      return sessionStorage.getItem(key) || "";
    } catch (e) { return token || ""; }  // storage switched off: the token lives as long as the page
  }

  /* A staff member's sign-in ({token, role, expires_at, username, ...} of POST /auth/login) stays in this tab
     only: closing the tab or signing out forgets it. session() is null when there is none or it has expired. */
  var SESSION_KEY = "sutiao.staff.session";

  function session(value) {
    try {
      if (value === null) sessionStorage.removeItem(SESSION_KEY);
      else if (value) sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
      var kept = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null");
      return kept && kept.token && new Date(kept.expires_at).getTime() > Date.now() ? kept : null;
    } catch (e) { return value || null; }  // storage switched off: the sign-in lives as long as the page
  }

  /* Sign out: the server ends every token of the account, this tab forgets it, then the sign-in page. */
  function signOut() {
    var kept = session();
    var done = function () { session(null); location.replace(pageUrl("/login")); };
    if (!kept) { done(); return; }
    call("logout", { token: kept.token, json: {} }).then(done);
  }

  /* "73464.00" → "73,464.00 元" */
  function money(amount) {
    var n = Number(amount);
    if (amount === null || amount === undefined || amount === "" || isNaN(n)) return amount || "";
    return n.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " 元";
  }

  function names(parties) {
    return (parties || []).map(function (p) { return p.name; }).filter(Boolean).join("、") || "—";
  }

  var DOCS = {
    "confirmation-application": "司法确认申请书",
    "mediation-document-request": "申请出具调解书",
    "failure-record": "调解不成功记录",
    "party-confirmation": "当事人确认书"
  };

  /* The documents that exist or can be produced for the case as it stands (as the server decides). */
  function docNames(c) {
    var names = (c.documents || []).filter(function (n) { return DOCS[n]; });
    // The party-confirmation is listed only once stored: the server does not render it on request.
    if (c.agreement) names.push(c.referral === "entrusted" ? "mediation-document-request" : "confirmation-application");
    if (c.failure_record) names.push("failure-record");
    return Object.keys(DOCS).filter(function (n) { return names.indexOf(n) >= 0; });
  }

  /* Fill `container` with a button per document; a chosen one opens in a sandboxed frame where no script runs.
     Returns how many documents there are. */
  function showDocuments(container, c, token) {
    var names = docNames(c), saved = null;
    var msg = el("div", { "class": "msg" });
    var title = el("h3"), frame = el("iframe", { "class": "doc", sandbox: "", title: "文书内容" });
    var save = el("a", { "class": "button secondary", href: "#", text: "保存到手机" });
    var view = el("div", { hidden: true }, [title, frame, el("div", { "class": "actions" }, [save,
      el("button", { type: "button", "class": "plain", text: "关闭", onclick: function () { view.hidden = true; } })])]);
    function open(name) {
      clear(msg);
      call("document", { params: { case_id: c.case_id, name: name }, token: token }).then(function (res) {
        if (!res.ok) { sayError(msg, res); return; }
        title.textContent = DOCS[name];
        frame.srcdoc = res.text;
        if (saved) URL.revokeObjectURL(saved);
        saved = URL.createObjectURL(new Blob([res.text], { type: "text/html;charset=utf-8" }));
        save.href = saved;
        save.setAttribute("download", DOCS[name] + "-" + c.case_id + ".html");
        view.hidden = false;
        view.scrollIntoView();
      });
    }
    container.textContent = "";
    container.appendChild(el("div", { "class": "actions" }, names.map(function (name) {
      return el("button", { type: "button", "class": "secondary", text: DOCS[name], onclick: function () { open(name); } });
    })));
    container.appendChild(msg);
    container.appendChild(view);
    return names.length;
  }

  /* The consoles add their own API calls and error wording (templates/web/console.js). */
  function register(routes) { Object.keys(routes).forEach(function (name) { API[name] = routes[name]; }); }
  function words(map) { Object.keys(map).forEach(function (code) { ERRORS[code] = map[code]; }); }

  loadContact();

  return {
    DIRECT_UPLOAD_BYTES: DIRECT_UPLOAD_BYTES, UPLOAD_LIMIT_BYTES: UPLOAD_LIMIT_BYTES, STATUS: STATUS, CATEGORY: CATEGORY,
    call: call, issueText: issueText, el: el, byId: byId, say: say, sayError: sayError, clear: clear, busy: busy,
    when: when, day: day, fragment: fragment, pageUrl: pageUrl, copyButton: copyButton, money: money, names: names,
    showDocuments: showDocuments, partyToken: partyToken, showContact: showContact, session: session,
    signOut: signOut, register: register, words: words, base: base, DOCS: DOCS, docNames: docNames
  };
})();
