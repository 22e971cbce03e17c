Console.section("reports", { title: "统计报表" });
