(function () {
  "use strict";
  Console.section("filings", { title: "待立案", show: function () {
    CourtDesk.list(Sutiao.byId("court-filings-list"), "failed", "调解不成功、等待立案的案件");
  } });
})();
