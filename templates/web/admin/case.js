Console.section("case", { title: "案件详情" });
