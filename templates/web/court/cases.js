Console.section("cases", { title: "案件" });
