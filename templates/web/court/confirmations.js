(function () {
  "use strict";
  Console.section("confirmations", { title: "司法确认申请", show: function () {
    CourtDesk.list(Sutiao.byId("court-confirmations-list"), "confirmation_requested", "等待审查的司法确认申请");
  } });
})();
